/**
 * Uploaded logos are never published as sent: sharp decodes them under a pixel limit
 * (decompression bombs), drops every metadata, and re-encodes a PNG. The format is recognised by
 * its bytes — PNG, JPEG and WebP by their signatures, anything else is read as SVG text — so no
 * prefix (a comment, a DOCTYPE, a BOM) can slip an SVG past its checks. An SVG is refused rather
 * than rewritten when it could reach outside itself; every check is one linear pass.
 */
import sharp from 'sharp';
import { LOGO_FIELD } from './form-fields.ts';
import { Refusal } from './refusal.ts';
import { LOGO_MAX_BYTES, LOGO_PIXEL_LIMIT } from '../notices/logos.ts';
const OUTPUT_SIZE = 512;

function refuse(message: string): Refusal {
  return new Refusal('logo-refuse', `Logo refusé : ${message}`, [{ field: LOGO_FIELD, message }]);
}

type LogoFormat = 'png' | 'jpeg' | 'webp' | 'svg';

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
  if (/<!DOCTYPE|<!ENTITY/i.test(svg)) return 'les SVG avec DOCTYPE ou entités ne sont pas acceptés';
  if (/<script[\s>]|<foreignObject[\s>]|@import/i.test(svg)) return 'le SVG contient du code ou du contenu importé : exportez-le en SVG simple ou en PNG';
  // Only references to the document itself (#id) or embedded data: no file, no address.
  if (/[\s:]href\s*=(?!\s*["']?(?:#|data:image\/(?:png|jpeg|webp)[;,]))/i.test(svg)) return 'le SVG renvoie à un fichier ou à une adresse extérieure';
  if (/url\((?!\s*["']?#)/i.test(svg)) return 'le SVG renvoie à une ressource extérieure (url(…))';
  return undefined;
}

export async function processUploadedLogo(bytes: Uint8Array): Promise<Buffer> {
  if (bytes.byteLength > LOGO_MAX_BYTES) throw refuse('le fichier dépasse 1 Mo');
  const format = sniffLogoFormat(bytes);
  if (!format) throw refuse('formats acceptés : PNG, JPEG, WebP ou SVG');
  if (format === 'svg') {
    const problem = svgProblem(Buffer.from(bytes).toString('utf8'));
    if (problem) throw refuse(problem);
  }
  try {
    const image = sharp(Buffer.from(bytes), { limitInputPixels: LOGO_PIXEL_LIMIT, density: format === 'svg' ? 144 : undefined, failOn: 'error' });
    const meta = await image.metadata();
    // sharp must read the format the bytes announced, nothing else (no PDF or TIFF through SVG).
    if (meta.format !== format) throw refuse('le fichier n’est pas une image lisible (PNG, JPEG, WebP ou SVG)');
    return await image.rotate().resize(OUTPUT_SIZE, OUTPUT_SIZE, { fit: 'inside', withoutEnlargement: true }).png({ compressionLevel: 9 }).toBuffer();
  } catch (error) {
    if (error instanceof Refusal) throw error;
    const text = String((error as Error).message ?? error);
    if (/pixel limit/i.test(text)) throw refuse('image trop grande (plus de 16 millions de pixels)');
    throw refuse('le fichier n’est pas une image lisible (PNG, JPEG, WebP ou SVG)');
  }
}
