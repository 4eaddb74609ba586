/**
 * The links of a text as its readers would see them. A contributor's text is read by a
 * CommonMark + GFM renderer (GitLab's merge requests, the site, any re-user), which makes links
 * of far more than « https:// »: `[x](https:\/\/h)` (backslash escapes apply in destinations),
 * `[x](//h)`, `www.h`, `a@h.org`, reference definitions, raw `<a href>`. So links are counted by
 * rendering the text with micromark + GFM and reading every address in the HTML it produces,
 * never by pattern on the source. No Node import: the form's live check uses it too.
 */
import { gfm, gfmHtml } from 'micromark-extension-gfm';
import { reusableRenderer } from './micromark-parser.ts';

/** URL shorteners hide where a link goes: never needed in a notice. */
export const SHORTENERS: readonly string[] = [
  'bit.ly',
  'tinyurl.com',
  't.co',
  'goo.gl',
  'ow.ly',
  'is.gd',
  'buff.ly',
  'cutt.ly',
  'rebrand.ly',
  'shorturl.at',
  'rb.gy',
  'tiny.cc',
  'lnkd.in',
  'v.gd',
  's.id',
  'bl.ink',
  'short.io',
];

/** Links in one proposal (every field, the long text and the message together). */
export const MAX_LINKS = 8;

/** Characters without which no renderer makes a link: most texts are skipped without rendering. */
const MAY_LINK = /[:/.<[@]/;

const render = reusableRenderer({ extensions: [gfm()], htmlExtensions: [gfmHtml()], allowDangerousHtml: true, allowDangerousProtocol: true });

const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', '#39': "'" };

/**
 * Every address `markdown` would link to (or load, for an image) once rendered, in order. Raw
 * HTML is rendered too: GitLab keeps some of it, and a browser would follow an `<a href>`.
 */
export function renderedLinks(markdown: string): string[] {
  if (!MAY_LINK.test(markdown)) return [];
  const html = render(markdown);
  // Text is escaped in micromark's output (« < » is « &lt; »): every « < » opens a real tag.
  return [...html.matchAll(/<[a-z][^>]*>/gi)].flatMap((tag) =>
    [...tag[0].matchAll(/\s(?:href|src)\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>]+))/gi)].map((m) =>
      (m[1] ?? m[2] ?? m[3] ?? '').replace(/&(amp|lt|gt|quot|#39);/g, (_, name: string) => ENTITIES[name] ?? ''),
    ),
  );
}

const RELATIVE = 'lien-relatif.invalid';

/** The host a link leads to, lower case without « www. » (a relative link: ''). */
export function linkHost(address: string): string {
  try {
    // « //h/x » is relative to the reader's scheme but leads to h all the same.
    const host = new URL(address.trim(), `https://${RELATIVE}/`).hostname.toLowerCase();
    return host === RELATIVE ? '' : host.replace(/^www\./, '');
  } catch {
    return '';
  }
}

export const isShortener = (address: string): boolean => SHORTENERS.includes(linkHost(address));
