/**
 * « Ajouter à ma sélection » buttons, on notice pages and in lists of notices:
 * `<button data-selection-ajout="SLUG" data-nom="NOM" data-selection-notice="JSON" hidden>` on a
 * notice page, `<button class="selection-ajout--compact" data-selection-ajout="SLUG" hidden>` in a
 * list card (the name is read from the card, to keep long lists light).
 * The notice page gives the snippet data in the button; a list button fetches
 * /notices/<slug>.json (same site) on click. Hidden without JavaScript, since the basket lives in
 * the browser.
 */
import { noticeJsonUrl } from '../../notices/addresses.ts';
import { addToBasket, BASKET_KEY, itemFromExport, readBasket, removeFromBasket, sanitizeItem, writeBasket } from '../basket.ts';
import type { SnippetData } from '../snippet.ts';
import { announce } from './copy.ts';

export function browserStorage(): Storage | undefined {
  try {
    const storage = window.localStorage;
    storage.getItem(BASKET_KEY);
    return storage;
  } catch {
    return undefined;
  }
}

async function dataOf(button: HTMLButtonElement): Promise<SnippetData | undefined> {
  if (button.dataset.selectionNotice) {
    try {
      return sanitizeItem(JSON.parse(button.dataset.selectionNotice));
    } catch {
      // fall back to the JSON file
    }
  }
  const slug = button.dataset.selectionAjout ?? '';
  const response = await fetch(noticeJsonUrl(encodeURIComponent(slug)));
  if (!response.ok) return undefined;
  const notice = ((await response.json()) as { notice?: Record<string, unknown> }).notice ?? {};
  return itemFromExport(notice);
}

let region: HTMLElement | null = null;
function liveRegion(): HTMLElement {
  region ??= document.querySelector<HTMLElement>('[data-selection-annonce]');
  if (!region) {
    region = document.createElement('p');
    region.className = 'visuellement-cache';
    region.setAttribute('role', 'status');
    document.body.append(region);
  }
  return region;
}

function nameOf(button: HTMLButtonElement): string {
  return button.dataset.nom ?? button.closest('.vignette')?.querySelector('.vignette__nom')?.textContent?.trim() ?? button.dataset.selectionAjout ?? '';
}

const countText = (n: number) => `${n} ${n > 1 ? 'logiciels' : 'logiciel'}`;

function refresh(storage: Storage): void {
  const buttons = document.querySelectorAll<HTMLButtonElement>('button[data-selection-ajout][data-selection-monte]');
  const list = readBasket(storage);
  const slugs = new Set(list.map((n) => n.slug));
  for (const button of buttons) {
    const inside = slugs.has(button.dataset.selectionAjout ?? '');
    const nom = nameOf(button);
    button.dataset.dansSelection = inside ? 'oui' : 'non';
    if (button.classList.contains('selection-ajout--compact')) {
      button.textContent = inside ? 'Retirer' : 'Ajouter';
      button.setAttribute('aria-label', inside ? `Retirer ${nom} de ma sélection` : `Ajouter ${nom} à ma sélection`);
    } else {
      button.textContent = inside ? 'Retirer de ma sélection' : 'Ajouter à ma sélection';
    }
  }
  for (const link of document.querySelectorAll<HTMLAnchorElement>('a[data-selection-lien]')) {
    link.hidden = false;
    link.textContent = list.length > 0 ? `Voir ma sélection (${countText(list.length)})` : 'Voir ma sélection';
  }
}

export function mountAddButtons(): void {
  const buttons = [...document.querySelectorAll<HTMLButtonElement>('button[data-selection-ajout]:not([data-selection-monte])')];
  if (buttons.length === 0) return;
  const storage = browserStorage();
  if (!storage) return; // no storage, no basket: the buttons stay hidden
  const status = liveRegion();
  for (const button of buttons) {
    button.dataset.selectionMonte = 'oui';
    button.hidden = false;
    button.addEventListener('click', async () => {
      const slug = button.dataset.selectionAjout ?? '';
      const nom = nameOf(button);
      const list = readBasket(storage);
      if (list.some((n) => n.slug === slug)) {
        writeBasket(storage, removeFromBasket(list, slug));
        announce(status, `${nom} retiré de votre sélection.`);
      } else {
        button.disabled = true;
        try {
          const item = await dataOf(button);
          if (!item) throw new Error('notice illisible');
          const updated = addToBasket(readBasket(storage), item);
          writeBasket(storage, updated);
          announce(status, `${nom} ajouté à votre sélection (${countText(updated.length)}).`);
        } catch {
          announce(status, `Impossible d’ajouter ${nom} : rechargez la page et réessayez.`);
        } finally {
          button.disabled = false;
        }
      }
      refresh(storage);
      button.focus();
    });
  }
  refresh(storage);
  window.addEventListener('storage', (event) => {
    if (event.key === BASKET_KEY || event.key === null) refresh(storage);
  });
  window.addEventListener('pageshow', () => refresh(storage));
}
