/**
 * Plain functions the pages use to arrange notices (sorting, grouping, counting, French labels).
 * No Astro import here, so they are tested directly.
 */
import type { NoticeData } from './schema.ts';
import { licenceIds } from './licences.ts';
import { appendTo } from './multimap.ts';
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
    appendTo(groups, letter, notice);
  }
  return [...groups.entries()].sort(([a], [b]) => (a === '#' ? -1 : b === '#' ? 1 : a.localeCompare(b))).map(([letter, list]) => ({ letter, notices: list }));
}

export function countBy<T extends CatalogueNotice>(notices: readonly T[], keysOf: (notice: T) => readonly string[]): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const notice of sortByName(notices)) {
    for (const key of new Set(keysOf(notice))) appendTo(groups, key, notice);
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

/**
 * When a person last looked at the notice, and which date that is: its `date_relecture` (set by a
 * moderator after a full review), else its last modification, said as such.
 */
export function lastReview(data: NoticeData): { date: string; reviewed: boolean; text: string } | undefined {
  if (data.date_relecture) return { date: data.date_relecture, reviewed: true, text: `Notice relue le ${frenchDate(data.date_relecture)}` };
  const updated = lastUpdate(data);
  return updated ? { date: updated, reviewed: false, text: `Notice mise à jour le ${frenchDate(updated)} (date de relecture non renseignée)` } : undefined;
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
      // Two spellings of one product in a notice: it is already the last one listed (a search of
      // the whole list made a product named by thousands of notices cost its size squared).
      if (product.notices.at(-1) !== notice) product.notices.push(notice);
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

/** Which notices carry each étiquette and each replaced product, built once per list of notices. */
interface RelatedIndex {
  byEtiquette: Map<string, number[]>;
  byAlternative: Map<string, number[]>;
  /** Tie-break order: recommended notices first, then A–Z (smaller comes first). */
  order: Int32Array;
  /** Scratch space for the scores of one notice. */
  scores: Int32Array;
}
const relatedIndexes = new WeakMap<readonly CatalogueNotice[], RelatedIndex>();
/** How many notices of one étiquette are candidates (all of them below this size). */
export const RELATED_PER_ETIQUETTE = 300;

function relatedIndex(all: readonly CatalogueNotice[], slugOf: (name: string) => string): RelatedIndex {
  const cached = relatedIndexes.get(all);
  if (cached) return cached;
  const byEtiquette = new Map<string, number[]>();
  const byAlternative = new Map<string, number[]>();
  const add = (map: Map<string, number[]>, key: string, i: number) => {
    const list = map.get(key);
    if (list) list.push(i);
    else map.set(key, [i]);
  };
  all.forEach((notice, i) => {
    for (const id of new Set(notice.data.etiquettes ?? [])) add(byEtiquette, id, i);
    for (const product of new Set((notice.data.alternative_a ?? []).map(slugOf))) add(byAlternative, product, i);
  });
  const order = new Int32Array(all.length);
  [...all.keys()]
    .sort((a, b) => Number(Boolean(all[b]!.data.mis_en_avant)) - Number(Boolean(all[a]!.data.mis_en_avant)) || collator.compare(all[a]!.data.nom, all[b]!.data.nom))
    .forEach((i, position) => (order[i] = position));
  // Each étiquette keeps its first notices in tie-break order only: with tens of thousands of
  // notices, a common étiquette would otherwise make every notice page walk thousands of others.
  for (const [id, list] of byEtiquette) byEtiquette.set(id, list.sort((a, b) => order[a]! - order[b]!).slice(0, RELATED_PER_ETIQUETTE));
  const index = { byEtiquette, byAlternative, order, scores: new Int32Array(all.length) };
  relatedIndexes.set(all, index);
  return index;
}

/**
 * « Logiciels proches » of a notice: the others that replace the same proprietary tool or share
 * its étiquettes. A shared `alternative_a` weighs three étiquettes (it says « does the same job »);
 * ties go to recommended notices, then A–Z. Notices sharing nothing are left out. The list's index
 * is built once and each call only walks the notices that share something (at most
 * RELATED_PER_ETIQUETTE per étiquette), keeping the `limit` best: a build of every notice page
 * stays linear in the number of notices.
 */
export function relatedNotices<T extends CatalogueNotice>(notice: CatalogueNotice, all: readonly T[], slugOf: (name: string) => string, limit = 6): T[] {
  const { byEtiquette, byAlternative, order, scores } = relatedIndex(all, slugOf);
  const touched: number[] = [];
  const lists: [readonly number[], number][] = [];
  for (const id of new Set(notice.data.etiquettes ?? [])) lists.push([byEtiquette.get(id) ?? [], 1]);
  for (const product of new Set((notice.data.alternative_a ?? []).map(slugOf))) lists.push([byAlternative.get(product) ?? [], 3]);
  for (const [list, weight] of lists) {
    for (let k = 0; k < list.length; k++) {
      const i = list[k]!;
      if (scores[i] === 0) touched.push(i);
      scores[i] = scores[i]! + weight;
    }
  }
  // Keep the best `limit` in a small sorted array: better score, then the tie-break order.
  const best: number[] = [];
  for (let k = 0; k < touched.length; k++) {
    const i = touched[k]!;
    if (all[i]!.slug === notice.slug) continue;
    const score = scores[i]!;
    let at = best.length;
    while (at > 0 && (score > scores[best[at - 1]!]! || (score === scores[best[at - 1]!] && order[i]! < order[best[at - 1]!]!))) at--;
    if (at >= limit) continue;
    best.splice(at, 0, i);
    if (best.length > limit) best.pop();
  }
  for (let k = 0; k < touched.length; k++) scores[touched[k]!] = 0;
  return best.map((i) => all[i]!);
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
