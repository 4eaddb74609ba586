/**
 * How a notice's names answer a query: its own name, its other names, the proprietary tools it
 * replaces (`alternative_a`), its étiquette labels, from exact to prefix to a word of the name.
 */
import { fold } from '../notices/words.ts';
import { type FoldedName, prepared, type RankingFields } from './notice-fields.ts';

/** How strongly one folded name answers the folded query. */
export function nameScore(q: string, qGlued: string, n: FoldedName, exact: number, prefix: number, word: number): number {
  if (n.folded === q || n.glued === qGlued || n.bare === q) return exact;
  if (n.folded.startsWith(q) || n.glued.startsWith(qGlued)) return prefix;
  if (n.words.some((w) => w.startsWith(q)) || (q.length >= 4 && n.folded.includes(q))) return word;
  return 0;
}

/**
 * How strongly a page's names answer the query; 0 when only the text matches. When the query
 * says it looks for an alternative (« alternative à Word »), proprietary names come before the
 * notices' own names (« WordPress »).
 */
export function nameMatchStrength(query: string, fields: RankingFields, wantsAlternative = false): number {
  const q = fold(query);
  const qGlued = q.replace(/[\s-]+/g, '');
  if (!q) return 0;
  const p = prepared(fields);
  const alternativeBonus = wantsAlternative ? 60 : 0;
  const best = Math.max(
    nameScore(q, qGlued, p.nom, 100, 80, 50),
    ...p.autresNoms.map((n) => nameScore(q, qGlued, n, 90, 70, 40)),
    // The first alternatives listed are the ones the notice replaces best.
    ...p.alternatives.map((n, i) => {
      const score = nameScore(q, qGlued, n, 75, 60, 30);
      return score > 0 ? score - Math.min(i, 4) + alternativeBonus : 0;
    }),
    ...p.etiquettes.map((n) => nameScore(q, qGlued, n, 20, 10, 0)),
    0,
  );
  return best > 0 && fields.vedette ? best + 3 : best;
}
