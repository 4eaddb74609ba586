/**
 * « Logiciels proches » of every notice page, kept in the build cache from one build to the next.
 * Computing them walks, for each notice, the others that share an étiquette or a replaced product:
 * at 10,000 notices, 0.25 to 0.4 s of every build. What decides them is a small part of each
 * notice (slug, name, recommendation, étiquettes, replaced products, in the list's order) and the
 * code of src/notices/ (the rules in catalogue.ts, slugify): when neither changed, as after a text
 * or a one-liner was corrected, the lists are read back instead.
 */
import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { relatedNotices, type CatalogueNotice } from '../notices/catalogue.ts';
import { sourceDigest } from '../notices/notice-store.ts';
import { buildCacheDir } from '../notices/paths.ts';

interface RelatedFile {
  key: string;
  /** For each notice, in the list's order, the slugs of its related notices. */
  related: string[][];
}

/** The related notices of each notice of `notices` (same order), computed or read from the cache. */
export function relatedOfAll<T extends CatalogueNotice>(
  notices: readonly T[],
  slugOf: (name: string) => string,
  file = path.join(buildCacheDir(), 'framalibre-proches.json'),
): T[][] {
  const key = createHash('sha256')
    .update(sourceDigest())
    .update(JSON.stringify(notices.map((n) => [n.slug, n.data.nom, n.data.mis_en_avant ?? null, n.data.etiquettes ?? [], n.data.alternative_a ?? []])))
    .digest('base64url');
  const cached = readRelated(file, key, notices);
  if (cached) return cached;
  const related = notices.map((notice) => relatedNotices(notice, notices, slugOf));
  writeRelated(file, { key, related: related.map((list) => list.map((n) => n.slug)) });
  return related;
}

function readRelated<T extends CatalogueNotice>(file: string, key: string, notices: readonly T[]): T[][] | undefined {
  let stored: Partial<RelatedFile>;
  try {
    stored = JSON.parse(readFileSync(file, 'utf8')) as Partial<RelatedFile>;
  } catch {
    return undefined;
  }
  if (stored.key !== key || stored.related?.length !== notices.length) return undefined;
  const bySlug = new Map(notices.map((n) => [n.slug, n]));
  const related = stored.related.map((slugs) => slugs.map((slug) => bySlug.get(slug)));
  // The key covers every slug, so a missing one means a damaged file: compute again.
  return related.every((list) => list.every((n) => n !== undefined)) ? (related as T[][]) : undefined;
}

/** Written whole under a name of its own, then renamed; best effort (the next build computes again). */
function writeRelated(file: string, stored: RelatedFile): void {
  try {
    mkdirSync(path.dirname(file), { recursive: true });
    writeFileSync(`${file}.${process.pid}.tmp`, JSON.stringify(stored));
    renameSync(`${file}.${process.pid}.tmp`, file);
  } catch {
    // nothing kept
  }
}
