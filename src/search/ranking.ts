/**
 * The search's rules, in one module shared by the search box (which scores the candidates Pagefind
 * finds), the server-rendered results page (which scores every notice) and the tests.
 *
 * Visitors type names — of the software, or of the proprietary tool they want to leave — or a need
 * in everyday words. So a notice is scored first by how its names answer the query (exact name,
 * name prefix, other names, `alternative_a`), then by whether its étiquettes answer the need the
 * query expresses (the words of needs live in the content, content/besoins.yaml, and are handed in
 * as NeedWords), then by how many of the query's meaningful words its fields hold, weighted by
 * field (names, proprietary names, étiquette labels, one-liner, text). A relevance floor drops
 * notices that only brush the query (one word of three, somewhere in the body) instead of padding
 * the list, but never a notice whose étiquette answers the need; typos are corrected against the
 * directory's own names.
 * Plain TypeScript without imports beyond the word helpers (src/notices/words.ts): it ships in the browser bundle.
 */
import { fold, type NeedWords, needStems, STOPWORDS, stem } from '../notices/words.ts';

export type { NeedWords };

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

const glue = (text: string) => fold(text).replace(/[\s-]+/g, '');

/** A name folded once: as written (accents, case and punctuation folded), glued, and without its vendor. */
interface FoldedName {
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

/** How strongly one folded name answers the folded query. */
function nameScore(q: string, qGlued: string, n: FoldedName, exact: number, prefix: number, word: number): number {
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

/** How well one query word meets a list of words: 1 exact, 0.9 typed prefix, 0.7 same stem. */
function wordMatch(word: string, wordStem: string, field: FieldWords): number {
  let best = 0;
  const { words, stems } = field;
  for (let i = 0; i < words.length; i++) {
    const w = words[i]!;
    if (w === word) return 1;
    if (best < 0.9 && word.length >= 3 && w.startsWith(word)) best = 0.9;
    else if (best < 0.7 && wordStem.length >= 4 && (w.startsWith(wordStem) || stems[i] === wordStem)) best = 0.7;
  }
  return best;
}

/** Weight of a field when a query word is found in it. */
// A name's word weighs like an étiquette's here: the whole-query name match is scored apart (nameMatchStrength),
// and « video editor » must not prefer « OpenShot Video Editor » to the photo editors for « photo editor ».
const FIELD_WEIGHTS = { names: 6, alternatives: 4, etiquettes: 5, description: 4, text: 1.5 } as const;
type FieldName = keyof typeof FIELD_WEIGHTS;
const FIELD_NAMES = Object.keys(FIELD_WEIGHTS) as FieldName[];

const wordsOf = (text: string) => fold(text).split(' ').filter(Boolean);

interface FieldWords {
  words: string[];
  stems: string[];
}
/** A notice's fields folded once (the same object is scored for every query). */
interface Prepared {
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
function stemPhrase(text: string): string {
  return fold(text)
    .split(' ')
    .filter((w) => w && !STOPWORDS.has(w))
    .map(stem)
    .join(' ');
}
const preparedCache = new WeakMap<RankingFields, Prepared>();
function prepared(fields: RankingFields): Prepared {
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

export interface Score {
  /** Strength of the name match (0 when none), see nameMatchStrength. */
  name: number;
  /** Weighted share of the query's words found in the notice's fields. */
  text: number;
  /** Share of the query's words found anywhere; and outside the long text. */
  coverage: number;
  fieldCoverage: number;
  /**
   * Share of the query's words (by weight) that express a need this notice's étiquettes answer
   * (content/besoins.yaml): 0 when none. Such a notice always passes the relevance floor.
   */
  need: number;
  total: number;
  /** Which proprietary name the query matched, for the card's « Alternative à » line. */
  alternative?: string;
}

export function scoreNotice(analysis: QueryAnalysis, fields: RankingFields): Score {
  const name = Math.max(0, ...analysis.variants.map((v) => nameMatchStrength(v, fields, analysis.wantsAlternative)));
  const p = prepared(fields);
  const words = p.fields;
  let sum = 0;
  let found = 0;
  let foundInFields = 0;
  let weights = 0;
  // The needs of the query this notice's étiquettes answer (content/besoins.yaml).
  const answered = analysis.needs.filter((label) => p.etiquettes.some((e) => e.folded === label));
  let covered = 0;
  // The words no answered need covers, and how many of them the names, étiquettes or one-liner hold.
  let rest = 0;
  let restFound = 0;
  for (const w of analysis.words) {
    weights += w.weight;
    // A word whose need the notice answers is found by the étiquette, which every notice of the
    // group shares: among them, only what the notice itself says (names, one-liner, text) ranks it.
    // (by the needs that cover it: a word that is itself the label, « 3D », counts too)
    const byNeed = answered.length > 0 && w.needPhrases.some((n) => answered.includes(n.label));
    let hit = 0;
    for (const field of FIELD_NAMES) {
      const weight = FIELD_WEIGHTS[field];
      if (weight <= hit || (byNeed && field === 'etiquettes')) continue;
      let match = wordMatch(w.word, w.stem, words[field]);
      for (const synonym of byNeed ? [] : w.synonyms) {
        if (match >= NEED_SYNONYM) break;
        let m = 1;
        for (const s of synonym) m = Math.min(m, m > 0 ? wordMatch(s, stem(s), words[field]) : 0);
        match = Math.max(match, m * NEED_SYNONYM);
      }
      hit = Math.max(hit, match * weight);
    }
    if (byNeed) {
      covered += w.weight;
      // Said by the one-liner in the need's own words (« EPUB », « liseuse »): as if the word were there.
      hit = Math.max(hit, saysNeed(p.ownStems, w.needPhrases, answered) ? FIELD_WEIGHTS.description : FIELD_WEIGHTS.text);
    }
    sum += hit * w.weight;
    if (hit > 0) found += w.weight;
    if (byNeed || hit >= FIELD_WEIGHTS.description * 0.7) foundInFields += w.weight;
    if (!byNeed) {
      rest += w.weight;
      if (hit >= FIELD_WEIGHTS.description * 0.7 || saysWord(p.ownStems, w.stem)) restFound += w.weight;
    }
  }
  const n = Math.max(0.001, weights);
  const coverage = found / n;
  const fieldCoverage = foundInFields / n;
  let text = (sum / n) * coverage * coverage;
  // The words side by side, as typed (« mot de passe », « montage vidéo »), in a label or the
  // one-liner; compared by stems, so that « mot de passe » meets the label « Mots de passe ».
  const phrase = stemPhrase(analysis.query);
  if (analysis.words.length > 1) {
    if (p.etiquetteStems.some((l) => l.includes(phrase))) text += 6;
    else if (p.description.includes(analysis.query)) text += 3;
  } else if (analysis.words.length === 1 && p.etiquetteStems.some((l) => l === phrase)) {
    text += 4;
  }
  // The notice carries an étiquette that answers the need the query expresses: it belongs among
  // the first results, whatever words its own text uses.
  const need = covered / n;
  // Half of it only when the notice says none of the query's other words (« tableau blanc » for
  // « dessiner sur un tableau blanc »: a painting program answers « dessiner » and nothing else).
  text += NEED_BONUS * need * (rest > 0 ? 0.5 + (0.5 * restFound) / rest : 1);
  text += PAIR_BONUS * pairsSaid(analysis, p);
  if (need > 0) text += FOCUS_BONUS * needFocus(analysis, p, answered);
  const alternative = fields.alternatives.find((_, i) =>
    analysis.variants.some((v) => {
      const q = fold(v);
      return nameScore(q, q.replace(/[\s-]+/g, ''), p.alternatives[i]!, 1, 1, 1) > 0;
    }),
  );
  const total = name + text * 3 + (fields.vedette ? 1 : 0);
  return { name, text, coverage, fieldCoverage, need, total, ...(alternative ? { alternative } : {}) };
}

/**
 * A word met through the label of the need it expresses (« questionnaire » → « Sondages et
 * formulaires ») counts for half: every notice of the étiquette meets it alike, so among them the
 * notices whose own words say it come first (the need bonus keeps them all in).
 */
const NEED_SYNONYM = 0.5;

/** What answering the whole need adds to a notice's text score (a label phrase typed whole adds 6). */
const NEED_BONUS = 8;

/* ---- What a notice says it is: its names and one-liner, against the query ---- */

/**
 * Words that say the same action or thing in a notice's one-liner: who types « lire » wants a
 * « lecteur » or a « liseuse », who types « numériser » a tool that « scanne ». Compared by stems.
 * Only used to order notices that already answer the query (needFocus) and never to find one.
 */
const WORD_FAMILIES: readonly string[][] = [
  ['lire', 'ouvrir', 'lecteur', 'lectrice', 'lecture', 'liseuse', 'visionneuse', 'lit'],
  ['envoyer', 'envoi', 'partager', 'partage', 'transferer', 'transfert'],
  ['imprimer', 'impression', 'imprimante'],
  ['diffuser', 'diffusion', 'diffuse', 'retransmettre'],
  ['numeriser', 'numerisation', 'numerise', 'scanner', 'scanne', 'scan', 'acquisition'],
  ['stocker', 'stockage', 'stocke'],
  ['nettoyer', 'nettoyage', 'liberer', 'libere', 'encombre', 'menage'],
  ['vendre', 'vente', 'billetterie', 'billet'],
  ['creer', 'creation', 'concevoir', 'conception', 'dessiner', 'editeur', 'fabriquer'],
  ['suivre', 'suivi', 'abonner', 'agregateur'],
  ['calculer', 'calcul', 'tableur'],
  ['regarder', 'visionner', 'profiter'],
  ['depanner', 'depannage', 'piloter', 'controler', 'prendre la main'],
  ['ecrire', 'rediger', 'redaction'],
  ['gros', 'volumineux', 'lourd'],
];
const familyStems = new Map<string, string[]>();
for (const family of WORD_FAMILIES) {
  const stems = family.map((w) => stem(w));
  for (const s of stems) familyStems.set(s, [...new Set([...(familyStems.get(s) ?? []), ...stems])]);
}

/** Whether a stem is among a notice's own stems (a long stem also as the start of one). */
const hasStem = (own: readonly string[], s: string) => own.some((o) => o === s || (s.length >= 5 && o.startsWith(s)));

/** Whether the names or one-liner hold a query word, or a word of its family. */
function saysWord(own: readonly string[], wordStem: string): boolean {
  return (familyStems.get(wordStem) ?? [wordStem]).some((s) => hasStem(own, s));
}

/**
 * Whether the names or one-liner say one of these needs (that the notice answers) by one of its
 * phrases; in a phrase of several words, a word may be said by its family (« envoi de fichiers »
 * says « envoyer un fichier »), a phrase of one word must be there itself (a « lecteur » is no « liseuse »).
 */
function saysNeed(own: readonly string[], needs: readonly NeedPhrases[], answered: readonly string[]): boolean {
  return needs.some((n) => answered.includes(n.label) && n.phrases.some((phrase) => phrase.every((s) => (phrase.length > 1 ? saysWord(own, s) : hasStem(own, s)))));
}

/**
 * For a notice whose étiquette answers the query's need: the share of the query's words its own
 * names and one-liner say — a word of the need by any phrase of that need (« EPUB » says « livres
 * électroniques »), another word by itself or its family (« liseuse » says « lire »). Every notice
 * of the étiquette answers the need alike; this puts first the ones that are made for it (a reader
 * of e-books for « lire des livres ») and after them the ones that only touch it (a validator of
 * EPUB files).
 */
function needFocus(analysis: QueryAnalysis, p: Prepared, answered: readonly string[]): number {
  let said = 0;
  let total = 0;
  for (const w of analysis.words) {
    // A word the need does not cover says what the visitor wants done with it (« lire »): it weighs double.
    const covered = w.needPhrases.some((n) => answered.includes(n.label));
    const weight = covered ? 1 : w.weight < 1 ? 0.75 : 1.5;
    total += 2 * weight;
    // Said at the head of the one-liner (« Lecteur de… », « Éditeur de sous-titres… »), it is what the notice is.
    for (const own of [p.ownStems, p.headStems]) {
      if (saysWord(own, w.stem)) said += weight;
      else if (saysNeed(own, w.needPhrases, answered)) said += weight / 2;
    }
  }
  return total > 0 ? said / total : 0;
}

/**
 * The share of the query's neighbouring word pairs (« tableau blanc », « flux RSS », « voix
 * haute ») that the names or one-liner hold side by side: a notice that says the query's words
 * together says what the visitor means.
 */
function pairsSaid(analysis: QueryAnalysis, p: Prepared): number {
  const stems = analysis.words.map((w) => w.stem);
  if (stems.length < 2) return 0;
  let pairs = 0;
  for (let i = 0; i + 1 < stems.length; i++) {
    const [a, b] = [stems[i]!, stems[i + 1]!];
    for (let k = 0; k + 1 < p.ownStems.length; k++) {
      if (p.ownStems[k] === a && p.ownStems[k + 1] === b) {
        pairs++;
        break;
      }
    }
  }
  return pairs / (stems.length - 1);
}

/** How many of the one-liner's first meaningful words say what the notice is. */
const HEAD_WORDS = 4;
/** What a need-answering notice whose names and one-liner say the whole query adds (needFocus). */
const FOCUS_BONUS = 4;
/** What holding all the query's word pairs side by side in the names or one-liner adds (pairsSaid). */
const PAIR_BONUS = 2;

/** The score of a notice when there is no query. */
export const NO_SCORE: Score = { name: 0, text: 0, coverage: 0, fieldCoverage: 0, need: 0, total: 0 };

/**
 * The relevance floor: a notice stays when its names answer the query, or its étiquettes the need
 * the query expresses, or when it holds every meaningful word, or at least half of them in its
 * names, étiquettes or one-liner; and, among notices found by their text only, when it is not far
 * behind the best of them.
 */
export function rank<T>(query: string, items: readonly T[], fieldsOf: (item: T) => RankingFields, needs: NeedWords = NO_NEEDS): { item: T; score: Score }[] {
  const analysis = analyseQuery(query, needs);
  if (analysis.variants.length === 0) return items.map((item) => ({ item, score: NO_SCORE }));
  const scored = items.map((item, index) => ({ item, index, score: scoreNotice(analysis, fieldsOf(item)) }));
  const answers = (score: Score) => score.name > 0 || score.need > 0;
  const kept = scored.filter(({ score }) => answers(score) || score.coverage >= 0.999 || score.fieldCoverage >= 0.5);
  const bestText = Math.max(0, ...kept.filter((e) => !answers(e.score)).map((e) => e.score.text));
  return kept
    .filter(({ score }) => answers(score) || score.text >= bestText * 0.25)
    .sort((a, b) => b.score.total - a.score.total || a.index - b.index)
    .map(({ item, score }) => ({ item, score }));
}

/** Stable re-rank by the same rules, without the floor (kept for callers that only reorder). */
export function rerank<T>(query: string, items: readonly T[], fieldsOf: (item: T) => RankingFields, needs: NeedWords = NO_NEEDS): T[] {
  const analysis = analyseQuery(query, needs);
  return items
    .map((item, index) => ({ item, index, total: analysis.variants.length > 0 ? scoreNotice(analysis, fieldsOf(item)).total : 0 }))
    .sort((a, b) => b.total - a.total || a.index - b.index)
    .map((entry) => entry.item);
}

/* ---- Typo correction, from the directory's own vocabulary ---- */

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

/** Meta fields hold lists joined with this separator (Pagefind meta values are plain strings). */
export const LIST_SEPARATOR = ' | ';
export const splitList = (value: string | undefined): string[] =>
  value
    ? value
        .split(LIST_SEPARATOR)
        .map((v) => v.trim())
        .filter(Boolean)
    : [];

/** Ranking options handed to Pagefind: names are short, so page length must not decide. */
export const PAGEFIND_RANKING = {
  termSimilarity: 2.0,
  pageLength: 0.1,
  termSaturation: 1.6,
  termFrequency: 0.8,
} as const;
