/**
 * Pagefind in the browser: the library and the index's shards loaded once, one search at a time,
 * the answer for a term and each fragment kept for the page life. Browser only.
 */
import { splitList } from '../pagefind-meta.ts';
import type { RankingFields } from '../ranking.ts';
import { PAGEFIND_URL, SHARD_FILTER, SHARDS_FILE, type ShardList } from '../shards.ts';

export interface PagefindResultData {
  url: string;
  content: string;
  meta: Record<string, string | undefined>;
  filters: Record<string, string[]>;
}
export interface PagefindResult {
  id: string;
  score: number;
  data(): Promise<PagefindResultData>;
}
export interface PagefindSearch {
  results: PagefindResult[];
  filters: Record<string, Record<string, number>>;
}
export interface Pagefind {
  options(options: Record<string, unknown>): Promise<void>;
  init(): Promise<void>;
  mergeIndex(path: string, options?: Record<string, unknown>): Promise<void>;
  search(term: string | null, options?: { filters?: Record<string, unknown>; sort?: Record<string, string> }): Promise<PagefindSearch | null>;
  preload(term: string): Promise<void>;
  filters(): Promise<Record<string, Record<string, number>>>;
}

/** Ranking options handed to Pagefind: names are short, so page length must not decide. */
export const PAGEFIND_RANKING = {
  termSimilarity: 2.0,
  pageLength: 0.1,
  termSaturation: 1.6,
  termFrequency: 0.8,
} as const;

/** Pagefind with every shard of the index merged, and how many there are. */
export interface LoadedIndex {
  pagefind: Pagefind;
  shards: number;
}
let pagefindPromise: Promise<LoadedIndex> | undefined;
/**
 * The library and the list of the index's shards are fetched together; the first shard is
 * Pagefind's own index, the others are merged into it (src/search/indexer.ts), each with its number
 * as a filter (SHARD_FILTER). Their folders are named by their content, so their entry files may be
 * cached by the browser (`metaCacheTag`). The library is the site's, unless the first call names
 * another file (the server's thread imports it from disk: src/search/on-server/engine-worker.ts).
 */
export function loadPagefind(library = `${PAGEFIND_URL}pagefind.js`): Promise<LoadedIndex> {
  pagefindPromise ??= (async () => {
    const [pagefind, list] = await Promise.all([
      import(/* @vite-ignore */ library) as Promise<Pagefind>,
      fetch(`${PAGEFIND_URL}${SHARDS_FILE}`).then(async (response) => {
        if (!response.ok) throw new Error(`${response.status}`);
        const list = (await response.json()) as ShardList;
        fetchAtOnce(list.startup);
        return list;
      }),
    ]);
    const [first, ...others] = list.shards;
    if (!first) throw new Error('index vide');
    const options = { ranking: PAGEFIND_RANKING, excerptLength: 0 };
    // In the page, not in Pagefind's web worker (`noWorker`): from the worker, every result of every
    // search crosses to the page (copied, registered for clean-up, then released by one message
    // each), although the box reads thirty of them; a very common word makes that 10,000 results
    // at 10,000 notices. Measured over the 149 queries of the quality test at 10,000 generated
    // notices: 9.2 s of Chromium CPU instead of 11.4 s, same results (BENCHMARKS.md). The worker's
    // script (43 KB) is not fetched either.
    const inPage = { noWorker: true };
    const tag = (shard: number) => (others.length > 0 ? { mergeFilter: { [SHARD_FILTER]: String(shard) } } : {});
    await pagefind.options({ ...options, ...inPage, ...tag(0), basePath: `${PAGEFIND_URL}${first}/`, metaCacheTag: first });
    await pagefind.init();
    await Promise.all(others.map((shard, i) => pagefind.mergeIndex(`${PAGEFIND_URL}${shard}/`, { ...options, ...tag(i + 1), metaCacheTag: shard })));
    return { pagefind, shards: list.shards.length };
  })();
  pagefindPromise.catch(() => (pagefindPromise = undefined));
  return pagefindPromise;
}

