/**
 * What a notice says it is — its names and one-liner — against the query: used only to order
 * notices that already answer the query (scoring.ts), never to find one.
 */
import { stem } from '../notices/words.ts';
import type { Prepared } from './notice-fields.ts';
import type { NeedPhrases, QueryAnalysis } from './query.ts';

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
export function saysWord(own: readonly string[], wordStem: string): boolean {
  return (familyStems.get(wordStem) ?? [wordStem]).some((s) => hasStem(own, s));
}

/**
 * Whether the names or one-liner say one of these needs (that the notice answers) by one of its
 * phrases; in a phrase of several words, a word may be said by its family (« envoi de fichiers »
 * says « envoyer un fichier »), a phrase of one word must be there itself (a « lecteur » is no « liseuse »).
 */
export function saysNeed(own: readonly string[], needs: readonly NeedPhrases[], answered: readonly string[]): boolean {
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
export function needFocus(analysis: QueryAnalysis, p: Prepared, answered: readonly string[]): number {
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
export function pairsSaid(analysis: QueryAnalysis, p: Prepared): number {
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

/** What a need-answering notice whose names and one-liner say the whole query adds (needFocus). */
export const FOCUS_BONUS = 4;
/** What holding all the query's word pairs side by side in the names or one-liner adds (pairsSaid). */
export const PAIR_BONUS = 2;
