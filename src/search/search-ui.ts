/**
 * The search box as you type (browser only). Pagefind finds the candidates (prefixes, stems,
 * accents folded, box/candidates.ts); the pipeline (pipeline.ts, which the server's thread runs
 * too for a search's address, src/search/on-server/) scores them, drops those below the relevance
 * floor and, when a query finds little, corrects it from the directory's vocabulary (fetched only
 * then). Everything is drawn in one pass
 * once known, so nothing moves under a finger: counts, facets, cards (featured notices marked in
 * place, box/view.ts). The search lives in the URL (box/history.ts); Back restores the results
 * already shown and the scroll position. Without JavaScript the form still submits, to the page
 * the server draws.
 *
 * This module is the box's loop — a change of words or filters runs `run`: search, load the
 * cards, draw — and wires the other modules of box/ to the page.
 */
import { emptyFacets, hasFilters, stateFromParams } from './state.ts';
import { type Box, findElements, type Outcome } from './box/box.ts';
import { listenToFacets } from './box/facets.ts';
import { type Restore, remember, rememberWhileScrolling, restoreScrollOurselves, updateUrl } from './box/history.ts';
import { listenToTyping } from './box/keyboard.ts';
import { dataOf, loadPagefind } from './box/pagefind.ts';
import { appendCards, clear, draw } from './box/view.ts';

const PAGE_SIZE = 20;
/** Below this, a slow search shows « Recherche… » (no flash for fast ones). */
const BUSY_DELAY_MS = 150;

/**
 * The engine (ranking, pipeline, Pagefind's candidates: box/engine.ts) is a separate file, fetched
 * with Pagefind when someone reaches for the box or a search starts, not with the page.
 */
let enginePromise: Promise<typeof import('./box/engine.ts')> | undefined;
function loadEngine(): Promise<typeof import('./box/engine.ts')> {
  enginePromise ??= import('./box/engine.ts');
  enginePromise.catch(() => (enginePromise = undefined));
  return enginePromise;
}

/**
 * The index starts loading with the engine, not once the engine has arrived (one round trip
 * later); the engine waits for it itself, together with the words of needs.
 */
function loadEngineAndIndex(): Promise<typeof import('./box/engine.ts')> {
  loadPagefind().catch(() => undefined);
  return loadEngine();
}

export function mountSearch(root: HTMLElement): void {
  const box: Box = {
    el: findElements(root),
    searchPath: root.dataset.chemin ?? '/recherche/',
    vocabularyUrl: root.dataset.vocabulaire ?? '/recherche/vocabulaire.json',
    state: stateFromParams(new URLSearchParams(location.search)),
    outcome: { entries: [], facets: emptyFacets() },
    shown: 0,
    generation: 0,
    pending: Promise.resolve(),
  };
  box.el.input.value = box.state.q;
  const restoreAt = history.state as Restore | null;
  if (root.dataset.dessineServeur !== undefined) keepServerResults(box, restoreAt);
  else if (box.state.q || hasFilters(box.state)) box.pending = run(box, restoreAt);

  listenToTyping(
    box,
    () => (box.pending = run(box)),
    () => void loadEngineAndIndex().catch(() => undefined),
  );
  box.el.moreButton.addEventListener('click', () => void showMore(box, PAGE_SIZE, true));
  listenToFacets(box, () => {
    updateUrl(box, 'push');
    box.pending = run(box);
  });
  window.addEventListener('popstate', (event) => {
    box.state = stateFromParams(new URLSearchParams(location.search));
    box.el.input.value = box.state.q;
    box.pending = run(box, event.state as Restore | null);
  });
  rememberWhileScrolling(box);
}

/**
 * Results drawn on the server are the box's own outcome for these words (src/search/on-server/):
 * they stay, and nothing is searched until the person asks for more than the page holds (Back
 * to a list shown further, « Plus de résultats ») or changes the words or the filters.
 */
function keepServerResults(box: Box, restoreAt: Restore | null): void {
  box.shown = box.el.resultsList.children.length;
  box.el.facetsBox.querySelector<HTMLElement>('[data-effacer]')!.hidden = !hasFilters(box.state);
  restoreScrollOurselves(true);
  if ((restoreAt?.shown ?? 0) > box.shown) box.pending = run(box, restoreAt);
  else if (restoreAt?.y) window.scrollTo(0, restoreAt.y);
}

/** One search for what the box holds now: found, its first cards loaded, drawn; nothing if a newer one started. */
async function run(box: Box, restoreAt?: Restore | null): Promise<void> {
  const { el } = box;
  const current = ++box.generation;
  const isCurrent = () => current === box.generation;
  const active = box.state.q.trim() !== '' || hasFilters(box.state);
  restoreScrollOurselves(active);
  if (!active) {
    for (const node of el.outside) node.hidden = false;
    clear(box);
    el.status.textContent = '';
    return;
  }
  const busy = setTimeout(() => {
    if (!isCurrent()) return;
    el.status.textContent = 'Recherche…';
    el.root.setAttribute('aria-busy', 'true');
  }, BUSY_DELAY_MS);
  let found: Outcome | undefined;
  try {
    found = await (await loadEngineAndIndex()).search(box.state, box.vocabularyUrl, isCurrent);
  } catch {
    if (isCurrent()) el.status.textContent = 'La recherche n’a pas pu se charger. Parcourez la liste de A à Z ou les étiquettes.';
    return;
  } finally {
    clearTimeout(busy);
  }
  if (!found || !isCurrent()) return;
  // Filter-only listings load their cards page by page; a query's cards are all loaded already.
  const wanted = Math.max(PAGE_SIZE, restoreAt?.shown ?? 0);
  await loadData(found, wanted);
  if (!isCurrent()) return;
  box.outcome = found;
  draw(box, wanted);
  el.root.removeAttribute('aria-busy');
  if (restoreAt?.y) window.scrollTo(0, restoreAt.y);
}

/** Loads the data of `count` entries from `from` on (putting a listing's entries in order first). */
async function loadData(found: Outcome, count: number, from = 0): Promise<void> {
  if (found.order) return found.order(from + count);
  await Promise.all(
    found.entries.slice(from, from + count).map(async (entry) => {
      if (!entry.data && entry.result) entry.data = await dataOf(entry.result);
    }),
  );
}

async function showMore(box: Box, count: number, moveFocus: boolean): Promise<void> {
  const current = box.generation;
  const before = box.shown;
  if (box.shown > box.outcome.entries.length) {
    // Cards drawn on the server: the outcome is not in the page yet; the same search draws them and more.
    await run(box, { shown: before + count });
  } else {
    await loadData(box.outcome, count, box.shown);
    if (current !== box.generation) return;
    appendCards(box, count);
  }
  if (moveFocus) box.el.resultsList.children[before]?.querySelector('a')?.focus();
  remember(box);
}
