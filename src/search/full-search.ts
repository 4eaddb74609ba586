/**
 * A search over every record, without Pagefind: what the server-rendered results page (no
 * JavaScript) answers. The rules are the box's rules (src/search/ranking.ts): same scoring, same
 * floor, same correction; only the candidates differ (all notices here, Pagefind's matches in the
 * browser).
 */
import { correctQuery, NO_SCORE, rank, type NeedWords, type Score } from './ranking.ts';
import type { SearchRecord } from './records.ts';
import { FACETS, type Facet, type SearchState } from './state.ts';

export interface FullSearchResult {
  results: { record: SearchRecord; score: Score }[];
  /** The term searched instead of the query, when the query found too little. */
  correction?: string;
  /** Facet value → number of results holding it (the results shown, filters applied). */
  facets: Record<Facet, Map<string, number>>;
}

/** Too little: nothing whose name answers, and fewer than three notices. */
export const findsLittle = (results: readonly { score: Score }[]): boolean => !results.some((r) => r.score.name > 0) && results.length < 3;

export function matchesFilters(record: SearchRecord, state: SearchState): boolean {
  return FACETS.every((facet) => state.filters[facet].every((value) => record.filters[facet].includes(value)));
}

export function facetCounts(records: readonly SearchRecord[]): Record<Facet, Map<string, number>> {
  const counts = Object.fromEntries(FACETS.map((facet) => [facet, new Map<string, number>()])) as Record<Facet, Map<string, number>>;
  for (const record of records) for (const facet of FACETS) for (const value of record.filters[facet]) counts[facet].set(value, (counts[facet].get(value) ?? 0) + 1);
  return counts;
}

export function fullSearch(state: SearchState, records: readonly SearchRecord[], terms: readonly string[], needs?: NeedWords): FullSearchResult {
  // Ranked first, filtered after, as in the box: the count beside a value is the number of cards
  // ticking it shows.
  const pool = records;
  let results = state.q.trim() ? rank(state.q, pool, (r) => r, needs) : pool.map((record) => ({ item: record, score: NO_SCORE }));
  let correction: string | undefined;
  if (state.q.trim() && findsLittle(results)) {
    correction = correctQuery(state.q, terms);
    if (correction) {
      const corrected = rank(correction, pool, (r) => r, needs);
      const seen = new Set(corrected.map((r) => r.item.url));
      results = [...corrected, ...results.filter((r) => !seen.has(r.item.url))];
    }
  }
  const mapped = results.filter(({ item }) => matchesFilters(item, state)).map(({ item, score }) => ({ record: item, score }));
  return { results: mapped, ...(correction ? { correction } : {}), facets: facetCounts(mapped.map((r) => r.record)) };
}
