/**
 * A search over every record, without Pagefind: what the server-rendered results page (no
 * JavaScript) answers. It runs the box's pipeline (src/search/pipeline.ts): same scoring, same
 * floor, same correction, same filters; only the candidates differ (all notices here, Pagefind's
 * matches in the browser).
 */
import { runPipeline, type FacetCounts } from './pipeline.ts';
import type { NeedWords, Score } from './ranking.ts';
import type { SearchRecord } from './records.ts';
import type { SearchState } from './state.ts';

export interface FullSearchResult {
  results: { record: SearchRecord; score: Score }[];
  /** The term searched instead of the query, when the query found too little. */
  correction?: string;
  /** Facet value → number of results holding it (the results shown, filters applied). */
  facets: FacetCounts;
}

export async function fullSearch(state: SearchState, records: readonly SearchRecord[], terms: readonly string[], needs?: NeedWords): Promise<FullSearchResult> {
  const found = await runPipeline(state, {
    candidates: () => records,
    vocabulary: () => terms,
    fieldsOf: (record) => record,
    filtersOf: (record) => record.filters,
    keyOf: (record) => record.url,
    ...(needs ? { needs } : {}),
  });
  // Every record is there at once: this source never gives up.
  const { results, correction, facets } = found!;
  return { results: results.map(({ item, score }) => ({ record: item, score })), ...(correction ? { correction } : {}), facets };
}
