/**
 * The notices as the site shows them: every file of content/notices/ read with our parser, checked
 * with our schema, its body rendered by our safe renderer, and kept between builds in one JSON file
 * of the build cache (`noticeStoreFile`).
 *
 * Why not Astro's content layer, which did this before: Astro embeds its whole data store (every
 * notice, its body and its HTML: 16 MB at 10,000 notices) as a string literal in the server and
 * prerender bundles. At every build Vite parsed and wrote that string twice, Node compiled it
 * again to render the pages, and devalue rebuilt 10,000 entries from it (1.6 s of bundling and
 * about 1 s of loading at 10,000 notices, with the garbage collection that goes with it). Read
 * here, the notices never enter a bundle: the pages load them from the cache at render time.
 *
 * Unchanged files are not read again: a file whose identity and times are those recorded when its
 * entry was stored (device, inode, size, modification and change times) keeps its entry; one that
 * was touched is read, and keeps its entry when its bytes (git blob id) have not changed. The whole
 * store starts again when anything that shapes an entry changes (`storeKey`).
 */
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { nameProblems } from './check.ts';
import { describeIssues, formatProblem } from './errors.ts';
import { renderNoticeBody } from './markdown.ts';
import { parseNoticeFile } from './notice-file.ts';
import { buildCacheDir, contentDir } from './paths.ts';
import { listNoticeFiles, slugOfFile } from './repository.ts';
import { createNoticeSchema, type Notice, type NoticeData } from './schema.ts';
import { noticeVersion } from './version.ts';
import { loadVocabularies, vocabularyIds } from './vocabulary.ts';

/** A notice with its body rendered to safe HTML and its file's version (git blob id, version.ts). */
export interface StoredNotice extends Notice {
  html: string;
  version: string;
}

interface Entry {
  /** The file's identity and times when the entry was stored (`fileSignature`). */
  signature: string;
  version: string;
  data: NoticeData;
  body: string;
  html: string;
  /** `contentDigest` of the notice as stored, and of its fields alone (see `storedDigests`). */
  digests: StoredDigests;
}

export interface StoredDigests {
  /** slug, fields, body and HTML. */
  notice: string;
  /** slug and fields. */
  card: string;
}

interface StoreFile {
  key: string;
  entries: Record<string, Entry>;
}

/** Where the store is kept: next to Astro's own cache (FRAMALIBRE_CACHE_DIR). */
export function noticeStoreFile(cacheDir = buildCacheDir()): string {
  return path.join(cacheDir, 'framalibre-notices.json');
}

/**
 * Reads every notice of the content folder, from the store where its file has not changed.
 * Stops at the first notice that breaks the schema or whose file name is not its slug, as the
 * build always did: the page would publish a wrong notice or a wrong address.
 */
export function loadNoticeStore(root = contentDir(), storeFile = noticeStoreFile()): StoredNotice[] {
  const vocabularies = loadVocabularies(root);
  const key = storeKey(vocabularies);
  const previous = readStore(storeFile, key);
  const schema = createNoticeSchema(vocabularyIds(vocabularies));
  // A Map, not an object: a slug such as « 2048 » keeps its place, and none can be « __proto__ ».
  const entries = new Map<string, Entry>();
  let changed = previous.size === 0;
  for (const file of listNoticeFiles(path.join(root, 'notices'))) {
    const slug = slugOfFile(file);
    const signature = fileSignature(file);
    const known = previous.get(slug);
    if (known?.signature === signature) {
      entries.set(slug, known);
      continue;
    }
    changed = true;
    const text = readFileSync(file, 'utf8');
    const version = noticeVersion(text);
    entries.set(slug, known?.version === version ? { ...known, signature } : readEntry(file, slug, text, version, signature, schema));
  }
  if (changed || entries.size !== previous.size) writeStore(storeFile, { key, entries: Object.fromEntries(entries) });
  return [...entries].map(([slug, { version, data, body, html, digests }]) => {
    const notice = { slug, data, body, html, version };
    digestsOf.set(notice, digests);
    return notice;
  });
}

