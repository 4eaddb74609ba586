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

/**
 * The order of every list of notices on a theme (étiquette, licence, alternative): the notices
 * Framasoft's members use and recommend (`mis_en_avant`) first, then the others, each part A–Z.
 * Someone who opens « Bureautique » meets LibreOffice before AbiWord.
 */
export function featuredFirst<T extends CatalogueNotice>(notices: readonly T[]): T[] {
  const sorted = sortByName(notices);
  return [...sorted.filter((n) => n.data.mis_en_avant), ...sorted.filter((n) => !n.data.mis_en_avant)];
}

/**
 * « Logiciels proches » of a notice: the others that replace the same proprietary tool or share
 * its étiquettes. A shared `alternative_a` weighs three étiquettes (it says « does the same job »);
 * ties go to recommended notices, then A–Z. Notices sharing nothing are left out.
 */
export function relatedNotices<T extends CatalogueNotice>(notice: CatalogueNotice, all: readonly T[], slugOf: (name: string) => string, limit = 6): T[] {
  const etiquettes = new Set(notice.data.etiquettes ?? []);
  const alternatives = new Set((notice.data.alternative_a ?? []).map(slugOf));
  const scored: { notice: T; score: number }[] = [];
  for (const other of all) {
    if (other.slug === notice.slug) continue;
    const sharedTags = (other.data.etiquettes ?? []).filter((e) => etiquettes.has(e)).length;
    const sharedAlternatives = new Set((other.data.alternative_a ?? []).map(slugOf).filter((a) => alternatives.has(a))).size;
    const score = 3 * sharedAlternatives + sharedTags;
    if (score > 0) scored.push({ notice: other, score });
  }
  return scored
    .sort((a, b) => b.score - a.score || Number(Boolean(b.notice.data.mis_en_avant)) - Number(Boolean(a.notice.data.mis_en_avant)) || collator.compare(a.notice.data.nom, b.notice.data.nom))
    .slice(0, limit)
    .map((s) => s.notice);
}

/**
 * The proprietary products of /alternatives/ grouped by usage: each product goes under the
 * étiquette that best describes its free replacements — shared by most of them, and specific
 * rather than general (weighted like tf-idf, so « Cartographie » beats « Vie privée » for Google
 * Maps); ties follow the vocabulary's order. Groups come in the vocabulary's order, products A–Z
 * inside a group; products whose notices have no étiquette go last (`etiquette` undefined).
 */
export function groupProductsByEtiquette<T extends CatalogueNotice>(
  products: readonly ProprietaryProduct<T>[],
  etiquetteOrder: readonly string[],
): { etiquette: string | undefined; products: ProprietaryProduct<T>[] }[] {
  const rank = new Map(etiquetteOrder.map((id, i) => [id, i]));
  // How common each étiquette is among the notices that replace something.
  const notices = new Set(products.flatMap((p) => p.notices));
  const frequency = new Map<string, number>();
  for (const notice of notices) for (const id of new Set(notice.data.etiquettes ?? [])) frequency.set(id, (frequency.get(id) ?? 0) + 1);
  const weight = (id: string, count: number) => count * Math.log((notices.size + 1) / frequency.get(id)!);
  const groups = new Map<string | undefined, ProprietaryProduct<T>[]>();
  for (const product of products) {
    const counts = new Map<string, number>();
    for (const notice of product.notices) for (const id of new Set(notice.data.etiquettes ?? [])) if (rank.has(id)) counts.set(id, (counts.get(id) ?? 0) + 1);
    const main = [...counts.entries()].sort((a, b) => weight(b[0], b[1]) - weight(a[0], a[1]) || rank.get(a[0])! - rank.get(b[0])!)[0]?.[0];
    groups.set(main, [...(groups.get(main) ?? []), product]);
  }
  return [...groups.entries()]
    .sort(([a], [b]) => (a === undefined ? 1 : b === undefined ? -1 : rank.get(a)! - rank.get(b)!))
    .map(([etiquette, list]) => ({ etiquette, products: [...list].sort((x, y) => collator.compare(x.nom, y.nom)) }));
}
