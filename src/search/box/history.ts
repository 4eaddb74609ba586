/**
 * The search lives in the URL: it follows the typing (one history entry once the person pauses),
 * and what is shown and where is remembered in the history entry, so Back restores the results
 * already shown and the scroll position.
 */
import { hasFilters, paramsFromState } from '../state.ts';
import type { Box } from './box.ts';

/** Where Back should put the person: how many cards were shown, and the scroll. */
export interface Restore {
  shown?: number;
  y?: number;
}

/** While searching, the scroll is put back by us once the results are drawn, not by the browser before they exist; elsewhere the browser keeps doing it. */
export function restoreScrollOurselves(ours: boolean): void {
  if ('scrollRestoration' in history) history.scrollRestoration = ours ? 'manual' : 'auto';
}

export function updateUrl(box: Box, mode: 'push' | 'replace'): void {
  const { searchPath } = box;
  const params = paramsFromState(box.state).toString();
  const target = params ? `${searchPath}?${params}` : location.pathname === searchPath ? searchPath : location.pathname;
  if (target === `${location.pathname}${location.search}`) return;
  if (mode === 'push') history.pushState({ shown: 0 }, '', target);
  else history.replaceState({ shown: 0 }, '', target);
}

export function remember(box: Box): void {
  if (!box.state.q && !hasFilters(box.state)) return;
  history.replaceState({ shown: box.shown, y: Math.round(window.scrollY) } satisfies Restore, '');
}

/** What is shown and where, kept while scrolling and on leaving for a notice (for Back). */
export function rememberWhileScrolling(box: Box): void {
  let scrollTimer: ReturnType<typeof setTimeout> | undefined;
  window.addEventListener(
    'scroll',
    () => {
      clearTimeout(scrollTimer);
      scrollTimer = setTimeout(() => remember(box), 150);
    },
    { passive: true },
  );
  window.addEventListener('pagehide', () => remember(box));
}
