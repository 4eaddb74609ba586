/**
 * The page « Ma sélection » (/selection/): lists the basket, lets people reorder (Monter /
 * Descendre buttons, usable with the keyboard), remove, copy one snippet for all the notices or a
 * Markdown list, and print a workshop handout (title typed here, QR codes drawn here). Everything
 * stays in localStorage; another tab's changes show up at once.
 *
 * The markup keeps the page's French names (`data-selection-*`, `.selection__…`): the page is « Ma
 * sélection » for the people who use it; the code calls it the basket, to keep it apart from the
 * curated selections of content/selections/.
 */
import { COMPARE_MAX, COMPARE_MIN, compareUrl } from '../../choosing/compare-url.ts';
import { BASKET_KEY, HANDOUT_TITLE_KEY, moveInBasket, readBasket, readHandoutTitle, removeFromBasket, type StorageLike, writeBasket, writeHandoutTitle } from '../basket.ts';
import { buildHandout, handoutTitle } from '../handout.ts';
import { buildMarkdownList, buildSnippets, localise, type SnippetData } from '../snippet.ts';
import { browserStorage } from './add-buttons.ts';
import { announce, mountCopyButtons } from './copy.ts';

type Action = 'monter' | 'descendre' | 'retirer';

/** Which button should have the focus after a change (none: the page's first useful control). */
interface Focus {
  slug: string;
  action: Action;
}

/** The page's elements, found once. */
interface BasketPage {
  root: HTMLElement;
  storage: StorageLike;
  siteUrl: string;
  app: HTMLElement;
  list: HTMLOListElement;
  empty: HTMLElement;
  exports: HTMLElement;
  count: HTMLElement;
  html: HTMLTextAreaElement;
  markdown: HTMLTextAreaElement;
  preview: HTMLElement;
  status: HTMLElement | null;
  handout: HTMLElement | null;
  titleField: HTMLInputElement | null;
  compare: HTMLElement | null;
}

type Render = (focus?: Focus) => void;

export function mountBasketPage(root: HTMLElement): void {
  const storage = browserStorage();
  root.querySelector<HTMLElement>('[data-selection-sans-js]')?.remove();
  if (!storage) {
    root.querySelector<HTMLElement>('[data-selection-sans-stockage]')!.hidden = false;
    return;
  }
  const page = findParts(root, storage);
  page.app.hidden = false;
  if (page.titleField) page.titleField.value = readHandoutTitle(storage);
  const render: Render = (focus) => renderBasket(page, focus);
  handleItemButtons(page, render);
  handleEmptyButton(page, render);
  handleHandoutTitle(page);
  handlePrinting(page);
  followOtherTabs(page, render);
  render();
  mountCopyButtons(root);
}

function findParts(root: HTMLElement, storage: StorageLike): BasketPage {
  const one = <T extends Element>(selector: string) => root.querySelector<T>(selector)!;
  return {
    root,
    storage,
    siteUrl: root.dataset.site ?? '/',
    app: one('[data-selection-app]'),
    list: one('[data-selection-liste]'),
    empty: one('[data-selection-vide]'),
    exports: one('[data-selection-export]'),
    count: one('[data-selection-compte]'),
    html: one('#selection-html'),
    markdown: one('#selection-markdown'),
    preview: one('[data-selection-apercu]'),
    status: root.querySelector<HTMLElement>('[data-selection-annonce]'),
    handout: document.querySelector<HTMLElement>('[data-selection-fiche]'),
    titleField: root.querySelector<HTMLInputElement>('[data-selection-titre]'),
    compare: root.querySelector<HTMLElement>('[data-selection-comparer]'),
  };
}

/** Everything the basket shows, drawn again from storage: list, counts, comparison, exports, handout. */
function renderBasket(page: BasketPage, focus?: Focus): void {
  const notices = readBasket(page.storage);
  page.list.replaceChildren(...notices.map((notice, index) => basketItem(notice, index, notices.length, page.siteUrl)));
  page.empty.hidden = notices.length > 0;
  page.exports.hidden = notices.length === 0;
  page.list.hidden = notices.length === 0;
  page.count.textContent = notices.length === 0 ? '' : `${notices.length} ${notices.length > 1 ? 'logiciels' : 'logiciel'}, dans l’ordre où ils seront copiés.`;
  if (page.compare) renderCompareLink(page.compare, notices);
  renderExports(page, notices);
  if (focus) restoreFocus(page, focus);
}

