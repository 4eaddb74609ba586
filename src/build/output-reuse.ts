/**
 * Keeping the pages an incremental build reuses where they are, without sharing a file with the
 * cache.
 *
 * Left alone, Astro empties the output folder at every build, then copies every page it reuses
 * back from its own copy (cacheDir/dist/): at 10,000 notices, 20,000 files deleted and copied
 * again for a one-line change. Instead, astro.config.ts sets `vite.build.emptyOutDir: false`
 * and this module does the emptying itself, at the start of the build:
 *   - a file of the output folder that Astro recorded as a reusable page (its incremental
 *     manifest, cacheDir/incremental-build.json) stays when neither it nor Astro's copy changed
 *     since the end of the build that produced them (same inode, size, modification and change
 *     times as recorded then: `recordOutputs`, in cacheDir/framalibre-sorties/, one record per
 *     output folder);
 *   - the search index's shards stay too (named by their content: src/search/indexer.ts);
 *   - everything else is deleted, as Astro would have done; Astro copies a reused page that is
 *     missing back from its cache (« restored »): a copy, never a link.
 * Astro then finds the reused pages in place and copies nothing (generate.js: « existsInDist »).
 *
 * The output and the cache never share a file: a page Astro renders again is written to both as
 * two files, so another build using the same cache (a second checkout, a test) rewrites the cache's
 * copy without touching a published page. (Earlier versions left hard links to the cache's copies:
 * a server kept serving pages that another build rewrote under it.) That other build does change
 * the cache's copy, so the next build of this folder sees the copy's times differ from its record,
 * deletes its page and lets Astro restore the new copy: a page left in place is always the one
 * Astro would have restored.
 *
 * After the build, `pruneStalePages` deletes the recorded pages that this build did not produce (a
 * deleted notice…), then `recordOutputs` writes the new record.
 */
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';

/**
 * The output files Astro recorded in its incremental manifest, relative to the output folder, each
 * with what Astro compares before reusing it (canSkip in node_modules/astro/dist/core/build/
 * incremental.js): the manifest's format, config and lock file hashes, the route's code hash and the
 * path's cacheKey. A file whose identity is the same in the manifests before and after a build
 * was reused as it was, not written again.
 */
function recordedOutputs(cacheDir: string): Map<string, string> {
  let manifest: {
    version?: number;
    configHash?: string;
    lockfileHash?: string;
    routes?: Record<string, { dependencyHash?: string; paths?: Record<string, { outputFile?: string; cacheKey?: string }> }>;
  };
  try {
    manifest = JSON.parse(readFileSync(path.join(cacheDir, 'incremental-build.json'), 'utf8'));
  } catch {
    return new Map();
  }
  const files = new Map<string, string>();
  for (const route of Object.values(manifest.routes ?? {})) {
    for (const entry of Object.values(route.paths ?? {})) {
      if (typeof entry.outputFile === 'string' && !path.isAbsolute(entry.outputFile) && !entry.outputFile.split(/[\\/]/).includes('..')) {
        files.set(entry.outputFile, JSON.stringify([manifest.version, manifest.configHash, manifest.lockfileHash, route.dependencyHash, entry.cacheKey]));
      }
    }
  }
  return files;
}

/**
 * Identity and state of a file: inode, size, modification and change times (in ms with their
 * fraction: a bigint stat, to the nanosecond, took three times as long on 20,000 pages).
 */
function signature(file: string): string | undefined {
  try {
    const s = statSync(file);
    return `${s.dev}:${s.ino}:${s.size}:${s.mtimeMs}:${s.ctimeMs}`;
  } catch {
    return undefined;
  }
}

/** Where the record of one output folder is kept: its pages' and their cached copies' signatures. */
function recordFile(outDir: string, cacheDir: string): string {
  const id = createHash('sha256').update(path.resolve(outDir)).digest('hex').slice(0, 16);
  return path.join(cacheDir, 'framalibre-sorties', `${id}.json`);
}

type OutputRecord = Record<string, [page: string, copy: string]>;

function readRecord(outDir: string, cacheDir: string): OutputRecord {
  try {
    const record = JSON.parse(readFileSync(recordFile(outDir, cacheDir), 'utf8')) as { dossier?: string; pages?: OutputRecord };
    return record.dossier === path.resolve(outDir) && record.pages ? record.pages : {};
  } catch {
    return {};
  }
}

