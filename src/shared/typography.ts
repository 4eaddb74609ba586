/**
 * French typography for every page the site renders: a narrow no-break space (U+202F, the same
 * character everywhere) before « ; : ! ? », after « « » and before « » », so that these signs never
 * start a line. Applied to the finished HTML by src/middleware.ts, so that texts from notices,
 * vocabularies and templates all get it without anyone typing special spaces.
 *
 * Only text between tags changes: tags and their attributes (URLs, data, titles), comments, and
 * the content of script, style, pre, code, kbd, samp, textarea and svg stay byte for byte. Only an
 * existing space becomes a no-break one before « ; : ! ? », so « 10:30 », « https:// » or
 * « C:\ » never get one; « » are always spaced, as they are never glued in French.
 */
export const NARROW_NBSP = '\u202f';

const SPACE = '(?: |\\u00a0|\\u202f|&nbsp;|&#160;|&#xa0;)';
const BEFORE = new RegExp(`${SPACE}+(?=[;:!?»]|&raquo;)`, 'gi');
const AFTER_OPENING = new RegExp(`(«|&laquo;)${SPACE}*`, 'gi');
const BEFORE_CLOSING = new RegExp(`(?<!${SPACE})(?=»|&raquo;)`, 'gi');

/** Typography of one run of text (no tag inside). */
export function frenchSpacing(text: string): string {
  return text.replace(BEFORE, NARROW_NBSP).replace(AFTER_OPENING, `$1${NARROW_NBSP}`).replace(BEFORE_CLOSING, NARROW_NBSP);
}

/** Elements whose content is code or data, never prose. */
const RAW = ['script', 'style', 'pre', 'code', 'kbd', 'samp', 'textarea', 'svg', 'template'];
const TOKENS = new RegExp(`<!--[\\s\\S]*?-->|<(${RAW.join('|')})\\b[\\s\\S]*?</\\1\\s*>|<[^>]*>`, 'gi');

/** The same HTML with French spacing in its texts. */
export function frenchTypography(html: string): string {
  let out = '';
  let last = 0;
  for (const match of html.matchAll(TOKENS)) {
    out += frenchSpacing(html.slice(last, match.index)) + match[0];
    last = match.index + match[0].length;
  }
  return out + frenchSpacing(html.slice(last));
}