function basketItem(notice: SnippetData, index: number, count: number, siteUrl: string): HTMLLIElement {
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
  actions.append(...(['monter', 'descendre', 'retirer'] as const).map((action) => itemButton(action, notice, index, count)));
  item.append(text, actions);
  return item;
}

function itemButton(action: Action, notice: SnippetData, index: number, count: number): HTMLButtonElement {
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

/** « Comparer » : the first two to four notices side by side, at an address that can be shared. */
function renderCompareLink(compare: HTMLElement, notices: SnippetData[]): void {
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

/** The snippet and the Markdown list to copy, the snippet's preview, the printed handout. */
function renderExports(page: BasketPage, notices: SnippetData[]): void {
  page.html.value = buildSnippets(notices, { siteUrl: page.siteUrl });
  page.markdown.value = buildMarkdownList(notices);
  // The preview is our own escaped markup; its images are loaded from this site.
  page.preview.innerHTML = buildSnippets(
    notices.map((n) => localise(n, page.siteUrl)),
    { siteUrl: '/' },
  );
  if (page.handout) {
    // Our own escaped markup again; QR codes are inline SVG drawn here, nothing is fetched.
    page.handout.innerHTML = notices.length === 0 ? '' : buildHandout(notices, { title: handoutTitle(page.titleField?.value), siteUrl: page.siteUrl });
    page.handout.hidden = notices.length === 0;
  }
}

/** The same button again after a move, the next one after a removal, else the first useful control. */
function restoreFocus(page: BasketPage, focus: Focus): void {
  const { list, empty, root } = page;
  const buttons = [...list.querySelectorAll<HTMLButtonElement>(`button[data-slug="${CSS.escape(focus.slug)}"]`)];
  const target = buttons.find((b) => b.dataset.action === focus.action && !b.disabled) ?? buttons.find((b) => !b.disabled);
  (target ?? list.querySelector<HTMLButtonElement>('button:not([disabled])') ?? empty.querySelector('a') ?? root.querySelector('h1'))?.focus();
}

/** Monter, Descendre, Retirer: one listener for the whole list, the change announced to screen readers. */
function handleItemButtons(page: BasketPage, render: Render): void {
  const { list, storage, status } = page;
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
}

function handleEmptyButton(page: BasketPage, render: Render): void {
  page.root.querySelector<HTMLButtonElement>('[data-selection-vider]')?.addEventListener('click', () => {
    writeBasket(page.storage, []);
    render({ slug: '', action: 'retirer' });
    announce(page.status, 'La sélection est vide.');
  });
}

/** The handout's title is typed on the page, kept in storage and shown on the handout at once. */
function handleHandoutTitle({ titleField, storage, handout }: BasketPage): void {
  titleField?.addEventListener('input', () => {
    writeHandoutTitle(storage, titleField.value);
    const printed = handout?.querySelector('[data-fiche-titre]');
    if (printed) printed.textContent = handoutTitle(titleField.value);
  });
}

/**
 * The print button; while printing, the page's title is the handout's: browsers print it in the
 * page header and offer it as the PDF's file name.
 */
function handlePrinting({ root, handout, titleField }: BasketPage): void {
  root.querySelector<HTMLButtonElement>('[data-selection-imprimer]')?.addEventListener('click', () => window.print());
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
}

/** Another tab changed the basket or the title, or the page came back from the history cache. */
function followOtherTabs({ titleField, storage }: BasketPage, render: Render): void {
  window.addEventListener('storage', (event) => {
    if (event.key === HANDOUT_TITLE_KEY && titleField) titleField.value = readHandoutTitle(storage);
    if (event.key === BASKET_KEY || event.key === HANDOUT_TITLE_KEY || event.key === null) render();
  });
  window.addEventListener('pageshow', () => render());
}
