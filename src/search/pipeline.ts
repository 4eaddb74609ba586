/**
 * The search pipeline, written once: the candidates of a query are scored and floored
 * (ranking.ts); when they find too little, the query is corrected from the directory's vocabulary
 * and the corrected query's results come first; then the filters are applied to the ranked list
 * and the facets counted over what is left, so the count beside a value is exactly the number of
 * results ticking it shows. The box's engine (box/engine.ts) runs it over Pagefind's candidates
 * (box/candidates.ts), in the browser and in the server's thread (src/search/on-server/); the
 * source is a parameter so that ranking never depends on where candidates come from.
 * Browser-safe: no Node import.
 */
import { correctQuery, rank, type NeedWords, type RankingFields, type Score } from './ranking.ts';
import { emptyFacets, FACETS, type Facet, type FacetCounts, type SearchState } from './state.ts';

export type { FacetCounts };

/** Where a caller's candidates come from, and what the pipeline needs to know of one. */
export interface CandidateSource<T> {
  /** The notices worth scoring for a query, in the order they were found; undefined to give up (a newer query came). */
  candidates(query: string): Promise<readonly T[] | undefined> | readonly T[];
  /** The names a typo may be corrected to (correctionTerms); undefined to give up. */
  vocabulary(): Promise<readonly string[] | undefined> | readonly string[];
  fieldsOf(item: T): RankingFields;
  /** The facet values of a candidate (a missing facet holds none). */
  filtersOf(item: T): Partial<Record<Facet, readonly string[]>>;
  /** What identifies a notice among the candidates (its URL). */
  keyOf(item: T): string;
  needs?: NeedWords;
}

export interface PipelineResult<T> {
  results: { item: T; score: Score }[];
  /** The term searched instead of the query, when the query found too little. */
  correction?: string;
  /** Facet value → number of results holding it (the results kept, filters applied). */
  facets: FacetCounts;
}

/** Too little: nothing whose name answers, and fewer than three notices. */
export const findsLittle = (results: readonly { score: Score }[]): boolean => !results.some((r) => r.score.name > 0) && results.length < 3;

export function matchesFilters(filters: Partial<Record<Facet, readonly string[]>>, state: SearchState): boolean {
  return FACETS.every((facet) => state.filters[facet].every((value) => (filters[facet] ?? []).includes(value)));
}

export function facetCounts(items: readonly Partial<Record<Facet, readonly string[]>>[]): FacetCounts {
  const counts = emptyFacets();
  for (const filters of items) for (const facet of FACETS) for (const value of filters[facet] ?? []) counts[facet].set(value, (counts[facet].get(value) ?? 0) + 1);
  return counts;
}

/** A query's candidates, scored and floored, best first. */
async function ranked<T>(query: string, source: CandidateSource<T>): Promise<{ item: T; score: Score }[] | undefined> {
  const items = await source.candidates(query);
  return items && rank(query, items, (item) => source.fieldsOf(item), source.needs);
}

/** Perhaps a slip of the finger: the corrected query's results first, then the others. */
async function withCorrection<T>(query: string, found: { item: T; score: Score }[], source: CandidateSource<T>) {
  const vocabulary = await source.vocabulary();
  if (!vocabulary) return undefined;
  const correction = correctQuery(query, vocabulary);
  if (!correction) return { results: found };
  const corrected = await ranked(correction, source);
  if (!corrected) return undefined;
  const seen = new Set(corrected.map((r) => source.keyOf(r.item)));
  return { results: [...corrected, ...found.filter((r) => !seen.has(source.keyOf(r.item)))], correction };
}

/**
 * Ranked first, filtered after: the candidates do not depend on the filters. Undefined when the
 * source gave up on the way.
 */
export async function runPipeline<T>(state: SearchState, source: CandidateSource<T>): Promise<PipelineResult<T> | undefined> {
  const found = await ranked(state.q, source);
  if (!found) return undefined;
  const answer = state.q.trim() && findsLittle(found) ? await withCorrection(state.q, found, source) : { results: found };
  if (!answer) return undefined;
  const kept = answer.results.filter((r) => matchesFilters(source.filtersOf(r.item), state));
  return { results: kept, ...(answer.correction ? { correction: answer.correction } : {}), facets: facetCounts(kept.map((r) => source.filtersOf(r.item))) };
}
