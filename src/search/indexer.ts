/**
 * Builds the Pagefind index (French) from the notices' data, not from the built pages: one small
 * document per notice (src/search/records.ts), so the index costs the same whatever the pages
 * look like and does not re-read thousands of HTML files. Also writes the correction vocabulary
 * (the names people type), fetched by the search box only when a query finds little.
 *
 * Pagefind has no incremental mode: an index is written whole from all its documents. So the
 * index is cut into shards (`shardOf`: a stable hash of the slug, about SHARD_DOCUMENTS notices
 * each), each a separate Pagefind index named by a hash of its documents (`shardKey`) and kept in
 * the build cache (cacheDir/framalibre-recherche/<key>/). A build writes only the shards whose
 * documents changed; the others are taken from the cache, or left in place in the output when
 * already there (/pagefind/<key>/). The search box loads the first shard and merges the others
 * (Pagefind's `mergeIndex`, src/search/search-ui.ts), listed in /pagefind/shards.json.
 */
import { createHash } from 'node:crypto';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, renameSync, rmSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
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
import { PAGEFIND_URL, SHARDS_FILE, type ShardList } from './shards.ts';

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

/**
 * Notices per shard, roughly, and at most so many shards. A smaller shard costs less to rebuild
 * after a change; each shard costs the search box one more index to load and to search for every
 * word, most of all on a first search (its entry, metadata and index chunks, through the six
 * connections a browser opens to a host). Measured at 10,000 notices on a calm machine
 * (BENCHMARKS.md, 2026-12-07 evening), first search median / p90 over 24: ten shards 449 / 658 ms,
 * five 351 / 585, three 319 / 458, one index 302 / 524; rebuilding one shard after a change:
 * Pagefind 1.6 s for ten shards, 4.2 s for three, the whole rebuild 6.7 s and 9.3 s (aim 10 s).
 * Hence the cap: beyond 1,500 notices the shards grow instead. Under 750 notices the index is one
 * shard; the directory's 1,287 notices make three.
 * FRAMALIBRE_SEARCH_SHARD_DOCUMENTS changes the size (tests cut a small site into several shards).
 */
export const SHARD_DOCUMENTS = 500;
export const MAX_SHARDS = 3;

export function shardCount(notices: number, perShard = Number(process.env.FRAMALIBRE_SEARCH_SHARD_DOCUMENTS) || SHARD_DOCUMENTS): number {
  return Math.min(MAX_SHARDS, Math.max(1, Math.round(notices / perShard)));
}

/** The shard of a notice: stable for a given number of shards, whatever the other notices. */
export function shardOf(slug: string, count: number): number {
  return createHash('sha256').update(slug).digest().readUInt32BE(0) % count;
}

/** Changes with anything that changes what Pagefind writes for the same documents. */
const INDEX_FORMAT = ['framalibre-1', readPagefindVersion(), { forceLanguage: 'fr' }];

function readPagefindVersion(): string {
  try {
    const entry = createRequire(import.meta.url).resolve('pagefind');
    return (JSON.parse(readFileSync(path.join(path.dirname(entry), '..', 'package.json'), 'utf8')) as { version: string }).version;
  } catch {
    return 'inconnue';
  }
}

/** A shard's name: a hash of its place and its documents (their URLs and the HTML given to Pagefind). */
export function shardKey(shard: number, count: number, documents: readonly { url: string; html: string }[]): string {
  const hash = createHash('sha256').update(JSON.stringify([INDEX_FORMAT, shard, count]));
  for (const { url, html } of documents) hash.update('\0').update(url).update('\0').update(html);
  return hash.digest('hex').slice(0, 16);
}

/** Files of a Pagefind bundle the search box needs only once, from the first shard. */
const RUNTIME_FILE = /^(pagefind(-worker)?\.js|wasm\..+\.pagefind)$/;
/** Pagefind's ready-made interfaces, which the site does not use. */
const UNUSED_FILE = /^pagefind-(ui|modular-ui|component-ui|highlight)\.(js|css)$/;

export interface IndexOutcome {
  pages: number;
  vocabularyBytes: number;
  shards: number;
  /** Shards Pagefind wrote in this build (the others came from the cache or stayed in place). */
  built: number;
}

