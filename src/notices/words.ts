/**
 * How the directory compares words, on the ground floor because two rooms must agree on it: the
 * search ranking (src/search/ranking.ts, which ships in the browser bundle) and the check of the
 * need words (needs.ts, run by `npm run validate`), which warns when two words of a need are the
 * same word for the search. Plain TypeScript, no Node module.
 */
import { foldForComparison } from './slug.ts';

/** Accents, case and punctuation folded (slug.ts), runs of spaces as one. */
export const fold = (text: string) => foldForComparison(text).replace(/\s+/g, ' ');

/** Words that carry no need of their own (French and English), dropped from multi-word queries. */
export const STOPWORDS = new Set(
  (
    'a au aux avec ce ces cet cette comme d dans de des du elle en et etre faire il je l la le les leur leurs ma mes mon ' +
    'ne nos notre on ou par pas pour qu que qui sa sans se ses son sur ta tes ton un une vos votre y mettre utiliser ' +
    'logiciel logiciels libre libres application applications appli app programme outil outils gratuit gratuits ' +
    'the an of for to and or with without my your software free tool tools open source apps'
  ).split(' '),
);

/** Crude French (and English) stemming: enough to meet « pisté » and « pistage », « écrire » and « écriture ». */
const stems = new Map<string, string>();
export function stem(word: string): string {
  let known = stems.get(word);
  if (known === undefined) {
    known = stemUncached(word);
    // The site's vocabulary is bounded; a runaway page life is not worth a leak.
    if (stems.size > 50_000) stems.clear();
    stems.set(word, known);
  }
  return known;
}

function stemUncached(word: string): string {
  // « journaux » → « journal », but « tableaux » → « tableau ».
  const w = word.replace(/([^e])aux$/, '$1al').replace(/[sx]$/, '');
  const ending =
    /(issement|ements|ement|ations|ation|ites|ite|ies|ie|atrices|atrice|ateurs|ateur|euses|euse|eurs|eur|iques|ique|ismes|isme|istes|iste|ing|age|er|ez|ee|es|e|ir|re)$/.exec(w);
  const base = ending ? w.slice(0, w.length - ending[0].length) : w;
  return base.length >= 4 ? base : w.length >= 4 ? w.slice(0, Math.max(4, base.length)) : w;
}

/**
 * The words that lead from a need to an étiquette, kept in the content (content/besoins.yaml,
 * src/notices/needs.ts): étiquette label → the words and phrases people use for that need. The
 * label itself always counts. Handed to the ranking by its callers (the server page reads the
 * file, the box fetches /recherche/besoins.json), so that a moderator extends them by merge request.
 */
export type NeedWords = Readonly<Record<string, readonly string[]>>;

/** A need word or phrase as the stems the ranking compares (empty when it holds only small words). */
export function needStems(phrase: string): string[] {
  return fold(phrase)
    .split(' ')
    .filter((w) => w && !STOPWORDS.has(w))
    .map(stem);
}
