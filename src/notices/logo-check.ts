/**
 * THE rules of a logo image, in one place (Node only: sharp reads it): the file in the repository
 * that a notice names (`npm run validate`), the logo a person uploads through the form (the
 * contribution function refuses with the same words) and the moderators' report all apply
 * `logoProblems`. The format is recognised by its bytes — PNG, JPEG and WebP by their signatures,
 * anything else is read as SVG text — so no prefix (a comment, a DOCTYPE, a BOM) can slip an SVG
 * past its checks; an SVG that could reach outside itself is refused; its size is read at the
 * density the build draws it. Every check is one linear pass.
 */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import sharp, { type Metadata } from 'sharp';
import { LOGO_MAX_BYTES, LOGO_PIXEL_LIMIT, LOGO_SVG_DENSITY } from './logos.ts';
import type { FileProblem } from './problems.ts';

export type LogoFormat = 'png' | 'jpeg' | 'webp' | 'svg';

const problem = (code: string, level: FileProblem['level'], message: string): FileProblem => ({ code, level, field: 'logo', message });

/** Below this many pixels on the short side, a raster logo looks blurred on a notice page. */
export const LOGO_MIN_SIDE = 64;

/** The format by the file's signature; SVG for text that holds an `<svg` element. */
export function sniffLogoFormat(bytes: Uint8Array): LogoFormat | undefined {
  const starts = (...signature: number[]) => signature.every((byte, i) => bytes[i] === byte);
  if (starts(0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a)) return 'png';
  if (starts(0xff, 0xd8, 0xff)) return 'jpeg';
  if (starts(0x52, 0x49, 0x46, 0x46) && bytes[8] === 0x57 && bytes[9] === 0x45 && bytes[10] === 0x42 && bytes[11] === 0x50) return 'webp';
  return /<svg[\s>]/i.test(Buffer.from(bytes).toString('utf8')) ? 'svg' : undefined;
}

/** Why an SVG cannot be rasterised safely, or undefined. Linear scans only. */
export function svgProblem(svg: string): string | undefined {
  if (/<!DOCTYPE|<!ENTITY/i.test(svg)) return 'les SVG avec DOCTYPE ou entités ne sont pas acceptés : enregistrez-le en SVG simple ou en PNG';
  if (/<script[\s>]|<foreignObject[\s>]|@import/i.test(svg)) return 'le SVG contient du code ou du contenu importé : exportez-le en SVG simple ou en PNG';
  // Only references to the document itself (#id) or embedded data: no file, no address.
  if (/[\s:]href\s*=(?!\s*["']?(?:#|data:image\/(?:png|jpeg|webp)[;,]))/i.test(svg)) return 'le SVG renvoie à un fichier ou à une adresse extérieure';
  if (/url\((?!\s*["']?#)/i.test(svg)) return 'le SVG renvoie à une ressource extérieure (url(…))';
  return undefined;
}

/**
 * Every problem of a logo image, errors first. `extension` (png, jpg, svg…) is the file's, when it
 * has a name: the content must be what it says.
 */
export async function logoProblems(bytes: Uint8Array, extension?: string): Promise<FileProblem[]> {
  if (bytes.byteLength > LOGO_MAX_BYTES) return [problem('logo-trop-lourd', 'erreur', `fichier trop lourd (${Math.round(bytes.byteLength / 1024)} Kio, 1 Mio au plus)`)];
  const format = sniffLogoFormat(bytes);
  if (!format) return [problem('logo-illisible', 'erreur', 'le fichier n’est pas une image lisible : formats acceptés : PNG, JPEG, WebP ou SVG')];
  const declared = extension?.toLowerCase().replace(/^\./, '').replace('jpg', 'jpeg');
  if (declared && declared !== format) return [problem('logo-format', 'erreur', `le fichier n’est pas une image ${declared.toUpperCase()} (format lu : ${format})`)];
  if (format === 'svg') {
    const unsafe = svgProblem(Buffer.from(bytes).toString('utf8'));
    if (unsafe) return [problem('logo-svg-refuse', 'erreur', unsafe)];
  }
  let meta: Metadata;
  try {
    // Read as the build decodes it: an SVG at the build's density (a small drawing can declare a
    // huge page); metadata() reads the header only, so the limit is compared here.
    meta = await sharp(Buffer.from(bytes), { limitInputPixels: false, density: LOGO_SVG_DENSITY }).metadata();
  } catch {
    return [problem('logo-illisible', 'erreur', 'le fichier n’est pas une image lisible (PNG, JPEG, WebP ou SVG)')];
  }
  // sharp must read the format the bytes announced, nothing else (no PDF or TIFF through SVG).
  if (meta.format !== format) return [problem('logo-illisible', 'erreur', 'le fichier n’est pas une image lisible (PNG, JPEG, WebP ou SVG)')];
  const { width = 0, height = 0 } = meta;
  if (width * height > LOGO_PIXEL_LIMIT) {
    const side = Math.sqrt(LOGO_PIXEL_LIMIT);
    return [
      problem(
        'logo-trop-grand',
        'erreur',
        `image trop grande une fois dessinée (${width}×${height} pixels, ${side}×${side} au plus) : enregistrez-la en PNG de 512 pixels de côté`,
      ),
    ];
  }
  if (format !== 'svg' && Math.min(width, height) < LOGO_MIN_SIDE) {
    return [problem('logo-petit', 'avertissement', `image petite (${width}×${height}) : 256 pixels de côté ou plus rendent mieux`)];
  }
  return [];
}

/** The logo file a notice names: present, and without problem. */
export async function checkLogoFile(file: string): Promise<FileProblem | undefined> {
  if (!existsSync(file)) return problem('logo-introuvable', 'erreur', `fichier introuvable : ${path.relative(process.cwd(), file)}`);
  return (await logoProblems(readFileSync(file), path.extname(file)))[0];
}
