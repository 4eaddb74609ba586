/**
 * The search lives in the URL (/recherche/?q=…&utilisation=…&etiquette=…&licence=…&plateforme=…) so that a
 * search can be shared and the back button works.
 */
/**
 * In the order the filter panel shows them: what it takes first (« Rien à installer » is what a
 * person on a shared computer needs), then platforms, which most people filter on.
 */
export const FACETS = ['utilisation', 'plateforme', 'etiquette', 'licence'] as const;
export type Facet = (typeof FACETS)[number];

/** Facet value → number of results holding it. */
export type FacetCounts = Record<Facet, Map<string, number>>;

export function emptyFacets(): FacetCounts {
  return { utilisation: new Map(), plateforme: new Map(), etiquette: new Map(), licence: new Map() };
}

export interface SearchState {
  q: string;
  filters: Record<Facet, string[]>;
}

export function emptyState(): SearchState {
  return { q: '', filters: { utilisation: [], plateforme: [], etiquette: [], licence: [] } };
}

export function stateFromParams(params: URLSearchParams): SearchState {
  const state = emptyState();
  state.q = (params.get('q') ?? '').slice(0, 200);
  for (const facet of FACETS) state.filters[facet] = [...new Set(params.getAll(facet).filter(Boolean))].slice(0, 20);
  return state;
}

export function paramsFromState(state: SearchState): URLSearchParams {
  const params = new URLSearchParams();
  if (state.q.trim()) params.set('q', state.q.trim());
  for (const facet of FACETS) for (const value of state.filters[facet]) params.append(facet, value);
  return params;
}

export function hasFilters(state: SearchState): boolean {
  return FACETS.some((facet) => state.filters[facet].length > 0);
}

/**
 * Pagefind filter object: every ticked value must hold (« Android » and « iOS »), so that the count
 * beside a value is always the number of cards ticking it will show.
 */
export function pagefindFilters(state: SearchState): Record<string, { all: string[] }> {
  const filters: Record<string, { all: string[] }> = {};
  for (const facet of FACETS) if (state.filters[facet].length > 0) filters[facet] = { all: state.filters[facet] };
  return filters;
}
