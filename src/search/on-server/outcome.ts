/**
 * What the server's thread answers for a search (engine-worker.ts), ready for the page to draw
 * (src/components/Search.astro): the box's outcome, its cards' data without the indexed text;
 * and where the page finds the server's search. Imports no Node module: the pages' bundle holds it.
 */
import type { CardData } from '../card.ts';
import type { Score } from '../ranking.ts';
import type { FacetCounts, SearchState } from '../state.ts';

/**
 * Cards drawn on the server at most: a query finds fewer (box/candidates.ts scores fifty
 * candidates, a hundred with a correction); a broad filter can list thousands, which the box shows
 * twenty at a time.
 */
export const DRAWN_AT_MOST = 100;

export interface ServerOutcome {
  /** Every result, drawn or not. */
  total: number;
  /** The first results, best first (A to Z for a listing by filters), DRAWN_AT_MOST at most. */
  entries: { data: CardData; score?: Score }[];
  facets: FacetCounts;
  correction?: string;
}

/** A search run by the server's thread; undefined when it could not answer in time. */
export type ServerSearch = (state: SearchState) => Promise<ServerOutcome | undefined>;

/**
 * The site server (scripts/site-server.ts) starts the thread and hands it to the pages here: a
 * global under a registered symbol, because the pages' bundle holds its own copy of every module
 * and Astro's standalone handler passes no `locals`.
 */
const SERVER_SEARCH = Symbol.for('framalibre.recherche-serveur');
type WithServerSearch = { [SERVER_SEARCH]?: ServerSearch };
export const provideServerSearch = (search: ServerSearch): void => void ((globalThis as WithServerSearch)[SERVER_SEARCH] = search);
export const serverSearch = (): ServerSearch | undefined => (globalThis as WithServerSearch)[SERVER_SEARCH];
