/**
 * The box's candidates for a query: what Pagefind finds for the query as typed, its glued form,
 * the words of the needs it expresses, and its words one by one when it finds few. Their
 * fragments are loaded here; the pipeline (src/search/pipeline.ts) ranks them.
 */
import type { CandidateSource } from '../pipeline.ts';
import { analyseQuery, searchTerms, type NeedWords, type QueryAnalysis } from '../ranking.ts';
import { dataOf, fieldsOf, isTermKnown, type Pagefind, type PagefindResult, type PagefindResultData, searchEtiquettes, searchTerm, serially, type TermAnswer } from './pagefind.ts';
import { loadVocabulary } from './resources.ts';

/** How many of Pagefind's best matches are scored: for the query as typed, for each of its words. */
const CANDIDATES = 30;
const CANDIDATES_PER_WORD = 10;
/** Fragments fetched per query at most (each is one small request). */
const MAX_CANDIDATES = 50;
/** The notices of the étiquettes a need leads to, at most (taken before the words' other matches). */
const NEED_CANDIDATES = 30;
/** Below this many matches for the query as typed, its words are searched one by one too. */
const FEW_MATCHES = 8;
/** Results kept of each search (the most any search lends). */
const KEPT = Math.max(CANDIDATES, CANDIDATES_PER_WORD, NEED_CANDIDATES);

/**
 * Candidates in the order of the searches, each search's best first, at most MAX_CANDIDATES; a
 * candidate's fragment is requested as soon as it is known, while the next searches run.
 */
class Candidates {
  readonly found = new Map<string, PagefindResult>();
  take(answer: TermAnswer, count: number): void {
    for (const result of answer.best.slice(0, count)) {
      if (this.found.size >= MAX_CANDIDATES || this.found.has(result.id)) continue;
      this.found.set(result.id, result);
      void dataOf(result).catch(() => undefined);
    }
  }
}

/** The index chunks of these searches, fetched together (Pagefind's preload), except for terms already answered. */
const preload = (pagefind: Pagefind, terms: readonly string[]) => Promise.all(terms.filter((term) => !isTermKnown(term)).map((term) => pagefind.preload(term)));

/**
 * The query's glued form (« libre office » → « libreoffice ») is there for a name typed in two
 * words: it is searched as a whole word (Pagefind's exact search, in quotes). Searched as a prefix,
 * a glued form that is no word of the index (« adblocker », « jeuxpourenfants », most of them) is
 * replaced by Pagefind with the longest word already loaded that starts it (« ad », « jeux »), and
 * brings every page of that word: 35 % of the results Pagefind handed to the box for the 149
 * quality queries at 10,000 generated notices, for candidates that only match a piece of a word.
 */
const pagefindVariant = (variant: string, index: number): string => (index === 0 ? variant : `"${variant}"`);

/**
 * What the words mean in the directory's own words (« mails » → courriel) always brings
 * candidates; the words one by one only when the query as typed finds few notices (a need in
 * several words rarely sits whole in one notice). The index chunks of the searches certain to run
 * are fetched together first, then searched one by one.
 */
async function collect(pagefind: Pagefind, analysis: QueryAnalysis, candidates: Candidates): Promise<void> {
  const terms = searchTerms(analysis);
  const synonyms = new Set(analysis.words.flatMap((w) => w.synonyms.map((words) => words.join(' '))));
  const others = terms.filter((t) => !analysis.variants.includes(t));
  const variants = analysis.variants.map(pagefindVariant);
  await preload(pagefind, [...variants, ...others.filter((t) => synonyms.has(t))]);
  let matches = 0;
  // Every notice of the étiquettes that answer the need the query expresses (content/besoins.yaml),
  // whatever words its text uses: they all belong among the first results.
  if (analysis.needLabels.length > 0) {
    const found = await searchEtiquettes(pagefind, analysis.needLabels, KEPT);
    if (found) {
      matches += found.count;
      candidates.take(found, NEED_CANDIDATES);
    }
  }
  for (const term of variants) {
    const found = await searchTerm(pagefind, term, KEPT);
    if (!found) continue;
    matches += found.count;
    candidates.take(found, CANDIDATES);
  }
  const few = matches < FEW_MATCHES;
  const words = others.filter((t) => few || synonyms.has(t));
  if (few)
    await preload(
      pagefind,
      words.filter((t) => !synonyms.has(t)),
    );
  for (const term of words) {
    const found = await searchTerm(pagefind, term, KEPT);
    if (found) candidates.take(found, CANDIDATES_PER_WORD);
  }
}

/** Pagefind's candidates for a query, their fragments loaded; undefined once the query is stale. */
export async function pagefindCandidates(pagefind: Pagefind, analysis: QueryAnalysis, isCurrent: () => boolean): Promise<PagefindResultData[] | undefined> {
  const candidates = new Candidates();
  const done = await serially(async () => {
    if (!isCurrent()) return false;
    await collect(pagefind, analysis, candidates);
    return true;
  });
  if (!done || !isCurrent()) return undefined;
  const loaded = await Promise.all([...candidates.found.values()].map(dataOf));
  return isCurrent() ? loaded : undefined;
}

/** The pipeline's source in the box: Pagefind's candidates, the published vocabulary. */
export function boxSource(pagefind: Pagefind, needs: NeedWords, vocabularyUrl: string, isCurrent: () => boolean): CandidateSource<PagefindResultData> {
  return {
    candidates: (query) => pagefindCandidates(pagefind, analyseQuery(query, needs), isCurrent),
    // Finds little: perhaps a slip of the finger. The vocabulary is fetched only now.
    vocabulary: async () => {
      const vocabulary = await loadVocabulary(vocabularyUrl);
      return isCurrent() ? vocabulary : undefined;
    },
    fieldsOf,
    filtersOf: (data) => data.filters,
    keyOf: (data) => data.url,
    needs,
  };
}