export async function buildSearchIndex(
  siteDir: string,
  cacheDir: string = path.join(os.tmpdir(), 'framalibre-recherche-cache'),
  notices: readonly Notice[] = noticesFromExport(siteDir) ?? readNotices(),
): Promise<IndexOutcome> {
  const etiquettes = etiquetteTable();
  const hosts = hostNamesBySoftware(loadChatons(new Set(notices.map((n) => n.slug))));
  const count = shardCount(notices.length);
  const shards: { url: string; html: string }[][] = Array.from({ length: count }, () => []);
  const records = notices.map((notice) => {
    const text = markdownToText(notice.body);
    const record = searchRecord(notice, etiquettes, text, hosts.get(notice.slug));
    shards[shardOf(notice.slug, count)]!.push({ url: `notices/${notice.slug}.html`, html: pagefindDocument(record, text) });
    return record;
  });
  for (const documents of shards) documents.sort((a, b) => (a.url < b.url ? -1 : a.url > b.url ? 1 : 0));
  const keys = shards.map((documents, shard) => shardKey(shard, count, documents));

  const store = path.join(cacheDir, 'framalibre-recherche');
  mkdirSync(store, { recursive: true });
  const missing = keys.map((key, shard) => ({ key, shard })).filter(({ key }) => !existsSync(path.join(store, key)));
  if (missing.length > 0)
    await writeShards(
      store,
      missing.map(({ key, shard }) => ({ key, documents: shards[shard]! })),
    );

  // The output: /pagefind/pagefind.js (the library the box imports), shards.json, one folder per shard.
  const published = path.join(siteDir, PAGEFIND_URL);
  mkdirSync(published, { recursive: true });
  keys.forEach((key, shard) => {
    const target = path.join(published, key);
    if (existsSync(target)) return; // left in place by output-reuse.ts: named by its content
    const scratch = `${target}.tmp`;
    rmSync(scratch, { recursive: true, force: true });
    cpSync(path.join(store, key), scratch, {
      recursive: true,
      filter: (source) => !UNUSED_FILE.test(path.basename(source)) && (shard === 0 || !RUNTIME_FILE.test(path.basename(source))),
    });
    renameSync(scratch, target);
  });
  const current = new Set(keys);
  for (const entry of readdirSync(published, { withFileTypes: true })) {
    if (entry.isDirectory() && !current.has(entry.name)) rmSync(path.join(published, entry.name), { recursive: true, force: true });
  }
  cpSync(path.join(store, keys[0]!, 'pagefind.js'), path.join(published, 'pagefind.js'));
  pruneStore(store, current);
  writeFileSync(path.join(published, SHARDS_FILE), JSON.stringify({ shards: keys, startup: startupFiles(published, keys) } satisfies ShardList));

  const vocabulary = JSON.stringify(correctionTerms(records));
  mkdirSync(path.join(siteDir, path.dirname(VOCABULARY_FILE)), { recursive: true });
  writeFileSync(path.join(siteDir, VOCABULARY_FILE), vocabulary);
  return { pages: records.length, vocabularyBytes: Buffer.byteLength(vocabulary), shards: count, built: missing.length };
}

/**
 * The files Pagefind fetches when it starts, in the order and with the query it uses
 * (`?ts=` is its `metaCacheTag`, the shard's key: src/search/box/pagefind.ts): each shard's entry
 * and its French metadata, and the first shard's WebAssembly.
 */
function startupFiles(published: string, keys: readonly string[]): string[] {
  return keys.flatMap((key, shard) => {
    const entry = JSON.parse(readFileSync(path.join(published, key, 'pagefind-entry.json'), 'utf8')) as { languages: Record<string, { hash: string; wasm?: string }> };
    const french = entry.languages.fr;
    if (!french) throw new Error(`Pagefind : pas d’index français dans la partie ${key}`);
    const files = [`${key}/pagefind-entry.json?ts=${key}`, `${key}/pagefind.${french.hash}.pf_meta`];
    return shard === 0 ? [...files, `${key}/wasm.${french.wasm ?? 'unknown'}.pagefind`] : files;
  });
}

/**
 * Shards kept in the cache besides the current ones, the most recently used first: enough for a
 * branch or a second checkout built with the same cache to find its own, not so many that the
 * cache (kept between CI runs) grows with every merge.
 */
const KEPT_SHARDS = 4 * MAX_SHARDS;

function pruneStore(store: string, current: ReadonlySet<string>): void {
  const now = new Date();
  for (const key of current) utimesSync(path.join(store, key), now, now);
  const others = readdirSync(store, { withFileTypes: true })
    .filter((entry) => entry.isDirectory() && !current.has(entry.name))
    .map((entry) => ({ dir: path.join(store, entry.name), used: statSync(path.join(store, entry.name)).mtimeMs }))
    .sort((a, b) => b.used - a.used);
  for (const { dir } of others.slice(KEPT_SHARDS)) rmSync(dir, { recursive: true, force: true });
}

/**
 * Pagefind writes the given shards into the cache, all in one service and at the same time. The
 * documents go to Pagefind as files of a scratch folder, read back by its own parallel indexer:
 * sending 10,000 of them one by one through the service (addHTMLFile) took 58 s where Pagefind
 * reads such a folder in about 12 s. Their paths give the URLs (notices/<slug>.html). Each shard
 * is written beside its final place, then renamed: a shard in the cache is always whole.
 */
async function writeShards(store: string, jobs: readonly { key: string; documents: readonly { url: string; html: string }[] }[]): Promise<void> {
  const scratch = mkdtempSync(path.join(os.tmpdir(), 'framalibre-recherche-'));
  try {
    await Promise.all(
      jobs.map(async ({ key, documents }) => {
        const { index, errors } = await pagefind.createIndex({ forceLanguage: 'fr' });
        if (!index) throw new Error(`Pagefind : ${errors.join(', ')}`);
        const source = path.join(scratch, key);
        mkdirSync(path.join(source, 'notices'), { recursive: true });
        for (const { url, html } of documents) writeFileSync(path.join(source, url), html);
        const added = await index.addDirectory({ path: source });
        if (added.errors.length > 0) throw new Error(`Pagefind : ${added.errors.join(', ')}`);
        if (added.page_count !== documents.length) throw new Error(`Pagefind : ${added.page_count} documents indexés sur ${documents.length}`);
        const target = path.join(store, key);
        rmSync(`${target}.tmp`, { recursive: true, force: true });
        const written = await index.writeFiles({ outputPath: `${target}.tmp` });
        if (written.errors.length > 0) throw new Error(`Pagefind : ${written.errors.join(', ')}`);
        await index.deleteIndex();
        rmSync(target, { recursive: true, force: true });
        renameSync(`${target}.tmp`, target);
      }),
    );
  } finally {
    rmSync(scratch, { recursive: true, force: true });
    await pagefind.close();
  }
}
