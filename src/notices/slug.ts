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

/** What a slug looks like (also the shape of étiquette and other vocabulary ids). */
export const SLUG_PATTERN = /^[a-z0-9]+(-[a-z0-9]+)*$/;

/** File names and branch names stay well below what git and file systems accept. */
export const SLUG_MAX = 80;

/** Why `nom` cannot give a notice address, in French; undefined when it can. */
export function slugProblem(nom: string): string | undefined {
  const slug = slugify(nom);
  if (!slug) return 'doit contenir au moins une lettre ou un chiffre';
  if (slug.length > SLUG_MAX) return `donnerait une adresse de ${slug.length} caractères (${SLUG_MAX} au plus) : raccourcissez le nom`;
  return undefined;
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
