/**
 * A listing by filters alone (no words typed): every notice that has the ticked values, A to Z,
 * counted by Pagefind. With several shards, each is asked for its own matches (already A to Z),
 * merged here by name as the cards are needed.
 */
import { foldForComparison } from '../../notices/slug.ts';
import { emptyFacets, FACETS, pagefindFilters, type SearchState } from '../state.ts';
import { SHARD_FILTER } from '../shards.ts';
import type { Entry, Outcome } from './box.ts';
import { dataOf, type LoadedIndex, type PagefindResult, type PagefindSearch, serially } from './pagefind.ts';

/**
 * Merges the shards' A-to-Z lists into `entries` as the cards are needed: only the cards shown and
 * each shard's next candidate are loaded.
 */
function alphabetical(lists: readonly PagefindResult[][], entries: Entry[]): (count: number) => Promise<void> {
  const next = lists.map(() => 0);
  let filled = 0;
  let chain = Promise.resolve();
  const keyOf = async (result: PagefindResult | undefined) => (result ? foldForComparison((await dataOf(result)).meta.title ?? '') : undefined);
  return (count) => {
    chain = chain.then(async () => {
      while (filled < Math.min(count, entries.length)) {
        const heads = lists.map((list, i) => list[next[i]!]);
        const keys = await Promise.all(heads.map(keyOf));
        let best = -1;
        keys.forEach((key, i) => {
          if (key !== undefined && (best < 0 || key < keys[best]!)) best = i;
        });
        if (best < 0) break;
        const result = heads[best]!;
        next[best]!++;
        entries[filled++] = { result, data: await dataOf(result) };
      }
    });
    return chain;
  };
}

/** Pagefind's counts come with a search only once its filter index is loaded: loaded here, not for every query. */
function searchEachShard({ pagefind, shards }: LoadedIndex, state: SearchState): Promise<PagefindSearch[] | undefined> {
  const filters = pagefindFilters(state);
  return serially(async () => {
    await pagefind.filters();
    const found: PagefindSearch[] = [];
    for (let shard = 0; shard < shards; shard++) {
      const one = await pagefind.search(null, { filters: shards > 1 ? { ...filters, [SHARD_FILTER]: String(shard) } : filters, sort: { nom: 'asc' } });
      if (!one) return undefined;
      found.push(one);
    }
    return found;
  });
}

export async function listByFilters(index: LoadedIndex, state: SearchState, isCurrent: () => boolean): Promise<Outcome | undefined> {
  const lists = await searchEachShard(index, state);
  if (!lists || !isCurrent()) return undefined;
  const facets = emptyFacets();
  for (const list of lists) {
    for (const facet of FACETS) {
      for (const [value, count] of Object.entries(list.filters[facet] ?? {})) if (count > 0) facets[facet].set(value, (facets[facet].get(value) ?? 0) + count);
    }
  }
  const entries: Entry[] = Array.from({ length: lists.reduce((n, list) => n + list.results.length, 0) }, () => ({}));
  return {
    entries,
    facets,
    order: alphabetical(
      lists.map((list) => list.results),
      entries,
    ),
  };
}
