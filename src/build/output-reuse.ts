/**
 * Keeping the pages an incremental build reuses where they are.
 *
 * Left alone, Astro empties the output folder at every build, then copies every page it reuses
 * back from its own copy (cacheDir/dist/): at 10,000 notices, 20,000 files deleted and copied
 * again for a one-line change. Instead, astro.config.ts sets `vite.build.emptyOutDir: false`
 * and this module does the emptying itself, at the start of the build:
 *   - a file of the output folder that Astro recorded as a reusable page (its incremental
 *     manifest, cacheDir/incremental-build.json) and that is still the same file as Astro's copy
 *     (a hard link made by a previous build) stays;
 *   - a recorded page missing from the output folder becomes a hard link to Astro's copy;
 *   - everything else is deleted, as Astro would have done.
 * Astro then finds the reused pages in place and copies nothing (generate.js: « existsInDist »).
 * A page it renders again is written through the link, so its copy gets the new bytes too, then
 * the same bytes a second time (Astro writes the copy itself). After the build, `pruneStalePages`
 * deletes the recorded pages that this build did not produce (a deleted notice…).
 *
 * Without a previous manifest, or with incremental builds off, the folder is simply emptied.
 *
 * Consequence: a reused page of the output folder IS Astro's cached copy. Anything that
 * post-processes the built pages must write new files (or work on a copy, like the merge request
 * preview does), never rewrite a page in place: the change would enter the cache and be reused.
 */
import { existsSync, linkSync, mkdirSync, readdirSync, readFileSync, rmdirSync, rmSync, statSync } from 'node:fs';
import path from 'node:path';

/** The output files Astro recorded in its incremental manifest, relative to the output folder. */
function recordedOutputs(cacheDir: string): string[] {
  let manifest: { routes?: Record<string, { paths?: Record<string, { outputFile?: string }> }> };
  try {
    manifest = JSON.parse(readFileSync(path.join(cacheDir, 'incremental-build.json'), 'utf8'));
  } catch {
    return [];
  }
  const files: string[] = [];
  for (const route of Object.values(manifest.routes ?? {})) {
    for (const entry of Object.values(route.paths ?? {})) {
      if (typeof entry.outputFile === 'string' && !path.isAbsolute(entry.outputFile) && !entry.outputFile.split(/[\\/]/).includes('..')) {
        files.push(entry.outputFile);
      }
    }
  }
  return files;
}

function sameFile(a: string, b: string): boolean {
  try {
    const x = statSync(a);
    const y = statSync(b);
    return x.ino === y.ino && x.dev === y.dev;
  } catch {
    return false;
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
  /** Pages left in place (or linked) for Astro to reuse. */
  kept: number;
  /** Relative paths of those pages: only they can be stale after the build. */
  recorded: Set<string>;
}

/** Empties `outDir` except for the pages Astro may reuse, which become links to its copies. */
export function prepareOutDir(outDir: string, cacheDir: string, incremental: boolean): Prepared {
  const recorded = new Set(incremental ? recordedOutputs(cacheDir) : []);
  const copyOf = (relative: string) => path.join(cacheDir, 'dist', relative);
  const kept = new Set<string>();
  if (existsSync(outDir)) {
    sweep(outDir, outDir, (relative) => {
      const keep = recorded.has(relative) && sameFile(path.join(outDir, relative), copyOf(relative));
      if (keep) kept.add(relative);
      return keep;
    });
  }
  for (const relative of recorded) {
    if (kept.has(relative) || !existsSync(copyOf(relative))) continue;
    const target = path.join(outDir, relative);
    try {
      mkdirSync(path.dirname(target), { recursive: true });
      linkSync(copyOf(relative), target);
      kept.add(relative);
    } catch {
      // Another file system, or links refused: Astro copies the page itself.
    }
  }
  return { kept: kept.size, recorded: kept };
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
