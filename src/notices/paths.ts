/**
 * Where the content lives. Commands run from the project root (npm scripts, Astro), so paths are
 * relative to the working directory; FRAMALIBRE_CONTENT points the whole site at another content
 * folder (the benchmarks build 10,000 generated notices that way).
 */
import path from 'node:path';

export function contentDir(): string {
  return path.resolve(process.env.FRAMALIBRE_CONTENT ?? 'content');
}

export function noticesDir(root = contentDir()): string {
  return path.join(root, 'notices');
}

export function logosDir(root = contentDir()): string {
  return path.join(noticesDir(root), 'logos');
}

/**
 * The build cache (Astro's `cacheDir`, astro.config.ts), where the build also keeps its own
 * stores. It must stay under node_modules/ (see the README), hence the default.
 */
export function buildCacheDir(): string {
  return path.resolve(process.env.FRAMALIBRE_CACHE_DIR ?? 'node_modules/.astro');
}
