/**
 * What a query says, before any notice is looked at: the query without the words around a product
 * name (« alternative à … »), its glued form, its meaningful words with their weights, and the
 * needs it expresses (content/besoins.yaml, handed in as NeedWords), each need word with the words
 * that say the same thing. Also the list of Pagefind searches the box runs for it (searchTerms).
 * Plain TypeScript: it ships in the browser bundle.
 */
import { fold, type NeedWords, needStems, STOPWORDS, stem } from '../notices/words.ts';

/** What people put around a product name: « alternative à Photoshop », « remplacer Word »… */
const FILLER =
  /^(une? |des |les? |la )?(alternatives? (libres? )?(à|a|au|aux|de|pour)|(logiciels? )?libres? (à la place de|pour remplacer|comme)|remplacer|remplaçant (de|à)|équivalents? (libres? )?(à|a|de)|alternatives? to|replace)\s+/i;

/**
 * The query as typed, without the words around a product name, and glued
 * ("libre office" → "libreoffice") when it has several words.
 */
export const wantsAlternative = (query: string): boolean => FILLER.test(query.trim().replace(/\s+/g, ' '));

export function queryVariants(query: string): string[] {
  const trimmed = query.trim().replace(/\s+/g, ' ').replace(FILLER, '').trim();
  if (!trimmed) return [];
  const glued = trimmed.replace(/[\s-]+/g, '');
  // Glued, a name typed in two words (« libre office »); a sentence glued is no name.
  return glued !== trimmed && glued.length > 2 && trimmed.split(' ').length <= 3 ? [trimmed, glued] : [trimmed];
}

/** Verbs that say little about the need (« lire ses mails », « tenir les comptes »): half weight. */
const WEAK_WORDS = new Set(
  (
    'lire ouvrir faire gerer tenir organiser regarder ecouter prendre creer trouver installer envoyer recevoir voir ' +
    'chercher avoir mon fichier fichiers document documents ses mes nos vos petit simple facile bon meilleur use make ' +
    'open manage find get best good easy'
  ).split(' '),
);

/** One need, ready to be found in a query: the label's words, and each phrase as stems. */
interface CompiledNeed {
  /** The étiquette label as written (« Prise de notes »): the search box's filter value. */
  original: string;
  /** The étiquette label, folded (« prise de notes »). */
  label: string;
  labelWords: string[];
  phrases: string[][];
}
const NO_NEEDS: NeedWords = {};
const compiledNeeds = new WeakMap<NeedWords, CompiledNeed[]>();

function compileNeeds(needs: NeedWords): CompiledNeed[] {
  let compiled = compiledNeeds.get(needs);
  if (!compiled) {
    compiled = Object.entries(needs).map(([label, phrases]) => ({
      original: label,
      label: fold(label),
      labelWords: fold(label).split(' '),
      phrases: [label, ...phrases].map(needStems).filter((stems) => stems.length > 0),
    }));
    compiledNeeds.set(needs, compiled);
  }
  return compiled;
}

/** A need that covers a query word: its folded label and every phrase of it (label included), as stems. */
export interface NeedPhrases {
  label: string;
  phrases: string[][];
}

export interface QueryAnalysis {
  /** The query as typed, folded, filler words removed. */
  query: string;
  /** « alternative à … », « remplacer … »: the visitor names a proprietary tool. */
  wantsAlternative: boolean;
  /** Searches worth running (the query, its glued form). */
  variants: string[];
  /** The meaningful words, each with the words that say the same thing (the labels of the needs it expresses). */
  words: { word: string; stem: string; synonyms: string[][]; weight: number; needPhrases: NeedPhrases[] }[];
  /** The étiquettes (folded labels) whose need words the query holds: their notices answer it. */
  needs: string[];
  /** The same étiquettes' labels as written. */
  needLabels: string[];
}

/**
 * The needs a query expresses: each need word or phrase found in the query's meaningful words, in
 * order, compared by stems (« factures » meets « facture »). A longer phrase wins over the needs
 * of the words it covers: « réunion à distance » is a video meeting, not a remote desktop.
 */
function findNeeds(stems: readonly string[], needs: readonly CompiledNeed[]): { need: CompiledNeed; from: number; length: number }[] {
  const found: { need: CompiledNeed; from: number; length: number }[] = [];
  for (const need of needs) {
    for (const phrase of need.phrases) {
      for (let from = 0; from + phrase.length <= stems.length; from++) {
        if (phrase.every((s, k) => stems[from + k] === s)) found.push({ need, from, length: phrase.length });
      }
    }
  }
  found.sort((a, b) => b.length - a.length);
  const covered = new Array<number>(stems.length).fill(0);
  return found.filter(({ from, length }) => {
    let longer = true;
    for (let k = from; k < from + length; k++) if (covered[k]! <= length) longer = false;
    if (longer) return false;
    for (let k = from; k < from + length; k++) covered[k] = Math.max(covered[k]!, length);
    return true;
  });
}

export function analyseQuery(query: string, needs: NeedWords = NO_NEEDS): QueryAnalysis {
  const variants = queryVariants(query);
  const folded = fold(variants[0] ?? '');
  const all = folded.split(' ').filter(Boolean);
  const meaningful = all.filter((w) => !STOPWORDS.has(w));
  const chosen = meaningful.length > 0 ? meaningful : all;
  const stems = chosen.map(stem);
  const matches = findNeeds(stems, compileNeeds(needs));
  return {
    query: folded,
    wantsAlternative: wantsAlternative(query),
    variants,
    words: chosen.map((word, i) => ({
      word,
      stem: stems[i]!,
      synonyms: [...new Set(matches.filter((m) => i >= m.from && i < m.from + m.length).map((m) => m.need.label))].filter((s) => s !== word).map((s) => s.split(' ')),
      weight: WEAK_WORDS.has(word) && chosen.length > 1 ? 0.4 : 1,
      needPhrases: [...new Set(matches.filter((m) => i >= m.from && i < m.from + m.length).map((m) => m.need))].map((n) => ({ label: n.label, phrases: n.phrases })),
    })),
    needs: [...new Set(matches.map((m) => m.need.label))],
    needLabels: [...new Set(matches.map((m) => m.need.original))],
  };
}

/** The Pagefind searches for a query: the query itself, its glued form, then each meaningful word and its synonyms. */
export function searchTerms(analysis: QueryAnalysis, max = 8): string[] {
  const terms = new Set(analysis.variants);
  for (const w of analysis.words) for (const s of w.synonyms) terms.add(s.join(' '));
  if (analysis.words.length > 1) for (const w of analysis.words) if (w.word.length >= 2) terms.add(w.word);
  return [...terms].slice(0, max);
}
