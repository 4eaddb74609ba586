/**
 * Builds the Pagefind index (French) from the notices' data, not from the built pages: one small
 * document per notice (src/search/records.ts), so the index costs the same whatever the pages
 * look like and does not re-read thousands of HTML files. Also writes the correction vocabulary
 * (the names people type), fetched by the search box only when a query finds little.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import * as pagefind from 'pagefind';
import { renderNoticeBody } from '../notices/markdown.ts';
import type { Notice } from '../notices/schema.ts';
import { createNoticeSchema } from '../notices/schema.ts';
import { listNoticeFiles, readNoticeFile } from '../notices/repository.ts';
import { loadVocabularies, vocabularyIds, type Etiquette } from '../notices/vocabulary.ts';
import { correctionTerms } from './ranking.ts';
import { pagefindDocument, searchRecord, type SearchRecord } from './records.ts';

/** Where the correction vocabulary is published (fetched by src/search/search-ui.ts). */
export const VOCABULARY_PATH = 'recherche/vocabulaire.json';

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

/** The body's words for ranking (tags dropped): what Pagefind indexes, as plain text. */
export const htmlToText = (html: string): string => html.replace(/<[^>]*>/g, ' ').replace(/&[a-z#0-9]+;/g, ' ').replace(/\s+/g, ' ').trim();

export async function buildSearchIndex(siteDir: string, notices: readonly Notice[] = readNotices()): Promise<{ pages: number; vocabularyBytes: number }> {
  const etiquettes = etiquetteTable();
  const { index, errors } = await pagefind.createIndex({ forceLanguage: 'fr' });
  if (!index) throw new Error(`Pagefind : ${errors.join(', ')}`);
  const records: SearchRecord[] = [];
  // Sequential on purpose: the Pagefind service is one process; pipelining adds nothing measurable.
  for (const notice of notices) {
    const html = renderNoticeBody(notice.body);
    const record = searchRecord(notice, etiquettes, htmlToText(html));
    records.push(record);
    const added = await index.addHTMLFile({ url: record.url, content: pagefindDocument(record, html) });
    if (added.errors.length > 0) throw new Error(`Pagefind (${record.url}) : ${added.errors.join(', ')}`);
  }
  const written = await index.writeFiles({ outputPath: path.join(siteDir, 'pagefind') });
  if (written.errors.length > 0) throw new Error(`Pagefind : ${written.errors.join(', ')}`);
  await pagefind.close();
  const vocabulary = JSON.stringify(correctionTerms(records));
  mkdirSync(path.join(siteDir, path.dirname(VOCABULARY_PATH)), { recursive: true });
  writeFileSync(path.join(siteDir, VOCABULARY_PATH), vocabulary);
  return { pages: records.length, vocabularyBytes: Buffer.byteLength(vocabulary) };
}
