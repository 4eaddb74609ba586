/**
 * The search box as you type (browser only). Pagefind does the matching; this script re-ranks the
 * first results by name, shows the featured notices that match, the facets with their counts,
 * and keeps everything in the URL. The form keeps working without it (it submits to /recherche/).
 */
import { PAGEFIND_RANKING, queryVariants, rerank, splitList } from './ranking.ts';
import { FACETS, emptyState, hasFilters, pagefindFilters, paramsFromState, stateFromParams, type Facet, type SearchState } from './state.ts';

interface PagefindResultData {
  url: string;
  excerpt: string;
  meta: Record<string, string | undefined>;
}
interface PagefindResult {
  id: string;
  score: number;
  data(): Promise<PagefindResultData>;
}
interface PagefindSearch {
  results: PagefindResult[];
  filters: Record<string, Record<string, number>>;
  unfilteredResultCount: number;
}
interface Pagefind {
  options(options: Record<string, unknown>): Promise<void>;
  init(): Promise<void>;
  search(term: string | null, options?: { filters?: Record<string, unknown> }): Promise<PagefindSearch>;
  filters(): Promise<Record<string, Record<string, number>>>;
}

/** How many of Pagefind's first results are looked at (and re-ranked) per query variant. */
const RERANK_WINDOW = 10;
const PAGE_SIZE = 10;
const FEATURED_MAX = 3;
const FACET_LABELS: Record<Facet, string> = { etiquette: 'Étiquettes', licence: 'Licences', plateforme: 'Plateformes' };

let pagefindPromise: Promise<Pagefind> | undefined;
function loadPagefind(): Promise<Pagefind> {
  pagefindPromise ??= (async () => {
    const url = '/pagefind/pagefind.js';
    const pagefind = (await import(/* @vite-ignore */ url)) as Pagefind;
    await pagefind.options({ ranking: PAGEFIND_RANKING, excerptLength: 20 });
    await pagefind.init();
    // Facet counts come with each search only once the filter index is loaded.
    await pagefind.filters();
    return pagefind;
  })();
  return pagefindPromise;
}

/**
 * One Pagefind search at a time: concurrent searches that load the same index chunk were seen to
 * rank from a partly loaded index under load. A queued search whose query is already stale is
 * skipped, so fast typing costs nothing.
 */
let queue: Promise<unknown> = Promise.resolve();
function serially<T>(task: () => Promise<T>): Promise<T> {
  const next = queue.then(task, task);
  queue = next.catch(() => undefined);
  return next;
}

interface Loaded {
  result: PagefindResult;
  data: PagefindResultData;
}

const fieldsOf = (entry: Loaded) => ({
  nom: entry.data.meta.title ?? '',
  autresNoms: splitList(entry.data.meta.noms),
  alternatives: splitList(entry.data.meta.alternatives),
  etiquettes: splitList(entry.data.meta.etiquettes),
  vedette: entry.data.meta.vedette === 'oui',
});

function element<K extends keyof HTMLElementTagNameMap>(tag: K, attributes: Record<string, string> = {}, text?: string): HTMLElementTagNameMap[K] {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) node.setAttribute(name, value);
  if (text !== undefined) node.textContent = text;
  return node;
}

function plural(count: number, one: string, many: string): string {
  return `${count} ${count > 1 ? many : one}`;
}

