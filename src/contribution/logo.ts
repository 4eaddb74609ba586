/**
 * Uploaded logos are never published as sent: the logo rules of the one checker
 * (notices/logo-check.ts, the same words as `npm run validate`) refuse what cannot be drawn
 * safely, then sharp decodes the image under the pixel limit, drops every metadata and re-encodes
 * a PNG.
 */
import sharp from 'sharp';
import { logoProblems } from '../notices/logo-check.ts';
import { LOGO_PIXEL_LIMIT, LOGO_SVG_DENSITY } from '../notices/logos.ts';
import { isError } from '../notices/problems.ts';
import { LOGO_FIELD } from './form-fields.ts';
import { Refusal } from './refusal.ts';

const OUTPUT_SIZE = 512;

function refuse(message: string): Refusal {
  return new Refusal('logo-refuse', `Logo refusé : ${message}`, [{ field: LOGO_FIELD, message }]);
}

export async function processUploadedLogo(bytes: Uint8Array): Promise<Buffer> {
  const [problem] = (await logoProblems(bytes)).filter(isError);
  if (problem) throw refuse(problem.message);
  try {
    return await sharp(Buffer.from(bytes), { limitInputPixels: LOGO_PIXEL_LIMIT, density: LOGO_SVG_DENSITY, failOn: 'error' })
      .rotate()
      .resize(OUTPUT_SIZE, OUTPUT_SIZE, { fit: 'inside', withoutEnlargement: true })
      .png({ compressionLevel: 9 })
      .toBuffer();
  } catch {
    throw refuse('le fichier n’est pas une image lisible (PNG, JPEG, WebP ou SVG)');
  }
}
