/**
 * What a logo is, for every room: the limits a logo file must respect (in the repository as in a
 * contribution) and the public addresses of its renditions. The renditions themselves are made by
 * sharp at build time (src/build/logos.ts); the rules that check a logo file are in logo-check.ts.
 */
import path from 'node:path';

export const LOGO_PNG_SIZE = 256;
export const LOGO_WEBP_SIZES = [96, 192] as const;
/** No logo may decode to more pixels than this (decompression bombs). */
export const LOGO_PIXEL_LIMIT = 4096 * 4096;
/** An SVG is rasterised at this density: the validator checks its size as the build will decode it. */
export const LOGO_SVG_DENSITY = 300;
/** Largest logo file accepted, in the repository as in a contribution. */
export const LOGO_MAX_BYTES = 1024 * 1024;

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
