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
  let best: { term: string; distance: number } | undefined;
  // Each term, and each long word of a term (« photshop » means the « Photoshop » of « Adobe Photoshop »).
  const candidates = terms.flatMap((term) => [term, ...(term.includes(' ') ? term.split(' ').filter((w) => w.length >= 5) : [])]);
  for (const term of candidates) {
    const t = glue(term);
    if (t === q) return undefined;
    let distance = editDistance(q, t, max);
    if (distance > max && q.length >= 5 && t.length > q.length) {
      // As typed so far: the closest start of the term, a little behind a whole-word match.
      for (let length = Math.max(3, q.length - max); length <= Math.min(t.length - 1, q.length + max); length++) {
        const d = editDistance(q, t.slice(0, length), max);
        if (d <= max) distance = Math.min(distance, d + 0.5);
      }
    }
    if (distance <= max + 0.5 && (!best || distance < best.distance)) best = { term, distance };
  }
  if (best) return best.term;
  // Word by word: « montage vido » → « montage video ».
  const words = fold(variants[0]!).split(' ');
  if (words.length < 2) return undefined;
  const vocabulary = new Set(terms.flatMap((t) => wordsOf(t)));
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
