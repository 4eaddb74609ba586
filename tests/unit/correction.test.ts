import assert from 'node:assert/strict';
import { it } from 'node:test';
import fc from 'fast-check';
import { glue, wordsOf } from '../../src/search/notice-fields.ts';
import { queryVariants } from '../../src/search/query.ts';
import { correctEachWord } from '../../src/search/correction.ts';
import { correctionTerms, correctQuery, editDistance } from '../../src/search/ranking.ts';
import { readNotices } from '../../src/search/indexer.ts';

/**
 * The correction as first written: each term compared with the query as a whole word, then with
 * each of its starts one by one (the word-by-word step after it is unchanged, hence shared). The
 * published one computes the same distances in one table per term, with the vocabulary prepared
 * once; it must choose exactly the same term.
 */
function plainCorrectQuery(query: string, terms: readonly string[]): string | undefined {
  const variants = queryVariants(query);
  if (variants.length === 0) return undefined;
  const q = glue(variants[0]!);
  const allowedEdits = (length: number) => (length < 4 ? 0 : length <= 5 ? 1 : 2);
  const max = allowedEdits(q.length);
  if (max === 0) return undefined;
  let best: { term: string; distance: number } | undefined;
  for (const term of terms.flatMap((term) => [term, ...(term.includes(' ') ? term.split(' ').filter((w) => w.length >= 5) : [])])) {
    const t = glue(term);
    if (t === q) return undefined;
    let distance = editDistance(q, t, max);
    if (distance > max && q.length >= 5 && t.length > q.length) {
      for (let length = Math.max(3, q.length - max); length <= Math.min(t.length - 1, q.length + max); length++) {
        const d = editDistance(q, t.slice(0, length), max);
        if (d <= max) distance = Math.min(distance, d + 0.5);
      }
    }
    if (distance <= max + 0.5 && (!best || distance < best.distance)) best = { term, distance };
  }
  return best ? best.term : correctEachWord(variants[0]!, new Set(terms.flatMap((t) => wordsOf(t))));
}

const terms = correctionTerms(readNotices().map((n) => ({ nom: n.data.nom, autresNoms: n.data.autres_noms ?? [], alternatives: n.data.alternative_a ?? [], etiquettes: [] })));

/** A name of the directory as a hurried visitor types it: a letter dropped, added, changed or swapped, or cut short. */
const slip = fc
  .tuple(fc.constantFrom(...terms), fc.constantFrom('drop', 'add', 'change', 'swap', 'cut', 'two'), fc.nat(), fc.nat(), fc.constantFrom(...'aeiouxzrtn'))
  .map(([term, kind, at, other, letter]) => {
    const slipOnce = (text: string, k: string, i: number) => {
      const p = text.length > 0 ? i % text.length : 0;
      if (k === 'drop') return text.slice(0, p) + text.slice(p + 1);
      if (k === 'add') return text.slice(0, p) + letter + text.slice(p);
      if (k === 'change') return text.slice(0, p) + letter + text.slice(p + 1);
      if (k === 'swap') return text.slice(0, p) + text.slice(p + 1, p + 2) + text.slice(p, p + 1) + text.slice(p + 2);
      return text.slice(0, Math.max(3, p));
    };
    return kind === 'two' ? slipOnce(slipOnce(term, 'swap', at), 'drop', other) : slipOnce(term, kind, at);
  });

it('corrige exactement comme la comparaison lettre à lettre, sur les noms de l’annuaire mal tapés', () => {
  fc.assert(
    fc.property(
      fc.oneof(
        slip,
        fc.tuple(slip, slip).map(([a, b]) => `${a} ${b}`),
      ),
      (typed) => {
        assert.equal(correctQuery(typed, terms), plainCorrectQuery(typed, terms), typed);
      },
    ),
    { numRuns: 400 },
  );
});

it('corrige les fautes courantes vers le nom voulu', () => {
  assert.equal(correctQuery('libreofis', terms), 'LibreOffice');
  assert.equal(correctQuery('thundrbird', terms), 'Thunderbird');
  assert.equal(correctQuery('inkskape', terms), 'Inkscape');
});
