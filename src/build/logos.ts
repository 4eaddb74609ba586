/**
 * Logos: every image of content/notices/logos/ is re-encoded with sharp into a few fixed, square
 * renditions under /images/logo/. The PNG keeps the historical URL `/images/logo/<name>.png`
 * that people's mini-sites hot-link; WebP renditions serve the site itself. An SVG is always
 * rasterised: the uploaded SVG is never served from our domain. Renditions are cached by content
 * hash in node_modules/.astro so an unchanged logo costs nothing on the next build.
 */
import { createHash } from 'node:crypto';
import { copyFileSync, existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import sharp from 'sharp';

export const LOGO_PNG_SIZE = 256;
export const LOGO_WEBP_SIZES = [96, 192] as const;
/** No logo may decode to more pixels than this (decompression bombs). */
export const LOGO_PIXEL_LIMIT = 4096 * 4096;
/** Largest logo file accepted, in the repository as in a contribution. */
export const LOGO_MAX_BYTES = 1024 * 1024;
const CACHE_VERSION = 'v1';

export function logoBaseName(file: string): string {
  return path.basename(file, path.extname(file));
}

/** Public URLs of a logo's renditions, from the `logo` field of a notice. */
export function logoUrls(logo: string) {
  const base = `/images/logo/${encodeURIComponent(logoBaseName(logo))}`;
  return {
    png: `${base}.png`,
    webp: Object.fromEntries(LOGO_WEBP_SIZES.map((size) => [size, `${base}-${size}.webp`])) as Record<(typeof LOGO_WEBP_SIZES)[number], string>,
  };
}

/** The renditions of one image, as buffers. Throws on anything sharp cannot decode safely. */
export async function renderLogo(input: Buffer): Promise<{ name: string; data: Buffer }[]> {
  const open = () =>
    sharp(input, { limitInputPixels: LOGO_PIXEL_LIMIT, density: 300 })
      .rotate()
      .resize({ fit: 'contain', background: { r: 0, g: 0, b: 0, alpha: 0 }, withoutEnlargement: false });
  const outputs = [{ name: '.png', data: await open().resize(LOGO_PNG_SIZE, LOGO_PNG_SIZE, { fit: 'contain', background: { r: 0, g: 0, b: 0, alpha: 0 } }).png({ compressionLevel: 9, palette: true }).toBuffer() }];
  for (const size of LOGO_WEBP_SIZES) {
    outputs.push({ name: `-${size}.webp`, data: await open().resize(size, size, { fit: 'contain', background: { r: 0, g: 0, b: 0, alpha: 0 } }).webp({ quality: 82 }).toBuffer() });
  }
  return outputs; // sharp drops metadata (EXIF, comments) unless asked to keep it
}

export async function buildLogos(sourceDir: string, outDir: string, cacheDir: string): Promise<{ built: number; cached: number }> {
  if (!existsSync(sourceDir)) return { built: 0, cached: 0 };
  mkdirSync(outDir, { recursive: true });
  mkdirSync(cacheDir, { recursive: true });
  let built = 0;
  let cached = 0;
  for (const name of readdirSync(sourceDir).sort()) {
    if (!/\.(png|jpe?g|webp|svg)$/i.test(name)) continue;
    const input = readFileSync(path.join(sourceDir, name));
    const hash = createHash('sha256').update(CACHE_VERSION).update(input).digest('hex').slice(0, 20);
    const suffixes = ['.png', ...LOGO_WEBP_SIZES.map((s) => `-${s}.webp`)];
    const cachedFiles = suffixes.map((suffix) => path.join(cacheDir, `${hash}${suffix}`));
    if (!cachedFiles.every(existsSync)) {
      for (const output of await renderLogo(input)) writeFileSync(path.join(cacheDir, `${hash}${output.name}`), output.data);
      built++;
    } else {
      cached++;
    }
    suffixes.forEach((suffix, i) => copyFileSync(cachedFiles[i]!, path.join(outDir, `${logoBaseName(name)}${suffix}`)));
  }
  return { built, cached };
}
