/**
 * The slug is the notice's file name and URL. It is derived from `nom` only, so that two people
 * proposing the same software land on the same file (and the validator can spot duplicates).
 */
export function slugify(nom: string): string {
  return nom
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '') // accents folded: « Déjà » → « Deja »
    .toLowerCase()
    .replace(/œ/g, 'oe')
    .replace(/æ/g, 'ae')
    .replace(/ß/g, 'ss')
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
