/**
 * Uploaded logos are never published as sent: sharp decodes them under a pixel limit
 * (decompression bombs), drops every metadata, and re-encodes a PNG. An SVG is rasterised after
 * its external references are cut (librsvg would otherwise read local files or remote URLs).
 */
import sharp from 'sharp';
import { LOGO_FIELD } from './draft.ts';
import { HttpError } from './http.ts';
import { LOGO_MAX_BYTES, LOGO_PIXEL_LIMIT } from '../build/logos.ts';
const OUTPUT_SIZE = 512;

function refuse(message: string): HttpError {
  return new HttpError(422, 'logo-refuse', `Logo refusé : ${message}`, [{ field: LOGO_FIELD, message }]);
}

/** Makes an SVG inert: no DTD/entities, no reference outside the document itself. */
export function neutraliseSvg(svg: string): string {
  if (/<!DOCTYPE|<!ENTITY/i.test(svg)) throw refuse('les SVG avec DOCTYPE ou entités ne sont pas acceptés');
  return svg
    .replace(/<script[\s\S]*?<\/script\s*>/gi, '')
    .replace(/<foreignObject[\s\S]*?<\/foreignObject\s*>/gi, '')
    .replace(/\s(xlink:)?href\s*=\s*("[^"]*"|'[^']*')/gi, (match, _x, value: string) => (value.slice(1).startsWith('#') ? match : ''))
    .replace(/url\(\s*['"]?(?!#)[^)]*\)/gi, 'none')
    .replace(/@import[^;]*;/gi, '');
}

export async function processUploadedLogo(bytes: Uint8Array): Promise<Buffer> {
  if (bytes.byteLength > LOGO_MAX_BYTES) throw refuse('le fichier dépasse 1 Mo');
  const head = Buffer.from(bytes.subarray(0, 512)).toString('utf8').trimStart().toLowerCase();
  const isSvg = head.startsWith('<svg') || (head.startsWith('<?xml') && head.includes('<svg'));
  let input: Buffer = Buffer.from(bytes);
  if (isSvg) input = Buffer.from(neutraliseSvg(Buffer.from(bytes).toString('utf8')));
  try {
    const image = sharp(input, { limitInputPixels: LOGO_PIXEL_LIMIT, density: isSvg ? 144 : undefined, failOn: 'error' });
    const meta = await image.metadata();
    if (!meta.format || !['png', 'jpeg', 'webp', 'svg'].includes(meta.format)) throw refuse('formats acceptés : PNG, JPEG, WebP ou SVG');
    return await image
      .rotate()
      .resize(OUTPUT_SIZE, OUTPUT_SIZE, { fit: 'inside', withoutEnlargement: true })
      .png({ compressionLevel: 9 })
      .toBuffer();
  } catch (error) {
    if (error instanceof HttpError) throw error;
    const text = String((error as Error).message ?? error);
    if (/pixel limit/i.test(text)) throw refuse('image trop grande (plus de 16 millions de pixels)');
    throw refuse('le fichier n’est pas une image lisible (PNG, JPEG, WebP ou SVG)');
  }
}
