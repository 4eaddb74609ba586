/**
 * Copy buttons: `<button data-copie="ID" data-copie-annonce="ID" hidden>` copies the value of the
 * text box ID with the Clipboard API. When the API is missing or refused, the text box is
 * selected (and the old copy command tried) so that Ctrl+C finishes the job. The result is
 * announced in the live region. Without JavaScript the button stays hidden and the text box,
 * always visible, can be selected by hand.
 */

export type CopyResult = 'copie' | 'selection';

export async function copyText(text: string, box?: HTMLTextAreaElement | null): Promise<CopyResult> {
  try {
    if (navigator.clipboard?.writeText) {
      await navigator.clipboard.writeText(text);
      return 'copie';
    }
  } catch {
    // refused (permission, insecure context): fall back to the selection below
  }
  if (box) {
    box.focus();
    box.select();
    box.setSelectionRange(0, box.value.length);
    try {
      if (document.execCommand('copy')) return 'copie';
    } catch {
      // not supported
    }
  }
  return 'selection';
}

/** Sets a live region's text so that screen readers announce it, even when it is the same again. */
export function announce(region: HTMLElement | null, message: string): void {
  if (!region) return;
  region.textContent = '';
  window.setTimeout(() => {
    region.textContent = message;
  }, 50);
}

export const FALLBACK_MESSAGE = 'Copie automatique impossible : le code est sélectionné, copiez-le avec Ctrl+C (ou Cmd+C).';

export function mountCopyButtons(root: ParentNode = document): void {
  for (const button of root.querySelectorAll<HTMLButtonElement>('button[data-copie]')) {
    if (button.dataset.copieMonte) continue;
    button.dataset.copieMonte = 'oui';
    button.hidden = false;
    button.addEventListener('click', async () => {
      const box = document.getElementById(button.dataset.copie ?? '') as HTMLTextAreaElement | null;
      if (!box) return;
      const region = document.getElementById(button.dataset.copieAnnonce ?? '');
      const result = await copyText(box.value, box);
      announce(region, result === 'copie' ? (button.dataset.copieMessage ?? 'Code copié') : FALLBACK_MESSAGE);
    });
  }
}