/**
 * Asks for every file Pagefind will read when it starts, all at once: Pagefind itself reads a
 * shard's entry, then its metadata, and merges the other shards once the first one is ready: four
 * round trips where one will do (on a phone's network, each trip costs the most). Pagefind's own requests then find
 * the answers in the browser's cache (their folders are named by their content and served as
 * such, scripts/site-server.ts).
 */
function fetchAtOnce(files: readonly string[]): void {
  for (const file of files)
    void fetch(`${PAGEFIND_URL}${file}`)
      .then((response) => response.arrayBuffer())
      .catch(() => undefined);
}

/**
 * One Pagefind search at a time: concurrent searches that load the same index chunk were seen to
 * rank from a partly loaded index under load. A queued search whose query is already stale is
 * skipped, so fast typing costs nothing.
 */
let queue: Promise<unknown> = Promise.resolve();
export function serially<T>(task: () => Promise<T>): Promise<T> {
  const next = queue.then(task, task);
  queue = next.catch(() => undefined);
  return next;
}

/** What the box keeps of Pagefind's answer for a term: how many pages match, and the best of them. */
export interface TermAnswer {
  count: number;
  /** The first results, best first (Pagefind's order). */
  best: PagefindResult[];
}

/**
 * Pagefind's answer for a term, kept for the page life (the last TERM_CACHE terms): typing « photo
 * editor » after « photo edito » searches « photo », « image », « retouche » once, not twice. Only
 * the best `keep` results are kept: a very common word matches every notice (10,000 results at
 * 10,000 notices), of which the box reads the first thirty; the rest is left to the garbage
 * collector at once instead of being held by the cache.
 */
const TERM_CACHE = 64;
const termResults = new Map<string, Promise<TermAnswer | null>>();
function remembered(key: string, keep: number, search: () => Promise<PagefindSearch | null>): Promise<TermAnswer | null> {
  let found = termResults.get(key);
  if (found) {
    termResults.delete(key);
  } else {
    found = search().then((answer) => answer && { count: answer.results.length, best: answer.results.slice(0, keep) });
    found.catch(() => termResults.delete(key));
  }
  termResults.set(key, found);
  if (termResults.size > TERM_CACHE) termResults.delete(termResults.keys().next().value!);
  return found;
}
export const searchTerm = (pagefind: Pagefind, term: string, keep: number): Promise<TermAnswer | null> => remembered(term, keep, () => pagefind.search(term));
export const isTermKnown = (term: string): boolean => termResults.has(term);

/**
 * Every notice of these étiquettes (a search by filter alone), kept like a term: each keystroke of
 * « gérer mon agenda » asks for the same étiquettes.
 */
export const searchEtiquettes = (pagefind: Pagefind, labels: readonly string[], keep: number): Promise<TermAnswer | null> =>
  remembered(`\0étiquettes\0${labels.join('\0')}`, keep, () => pagefind.search(null, { filters: { etiquette: { any: [...labels] } } }));

/** A fragment is fetched once per page life, whatever the number of queries that find it. */
const fragments = new Map<string, Promise<PagefindResultData>>();
export const dataOf = (result: PagefindResult): Promise<PagefindResultData> => {
  let data = fragments.get(result.id);
  if (!data) {
    data = result.data();
    fragments.set(result.id, data);
  }
  return data;
};

/** The same object for the same fragment, so the ranking's per-notice word cache is reused. */
const fieldsCache = new WeakMap<PagefindResultData, RankingFields>();
export function fieldsOf(data: PagefindResultData): RankingFields {
  let fields = fieldsCache.get(data);
  if (!fields) {
    fields = {
      nom: data.meta.title ?? '',
      autresNoms: splitList(data.meta.noms),
      alternatives: splitList(data.meta.alternatives),
      etiquettes: splitList(data.meta.etiquettes),
      description: data.meta.description ?? '',
      text: data.content,
      vedette: data.meta.vedette === 'oui',
    };
    fieldsCache.set(data, fields);
  }
  return fields;
}
