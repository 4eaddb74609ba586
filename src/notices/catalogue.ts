/**
 * Plain functions the pages use to arrange notices (sorting, grouping, counting, French labels).
 * No Astro import here, so they are tested directly.
 */
import type { NoticeData } from './schema.ts';
import { licenceIds } from './licences.ts';
import { foldForComparison } from './slug.ts';

export interface CatalogueNotice {
  slug: string;
  data: NoticeData;
}

const collator = new Intl.Collator('fr', { sensitivity: 'base', numeric: true });

export function sortByName<T extends CatalogueNotice>(notices: readonly T[]): T[] {
  return [...notices].sort((a, b) => collator.compare(a.data.nom, b.data.nom));
}

/** First letter without accent, "#" for names starting with a digit or a sign. */
export function indexLetter(nom: string): string {
  const first = foldForComparison(nom).charAt(0).toUpperCase();
  return /[A-Z]/.test(first) ? first : '#';
}

export function groupByLetter<T extends CatalogueNotice>(notices: readonly T[]): { letter: string; notices: T[] }[] {
  const groups = new Map<string, T[]>();
  for (const notice of sortByName(notices)) {
    const letter = indexLetter(notice.data.nom);
    groups.set(letter, [...(groups.get(letter) ?? []), notice]);
  }
  return [...groups.entries()]
    .sort(([a], [b]) => (a === '#' ? -1 : b === '#' ? 1 : a.localeCompare(b)))
    .map(([letter, list]) => ({ letter, notices: list }));
}

export function countBy<T extends CatalogueNotice>(notices: readonly T[], keysOf: (notice: T) => readonly string[]): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const notice of sortByName(notices)) {
    for (const key of new Set(keysOf(notice))) groups.set(key, [...(groups.get(key) ?? []), notice]);
  }
  return groups;
}

export const byEtiquette = <T extends CatalogueNotice>(notices: readonly T[]) => countBy(notices, (n) => n.data.etiquettes ?? []);
export const byLicence = <T extends CatalogueNotice>(notices: readonly T[]) => countBy(notices, (n) => n.data.licences.flatMap(licenceIds));
export const byPlateforme = <T extends CatalogueNotice>(notices: readonly T[]) => countBy(notices, (n) => n.data.plateformes ?? []);

const languageNames = new Intl.DisplayNames(['fr'], { type: 'language' });
export function languageName(code: string): string {
  try {
    return languageNames.of(code) ?? code;
  } catch {
    return code;
  }
}

const dateFormat = new Intl.DateTimeFormat('fr-FR', { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'UTC' });
export function frenchDate(iso: string): string {
  return dateFormat.format(new Date(`${iso}T00:00:00Z`));
}

export { monogram } from './monogram.ts';

export function lastUpdate(data: NoticeData): string | undefined {
  return data.date_modification ?? data.date_creation;
}

export interface ProprietaryProduct<T extends CatalogueNotice> {
  slug: string;
  /** The most common spelling among notices. */
  nom: string;
  notices: T[];
}

/** Every proprietary product named in an `alternative_a`, with the notices that replace it. */
export function proprietaryProducts<T extends CatalogueNotice>(notices: readonly T[], slugOf: (name: string) => string): ProprietaryProduct<T>[] {
  const products = new Map<string, { spellings: Map<string, number>; notices: T[] }>();
  for (const notice of sortByName(notices)) {
    for (const name of notice.data.alternative_a ?? []) {
      const slug = slugOf(name);
      if (!slug) continue;
      const product = products.get(slug) ?? { spellings: new Map<string, number>(), notices: [] as T[] };
      product.spellings.set(name, (product.spellings.get(name) ?? 0) + 1);
      if (!product.notices.includes(notice)) product.notices.push(notice);
      products.set(slug, product);
    }
  }
  return [...products.entries()]
    .map(([slug, p]) => ({ slug, nom: [...p.spellings.entries()].sort((a, b) => b[1] - a[1])[0]![0], notices: p.notices }))
    .sort((a, b) => collator.compare(a.nom, b.nom));
}
