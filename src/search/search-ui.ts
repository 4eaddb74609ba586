/**
 * The search box as you type (browser only). Pagefind finds the candidates (prefixes, stems,
 * accents folded); src/search/ranking.ts scores them, drops those below the relevance floor and,
 * when a query finds little, corrects it from the directory's vocabulary (fetched only then).
 * Everything is drawn in one pass once known, so nothing moves under a finger: counts, facets,
 * cards (featured notices marked in place). The search lives in the URL; Back restores the
 * results already shown and the scroll position. Without JavaScript the form still submits.
 */
import { resultCardHtml, type ResultCard } from './card.ts';
import { analyseQuery, correctQuery, rank, searchTerms, splitList, PAGEFIND_RANKING, type NeedWords, type RankingFields, type Score } from './ranking.ts';
import { NEEDS_URL } from './needs-url.ts';
import { FACETS, emptyState, hasFilters, pagefindFilters, paramsFromState, stateFromParams, type Facet, type SearchState } from './state.ts';
import { slugify } from '../notices/slug.ts';

interface PagefindResultData {
  url: string;
  content: string;
  meta: Record<string, string | undefined>;
  filters: Record<string, string[]>;
}
interface PagefindResult {
  id: string;
  score: number;
  data(): Promise<PagefindResultData>;
}
interface PagefindSearch {
  results: PagefindResult[];
  filters: Record<string, Record<string, number>>;
}
interface Pagefind {
  options(options: Record<string, unknown>): Promise<void>;
  init(): Promise<void>;
  search(term: string | null, options?: { filters?: Record<string, unknown>; sort?: Record<string, string> }): Promise<PagefindSearch | null>;
  filters(): Promise<Record<string, Record<string, number>>>;
}

/** How many of Pagefind's best matches are scored: for the query as typed, for each of its words. */
const CANDIDATES = 30;
const CANDIDATES_PER_WORD = 10;
/** Fragments fetched per query at most (each is one small request). */
const MAX_CANDIDATES = 50;
/** The notices of the étiquettes a need leads to, at most (taken before the words' other matches). */
const NEED_CANDIDATES = 30;
/** Below this many matches for the query as typed, its words are searched one by one too. */
const FEW_MATCHES = 8;
const PAGE_SIZE = 20;
/** Below this, a slow search shows « Recherche… » (no flash for fast ones). */
const BUSY_DELAY_MS = 150;
const FACET_LABELS: Record<Facet, string> = { utilisation: 'Ce qu’il faut', plateforme: 'Plateformes', etiquette: 'Étiquettes', licence: 'Licences' };

let pagefindPromise: Promise<Pagefind> | undefined;
function loadPagefind(): Promise<Pagefind> {
  pagefindPromise ??= (async () => {
    const url = '/pagefind/pagefind.js';
    const pagefind = (await import(/* @vite-ignore */ url)) as Pagefind;
    await pagefind.options({ ranking: PAGEFIND_RANKING, excerptLength: 0 });
    await pagefind.init();
    return pagefind;
  })();
  pagefindPromise.catch(() => (pagefindPromise = undefined));
  return pagefindPromise;
}

let needsPromise: Promise<NeedWords> | undefined;
/** The words of needs (content/besoins.yaml), fetched once with the first query; none if it fails. */
function loadNeeds(url: string): Promise<NeedWords> {
  needsPromise ??= fetch(url)
    .then((response) => (response.ok ? (response.json() as Promise<NeedWords>) : {}))
    .catch(() => {
      needsPromise = undefined;
      return {};
    });
  return needsPromise;
}

