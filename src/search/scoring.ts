/**
 * The score of one notice for one analysed query: how its names answer (name-match.ts), how many
 * of the query's meaningful words its fields hold, weighted by field, whether its étiquettes answer
 * the need the query expresses, and what its names and one-liner say (focus.ts).
 */
import { stem } from '../notices/words.ts';
import { FOCUS_BONUS, needFocus, PAIR_BONUS, pairsSaid, saysNeed, saysWord } from './focus.ts';
import { nameMatchStrength, nameScore } from './name-match.ts';
import { FIELD_NAMES, type FieldName, type FieldWords, type Prepared, prepared, type RankingFields, stemPhrase } from './notice-fields.ts';
import type { QueryAnalysis } from './query.ts';
import { fold } from '../notices/words.ts';

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
const FIELD_WEIGHTS: Readonly<Record<FieldName, number>> = { names: 6, alternatives: 4, etiquettes: 5, description: 4, text: 1.5 };

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

/** The query's words as this notice's fields hold them, summed by weight (one step of scoreNotice). */
interface WordHits {
  /** Field weight × match of each word, times the word's weight. */
  sum: number;
  /** Weight of the words found anywhere; outside the long text (or by an answered need). */
  found: number;
  foundInFields: number;
  weights: number;
  /** Weight of the words an answered need covers. */
  covered: number;
  /** Weight of the other words, and of those the names, étiquettes or one-liner hold. */
  rest: number;
  restFound: number;
}

function wordHits(analysis: QueryAnalysis, p: Prepared, answered: readonly string[]): WordHits {
  const words = p.fields;
  let sum = 0;
  let found = 0;
  let foundInFields = 0;
  let weights = 0;
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
  return { sum, found, foundInFields, weights, covered, rest, restFound };
}

/**
 * The words side by side, as typed (« mot de passe », « montage vidéo »), in a label or the
 * one-liner; compared by stems, so that « mot de passe » meets the label « Mots de passe ».
 */
function phraseBonus(analysis: QueryAnalysis, p: Prepared): number {
  const phrase = stemPhrase(analysis.query);
  if (analysis.words.length > 1) {
    if (p.etiquetteStems.some((l) => l.includes(phrase))) return 6;
    if (p.description.includes(analysis.query)) return 3;
  } else if (analysis.words.length === 1 && p.etiquetteStems.some((l) => l === phrase)) {
    return 4;
  }
  return 0;
}

/** The proprietary name the query matched, for the card's « Alternative à » line. */
function alternativeNamed(analysis: QueryAnalysis, fields: RankingFields, p: Prepared): string | undefined {
  return fields.alternatives.find((_, i) =>
    analysis.variants.some((v) => {
      const q = fold(v);
      return nameScore(q, q.replace(/[\s-]+/g, ''), p.alternatives[i]!, 1, 1, 1) > 0;
    }),
  );
}

export function scoreNotice(analysis: QueryAnalysis, fields: RankingFields): Score {
  const name = Math.max(0, ...analysis.variants.map((v) => nameMatchStrength(v, fields, analysis.wantsAlternative)));
  const p = prepared(fields);
  // The needs of the query this notice's étiquettes answer (content/besoins.yaml).
  const answered = analysis.needs.filter((label) => p.etiquettes.some((e) => e.folded === label));
  const { sum, found, foundInFields, weights, covered, rest, restFound } = wordHits(analysis, p, answered);
  const n = Math.max(0.001, weights);
  const coverage = found / n;
  const fieldCoverage = foundInFields / n;
  let text = (sum / n) * coverage * coverage;
  text += phraseBonus(analysis, p);
  // The notice carries an étiquette that answers the need the query expresses: it belongs among
  // the first results, whatever words its own text uses.
  const need = covered / n;
  // Half of it only when the notice says none of the query's other words (« tableau blanc » for
  // « dessiner sur un tableau blanc »: a painting program answers « dessiner » and nothing else).
  text += NEED_BONUS * need * (rest > 0 ? 0.5 + (0.5 * restFound) / rest : 1);
  text += PAIR_BONUS * pairsSaid(analysis, p);
  if (need > 0) text += FOCUS_BONUS * needFocus(analysis, p, answered);
  const alternative = alternativeNamed(analysis, fields, p);
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

/** The score of a notice when there is no query. */
export const NO_SCORE: Score = { name: 0, text: 0, coverage: 0, fieldCoverage: 0, need: 0, total: 0 };
