/**
 * The box's search engine, loaded when someone reaches for the box (search-ui.ts imports it
 * dynamically, with Pagefind): what a query or a set of filters finds, ready to draw. It holds
 * the ranking and the pipeline, which the page does not need before the first search, so they
 * stay out of the first screen's bytes.
 */
import { NEEDS_URL } from '../needs-url.ts';
import { runPipeline } from '../pipeline.ts';
import type { SearchState } from '../state.ts';
import type { Outcome } from './box.ts';
import { boxSource } from './candidates.ts';
import { listByFilters } from './listing.ts';
import { loadPagefind } from './pagefind.ts';
import { loadNeeds } from './resources.ts';

/** Words typed: the pipeline over Pagefind's candidates. Filters only: the A-to-Z listing. */
export async function search(state: SearchState, vocabularyUrl: string, isCurrent: () => boolean): Promise<Outcome | undefined> {
  if (!state.q.trim()) return listByFilters(await loadPagefind(), state, isCurrent);
  // The words of needs are asked for with the index, not after it: one round trip less.
  const [index, needs] = await Promise.all([loadPagefind(), loadNeeds(NEEDS_URL)]);
  if (!isCurrent()) return undefined;
  const found = await runPipeline(state, boxSource(index.pagefind, needs, vocabularyUrl, isCurrent));
  if (!found) return undefined;
  return { entries: found.results.map(({ item, score }) => ({ data: item, score })), facets: found.facets, ...(found.correction ? { correction: found.correction } : {}) };
}
