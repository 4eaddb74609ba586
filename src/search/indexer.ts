/**
 * Builds the Pagefind index (French) from the notices' data, not from the built pages: one small
 * document per notice (src/search/records.ts), so the index costs the same whatever the pages
 * look like and does not re-read thousands of HTML files. Also writes the correction vocabulary
 * (the names people type), fetched by the search box only when a query finds little.
 */
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import * as pagefind from 'pagefind';
import type { Notice } from '../notices/schema.ts';
import { createNoticeSchema } from '../notices/schema.ts';
import { listNoticeFiles, readNoticeFile } from '../notices/repository.ts';
import { loadVocabularies, vocabularyIds, type Etiquette } from '../notices/vocabulary.ts';
import { correctionTerms } from './ranking.ts';
import { hostNamesBySoftware, loadChatons } from '../notices/chatons.ts';
import { markdownToText } from './text.ts';
import { VOCABULARY_FILE } from './vocabulary-url.ts';
import { pagefindDocument, searchRecord } from './records.ts';

/** The notices of the content folder (FRAMALIBRE_CONTENT), validated as the build did. */
export function readNotices(): Notice[] {
  const schema = createNoticeSchema(vocabularyIds(loadVocabularies()));
  return listNoticeFiles().map((file) => {
    const raw = readNoticeFile(file);
    return { slug: raw.slug, data: schema.parse(raw.data), body: raw.body };
  });
}

export function etiquetteTable(): Map<string, Etiquette> {
  return new Map(loadVocabularies().etiquettes.map((e) => [e.id, e]));
}

/**
 * The notices as the build just published them in /notices.json (validated by the content
 * collection, one file to read): much cheaper than reading and validating thousands of files
 * again. Undefined when the export is absent.
 */
export function noticesFromExport(siteDir: string): Notice[] | undefined {
  const file = path.join(siteDir, 'notices.json');
  if (!existsSync(file)) return undefined;
  const exported = JSON.parse(readFileSync(file, 'utf8')) as { notices?: (Record<string, unknown> & { slug: string; description_longue?: string })[] };
  if (!Array.isArray(exported.notices)) return undefined;
  return exported.notices.map(({ slug, url: _url, logo_url: _logo, description_longue, ...data }) => ({ slug, data: data as Notice['data'], body: description_longue ?? '' }));
}

export async function buildSearchIndex(
  siteDir: string,
  notices: readonly Notice[] = noticesFromExport(siteDir) ?? readNotices(),
): Promise<{ pages: number; vocabularyBytes: number }> {
  const etiquettes = etiquetteTable();
  const { index, errors } = await pagefind.createIndex({ forceLanguage: 'fr' });
  if (!index) throw new Error(`Pagefind : ${errors.join(', ')}`);
  const hosts = hostNamesBySoftware(loadChatons(new Set(notices.map((n) => n.slug))));
  const records = notices.map((notice) => searchRecord(notice, etiquettes, markdownToText(notice.body), hosts.get(notice.slug)));
  // The documents go to Pagefind as files of a scratch folder, read back by its own parallel
  // indexer: sending 10,000 of them one by one through the service (addHTMLFile) took 58 s where
  // Pagefind reads such a folder in about 12 s. Their paths give the URLs (notices/<slug>.html).
  const scratch = mkdtempSync(path.join(os.tmpdir(), 'framalibre-recherche-'));
  try {
    mkdirSync(path.join(scratch, 'notices'));
    notices.forEach((notice, i) => writeFileSync(path.join(scratch, 'notices', `${notice.slug}.html`), pagefindDocument(records[i]!, markdownToText(notice.body))));
    const added = await index.addDirectory({ path: scratch });
    if (added.errors.length > 0) throw new Error(`Pagefind : ${added.errors.join(', ')}`);
    if (added.page_count !== records.length) throw new Error(`Pagefind : ${added.page_count} documents indexés sur ${records.length}`);
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
  const written = await index.writeFiles({ outputPath: path.join(siteDir, 'pagefind') });
  if (written.errors.length > 0) throw new Error(`Pagefind : ${written.errors.join(', ')}`);
  await pagefind.close();
  const vocabulary = JSON.stringify(correctionTerms(records));
  mkdirSync(path.join(siteDir, path.dirname(VOCABULARY_FILE)), { recursive: true });
  writeFileSync(path.join(siteDir, VOCABULARY_FILE), vocabulary);
  return { pages: records.length, vocabularyBytes: Buffer.byteLength(vocabulary) };
}
