/**
 * The slug is the notice's file name and URL. It is derived from `nom` only, so that two people
 * proposing the same software land on the same file (and the validator can spot duplicates).
 */
/** Latin letters that Unicode does not decompose into a base letter and an accent. */
const UNDECOMPOSED: Record<string, string> = { œ: 'oe', æ: 'ae', ß: 'ss', ø: 'o', ł: 'l', đ: 'd', ð: 'd', þ: 'th', ħ: 'h', ı: 'i', ŋ: 'n', ɛ: 'e', ə: 'e', µ: 'u', μ: 'u' };

export function slugify(nom: string): string {
  return nom
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '') // accents folded: « Déjà » → « Deja »
    .toLowerCase()
    .replace(/[œæßøłđðþħıŋɛəµμ]/g, (letter) => UNDECOMPOSED[letter] ?? letter)
    .replace(/\+/g, ' plus ') // « Notepad++ » must not collide with « Notepad »
    .replace(/&/g, ' et ')
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '');
}

/** Folds case and accents for comparisons (duplicate names, search re-ranking). */
export function foldForComparison(text: string): string {
  return text
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9+]+/g, ' ')
    .trim();
}
