/**
 * Pagefind ranks by term statistics, which can bury the page whose *name* is the query (a long
 * notice that mentions "Firefox" ten times beats the Firefox notice). Visitors type names — of the
 * software, or of the proprietary tool they want to leave — so the first results are re-ranked:
 * exact name, then name prefix, then other names, then `alternative_a`, then Pagefind's order.
 * Plain TypeScript, shared by the browser script and the tests.
 */
import { foldForComparison } from '../notices/slug.ts';

export interface RankingFields {
  nom: string;
  autresNoms: readonly string[];
  alternatives: readonly string[];
  /** Labels of the notice's étiquettes ("Traitement de texte"). */
  etiquettes?: readonly string[];
  /** Featured by the association: wins ties, never beats a better match. */
  vedette?: boolean;
}

/** What people put around a product name: « alternative à Photoshop », « remplacer Word »… */
const FILLER = /^(une? |des |les? |la )?(alternatives? (libres? )?(à|a|au|aux|de|pour)|(logiciels? )?libres? (à la place de|pour remplacer|comme)|remplacer|remplaçant (de|à)|équivalents? (libres? )?(à|a|de))\s+/i;

/**
 * The query as typed, without the words around a product name, and glued
 * ("libre office" → "libreoffice") when it has several words.
 */
export function queryVariants(query: string): string[] {
  const trimmed = query.trim().replace(/\s+/g, ' ').replace(FILLER, '').trim();
  if (!trimmed) return [];
  const glued = trimmed.replace(/[\s-]+/g, '');
  return glued !== trimmed && glued.length > 2 ? [trimmed, glued] : [trimmed];
}

const fold = (text: string) => foldForComparison(text).replace(/\s+/g, ' ');
const glue = (text: string) => fold(text).replace(/[\s-]+/g, '');

/** How strongly a page's names answer the query; 0 when only the text matches. */
export function nameMatchStrength(query: string, fields: RankingFields): number {
  const q = fold(query);
  const qGlued = glue(query);
  if (!q) return 0;
  const score = (name: string, exact: number, prefix: number, word: number): number => {
    const n = fold(name);
    const nGlued = glue(name);
    if (n === q || nGlued === qGlued) return exact;
    if (n.startsWith(q) || nGlued.startsWith(qGlued)) return prefix;
    if (n.split(' ').some((w) => w.startsWith(q)) || (q.length >= 4 && n.includes(q))) return word;
    return 0;
  };
  const best = Math.max(
    score(fields.nom, 100, 80, 50),
    ...fields.autresNoms.map((n) => score(n, 90, 70, 40)),
    // The first alternatives listed are the ones the notice replaces best.
    ...fields.alternatives.map((n, i) => score(n, 75, 60, 30) - Math.min(i, 4)),
    ...(fields.etiquettes ?? []).map((n) => score(n, 20, 10, 0)),
    0,
  );
  return best > 0 && fields.vedette ? best + 3 : best;
}

/** Stable re-rank: stronger name matches first, Pagefind's order otherwise. */
export function rerank<T>(query: string, items: readonly T[], fieldsOf: (item: T) => RankingFields): T[] {
  return items
    .map((item, index) => ({ item, index, strength: nameMatchStrength(query, fieldsOf(item)) }))
    .sort((a, b) => b.strength - a.strength || a.index - b.index)
    .map((entry) => entry.item);
}

/** Meta fields hold lists joined with this separator (Pagefind meta values are plain strings). */
export const LIST_SEPARATOR = ' | ';
export const splitList = (value: string | undefined): string[] =>
  value ? value.split(LIST_SEPARATOR).map((v) => v.trim()).filter(Boolean) : [];

/** Ranking options handed to Pagefind: names are short, so page length must not decide. */
export const PAGEFIND_RANKING = {
  termSimilarity: 2.0,
  pageLength: 0.1,
  termSaturation: 1.6,
  termFrequency: 0.8,
} as const;