let vocabularyPromise: Promise<string[]> | undefined;
function loadVocabulary(url: string): Promise<string[]> {
  vocabularyPromise ??= fetch(url).then((response) => (response.ok ? (response.json() as Promise<string[]>) : []));
  vocabularyPromise.catch(() => (vocabularyPromise = undefined));
  return vocabularyPromise;
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

/** A fragment is fetched once per page life, whatever the number of queries that find it. */
const fragments = new Map<string, Promise<PagefindResultData>>();
const dataOf = (result: PagefindResult) => {
  let data = fragments.get(result.id);
  if (!data) {
    data = result.data();
    fragments.set(result.id, data);
  }
  return data;
};

/** The same object for the same fragment, so the ranking's per-notice word cache is reused. */
const fieldsCache = new WeakMap<PagefindResultData, RankingFields>();
function fieldsOf(data: PagefindResultData): RankingFields {
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

function cardOf(data: PagefindResultData, score?: Score): ResultCard {
  const m = data.meta;
  return {
    url: data.url,
    nom: m.title ?? data.url,
    ...(m.description ? { description: m.description } : {}),
    plateformes: splitList(m.plateformes),
    ...(m.licence ? { licence: m.licence } : {}),
    ...(m.utilisation ? { requirements: m.utilisation } : {}),
    ...(m.logo ? { logo: { png: m.logo, ...(m.logo_webp ? { webp: m.logo_webp } : {}) } } : {}),
    vedette: m.vedette === 'oui',
    ...(score?.alternative ? { alternative: score.alternative } : {}),
  };
}

function element<K extends keyof HTMLElementTagNameMap>(tag: K, attributes: Record<string, string> = {}, text?: string): HTMLElementTagNameMap[K] {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) node.setAttribute(name, value);
  if (text !== undefined) node.textContent = text;
  return node;
}

const plural = (count: number, one: string, many: string) => `${count} ${count > 1 ? many : one}`;

/** What one search found, ready to draw. */
interface Outcome {
  /** Results in order; `data` is loaded for the first ones (all of them for a query). */
  entries: { result?: PagefindResult; data?: PagefindResultData; score?: Score }[];
  facets: Record<Facet, Map<string, number>>;
  correction?: string;
}

export function mountSearch(root: HTMLElement): void {
  const form = root.querySelector<HTMLFormElement>('form')!;
  const input = root.querySelector<HTMLInputElement>('input[type="search"]')!;
  const status = root.querySelector<HTMLElement>('[data-etat]')!;
  const correctionLine = root.querySelector<HTMLElement>('[data-correction]')!;
  const alternativesLine = root.querySelector<HTMLElement>('[data-alternatives]')!;
  const facetsBox = root.querySelector<HTMLDetailsElement>('[data-facettes]')!;
  const heading = root.querySelector<HTMLElement>('[data-titre-resultats]')!;
  const resultsList = root.querySelector<HTMLOListElement>('[data-resultats]')!;
  const moreButton = root.querySelector<HTMLButtonElement>('[data-plus]')!;
  const emptyBox = root.querySelector<HTMLElement>('[data-vide]')!;
  const outside = document.querySelectorAll<HTMLElement>('[data-hors-recherche]');
  const searchPath = root.dataset.chemin ?? '/recherche/';
  const vocabularyUrl = root.dataset.vocabulaire ?? '/recherche/vocabulaire.json';

  // While searching, the scroll is put back by us once the results are drawn, not by the browser
  // before they exist; elsewhere the browser keeps doing it.
  const restoreScrollOurselves = (ours: boolean) => {
    if ('scrollRestoration' in history) history.scrollRestoration = ours ? 'manual' : 'auto';
  };

  let state: SearchState = stateFromParams(new URLSearchParams(location.search));
  let outcome: Outcome = { entries: [], facets: emptyFacets() };
  let shown = 0;
  let generation = 0;
  let pending: Promise<void> = Promise.resolve();

  // Server-rendered results (no-JS page) are replaced by the same search, drawn the same way.
  input.value = state.q;
  const restore = history.state as { shown?: number; y?: number } | null;
  if (state.q || hasFilters(state)) pending = run(restore);

  let typingTimer: ReturnType<typeof setTimeout> | undefined;
  input.addEventListener('input', () => {
    state = { ...state, q: input.value };
    pending = run();
    // The URL follows the typing; a history entry is added once the person pauses.
    clearTimeout(typingTimer);
    updateUrl('replace');
    typingTimer = setTimeout(() => updateUrl('push'), 800);
  });
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    clearTimeout(typingTimer);
    if (input.value !== state.q) {
      state = { ...state, q: input.value };
      pending = run();
    }
    updateUrl('push');
    // Focus moves once the results of these words are drawn, and nothing redraws them after.
    const awaited = pending;
    void awaited.then(() => {
      if (awaited !== pending) return;
      const first = resultsList.querySelector<HTMLAnchorElement>('a');
      (first ?? heading).focus();
    });
  });
  input.addEventListener('keydown', (event) => {
    if (event.key === 'ArrowDown') {
      const first = resultsList.querySelector<HTMLAnchorElement>('a');
      if (first) {
        event.preventDefault();
        first.focus();
      }
    }
  });
  moreButton.addEventListener('click', () => void showMore(PAGE_SIZE, true));
  facetsBox.addEventListener('change', (event) => {
    const box = event.target as HTMLInputElement;
    const facet = box.name as Facet;
    const values = new Set(state.filters[facet]);
    if (box.checked) values.add(box.value);
    else values.delete(box.value);
    state = { ...state, filters: { ...state.filters, [facet]: [...values] } };
    updateUrl('push');
    pending = run();
  });
  facetsBox.addEventListener('click', (event) => {
    if ((event.target as HTMLElement).closest('[data-effacer]')) {
      state = { ...emptyState(), q: state.q };
      updateUrl('push');
      pending = run();
    }
  });
  window.addEventListener('popstate', (event) => {
    state = stateFromParams(new URLSearchParams(location.search));
    input.value = state.q;
    pending = run(event.state as { shown?: number; y?: number } | null);
  });
  let scrollTimer: ReturnType<typeof setTimeout> | undefined;
  window.addEventListener(
    'scroll',
    () => {
      clearTimeout(scrollTimer);
      scrollTimer = setTimeout(remember, 150);
    },
    { passive: true },
  );
  // Leaving for a notice: what is shown and where, for Back.
  window.addEventListener('pagehide', remember);

  function remember(): void {
    if (!state.q && !hasFilters(state)) return;
    history.replaceState({ shown, y: Math.round(window.scrollY) }, '');
  }

  function updateUrl(mode: 'push' | 'replace'): void {
    const params = paramsFromState(state).toString();
    const target = params ? `${searchPath}?${params}` : location.pathname === searchPath ? searchPath : location.pathname;
    if (target === `${location.pathname}${location.search}`) return;
    if (mode === 'push') history.pushState({ shown: 0 }, '', target);
    else history.replaceState({ shown: 0 }, '', target);
  }

  async function run(restoreAt?: { shown?: number; y?: number } | null): Promise<void> {
    const current = ++generation;
    const active = state.q.trim() !== '' || hasFilters(state);
    restoreScrollOurselves(active);
    if (!active) {
      for (const node of outside) node.hidden = false;
      clear();
      status.textContent = '';
      return;
    }
    const busy = setTimeout(() => {
      if (current !== generation) return;
      status.textContent = 'Recherche…';
      root.setAttribute('aria-busy', 'true');
    }, BUSY_DELAY_MS);
    let found: Outcome | undefined;
    try {
      found = await search(state, current);
    } catch {
      if (current === generation) status.textContent = 'La recherche n’a pas pu se charger. Parcourez la liste de A à Z ou les étiquettes.';
      return;
    } finally {
      clearTimeout(busy);
    }
    if (!found || current !== generation) return;
    // Filter-only listings load their cards page by page; a query's cards are all loaded already.
    const wanted = Math.max(PAGE_SIZE, restoreAt?.shown ?? 0);
    await loadData(found, wanted);
    if (current !== generation) return;
    outcome = found;
    draw(wanted);
    root.removeAttribute('aria-busy');
    if (restoreAt?.y) window.scrollTo(0, restoreAt.y);
  }

  async function search(query: SearchState, current: number): Promise<Outcome | undefined> {
    const pagefind = await loadPagefind();
    if (!query.q.trim()) {
      const filters = pagefindFilters(query);
      // Filters only: every notice that has them, A to Z, counted by Pagefind (whose counts come
      // with a search only once its filter index is loaded: loaded here, not for every query).
      const all = await serially(async () => {
        await pagefind.filters();
        return pagefind.search(null, { filters, sort: { nom: 'asc' } });
      });
      if (!all || current !== generation) return undefined;
      const facets = emptyFacets();
      for (const facet of FACETS) for (const [value, count] of Object.entries(all.filters[facet] ?? {})) if (count > 0) facets[facet].set(value, count);
      return { entries: all.results.map((result) => ({ result })), facets };
    }
    // The candidates do not depend on the filters, which are applied to the ranked list: so the
    // count beside a value is exactly the number of cards that ticking it shows.
    let entries = await scored(pagefind, query.q, current);
    if (!entries) return undefined;
    let correction: string | undefined;
    if (!entries.some((e) => e.score.name > 0) && entries.length < 3) {
      // Finds little: perhaps a slip of the finger. The vocabulary is fetched only now.
      correction = correctQuery(query.q, await loadVocabulary(vocabularyUrl));
      if (current !== generation) return undefined;
      if (correction) {
        const corrected = await scored(pagefind, correction, current);
        if (!corrected) return undefined;
        const seen = new Set(corrected.map((e) => e.data.url));
        entries = [...corrected, ...entries.filter((e) => !seen.has(e.data.url))];
      }
    }
    const kept = entries.filter((e) => FACETS.every((facet) => query.filters[facet].every((value) => (e.data.filters[facet] ?? []).includes(value))));
    const facets = emptyFacets();
    for (const entry of kept) for (const facet of FACETS) for (const value of entry.data.filters[facet] ?? []) facets[facet].set(value, (facets[facet].get(value) ?? 0) + 1);
    return { entries: kept, facets, ...(correction ? { correction } : {}) };
  }

  /** Pagefind's candidates for a query, loaded, scored and floored by the ranking rules. */
  async function scored(pagefind: Pagefind, q: string, current: number): Promise<{ data: PagefindResultData; score: Score }[] | undefined> {
    const needs = await loadNeeds(NEEDS_URL);
    if (current !== generation) return undefined;
    const analysis = analyseQuery(q, needs);
    const terms = searchTerms(analysis);
    const searches = await serially(async () => {
      if (current !== generation) return undefined;
      const all: { found: PagefindSearch; take: number }[] = [];
      // Every notice of the étiquettes that answer the need the query expresses (content/besoins.yaml),
      // whatever words its text uses: they all belong among the first results.
      if (analysis.needLabels.length > 0) {
        const found = await pagefind.search(null, { filters: { etiquette: { any: analysis.needLabels } } });
        if (found) all.push({ found, take: NEED_CANDIDATES });
      }
      for (const term of analysis.variants) {
        const found = await pagefind.search(term);
        if (found) all.push({ found, take: CANDIDATES });
      }
      // What the words mean in the directory's own words (« mails » → courriel) always brings
      // candidates; the words one by one only when the query as typed finds few notices (a
      // need in several words rarely sits whole in one notice).
      const synonyms = new Set(analysis.words.flatMap((w) => w.synonyms.map((words) => words.join(' '))));
      const few = all.reduce((n, s) => n + s.found.results.length, 0) < FEW_MATCHES;
      for (const term of terms.filter((t) => !analysis.variants.includes(t) && (few || synonyms.has(t)))) {
        const found = await pagefind.search(term);
        if (found) all.push({ found, take: CANDIDATES_PER_WORD });
      }
      return all;
    });
    if (!searches || current !== generation) return undefined;
    const candidates = new Map<string, PagefindResult>();
    for (const { found, take } of searches) {
      for (const result of found.results.slice(0, take)) if (candidates.size < MAX_CANDIDATES && !candidates.has(result.id)) candidates.set(result.id, result);
    }
    const loaded = await Promise.all([...candidates.values()].map(dataOf));
    if (current !== generation) return undefined;
    return rank(q, loaded, fieldsOf, needs).map(({ item, score }) => ({ data: item, score }));
  }

  async function loadData(found: Outcome, count: number): Promise<void> {
    await Promise.all(
      found.entries.slice(0, count).map(async (entry) => {
        if (!entry.data && entry.result) entry.data = await dataOf(entry.result);
      }),
    );
  }

  function emptyFacets(): Record<Facet, Map<string, number>> {
    return { utilisation: new Map(), plateforme: new Map(), etiquette: new Map(), licence: new Map() };
  }

  /** Everything in one pass: status, correction, facets, the first cards. */
  function draw(count: number): void {
    const total = outcome.entries.length;
    const q = state.q.trim();
    for (const node of outside) node.hidden = true;
    const correction = outcome.correction;
    correctionLine.replaceChildren();
    correctionLine.hidden = !correction;
    if (correction) {
      correctionLine.append('Vouliez-vous dire ', element('a', { href: `${searchPath}?${new URLSearchParams({ q: correction })}` }, correction), ' ?');
    }
    const alternative = outcome.entries[0]?.score?.alternative;
    alternativesLine.replaceChildren();
    alternativesLine.hidden = !alternative;
    if (alternative)
      alternativesLine.append('Voir aussi : ', element('a', { href: `/alternatives/${slugify(alternative)}.html` }, `toutes les alternatives libres à ${alternative}`));
    drawFacets();
    resultsList.replaceChildren();
    shown = 0;
    appendCards(count);
    emptyBox.hidden = total > 0;
    const words = q ? ` pour « ${q} »` : '';
    status.textContent =
      total === 0
        ? `Aucun logiciel trouvé${words}.`
        : correction
          ? `${plural(total, 'logiciel trouvé', 'logiciels trouvés')} pour « ${correction} » (recherche tapée : « ${q} »).`
          : `${plural(total, 'logiciel trouvé', 'logiciels trouvés')}${words}.`;
    const proposer = emptyBox.querySelector<HTMLAnchorElement>('[data-proposer]');
    if (proposer) proposer.href = `/contribuer/${q ? `?nom=${encodeURIComponent(q)}` : ''}`;
  }

  function appendCards(count: number): void {
    const items: HTMLLIElement[] = [];
    for (const entry of outcome.entries.slice(shown, shown + count)) {
      if (!entry.data) break;
      const item = element('li');
      item.innerHTML = resultCardHtml(cardOf(entry.data, entry.score));
      items.push(item);
    }
    resultsList.append(...items);
    shown += items.length;
    moreButton.hidden = shown >= outcome.entries.length;
  }

  async function showMore(count: number, moveFocus: boolean): Promise<void> {
    const current = generation;
    const before = shown;
    await loadData({ ...outcome, entries: outcome.entries.slice(shown, shown + count) }, count);
    if (current !== generation) return;
    appendCards(count);
    if (moveFocus) resultsList.children[before]?.querySelector('a')?.focus();
    remember();
  }

  function drawFacets(): void {
    const groups = facetsBox.querySelector<HTMLElement>('[data-groupes]')!;
    const fieldsets: HTMLFieldSetElement[] = [];
    for (const facet of FACETS) {
      const counts = new Map(outcome.facets[facet]);
      for (const value of state.filters[facet]) if (!counts.has(value)) counts.set(value, 0);
      const values = [...counts].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0], 'fr'));
      if (values.length === 0) continue;
      const fieldset = element('fieldset', { class: 'facette' });
      fieldset.append(element('legend', {}, FACET_LABELS[facet]));
      for (const [value, count] of values) {
        const label = element('label');
        const box = element('input', { type: 'checkbox', name: facet, value });
        box.checked = state.filters[facet].includes(value);
        label.append(box, element('span', { class: 'facette__valeur' }, value), ' ', element('span', { class: 'compte' }, `(${count})`));
        fieldset.append(label);
      }
      fieldsets.push(fieldset);
    }
    groups.replaceChildren(...fieldsets);
    facetsBox.hidden = fieldsets.length === 0 && !hasFilters(state);
    // Active filters stay in sight (a shared link opens with its filters shown).
    if (hasFilters(state)) facetsBox.open = true;
    const active = FACETS.reduce((n, facet) => n + state.filters[facet].length, 0);
    facetsBox.querySelector('summary')!.textContent = active > 0 ? `Filtrer (${active} actif${active > 1 ? 's' : ''})` : 'Filtrer';
    facetsBox.querySelector<HTMLElement>('[data-effacer]')!.hidden = active === 0;
  }

  function clear(): void {
    outcome = { entries: [], facets: emptyFacets() };
    shown = 0;
    resultsList.replaceChildren();
    correctionLine.hidden = true;
    alternativesLine.hidden = true;
    facetsBox.hidden = true;
    moreButton.hidden = true;
    emptyBox.hidden = true;
  }
}
