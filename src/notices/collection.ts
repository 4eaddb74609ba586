/** The notices as the Astro pages see them, sorted by name (read by notice-store.ts, not by Astro's content layer). */
import { sortByName } from './catalogue.ts';
import { loadNoticeStore, type StoredNotice } from './notice-store.ts';
import { loadVocabularies, type Vocabularies } from './vocabulary.ts';

/** A notice with its body already rendered to safe HTML, and its file's version (git blob id, version.ts): what the edit form starts from. */
export type SiteNotice = StoredNotice;

let cached: SiteNotice[] | undefined;

export async function getNotices(): Promise<SiteNotice[]> {
  // The development server reads the files again at each request (unchanged ones are skipped by
  // their signature): no content layer watches them any more.
  if (import.meta.env.DEV) return sortByName(loadNoticeStore());
  cached ??= sortByName(loadNoticeStore());
  return cached;
}

const perNotices = new WeakMap<readonly SiteNotice[], Map<string, unknown>>();
/**
 * A value computed once from this build's notices, such as a page's getStaticPaths(): Astro asks
 * for the paths, then the sitemap asks every page again (at 10,000 notices, the notice pages'
 * « Logiciels proches » and cache keys cost seconds to compute twice).
 */
export async function oncePerNotices<T>(name: string, compute: (notices: SiteNotice[]) => T): Promise<T> {
  const notices = await getNotices();
  let values = perNotices.get(notices);
  if (!values) {
    values = new Map();
    perNotices.set(notices, values);
  }
  if (!values.has(name)) values.set(name, compute(notices));
  return values.get(name) as T;
}

let vocabularies: Vocabularies | undefined;
export function getVocabularies(): Vocabularies {
  vocabularies ??= loadVocabularies();
  return vocabularies;
}

let labels: Map<string, string> | undefined;
export function etiquetteLabel(id: string): string {
  labels ??= new Map(getVocabularies().etiquettes.map((e) => [e.id, e.libelle]));
  return labels.get(id) ?? id;
}
