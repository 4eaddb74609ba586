/**
 * The box under the fingers: typing searches (the URL follows), Enter moves the focus to the first
 * result once its results are drawn, the down arrow goes to the first result, and the index
 * starts loading when someone reaches for the box.
 */
import type { Box } from './box.ts';
import { updateUrl } from './history.ts';

/** A history entry is added once the person pauses this long. */
const PAUSE_MS = 800;

export function listenToTyping(box: Box, search: () => void, warmUp: () => void): void {
  const { input, form, resultsList, heading } = box.el;
  // The index starts loading when someone reaches for the box (a tap, a first key), not at the
  // first letter typed: with several shards, its first search waits for each of them.
  input.addEventListener('pointerdown', warmUp, { once: true });
  input.addEventListener('keydown', warmUp, { once: true });

  let typingTimer: ReturnType<typeof setTimeout> | undefined;
  input.addEventListener('input', () => {
    box.state = { ...box.state, q: input.value };
    search();
    // The URL follows the typing; a history entry is added once the person pauses.
    clearTimeout(typingTimer);
    updateUrl(box, 'replace');
    typingTimer = setTimeout(() => updateUrl(box, 'push'), PAUSE_MS);
  });
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    clearTimeout(typingTimer);
    if (input.value !== box.state.q) {
      box.state = { ...box.state, q: input.value };
      search();
    }
    updateUrl(box, 'push');
    // Focus moves once the results of these words are drawn, and nothing redraws them after.
    const awaited = box.pending;
    void awaited.then(() => {
      if (awaited !== box.pending) return;
      const first = resultsList.querySelector<HTMLAnchorElement>('a');
      (first ?? heading).focus();
    });
  });
  input.addEventListener('keydown', (event) => {
    if (event.key === 'ArrowDown') {
      const first = resultsList.querySelector<HTMLAnchorElement>('a');
      if (first) {
        event.preventDefault();
        first.focus();
      }
    }
  });
}
