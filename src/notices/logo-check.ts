/** The logo file a notice names: present, light enough, really an image of its extension (Node only). */
import { existsSync, statSync } from 'node:fs';
import path from 'node:path';
import sharp from 'sharp';
import { LOGO_MAX_BYTES, LOGO_PIXEL_LIMIT, LOGO_SVG_DENSITY } from './logos.ts';
import type { FileProblem } from './problems.ts';

const problem = (code: string, level: FileProblem['level'], message: string): FileProblem => ({ code, level, field: 'logo', message });

export async function checkLogoFile(file: string): Promise<FileProblem | undefined> {
  if (!existsSync(file)) return problem('logo-introuvable', 'erreur', `fichier introuvable : ${path.relative(process.cwd(), file)}`);
  const size = statSync(file).size;
  if (size > LOGO_MAX_BYTES) return problem('logo-trop-lourd', 'erreur', `fichier trop lourd (${Math.round(size / 1024)} Kio, 1 Mio au plus)`);
  try {
    // Read as the build decodes it: an SVG at the build's density (a small drawing can declare a huge page).
    // metadata() reads the header only, so the limit is compared here rather than refused unread.
    const meta = await sharp(file, { limitInputPixels: false, density: LOGO_SVG_DENSITY }).metadata();
    const extension = path.extname(file).slice(1).toLowerCase().replace('jpg', 'jpeg');
    if (meta.format !== extension) {
      return problem('logo-format', 'erreur', `le fichier n’est pas une image ${extension.toUpperCase()} (format lu : ${meta.format ?? 'inconnu'})`);
    }
    if ((meta.width ?? 0) * (meta.height ?? 0) > LOGO_PIXEL_LIMIT) {
      return problem(
        'logo-trop-grand',
        'erreur',
        `image trop grande une fois dessinée (${meta.width}×${meta.height} pixels, ${Math.sqrt(LOGO_PIXEL_LIMIT)}×${Math.sqrt(LOGO_PIXEL_LIMIT)} au plus) : enregistrez-la en PNG de 512 pixels de côté`,
      );
    }
    if (meta.format !== 'svg' && Math.min(meta.width ?? 0, meta.height ?? 0) < 64) {
      return problem('logo-petit', 'avertissement', `image petite (${meta.width}×${meta.height}) : 256 pixels de côté ou plus rendent mieux`);
    }
  } catch {
    return problem('logo-illisible', 'erreur', 'le fichier n’est pas une image lisible (PNG, JPEG, WebP ou SVG)');
  }
  return undefined;
}