const digestsOf = new WeakMap<object, StoredDigests>();
/**
 * The digests computed when a notice's entry was stored, for the build's cache keys
 * (src/build/cache-keys.ts): hashing 10,000 notices again at every build cost more than reading
 * them. Only for the very objects `loadNoticeStore` returned (a copy may differ: none).
 */
export function storedDigests(notice: object): StoredDigests | undefined {
  return digestsOf.get(notice);
}

/** A value's digest: sha256 of its JSON, the hash of every build cache key. */
export function contentDigest(value: unknown): string {
  return createHash('sha256').update(JSON.stringify(value)).digest('base64url');
}

function readEntry(file: string, slug: string, text: string, version: string, signature: string, schema: ReturnType<typeof createNoticeSchema>): Entry {
  const where = path.relative(process.cwd(), file);
  const { data, body } = parseNoticeFile(text);
  // The slug is the public URL: a file whose name is not the slug of its `nom` would publish the
  // notice under the wrong address, so the build stops like `npm run validate` does.
  const [nameProblem] = nameProblems(data, slug);
  if (nameProblem) throw new Error(`${where} : ${nameProblem.field} : ${nameProblem.message}`);
  const parsed = schema.safeParse(data);
  if (!parsed.success) throw new Error(`${where} : ${describeIssues(parsed.error.issues).map(formatProblem).join(' ; ')}`);
  const html = renderNoticeBody(body);
  // The same values as cache-keys.ts computes from the notice the pages get.
  const digests = { notice: contentDigest({ slug, data: parsed.data, body, html }), card: contentDigest({ slug, data: parsed.data }) };
  return { signature, version, data: parsed.data, body, html, digests };
}

/** What shapes an entry besides its file: the vocabularies (the schema accepts their ids) and the code. */
function storeKey(vocabularies: unknown): string {
  return createHash('sha256').update(JSON.stringify(vocabularies)).update(sourceDigest()).digest('base64url');
}

let sources: string | undefined;
/**
 * The code of src/notices/ (parser, schema, renderer, catalogue rules) and the dependencies'
 * versions (the lock file): what the build's own caches must start again for. Read from the
 * project root, where builds run; a missing file counts as a value of its own.
 */
export function sourceDigest(): string {
  if (sources === undefined) {
    const hasher = createHash('sha256');
    const folder = path.resolve('src', 'notices');
    const files = existsSync(folder)
      ? readdirSync(folder)
          .filter((name) => name.endsWith('.ts'))
          .sort()
      : [];
    // By name, not full path: a checkout elsewhere with the same code reuses the same cache.
    for (const [name, file] of [...files.map((f) => [f, path.join(folder, f)]), ['package-lock.json', path.resolve('package-lock.json')]]) {
      hasher.update(`\0${name}\0`).update(existsSync(file!) ? readFileSync(file!) : 'absent');
    }
    sources = hasher.digest('base64url');
  }
  return sources;
}

function readStore(file: string, key: string): Map<string, Entry> {
  try {
    const store = JSON.parse(readFileSync(file, 'utf8')) as Partial<StoreFile>;
    return new Map(store.key === key && store.entries ? Object.entries(store.entries) : []);
  } catch {
    return new Map();
  }
}

/**
 * Written whole under a name of its own, then renamed: two builds sharing a cache never read half
 * a file. Best effort: a server whose cache folder is read-only still shows the notices.
 */
function writeStore(file: string, store: StoreFile): void {
  try {
    mkdirSync(path.dirname(file), { recursive: true });
    const temporary = `${file}.${process.pid}.tmp`;
    writeFileSync(temporary, JSON.stringify(store));
    renameSync(temporary, file);
  } catch {
    // The next build reads the files again.
  }
}

/**
 * A file's identity and state: device, inode, size, modification and change times. Any write
 * changes the change time (which no tool can set back), and a copied or checked-out file is a new
 * inode: a matching signature means the bytes are those read last time.
 */
function fileSignature(file: string): string {
  const s = statSync(file);
  return `${s.dev}:${s.ino}:${s.size}:${s.mtimeMs}:${s.ctimeMs}`;
}
