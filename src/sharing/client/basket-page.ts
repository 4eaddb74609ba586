/**
 * The page « Ma sélection » (/selection/): lists the basket, lets people reorder (Monter /
 * Descendre buttons, usable with the keyboard), remove, copy one snippet for all the notices or a
 * Markdown list, and print a workshop handout (title typed here, QR codes drawn here). Everything
 * stays in localStorage; another tab's changes show up at once.
 */
import { BASKET_KEY, HANDOUT_TITLE_KEY, moveInBasket, readBasket, readHandoutTitle, removeFromBasket, writeBasket, writeHandoutTitle } from '../basket.ts';
import { buildHandout, handoutTitle } from '../handout.ts';
import { buildMarkdownList, buildSnippets, localise, type SnippetData } from '../snippet.ts';
import { browserStorage } from './add-buttons.ts';
import { COMPARE_MAX, COMPARE_MIN, compareUrl } from '../../choosing/compare-url.ts';
import { announce, mountCopyButtons } from './copy.ts';

type Action = 'monter' | 'descendre' | 'retirer';

function button(action: Action, notice: SnippetData, index: number, count: number): HTMLButtonElement {
  const element = document.createElement('button');
  element.type = 'button';
  element.className = 'bouton bouton--secondaire bouton--petit';
  element.dataset.action = action;
  element.dataset.slug = notice.slug;
  const labels: Record<Action, [string, string, string]> = {
    monter: ['↑', 'Monter', `Monter ${notice.nom}`],
    descendre: ['↓', 'Descendre', `Descendre ${notice.nom}`],
    retirer: ['×', 'Retirer', `Retirer ${notice.nom}`],
  };
  const [icon, text, label] = labels[action];
  const iconSpan = document.createElement('span');
  iconSpan.setAttribute('aria-hidden', 'true');
  iconSpan.textContent = `${icon} `;
  element.append(iconSpan, text);
  element.setAttribute('aria-label', label);
  element.disabled = (action === 'monter' && index === 0) || (action === 'descendre' && index === count - 1);
  return element;
}