export function mountSearch(root: HTMLElement): void {
  const form = root.querySelector<HTMLFormElement>('form')!;
  const input = root.querySelector<HTMLInputElement>('input[type="search"]')!;
  const status = root.querySelector<HTMLElement>('[data-etat]')!;
  const featuredBox = root.querySelector<HTMLElement>('[data-vedettes]')!;
  const featuredList = featuredBox.querySelector<HTMLElement>('ul')!;
  const alternativesLine = root.querySelector<HTMLElement>('[data-alternatives]')!;
  const facetsBox = root.querySelector<HTMLDetailsElement>('[data-facettes]')!;
  const resultsList = root.querySelector<HTMLOListElement>('[data-resultats]')!;
  const moreButton = root.querySelector<HTMLButtonElement>('[data-plus]')!;
  const emptyBox = root.querySelector<HTMLElement>('[data-vide]')!;
  const outside = document.querySelectorAll<HTMLElement>('[data-hors-recherche]');
  const searchPath = root.dataset.chemin ?? '/recherche/';

  let state: SearchState = stateFromParams(new URLSearchParams(location.search));
  let ordered: Loaded[] = [];
  let remaining: PagefindResult[] = [];
  let shown = 0;
  let generation = 0;

  input.value = state.q;
  if (state.q || hasFilters(state)) void run();

  let typingTimer: ReturnType<typeof setTimeout> | undefined;
  input.addEventListener('input', () => {
    state = { ...state, q: input.value };
    void run();
    // The URL follows the typing; a history entry is added once the person pauses.
    clearTimeout(typingTimer);
    updateUrl('replace');
    typingTimer = setTimeout(() => updateUrl('push'), 800);
  });
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    updateUrl('push');
    void run();
    resultsList.querySelector('a')?.focus();
  });
  input.addEventListener('keydown', (event) => {
    if (event.key === 'ArrowDown') {
      const first = root.querySelector<HTMLAnchorElement>('[data-vedettes]:not([hidden]) a, [data-resultats] a');
      if (first) {
        event.preventDefault();
        first.focus();
      }
    }
  });
  moreButton.addEventListener('click', () => void showMore(true, generation));
  facetsBox.addEventListener('change', (event) => {
    const box = event.target as HTMLInputElement;
    const facet = box.name as Facet;
    const values = new Set(state.filters[facet]);
    if (box.checked) values.add(box.value);
    else values.delete(box.value);
    state = { ...state, filters: { ...state.filters, [facet]: [...values] } };
    updateUrl('push');
    void run();
  });
  facetsBox.addEventListener('click', (event) => {
    if ((event.target as HTMLElement).closest('[data-effacer]')) {
      state = { ...emptyState(), q: state.q };
      updateUrl('push');
      void run();
    }
  });
  window.addEventListener('popstate', () => {
    state = stateFromParams(new URLSearchParams(location.search));
    input.value = state.q;
    void run();
  });

  function updateUrl(mode: 'push' | 'replace'): void {
    const params = paramsFromState(state).toString();
    const target = params ? `${searchPath}?${params}` : location.pathname === searchPath ? searchPath : location.pathname;
    if (target === `${location.pathname}${location.search}`) return;
    if (mode === 'push') history.pushState(null, '', target);
    else history.replaceState(null, '', target);
  }

  async function run(): Promise<void> {
    const current = ++generation;
    const active = state.q.trim() !== '' || hasFilters(state);
    for (const node of outside) node.hidden = active;
    if (!active) {
      clear();
      status.textContent = '';
      return;
    }
    let pagefind: Pagefind;
    try {
      pagefind = await loadPagefind();
    } catch {
      status.textContent = 'La recherche n’a pas pu se charger. Parcourez la liste de A à Z ou les étiquettes.';
      return;
    }
    const filters = pagefindFilters(state);
    const variants = queryVariants(state.q);
    const found = await serially(async () => {
      if (current !== generation) return undefined;
      const searches: PagefindSearch[] = [];
      for (const term of variants.length > 0 ? variants : [null]) searches.push(await pagefind.search(term, { filters }));
      const featured = variants.length > 0 ? await pagefind.search(variants[0]!, { filters: { ...filters, vedette: 'oui' } }) : undefined;
      return { searches, featured };
    });
    if (!found || current !== generation) return;
    const { searches, featured } = found;

    // Union of each variant's first results, loaded, then re-ranked by name.
    const seen = new Set<string>();
    const window: PagefindResult[] = [];
    const rest: PagefindResult[] = [];
    for (const search of searches) {
      search.results.forEach((result, index) => {
        if (seen.has(result.id)) return;
        seen.add(result.id);
        (index < RERANK_WINDOW ? window : rest).push(result);
      });
    }
    const loaded = await Promise.all(window.map(async (result) => ({ result, data: await result.data() })));
    if (current !== generation) return;
    const notices = loaded.filter((entry) => entry.data.meta.type !== 'alternative');
    const alternatives = loaded.filter((entry) => entry.data.meta.type === 'alternative');
    ordered = variants.length > 0 ? rerank(state.q, notices, fieldsOf) : notices;
    remaining = rest;
    shown = 0;
    const total = ordered.length + rest.length;

    resultsList.replaceChildren();
    await showMore(false, current);
    if (current !== generation) return;
    renderAlternatives(alternatives);
    renderFacets(searches[0]!.filters);
    await renderFeatured(featured, current);

    emptyBox.hidden = total > 0;
    const query = state.q.trim() ? ` pour « ${state.q.trim()} »` : '';
    status.textContent = total > 0 ? `${plural(total, 'logiciel trouvé', 'logiciels trouvés')}${query}.` : `Aucun logiciel trouvé${query}.`;
    const proposer = emptyBox.querySelector<HTMLAnchorElement>('[data-proposer]');
    if (proposer) proposer.href = `/contribuer/${state.q.trim() ? `?nom=${encodeURIComponent(state.q.trim())}` : ''}`;
  }

  /** Appends the next page of results; stops if a newer keystroke started another search. */
  async function showMore(moveFocus: boolean, current: number): Promise<void> {
    const before = shown;
    while (shown < ordered.length + remaining.length && shown - before < PAGE_SIZE) {
      let entry = ordered[shown];
      if (!entry) {
        const result = remaining[shown - ordered.length]!;
        const data = await result.data();
        if (current !== generation) return;
        if (data.meta.type === 'alternative') {
          remaining.splice(shown - ordered.length, 1);
          continue;
        }
        entry = { result, data };
      }
      resultsList.append(renderResult(entry));
      shown++;
    }
    moreButton.hidden = shown >= ordered.length + remaining.length;
    if (moveFocus) resultsList.children[before]?.querySelector('a')?.focus();
  }

  function renderResult(entry: Loaded): HTMLLIElement {
    const item = element('li', { class: 'vignette resultat' });
    const text = element('div', { class: 'vignette__texte' });
    text.append(element('a', { class: 'vignette__nom', href: entry.data.url }, entry.data.meta.title ?? entry.data.url));
    if (entry.data.meta.description) text.append(element('p', {}, entry.data.meta.description));
    const alternatives = splitList(entry.data.meta.alternatives);
    if (alternatives.length > 0) text.append(element('p', { class: 'compte' }, `Alternative à ${alternatives.slice(0, 4).join(', ')}`));
    item.append(text);
    return item;
  }

  function renderAlternatives(alternatives: Loaded[]): void {
    alternativesLine.replaceChildren();
    alternativesLine.hidden = alternatives.length === 0;
    if (alternatives.length === 0) return;
    alternativesLine.append('Voir aussi : ');
    alternatives.slice(0, 3).forEach((entry, index) => {
      if (index > 0) alternativesLine.append(', ');
      alternativesLine.append(element('a', { href: entry.data.url }, entry.data.meta.title ?? ''));
    });
  }

  async function renderFeatured(search: PagefindSearch | undefined, current: number): Promise<void> {
    const results = search ? await Promise.all(search.results.slice(0, 5).map(async (result) => ({ result, data: await result.data() }))) : [];
    if (current !== generation) return;
    const featured = rerank(state.q, results, fieldsOf).slice(0, FEATURED_MAX);
    featuredList.replaceChildren(...featured.map(renderResult));
    featuredBox.hidden = featured.length === 0;
  }

  function renderFacets(counts: Record<string, Record<string, number>>): void {
    const groups = facetsBox.querySelector<HTMLElement>('[data-groupes]')!;
    groups.replaceChildren();
    let any = false;
    for (const facet of FACETS) {
      const values = Object.entries(counts[facet] ?? {})
        .filter(([value, count]) => count > 0 || state.filters[facet].includes(value))
        .sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0], 'fr'));
      if (values.length === 0) continue;
      any = true;
      const fieldset = element('fieldset', { class: 'facette' });
      fieldset.append(element('legend', {}, FACET_LABELS[facet]));
      for (const [value, count] of values) {
        const label = element('label');
        const box = element('input', { type: 'checkbox', name: facet, value });
        box.checked = state.filters[facet].includes(value);
        label.append(box, element('span', { class: 'facette__valeur' }, value), ' ', element('span', { class: 'compte' }, `(${count})`));
        fieldset.append(label);
      }
      groups.append(fieldset);
    }
    facetsBox.hidden = !any && !hasFilters(state);
    // Active filters stay in sight (a shared link opens with its filters shown).
    if (hasFilters(state)) facetsBox.open = true;
    const active = FACETS.reduce((n, facet) => n + state.filters[facet].length, 0);
    facetsBox.querySelector('summary')!.textContent = active > 0 ? `Filtrer (${active} actif${active > 1 ? 's' : ''})` : 'Filtrer';
    facetsBox.querySelector<HTMLElement>('[data-effacer]')!.hidden = active === 0;
  }

  function clear(): void {
    resultsList.replaceChildren();
    featuredBox.hidden = true;
    alternativesLine.hidden = true;
    facetsBox.hidden = true;
    moreButton.hidden = true;
    emptyBox.hidden = true;
  }
}

