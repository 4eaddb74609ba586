/**
 * The search's rules, in one module shared by the search box (which scores the candidates Pagefind
 * finds, in the browser or in the server's thread) and the tests.
 *
 * Visitors type names — of the software, or of the proprietary tool they want to leave — or a need
 * in everyday words. So a notice is scored first by how its names answer the query (exact name,
 * name prefix, other names, `alternative_a`), then by whether its étiquettes answer the need the
 * query expresses (the words of needs live in the content, content/besoins.yaml, and are handed in
 * as NeedWords), then by how many of the query's meaningful words its fields hold, weighted by
 * field (names, proprietary names, étiquette labels, one-liner, text). A relevance floor drops
 * notices that only brush the query (one word of three, somewhere in the body) instead of padding
 * the list, but never a notice whose étiquette answers the need; typos are corrected against the
 * directory's own names.
 *
 * Split by concern: query.ts (what a query says, its needs), notice-fields.ts (a notice folded
 * once), name-match.ts, scoring.ts (with focus.ts), correction.ts (typos); this module ranks and
 * floors, and is the one the callers and tests import.
 * Plain TypeScript without imports beyond the word helpers (src/notices/words.ts): it ships in the browser bundle.
 */
import type { NeedWords } from '../notices/words.ts';
import type { RankingFields } from './notice-fields.ts';
import { analyseQuery } from './query.ts';
import { NO_SCORE, type Score, scoreNotice } from './scoring.ts';

export type { NeedWords, RankingFields, Score };
export { correctionTerms, correctQuery, editDistance } from './correction.ts';
export { nameMatchStrength } from './name-match.ts';
export { analyseQuery, type NeedPhrases, type QueryAnalysis, queryVariants, searchTerms, wantsAlternative } from './query.ts';
export { NO_SCORE, scoreNotice } from './scoring.ts';

const NO_NEEDS: NeedWords = {};

/**
 * The relevance floor: a notice stays when its names answer the query, or its étiquettes the need
 * the query expresses, or when it holds every meaningful word, or at least half of them in its
 * names, étiquettes or one-liner; and, among notices found by their text only, when it is not far
 * behind the best of them.
 */
export function rank<T>(query: string, items: readonly T[], fieldsOf: (item: T) => RankingFields, needs: NeedWords = NO_NEEDS): { item: T; score: Score }[] {
  const analysis = analyseQuery(query, needs);
  if (analysis.variants.length === 0) return items.map((item) => ({ item, score: NO_SCORE }));
  const scored = items.map((item, index) => ({ item, index, score: scoreNotice(analysis, fieldsOf(item)) }));
  const answers = (score: Score) => score.name > 0 || score.need > 0;
  const kept = scored.filter(({ score }) => answers(score) || score.coverage >= 0.999 || score.fieldCoverage >= 0.5);
  const bestText = Math.max(0, ...kept.filter((e) => !answers(e.score)).map((e) => e.score.text));
  return kept
    .filter(({ score }) => answers(score) || score.text >= bestText * 0.25)
    .sort((a, b) => b.score.total - a.score.total || a.index - b.index)
    .map(({ item, score }) => ({ item, score }));
}

/** Stable re-rank by the same rules, without the floor (kept for callers that only reorder). */
export function rerank<T>(query: string, items: readonly T[], fieldsOf: (item: T) => RankingFields, needs: NeedWords = NO_NEEDS): T[] {
  const analysis = analyseQuery(query, needs);
  return items
    .map((item, index) => ({ item, index, total: analysis.variants.length > 0 ? scoreNotice(analysis, fieldsOf(item)).total : 0 }))
    .sort((a, b) => b.total - a.total || a.index - b.index)
    .map((entry) => entry.item);
}
