/**
 * One search box on a page: its elements, found once, and what it shows now. The modules beside
 * this one (view, facets, history, keyboard) each take a Box.
 */
import type { Score } from '../ranking.ts';
import type { FacetCounts, SearchState } from '../state.ts';
import type { PagefindResult, PagefindResultData } from './pagefind.ts';

export interface Entry {
  result?: PagefindResult;
  data?: PagefindResultData;
  score?: Score;
}

/** What one search found, ready to draw. */
export interface Outcome {
  /** Results in order; `data` is loaded for the first ones (all of them for a query). */
  entries: Entry[];
  facets: FacetCounts;
  correction?: string;
  /** A listing by filters alone: puts its first `count` entries in order, with their data. */
  order?: (count: number) => Promise<void>;
}

export interface BoxElements {
  root: HTMLElement;
  form: HTMLFormElement;
  input: HTMLInputElement;
  status: HTMLElement;
  correctionLine: HTMLElement;
  alternativesLine: HTMLElement;
  facetsBox: HTMLDetailsElement;
  heading: HTMLElement;
  resultsList: HTMLOListElement;
  moreButton: HTMLButtonElement;
  emptyBox: HTMLElement;
  /** What the page shows when nobody searches (hidden while results are shown). */
  outside: NodeListOf<HTMLElement>;
}

export interface Box {
  el: BoxElements;
  searchPath: string;
  vocabularyUrl: string;
  state: SearchState;
  outcome: Outcome;
  /** Cards drawn so far. */
  shown: number;
  /** Goes up with every search: an older search that finishes late draws nothing. */
  generation: number;
  /** The search under way (focus after Enter waits for it). */
  pending: Promise<void>;
}

export function findElements(root: HTMLElement): BoxElements {
  const one = <T extends Element>(selector: string) => root.querySelector<T>(selector)!;
  return {
    root,
    form: one<HTMLFormElement>('form'),
    input: one<HTMLInputElement>('input[type="search"]'),
    status: one<HTMLElement>('[data-etat]'),
    correctionLine: one<HTMLElement>('[data-correction]'),
    alternativesLine: one<HTMLElement>('[data-alternatives]'),
    facetsBox: one<HTMLDetailsElement>('[data-facettes]'),
    heading: one<HTMLElement>('[data-titre-resultats]'),
    resultsList: one<HTMLOListElement>('[data-resultats]'),
    moreButton: one<HTMLButtonElement>('[data-plus]'),
    emptyBox: one<HTMLElement>('[data-vide]'),
    outside: document.querySelectorAll<HTMLElement>('[data-hors-recherche]'),
  };
}

export function element<K extends keyof HTMLElementTagNameMap>(tag: K, attributes: Record<string, string> = {}, text?: string): HTMLElementTagNameMap[K] {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) node.setAttribute(name, value);
  if (text !== undefined) node.textContent = text;
  return node;
}
