/**
 * Typo correction, from the directory's own vocabulary (published by the indexer as
 * /recherche/vocabulaire.json, fetched by the box only when a query finds little).
 */
import { fold, STOPWORDS } from '../notices/words.ts';
import { glue, type RankingFields, wordsOf } from './notice-fields.ts';
import { queryVariants } from './query.ts';

/** The names a visitor may mean: notice names and other names, proprietary names, étiquette labels. */
export function correctionTerms(records: readonly Pick<RankingFields, 'nom' | 'autresNoms' | 'alternatives' | 'etiquettes'>[]): string[] {
  const seen = new Set<string>();
  const terms: string[] = [];
  const add = (term: string) => {
    const key = glue(term);
    if (key.length < 3 || seen.has(key)) return;
    seen.add(key);
    terms.push(term);
  };
  for (const r of records) add(r.nom);
  for (const r of records) for (const n of r.autresNoms) add(n);
  for (const r of records) for (const a of r.alternatives) add(a);
  for (const r of records) for (const e of r.etiquettes ?? []) add(e);
  return terms;
}

/** Optimal string alignment distance (Damerau–Levenshtein with adjacent swaps), capped. */
export function editDistance(a: string, b: string, cap = 3): number {
  if (Math.abs(a.length - b.length) > cap) return cap + 1;
  let prev2: number[] = [];
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const row = [i];
    let rowMin = i;
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let d = Math.min(prev[j]! + 1, row[j - 1]! + 1, prev[j - 1]! + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) d = Math.min(d, prev2[j - 2]! + 1);
      row.push(d);
      rowMin = Math.min(rowMin, d);
    }
    if (rowMin > cap) return cap + 1;
    prev2 = prev;
    prev = row;
  }
  return prev[b.length]!;
}

/** Edits allowed for a typed word: one slip up to 5 letters, two beyond. */
const allowedEdits = (length: number) => (length < 4 ? 0 : length <= 5 ? 1 : 2);

/** A vocabulary made ready once: the box and the server correct many queries against the same list. */
interface PreparedTerms {
  /** Each term, and each long word of a term (« photshop » means the « Photoshop » of « Adobe Photoshop »), glued. */
  candidates: { term: string; glued: string }[];
  /** Every word of the terms, for the word-by-word correction. */
  words: Set<string>;
}
const preparedTerms = new WeakMap<readonly string[], PreparedTerms>();
function prepare(terms: readonly string[]): PreparedTerms {
  let prepared = preparedTerms.get(terms);
  if (!prepared) {
    const candidates = terms.flatMap((term) => [term, ...(term.includes(' ') ? term.split(' ').filter((w) => w.length >= 5) : [])]);
    prepared = { candidates: candidates.map((term) => ({ term, glued: glue(term) })), words: new Set(terms.flatMap((t) => wordsOf(t))) };
    preparedTerms.set(terms, prepared);
  }
  return prepared;
}

/**
 * The distances (as editDistance counts them) from `a` to each start of `b` up to `columns`
 * letters: the last row of one table, where comparing with each start apart would fill up to
 * five tables. Undefined when every one exceeds `cap`.
 */
let rows: Int32Array[] = [];
function distancesToStarts(a: string, b: string, columns: number, cap: number): Int32Array | undefined {
  // Three rows reused from one term to the next: thousands of terms are compared per query.
  if ((rows[0]?.length ?? 0) <= columns) rows = [0, 1, 2].map(() => new Int32Array(columns + 1));
  let [prev2, prev, row] = rows as [Int32Array, Int32Array, Int32Array];
  for (let j = 0; j <= columns; j++) prev[j] = j;
  for (let i = 1; i <= a.length; i++) {
    row[0] = i;
    let rowMin = i;
    for (let j = 1; j <= columns; j++) {
      let d = Math.min(prev[j]! + 1, row[j - 1]! + 1, prev[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1));
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) d = Math.min(d, prev2[j - 2]! + 1);
      row[j] = d;
      if (d < rowMin) rowMin = d;
    }
    if (rowMin > cap) return undefined;
    [prev2, prev, row] = [prev, row, prev2];
  }
  return prev;
}

/**
 * How far a typed query `q` is from a term `t` (both glued): as a whole word, or, a little behind,
 * as the start of a longer name typed so far (« libreofis » → LibreOffice). Above `max`: too far.
 */
function termDistance(q: string, t: string, max: number): number {
  const whole = Math.abs(t.length - q.length) <= max;
  const asStart = q.length >= 5 && t.length > q.length;
  const columns = whole ? t.length : asStart ? Math.min(t.length - 1, q.length + max) : 0;
  const row = columns > 0 ? distancesToStarts(q, t, columns, max) : undefined;
  if (!row) return max + 1;
  let distance = whole ? row[t.length]! : max + 1;
  if (distance > max && asStart)
    for (let length = Math.max(3, q.length - max); length <= Math.min(t.length - 1, q.length + max); length++) {
      if (row[length]! <= max) distance = Math.min(distance, row[length]! + 0.5);
    }
  return distance;
}

/**
 * The term the visitor most likely meant, or undefined. The whole query is compared with each
 * term (glued, folded), as a whole word or as the start of a longer name (« libreofis » →
 * LibreOffice); a multi-word query is also corrected word by word against the terms' words.
 */
export function correctQuery(query: string, terms: readonly string[]): string | undefined {
  const variants = queryVariants(query);
  if (variants.length === 0) return undefined;
  const q = glue(variants[0]!);
  const max = allowedEdits(q.length);
  if (max === 0) return undefined;
  const { candidates, words } = prepare(terms);
  let best: { term: string; distance: number } | undefined;
  for (const { term, glued } of candidates) {
    if (glued === q) return undefined;
    const distance = termDistance(q, glued, max);
    if (distance <= max + 0.5 && (!best || distance < best.distance)) best = { term, distance };
  }
  return best ? best.term : correctEachWord(variants[0]!, words);
}

/** Word by word: « montage vido » → « montage video »; undefined for one word or nothing changed. */
export function correctEachWord(typed: string, vocabulary: ReadonlySet<string>): string | undefined {
  const words = fold(typed).split(' ');
  if (words.length < 2) return undefined;
  let changed = false;
  const corrected = words.map((word) => {
    const allowed = allowedEdits(word.length);
    if (allowed === 0 || vocabulary.has(word) || STOPWORDS.has(word)) return word;
    let choice: { word: string; distance: number } | undefined;
    for (const candidate of vocabulary) {
      const distance = editDistance(word, candidate, allowed);
      if (distance <= allowed && (!choice || distance < choice.distance)) choice = { word: candidate, distance };
    }
    if (!choice) return word;
    changed = true;
    return choice.word;
  });
  return changed ? corrected.join(' ') : undefined;
}
