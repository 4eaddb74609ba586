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
 * cached by the browser (`metaCacheTag`).
 */
export function loadPagefind(): Promise<LoadedIndex> {
  pagefindPromise ??= (async () => {
    const [pagefind, list] = await Promise.all([
      import(/* @vite-ignore */ `${PAGEFIND_URL}pagefind.js`) as Promise<Pagefind>,
      fetch(`${PAGEFIND_URL}${SHARDS_FILE}`).then((response) => {
        if (!response.ok) throw new Error(`${response.status}`);
        return response.json() as Promise<ShardList>;
      }),
    ]);
    const [first, ...others] = list.shards;
    if (!first) throw new Error('index vide');
    const options = { ranking: PAGEFIND_RANKING, excerptLength: 0 };
    const tag = (shard: number) => (others.length > 0 ? { mergeFilter: { [SHARD_FILTER]: String(shard) } } : {});
    await pagefind.options({ ...options, ...tag(0), basePath: `${PAGEFIND_URL}${first}/`, metaCacheTag: first });
    await pagefind.init();
    await Promise.all(others.map((shard, i) => pagefind.mergeIndex(`${PAGEFIND_URL}${shard}/`, { ...options, ...tag(i + 1), metaCacheTag: shard })));
    return { pagefind, shards: list.shards.length };
  })();
  pagefindPromise.catch(() => (pagefindPromise = undefined));
  return pagefindPromise;
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

/**
 * Pagefind's answer for a term, kept for the page life (the last TERM_CACHE terms): typing « photo
 * editor » after « photo edito » searches « photo », « image », « retouche » once, not twice.
 */
const TERM_CACHE = 64;
const termResults = new Map<string, Promise<PagefindSearch | null>>();
export function searchTerm(pagefind: Pagefind, term: string): Promise<PagefindSearch | null> {
  let found = termResults.get(term);
  if (found) {
    termResults.delete(term);
  } else {
    found = pagefind.search(term);
    found.catch(() => termResults.delete(term));
  }
  termResults.set(term, found);
  if (termResults.size > TERM_CACHE) termResults.delete(termResults.keys().next().value!);
  return found;
}
export const isTermKnown = (term: string): boolean => termResults.has(term);

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
