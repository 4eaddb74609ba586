/**
 * The basket « Ma sélection »: an ordered list of notices kept in the browser's localStorage
 * only (no account, nothing sent anywhere). Pure functions over a Storage-like object, so the
 * rules are tested in Node and the browser code stays thin.
 */
import type { SnippetData } from './snippet.ts';
import { SLUG_PATTERN } from '../notices/slug.ts';

export const BASKET_KEY = 'framalibre.selection';
export const BASKET_VERSION = 1;
/** Enough for any mini-site; keeps the stored value small. */
export const BASKET_MAX = 200;

export interface StorageLike {
  getItem(key: string): string | null;
  setItem(key: string, value: string): void;
}

const isText = (value: unknown, max = 2000): value is string => typeof value === 'string' && value.length > 0 && value.length <= max;

/** Keeps only well-formed entries: the stored value may be old, edited by hand, or broken. */
export function sanitizeItem(value: unknown): SnippetData | undefined {
  if (!value || typeof value !== 'object') return undefined;
  const item = value as Record<string, unknown>;
  if (!isText(item.slug, 200) || !SLUG_PATTERN.test(item.slug) || !isText(item.nom, 200) || !isText(item.url)) return undefined;
  const optional = (key: string) => (isText(item[key]) ? (item[key] as string) : undefined);
  return {
    slug: item.slug,
    nom: item.nom,
    description_courte: optional('description_courte'),
    url: item.url,
    site_web: optional('site_web'),
    code_source: optional('code_source'),
    logo_url: optional('logo_url'),
  };
}

/** A basket entry from a notice as /notices/<slug>.json exports it (what the list buttons fetch). */
export function itemFromExport(notice: Record<string, unknown>): SnippetData | undefined {
  return sanitizeItem({
    slug: notice.slug,
    nom: notice.nom,
    description_courte: notice.description_courte,
    url: notice.url,
    site_web: notice.site_web,
    code_source: notice.code_source,
    logo_url: notice.logo_url,
  });
}

export function parseBasket(text: string | null): SnippetData[] {
  if (!text) return [];
  try {
    const value = JSON.parse(text) as { notices?: unknown };
    if (!Array.isArray(value?.notices)) return [];
    const seen = new Set<string>();
    return value.notices
      .flatMap((entry) => {
        const item = sanitizeItem(entry);
        if (!item || seen.has(item.slug)) return [];
        seen.add(item.slug);
        return [item];
      })
      .slice(0, BASKET_MAX);
  } catch {
    return [];
  }
}

export function readBasket(storage: StorageLike): SnippetData[] {
  return parseBasket(storage.getItem(BASKET_KEY));
}

/** The title typed for the printed handout, kept next to the basket (same browser, same rules). */
export const HANDOUT_TITLE_KEY = 'framalibre.selection.titre';

export function readHandoutTitle(storage: StorageLike): string {
  return storage.getItem(HANDOUT_TITLE_KEY) ?? '';
}

export function writeHandoutTitle(storage: StorageLike, title: string): void {
  storage.setItem(HANDOUT_TITLE_KEY, title.slice(0, 200));
}

export function writeBasket(storage: StorageLike, notices: readonly SnippetData[]): void {
  storage.setItem(BASKET_KEY, JSON.stringify({ version: BASKET_VERSION, notices: notices.slice(0, BASKET_MAX) }));
}

/** Adds at the end, or refreshes the data of a notice already there (keeping its place). */
export function addToBasket(notices: readonly SnippetData[], item: SnippetData): SnippetData[] {
  const index = notices.findIndex((n) => n.slug === item.slug);
  if (index >= 0) return notices.map((n, i) => (i === index ? item : n));
  return [...notices, item].slice(0, BASKET_MAX);
}

export function removeFromBasket(notices: readonly SnippetData[], slug: string): SnippetData[] {
  return notices.filter((n) => n.slug !== slug);
}

/** Moves a notice by `offset` places (−1 up, +1 down), staying inside the list. */
export function moveInBasket(notices: readonly SnippetData[], slug: string, offset: number): SnippetData[] {
  const from = notices.findIndex((n) => n.slug === slug);
  if (from < 0) return [...notices];
  const to = Math.max(0, Math.min(notices.length - 1, from + offset));
  const list = [...notices];
  const [item] = list.splice(from, 1);
  list.splice(to, 0, item!);
  return list;
}
