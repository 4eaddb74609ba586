/**
 * Logos: every image of content/notices/logos/ is re-encoded with sharp into a few fixed, square
 * renditions under /images/logo/. The PNG keeps the historical URL `/images/logo/<name>.png`
 * that people's mini-sites hot-link; WebP renditions serve the site itself. An SVG is always
 * rasterised: the uploaded SVG is never served from our domain. Renditions are cached by content
 * hash in node_modules/.astro so an unchanged logo costs nothing on the next build. Their limits and
 * public addresses are in src/notices/logos.ts. Notices without
 * a logo file get their brand icon from simple-icons (src/notices/icons.ts), rendered the same way.
 */
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync } from 'node:fs';
import { copyFile, writeFile } from 'node:fs/promises';
import { availableParallelism } from 'node:os';
import path from 'node:path';
import sharp from 'sharp';
import { LOGO_PIXEL_LIMIT, LOGO_PNG_SIZE, LOGO_SVG_DENSITY, LOGO_WEBP_SIZES, logoBaseName } from '../notices/logos.ts';
import { mapLimit } from '../shared/pool.ts';

const CACHE_VERSION = 'v1';

/** The renditions of one image, as buffers. Throws on anything sharp cannot decode safely. */
export async function renderLogo(input: Buffer): Promise<{ name: string; data: Buffer }[]> {
  const open = () =>
    sharp(input, { limitInputPixels: LOGO_PIXEL_LIMIT, density: LOGO_SVG_DENSITY })
      .rotate()
      .resize({ fit: 'contain', background: { r: 0, g: 0, b: 0, alpha: 0 }, withoutEnlargement: false });
  const outputs = [
    {
      name: '.png',
      data: await open()
        .resize(LOGO_PNG_SIZE, LOGO_PNG_SIZE, { fit: 'contain', background: { r: 0, g: 0, b: 0, alpha: 0 } })
        .png({ compressionLevel: 9, palette: true })
        .toBuffer(),
    },
  ];
  for (const size of LOGO_WEBP_SIZES) {
    outputs.push({
      name: `-${size}.webp`,
      data: await open()
        .resize(size, size, { fit: 'contain', background: { r: 0, g: 0, b: 0, alpha: 0 } })
        .webp({ quality: 82 })
        .toBuffer(),
    });
  }
  return outputs; // sharp drops metadata (EXIF, comments) unless asked to keep it
}

/** One logo to publish: its base name under /images/logo/ and the image to re-encode. */
export interface LogoJob {
  name: string;
  input: Buffer;
}

/**
 * How many logos are encoded at once on a cold cache: sharp works off the event loop, so a few
 * at a time keep every core busy; more would only raise the memory peak.
 */
export const LOGO_CONCURRENCY = Math.max(2, Math.min(4, availableParallelism()));

/**
 * Publishes the moderators' logo files of `sourceDir`, then the brand icons of `icons` (see
 * src/notices/icons.ts) under the names no file already takes: a logo file always wins.
 */
export async function buildLogos(
  sourceDir: string,
  outDir: string,
  cacheDir: string,
  icons: readonly LogoJob[] = [],
): Promise<{ built: number; cached: number; skipped: string[] }> {
  const jobs: LogoJob[] = [];
  if (existsSync(sourceDir)) {
    for (const name of readdirSync(sourceDir).sort()) {
      if (!/\.(png|jpe?g|webp|svg)$/i.test(name)) continue;
      jobs.push({ name: logoBaseName(name), input: readFileSync(path.join(sourceDir, name)) });
    }
  }
  const taken = new Set(jobs.map((job) => job.name));
  const skipped: string[] = [];
  for (const icon of icons) {
    if (taken.has(icon.name)) skipped.push(icon.name);
    else {
      taken.add(icon.name);
      jobs.push(icon);
    }
  }
  if (jobs.length === 0) return { built: 0, cached: 0, skipped };
  mkdirSync(outDir, { recursive: true });
  mkdirSync(cacheDir, { recursive: true });
  const suffixes = ['.png', ...LOGO_WEBP_SIZES.map((s) => `-${s}.webp`)];
  const outcomes = await mapLimit(jobs, LOGO_CONCURRENCY, async (job) => {
    const hash = createHash('sha256').update(CACHE_VERSION).update(job.input).digest('hex').slice(0, 20);
    const cachedFiles = suffixes.map((suffix) => path.join(cacheDir, `${hash}${suffix}`));
    const hit = cachedFiles.every(existsSync);
    if (!hit) {
      for (const output of await renderLogo(job.input)) await writeFile(path.join(cacheDir, `${hash}${output.name}`), output.data);
    }
    await Promise.all(suffixes.map((suffix, i) => copyFile(cachedFiles[i]!, path.join(outDir, `${job.name}${suffix}`))));
    return hit;
  });
  const cached = outcomes.filter(Boolean).length;
  return { built: outcomes.length - cached, cached, skipped };
}
