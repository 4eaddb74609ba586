/** What moderators need to know about a proposed logo: format, size, weight, and what to watch. */
import { existsSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import sharp from 'sharp';
import { LOGO_MIN_SIDE, logoProblems } from '../notices/logo-check.ts';
import { LOGO_MAX_BYTES, LOGO_SVG_DENSITY } from '../notices/logos.ts';

export interface LogoInfo {
  file: string;
  exists: boolean;
  bytes?: number;
  /** As sharp reads the content (not the extension): png, jpeg, webp, svg… */
  format?: string;
  width?: number;
  height?: number;
  /** French remarks, empty when all is well. */
  remarks: string[];
}

export async function describeLogo(file: string): Promise<LogoInfo> {
  if (!existsSync(file)) return { file, exists: false, remarks: ['fichier introuvable'] };
  const bytes = statSync(file).size;
  const info: LogoInfo = { file, exists: true, bytes, remarks: [] };
  if (bytes <= LOGO_MAX_BYTES && bytes > 200 * 1024) info.remarks.push('fichier lourd : il sera réduit à la construction, mais une image plus légère suffit');
  // The checker's rules first, in its words (the same as `npm run validate` and the form).
  info.remarks.push(...(await logoProblems(readFileSync(file), path.extname(file))).map((p) => p.message));
  try {
    const meta = await sharp(file, { limitInputPixels: false, density: LOGO_SVG_DENSITY }).metadata();
    info.format = meta.format;
    info.width = meta.width;
    info.height = meta.height;
    // Advice beyond the rules: what will look better on the page.
    if (meta.format === 'svg') info.remarks.push('SVG : converti en PNG et WebP à la construction, jamais servi tel quel');
    const { width = 0, height = 0 } = meta;
    if (meta.format !== 'svg' && Math.min(width, height) >= LOGO_MIN_SIDE && Math.min(width, height) < 256)
      info.remarks.push('moins de 256 pixels de côté : un peu flou sur écran dense');
    if (width && height && Math.max(width, height) / Math.min(width, height) > 1.5)
      info.remarks.push('image très allongée : elle sera centrée dans un carré, le logo paraîtra petit');
  } catch {
    // Unreadable: the checker has said so.
  }
  return info;
}

export function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} o`;
  const kio = bytes / 1024;
  return kio < 1024 ? `${kio < 10 ? kio.toFixed(1).replace('.', ',') : Math.round(kio)} Kio` : `${(kio / 1024).toFixed(1).replace('.', ',')} Mio`;
}
