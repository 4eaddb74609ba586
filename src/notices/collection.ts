/** The notices as the Astro pages see them (the content collection), sorted by name. */
import { getCollection } from 'astro:content';
import type { Notice } from './schema.ts';
import { sortByName } from './catalogue.ts';
import { loadVocabularies, type Vocabularies } from './vocabulary.ts';

/** A notice with its body already rendered to safe HTML by the loader. */
export interface SiteNotice extends Notice {
  html: string;
  /** The file's version (git blob id, version.ts): what the edit form starts from. */
  version: string;
}

let cached: SiteNotice[] | undefined;

export async function getNotices(): Promise<SiteNotice[]> {
  cached ??= sortByName(
    (await getCollection('notices')).map((entry) => ({
      slug: entry.id,
      data: entry.data,
      body: entry.body ?? '',
      html: entry.rendered?.html ?? '',
      version: String(entry.digest ?? ''),
    })),
  );
  return cached;
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
