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
import { htmlToText } from './text.ts';
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


export async function buildSearchIndex(siteDir: string, notices: readonly Notice[] = readNotices()): Promise<{ pages: number; vocabularyBytes: number }> {
  const etiquettes = etiquetteTable();
  const { index, errors } = await pagefind.createIndex({ forceLanguage: 'fr' });
  if (!index) throw new Error(`Pagefind : ${errors.join(', ')}`);
  const documents = notices.map((notice) => {
    const html = renderNoticeBody(notice.body);
    const record = searchRecord(notice, etiquettes, htmlToText(html));
    return { record, content: pagefindDocument(record, html) };
  });
  // A few documents in flight at a time keep the Pagefind service busy; they are sent in order,
  // so an unchanged catalogue gives a byte-identical index.
  const CHUNK = 32;
  for (let start = 0; start < documents.length; start += CHUNK) {
    await Promise.all(
      documents.slice(start, start + CHUNK).map(async ({ record, content }) => {
        const added = await index.addHTMLFile({ url: record.url, content });
        if (added.errors.length > 0) throw new Error(`Pagefind (${record.url}) : ${added.errors.join(', ')}`);
      }),
    );
  }
  const records = documents.map((d) => d.record);
  const written = await index.writeFiles({ outputPath: path.join(siteDir, 'pagefind') });
  if (written.errors.length > 0) throw new Error(`Pagefind : ${written.errors.join(', ')}`);
  await pagefind.close();
  const vocabulary = JSON.stringify(correctionTerms(records));
  mkdirSync(path.join(siteDir, path.dirname(VOCABULARY_FILE)), { recursive: true });
  writeFileSync(path.join(siteDir, VOCABULARY_FILE), vocabulary);
  return { pages: records.length, vocabularyBytes: Buffer.byteLength(vocabulary) };
}
