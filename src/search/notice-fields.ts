/**
 * A notice as the ranking sees it (RankingFields), and the same fields folded once into words and
 * stems (`prepared`): every query scores the same prepared object, so a notice is folded once per
 * page life in the box and once per process on the server.
 */
import { fold, STOPWORDS, stem } from '../notices/words.ts';

export interface RankingFields {
  nom: string;
  autresNoms: readonly string[];
  alternatives: readonly string[];
  /** Labels of the notice's étiquettes ("Traitement de texte"). */
  etiquettes?: readonly string[];
  /** The one-liner (`description_courte`). */
  description?: string;
  /** Everything else said about the notice: what its étiquettes mean, its long description. */
  text?: string;
  /** Featured by the association: wins ties, never beats a better match. */
  vedette?: boolean;
}

export const glue = (text: string) => fold(text).replace(/[\s-]+/g, '');

/** A name folded once: as written (accents, case and punctuation folded), glued, and without its vendor. */
export interface FoldedName {
  folded: string;
  glued: string;
  words: string[];
  /** « Microsoft Outlook » is « Outlook » to most people: the name without a vendor's word first. */
  bare?: string;
}
const VENDOR = /^(microsoft|adobe|google|apple|autodesk|amazon|oracle|corel|ibm|meta|facebook) (?=\S)/;
const foldName = (name: string): FoldedName => {
  const folded = fold(name);
  const bare = VENDOR.test(folded) ? folded.replace(VENDOR, '') : undefined;
  return { folded, glued: folded.replace(/[\s-]+/g, ''), words: folded.split(' '), ...(bare ? { bare } : {}) };
};

/** The fields a query word is looked for in, each with its weight in scoring.ts (FIELD_WEIGHTS). */
export const FIELD_NAMES = ['names', 'alternatives', 'etiquettes', 'description', 'text'] as const;
export type FieldName = (typeof FIELD_NAMES)[number];

export const wordsOf = (text: string) => fold(text).split(' ').filter(Boolean);

export interface FieldWords {
  words: string[];
  stems: string[];
}
/** A notice's fields folded once (the same object is scored for every query). */
export interface Prepared {
  nom: FoldedName;
  autresNoms: FoldedName[];
  alternatives: FoldedName[];
  etiquettes: FoldedName[];
  /** The étiquette labels as stem phrases (stemPhrase). */
  etiquetteStems: string[];
  description: string;
  /** The names and the one-liner, meaningful words only, as stems in order (what the notice says it is). */
  ownStems: string[];
  /** The first meaningful words of the one-liner, as stems: « Liseuse de livres numériques… » says what the notice is. */
  headStems: string[];
  fields: Record<FieldName, FieldWords>;
}

/** A text as its meaningful words' stems, in order: « Mots de passe » → « mot pass ». */
export function stemPhrase(text: string): string {
  return fold(text)
    .split(' ')
    .filter((w) => w && !STOPWORDS.has(w))
    .map(stem)
    .join(' ');
}
const preparedCache = new WeakMap<RankingFields, Prepared>();
export function prepared(fields: RankingFields): Prepared {
  const cached = preparedCache.get(fields);
  if (cached) return cached;
  const field = (words: string[]): FieldWords => ({ words, stems: words.map(stem) });
  const p: Prepared = {
    nom: foldName(fields.nom),
    autresNoms: fields.autresNoms.map(foldName),
    alternatives: fields.alternatives.map(foldName),
    etiquettes: (fields.etiquettes ?? []).map(foldName),
    etiquetteStems: (fields.etiquettes ?? []).map(stemPhrase),
    description: fold(fields.description ?? ''),
    ownStems: wordsOf([fields.nom, ...fields.autresNoms, '.', fields.description ?? ''].join(' '))
      .filter((w) => !STOPWORDS.has(w))
      .map(stem),
    headStems: wordsOf(fields.description ?? '')
      .filter((w) => !STOPWORDS.has(w))
      .slice(0, HEAD_WORDS)
      .map(stem),
    fields: {
      names: field(wordsOf([fields.nom, ...fields.autresNoms].join(' '))),
      alternatives: field(wordsOf(fields.alternatives.join(' '))),
      etiquettes: field(wordsOf((fields.etiquettes ?? []).join(' '))),
      description: field(wordsOf(fields.description ?? '')),
      // Each word once: the long text is only asked whether it holds a word.
      text: field([...new Set(wordsOf(fields.text ?? ''))]),
    },
  };
  preparedCache.set(fields, p);
  return p;
}

/** How many of the one-liner's first meaningful words say what the notice is. */
const HEAD_WORDS = 4;