export function mountSelectionPage(root: HTMLElement): void {
  const storage = browserStorage();
  root.querySelector<HTMLElement>('[data-selection-sans-js]')?.remove();
  if (!storage) {
    root.querySelector<HTMLElement>('[data-selection-sans-stockage]')!.hidden = false;
    return;
  }
  const siteUrl = root.dataset.site ?? '/';
  const app = root.querySelector<HTMLElement>('[data-selection-app]')!;
  const list = root.querySelector<HTMLOListElement>('[data-selection-liste]')!;
  const empty = root.querySelector<HTMLElement>('[data-selection-vide]')!;
  const exports = root.querySelector<HTMLElement>('[data-selection-export]')!;
  const count = root.querySelector<HTMLElement>('[data-selection-compte]')!;
  const html = root.querySelector<HTMLTextAreaElement>('#selection-html')!;
  const markdown = root.querySelector<HTMLTextAreaElement>('#selection-markdown')!;
  const preview = root.querySelector<HTMLElement>('[data-selection-apercu]')!;
  const status = root.querySelector<HTMLElement>('[data-selection-annonce]');
  const handout = document.querySelector<HTMLElement>('[data-selection-fiche]');
  const titleField = root.querySelector<HTMLInputElement>('[data-selection-titre]');
  const compare = root.querySelector<HTMLElement>('[data-selection-comparer]');
  app.hidden = false;
  if (titleField) titleField.value = readHandoutTitle(storage);

  const render = (focus?: { slug: string; action: Action }) => {
    const notices = readBasket(storage);
    list.replaceChildren(
      ...notices.map((notice, index) => {
        const item = document.createElement('li');
        item.className = 'selection__element';
        item.dataset.slug = notice.slug;
        const text = document.createElement('div');
        text.className = 'selection__texte';
        const link = document.createElement('a');
        link.href = localise(notice, siteUrl).url;
        link.textContent = notice.nom;
        link.className = 'vignette__nom';
        text.append(link);
        if (notice.description_courte) {
          const description = document.createElement('p');
          description.textContent = notice.description_courte;
          text.append(description);
        }
        const actions = document.createElement('div');
        actions.className = 'selection__actions';
        actions.append(...(['monter', 'descendre', 'retirer'] as const).map((action) => button(action, notice, index, notices.length)));
        item.append(text, actions);
        return item;
      }),
    );
    empty.hidden = notices.length > 0;
    exports.hidden = notices.length === 0;
    list.hidden = notices.length === 0;
    count.textContent = notices.length === 0 ? '' : `${notices.length} ${notices.length > 1 ? 'logiciels' : 'logiciel'}, dans l’ordre où ils seront copiés.`;
    if (compare) {
      // « Comparer » : the first two to four notices side by side, at an address that can be shared.
      const compared = notices.slice(0, COMPARE_MAX);
      compare.hidden = compared.length < COMPARE_MIN;
      const link = compare.querySelector<HTMLAnchorElement>('[data-selection-comparer-lien]')!;
      link.href = compareUrl(compared.map((n) => n.slug));
      link.textContent = notices.length > COMPARE_MAX ? `Comparer les ${COMPARE_MAX} premiers` : `Comparer ces ${compared.length} logiciels`;
      compare.querySelector<HTMLElement>('[data-selection-comparer-aide]')!.textContent =
        notices.length > COMPARE_MAX
          ? `On compare ${COMPARE_MAX} logiciels au plus : rangez en tête ceux que vous hésitez à choisir.`
          : 'Côte à côte : ce qu’il faut pour les utiliser, les systèmes, la langue, la licence.';
    }
    html.value = buildSnippets(notices, { siteUrl });
    markdown.value = buildMarkdownList(notices);
    // The preview is our own escaped markup; its images are loaded from this site.
    preview.innerHTML = buildSnippets(
      notices.map((n) => localise(n, siteUrl)),
      { siteUrl: '/' },
    );
    if (handout) {
      // Our own escaped markup again; QR codes are inline SVG drawn here, nothing is fetched.
      handout.innerHTML = notices.length === 0 ? '' : buildHandout(notices, { title: handoutTitle(titleField?.value), siteUrl });
      handout.hidden = notices.length === 0;
    }
    if (focus) {
      const buttons = [...list.querySelectorAll<HTMLButtonElement>(`button[data-slug="${CSS.escape(focus.slug)}"]`)];
      const target = buttons.find((b) => b.dataset.action === focus.action && !b.disabled) ?? buttons.find((b) => !b.disabled);
      (target ?? list.querySelector<HTMLButtonElement>('button:not([disabled])') ?? empty.querySelector('a') ?? root.querySelector('h1'))?.focus();
    }
  };

  list.addEventListener('click', (event) => {
    const target = (event.target as HTMLElement).closest<HTMLButtonElement>('button[data-action]');
    if (!target || target.disabled) return;
    const slug = target.dataset.slug!;
    const action = target.dataset.action as Action;
    const notices = readBasket(storage);
    const index = notices.findIndex((n) => n.slug === slug);
    const notice = notices[index];
    if (!notice) return;
    if (action === 'retirer') {
      writeBasket(storage, removeFromBasket(notices, slug));
      const next = notices[index + 1] ?? notices[index - 1];
      render(next ? { slug: next.slug, action: 'retirer' } : { slug: '', action });
      announce(status, `${notice.nom} retiré de la sélection.`);
    } else {
      const updated = moveInBasket(notices, slug, action === 'monter' ? -1 : 1);
      writeBasket(storage, updated);
      render({ slug, action });
      const position = updated.findIndex((n) => n.slug === slug) + 1;
      announce(status, `${notice.nom} est maintenant en position ${position} sur ${updated.length}.`);
    }
  });

  root.querySelector<HTMLButtonElement>('[data-selection-vider]')?.addEventListener('click', () => {
    writeBasket(storage, []);
    render({ slug: '', action: 'retirer' });
    announce(status, 'La sélection est vide.');
  });

  titleField?.addEventListener('input', () => {
    writeHandoutTitle(storage, titleField.value);
    const printed = handout?.querySelector('[data-fiche-titre]');
    if (printed) printed.textContent = handoutTitle(titleField.value);
  });
  root.querySelector<HTMLButtonElement>('[data-selection-imprimer]')?.addEventListener('click', () => window.print());
  // While printing, the page's title is the handout's: browsers print it in the page header and
  // offer it as the PDF's file name.
  let screenTitle: string | undefined;
  window.addEventListener('beforeprint', () => {
    if (!handout || handout.hidden) return;
    screenTitle = document.title;
    document.title = handoutTitle(titleField?.value);
  });
  window.addEventListener('afterprint', () => {
    if (screenTitle !== undefined) document.title = screenTitle;
    screenTitle = undefined;
  });

  window.addEventListener('storage', (event) => {
    if (event.key === HANDOUT_TITLE_KEY && titleField) titleField.value = readHandoutTitle(storage);
    if (event.key === BASKET_KEY || event.key === HANDOUT_TITLE_KEY || event.key === null) render();
  });
  window.addEventListener('pageshow', () => render());
  render();
  mountCopyButtons(root);
}