/** Deletes every file under `dir` that `keep` refuses, then the folders left empty. */
function sweep(dir: string, root: string, keep: (relative: string) => boolean): void {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) {
      sweep(full, root, keep);
      if (readdirSync(full).length === 0) rmdirSync(full);
    } else if (!keep(path.relative(root, full).split(path.sep).join('/'))) {
      rmSync(full, { force: true });
    }
  }
}

export interface Prepared {
  /** Pages left in place for Astro to reuse. */
  kept: number;
  /** Relative paths of those pages: only they can be stale after the build. */
  recorded: Set<string>;
  /** The signatures of those pages and their cached copies, checked when they were kept. */
  signatures: Map<string, [page: string, copy: string]>;
  /** What Astro's manifest said of each output before the build (`recordedOutputs`). */
  identities: Map<string, string>;
}

/** Files of a search shard in the output: `client/pagefind/<key>/…` (the key: 16 hexadecimal digits). */
const SEARCH_SHARD = /(^|\/)pagefind\/[0-9a-f]{16}\//;

const cachedCopy = (cacheDir: string, relative: string) => path.join(cacheDir, 'dist', relative);

/** Empties `outDir` except for the pages Astro may reuse and that are still what it recorded. */
export function prepareOutDir(outDir: string, cacheDir: string, incremental: boolean): Prepared {
  const identities = incremental ? recordedOutputs(cacheDir) : new Map<string, string>();
  const record = incremental ? readRecord(outDir, cacheDir) : {};
  const signatures = new Map<string, [string, string]>();
  if (existsSync(outDir)) {
    sweep(outDir, outDir, (relative) => {
      // A shard of the search index is named by its content and written whole (src/search/indexer.ts).
      if (SEARCH_SHARD.test(relative)) return true;
      const known = record[relative];
      if (known === undefined || !identities.has(relative)) return false;
      const now: [string, string] = [signature(path.join(outDir, relative)) ?? '', signature(cachedCopy(cacheDir, relative)) ?? ''];
      if (now[0] !== known[0] || now[1] !== known[1]) return false;
      signatures.set(relative, now);
      return true;
    });
  }
  return { kept: signatures.size, recorded: new Set(signatures.keys()), signatures, identities };
}

/** Deletes the kept pages that this build did not produce; `produced` are absolute file paths. */
export function pruneStalePages(outDir: string, prepared: Prepared, produced: Iterable<string>): number {
  const made = new Set([...produced].map((file) => path.relative(outDir, file).split(path.sep).join('/')));
  let pruned = 0;
  for (const relative of prepared.recorded) {
    if (made.has(relative)) continue;
    rmSync(path.join(outDir, relative), { force: true });
    pruned++;
  }
  return pruned;
}

/**
 * Records, at the end of a build, the signature of every page Astro may reuse next time and of
 * its cached copy: what `prepareOutDir` compares. A page kept at the start of the build whose
 * manifest entry did not change was reused as it was, neither it nor its copy written: its
 * signatures are those checked then (at 10,000 notices, 40,000 files not examined twice). A page
 * sharing its inode with its copy (left by an older version of this module) is not recorded, so
 * it is replaced by a copy next time.
 */
export function recordOutputs(outDir: string, cacheDir: string, prepared?: Prepared): number {
  const pages: OutputRecord = {};
  for (const [relative, identity] of recordedOutputs(cacheDir)) {
    const kept = prepared?.identities.get(relative) === identity ? prepared.signatures.get(relative) : undefined;
    const page = kept?.[0] ?? signature(path.join(outDir, relative));
    const copy = kept?.[1] ?? signature(cachedCopy(cacheDir, relative));
    if (page === undefined || copy === undefined) continue;
    const [pageDev, pageIno] = page.split(':');
    const [copyDev, copyIno] = copy.split(':');
    if (pageDev === copyDev && pageIno === copyIno) continue;
    pages[relative] = [page, copy];
  }
  const file = recordFile(outDir, cacheDir);
  mkdirSync(path.dirname(file), { recursive: true });
  writeFileSync(`${file}.tmp`, JSON.stringify({ dossier: path.resolve(outDir), pages }));
  renameSync(`${file}.tmp`, file);
  return Object.keys(pages).length;
}
