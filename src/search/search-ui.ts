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
import { foldForComparison, slugify } from '../notices/slug.ts';
import { PAGEFIND_URL, SHARD_FILTER, SHARDS_FILE, type ShardList } from './shards.ts';

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
  mergeIndex(path: string, options?: Record<string, unknown>): Promise<void>;
  search(term: string | null, options?: { filters?: Record<string, unknown>; sort?: Record<string, string> }): Promise<PagefindSearch | null>;
  preload(term: string): Promise<void>;
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

/** Pagefind with every shard of the index merged, and how many there are. */
interface LoadedIndex {
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
function loadPagefind(): Promise<LoadedIndex> {
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

/**
 * Pagefind's answer for a term, kept for the page life (the last TERM_CACHE terms): typing « photo
 * editor » after « photo edito » searches « photo », « image », « retouche » once, not twice.
 */
const TERM_CACHE = 64;
const termResults = new Map<string, Promise<PagefindSearch | null>>();
function searchTerm(pagefind: Pagefind, term: string): Promise<PagefindSearch | null> {
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

interface Entry {
  result?: PagefindResult;
  data?: PagefindResultData;
  score?: Score;
}

/** What one search found, ready to draw. */
interface Outcome {
  /** Results in order; `data` is loaded for the first ones (all of them for a query). */
  entries: Entry[];
  facets: Record<Facet, Map<string, number>>;
  correction?: string;
  /** A listing by filters alone: puts its first `count` entries in order, with their data. */
  order?: (count: number) => Promise<void>;
}

/**
 * A listing by filters alone over several shards: each shard's matches come A to Z (Pagefind's
 * sort), merged here by name as the cards are needed. Only the cards shown and each shard's next
 * candidate are loaded.
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

  // The index starts loading when someone reaches for the box (a tap, a first key), not at the
  // first letter typed: with several shards, its first search waits for each of them.
  const warmUp = () => void loadPagefind().catch(() => undefined);
  input.addEventListener('pointerdown', warmUp, { once: true });
  input.addEventListener('keydown', warmUp, { once: true });

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
    const { pagefind, shards } = await loadPagefind();
    if (!query.q.trim()) {
      const filters = pagefindFilters(query);
      // Filters only: every notice that has them, A to Z, counted by Pagefind (whose counts come
      // with a search only once its filter index is loaded: loaded here, not for every query).
      // With several shards, each is asked for its own matches (already A to Z), merged by name.
      const lists = await serially(async () => {
        await pagefind.filters();
        const found: PagefindSearch[] = [];
        for (let shard = 0; shard < shards; shard++) {
          const one = await pagefind.search(null, { filters: shards > 1 ? { ...filters, [SHARD_FILTER]: String(shard) } : filters, sort: { nom: 'asc' } });
          if (!one) return undefined;
          found.push(one);
        }
        return found;
      });
      if (!lists || current !== generation) return undefined;
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
    // Candidates in the order of the searches, each search's best first, at most MAX_CANDIDATES;
    // a candidate's fragment is requested as soon as it is known, while the next searches run.
    const candidates = new Map<string, PagefindResult>();
    const take = (found: PagefindSearch, count: number) => {
      for (const result of found.results.slice(0, count)) {
        if (candidates.size >= MAX_CANDIDATES || candidates.has(result.id)) continue;
        candidates.set(result.id, result);
        void dataOf(result).catch(() => undefined);
      }
    };
    const done = await serially(async () => {
      if (current !== generation) return false;
      // What the words mean in the directory's own words (« mails » → courriel) always brings
      // candidates; the words one by one only when the query as typed finds few notices (a
      // need in several words rarely sits whole in one notice). The index chunks of the searches
      // certain to run are fetched together first (Pagefind's preload), then searched one by one.
      const synonyms = new Set(analysis.words.flatMap((w) => w.synonyms.map((words) => words.join(' '))));
      const others = terms.filter((t) => !analysis.variants.includes(t));
      const preload = (terms: readonly string[]) => Promise.all(terms.filter((term) => !termResults.has(term)).map((term) => pagefind.preload(term)));
      await preload([...analysis.variants, ...others.filter((t) => synonyms.has(t))]);
      let matches = 0;
      // Every notice of the étiquettes that answer the need the query expresses (content/besoins.yaml),
      // whatever words its text uses: they all belong among the first results.
      if (analysis.needLabels.length > 0) {
        const found = await pagefind.search(null, { filters: { etiquette: { any: analysis.needLabels } } });
        if (found) {
          matches += found.results.length;
          take(found, NEED_CANDIDATES);
        }
      }
      for (const term of analysis.variants) {
        const found = await searchTerm(pagefind, term);
        if (!found) continue;
        matches += found.results.length;
        take(found, CANDIDATES);
      }
      const few = matches < FEW_MATCHES;
      const words = others.filter((t) => few || synonyms.has(t));
      if (few) await preload(words.filter((t) => !synonyms.has(t)));
      for (const term of words) {
        const found = await searchTerm(pagefind, term);
        if (found) take(found, CANDIDATES_PER_WORD);
      }
      return true;
    });
    if (!done || current !== generation) return undefined;
    const loaded = await Promise.all([...candidates.values()].map(dataOf));
    if (current !== generation) return undefined;
    return rank(q, loaded, fieldsOf, needs).map(({ item, score }) => ({ data: item, score }));
  }

  /** Loads the data of `count` entries from `from` on (putting a listing's entries in order first). */
  async function loadData(found: Outcome, count: number, from = 0): Promise<void> {
    if (found.order) return found.order(from + count);
    await Promise.all(
      found.entries.slice(from, from + count).map(async (entry) => {
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
    await loadData(outcome, count, shown);
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
