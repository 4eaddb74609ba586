/**
 * QR codes for the printed handout of « Ma sélection », drawn as inline SVG in the browser with
 * qrcode-generator (MIT, no dependency, pinned in package.json): no image to fetch from anyone and
 * nothing the site's CSP would refuse (`img-src 'self' data:` does not even apply to inline SVG).
 * Plain TypeScript, so the same code runs in Node for the tests.
 */
import qrcode from 'qrcode-generator';
import { escapeHtml } from '../shared/html.ts';

/** Modules of blank margin around the code, the size the QR standard asks for readers to find it. */
export const QR_QUIET_ZONE = 4;

/** The dark modules of the QR code of `text`, as rows of booleans. */
export function qrModules(text: string): boolean[][] {
  // qrcode-generator's byte mode keeps the low byte of each UTF-16 unit: right for ASCII, and an
  // address from URL#href is always ASCII (paths percent-encoded, host names in punycode).
  if (!/^[\x20-\x7e]*$/.test(text)) throw new Error(`QR : texte non ASCII refusé (${text})`);
  const code = qrcode(0, 'M'); // smallest version that fits; 15 % of the code may be damaged (folded paper)
  code.addData(text, 'Byte');
  code.make();
  const count = code.getModuleCount();
  return Array.from({ length: count }, (_, row) => Array.from({ length: count }, (_, col) => code.isDark(row, col)));
}

/** An SVG of the QR code: one path of unit squares on a white square, quiet zone included. */
export function qrSvg(text: string, label: string): string {
  const modules = qrModules(text);
  const side = modules.length + 2 * QR_QUIET_ZONE;
  let path = '';
  modules.forEach((row, y) => {
    row.forEach((dark, x) => {
      if (dark) path += `M${x + QR_QUIET_ZONE} ${y + QR_QUIET_ZONE}h1v1h-1z`;
    });
  });
  return (
    `<svg viewBox="0 0 ${side} ${side}" width="${side * 3}" height="${side * 3}" role="img" aria-label="${escapeHtml(label)}" shape-rendering="crispEdges">` +
    `<rect width="${side}" height="${side}" fill="#fff"/><path d="${path}" fill="#000"/></svg>`
  );
}
