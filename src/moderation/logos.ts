/** What moderators need to know about a proposed logo: format, size, weight, and what to watch. */
import { existsSync, statSync } from 'node:fs';
import sharp from 'sharp';
import { LOGO_MAX_BYTES, LOGO_PIXEL_LIMIT } from '../notices/logos.ts';

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
  if (bytes > LOGO_MAX_BYTES) info.remarks.push('fichier trop lourd (1 Mio au plus)');
  else if (bytes > 200 * 1024) info.remarks.push('fichier lourd : il sera réduit à la construction, mais une image plus légère suffit');
  try {
    const meta = await sharp(file, { limitInputPixels: LOGO_PIXEL_LIMIT }).metadata();
    info.format = meta.format;
    info.width = meta.width;
    info.height = meta.height;
    const extension = file.split('.').pop()?.toLowerCase().replace('jpg', 'jpeg');
    if (meta.format && extension && meta.format !== extension) info.remarks.push(`le contenu est au format ${meta.format.toUpperCase()}, pas ${extension.toUpperCase()}`);
    if (meta.format === 'svg') info.remarks.push('SVG : converti en PNG et WebP à la construction, jamais servi tel quel');
    const { width = 0, height = 0 } = meta;
    if (meta.format !== 'svg' && Math.min(width, height) < 64) info.remarks.push('image petite : 256 pixels de côté ou plus rendent mieux');
    else if (meta.format !== 'svg' && Math.min(width, height) < 256) info.remarks.push('moins de 256 pixels de côté : un peu flou sur écran dense');
    if (width && height && Math.max(width, height) / Math.min(width, height) > 1.5)
      info.remarks.push('image très allongée : elle sera centrée dans un carré, le logo paraîtra petit');
  } catch {
    info.remarks.push('image illisible (PNG, JPEG, WebP ou SVG attendu)');
  }
  return info;
}

export function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} o`;
  const kio = bytes / 1024;
  return kio < 1024 ? `${kio < 10 ? kio.toFixed(1).replace('.', ',') : Math.round(kio)} Kio` : `${(kio / 1024).toFixed(1).replace('.', ',')} Mio`;
}
