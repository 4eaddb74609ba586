/**
 * The mini-site snippet: the `<article class="framalibre-notice">` that people who recommend
 * software paste into their own pages, and the Markdown list of the basket. Plain TypeScript with
 * no Node import: the notice pages build it at build time and the basket ("Ma sélection") builds
 * it in the browser, from the same code.
 *
 * The shape is the 2023 one, because mini-sites (Scribouilli's Framalibre theme first) style it by
 * structure and not only by class — `article > div:first-of-type` is a 25 % logo column,
 * `> div:last-of-type > div` a row of buttons, and every `a` of the article a button:
 *
 *   article.framalibre-notice
 *     div   the logo (img), or the monogram of a notice without logo
 *     div   h2 (name), p (one-liner), div with exactly two links (notice, software's site)
 *
 * Old and new cards must look alike on the same page, so nothing is added where those selectors
 * would see it: the attribution is the article's `title` and an HTML comment (no extra link, no
 * extra text in the links row), the name rides in the links' accessible names, not in their text
 * (long names would break the row of buttons on a phone).
 *
 * Other rules, because the snippet lands on pages we do not control:
 * - every URL is absolute (the site's address, SITE_URL); the logo URL is the stable one of
 *   `logoPath` (src/sharing/urls.ts) that mini-sites already hot-link;
 * - no script, no `style` attribute, no class the layout depends on: with the browser's default
 *   styles alone it reads as a small card (image, title, sentence, links);
 * - the logo has a width and no height: the theme narrows images with `max-width` without
 *   `height: auto`, and a fixed height would then squash the logo (the PNG is always square);
 * - a notice without logo gets its monogram as a small inline SVG (the same one the site shows):
 *   nothing to fetch, nothing that can break later, and no empty frame;
 * - everything that comes from a notice is escaped.
 */

/** What a snippet needs to know about a notice; URLs are absolute (or site-relative for a preview). */
import { monogram } from '../notices/monogram.ts';
import { escapeHtml } from '../shared/html.ts';

export interface SnippetData {
  slug: string;
  nom: string;
  description_courte?: string | undefined;
  /** The notice page. */
  url: string;
  site_web?: string | undefined;
  /** The second link when the software has no site of its own. */
  code_source?: string | undefined;
  /** The PNG rendition of the logo, when the notice has one. */
  logo_url?: string | undefined;
}

export interface SnippetOptions {
  /** The directory's home page, for the attribution. */
  siteUrl: string;
  /** Width of the logo in CSS pixels. */
  logoSize?: number;
}

export const DATA_LICENCE_SHORT = 'CC BY-SA 4.0';
export const DATA_LICENCE_URL = 'https://creativecommons.org/licenses/by-sa/4.0/deed.fr';
/** The logo's width: about what the 2023 cards showed in the theme's column (70 % of a quarter). */
export const SNIPPET_LOGO_SIZE = 96;
/** The visible attribution, as the article's `title`. */
export const SNIPPET_ATTRIBUTION = `Notice Framalibre, licence ${DATA_LICENCE_SHORT}`;

/** Only http(s) addresses may become a link or an image source. */
export function safeUrl(url: string | undefined): string | undefined {
  if (!url) return undefined;
  if (url.startsWith('/') && !url.startsWith('//')) return url; // site-relative, used by the on-site preview
  try {
    const parsed = new URL(url);
    return parsed.protocol === 'https:' || parsed.protocol === 'http:' ? parsed.href : undefined;
  } catch {
    return undefined;
  }
}

export function monogramSvg(nom: string, size: number): string {
  const { letters, colour } = monogram(nom);
  return (
    `<svg width="${size}" height="${size}" viewBox="0 0 96 96" role="img" aria-label="${escapeHtml(`Monogramme de ${nom}`)}">` +
    `<rect width="96" height="96" rx="14" fill="${escapeHtml(colour)}"/>` +
    `<text x="48" y="50" fill="#fff" font-family="sans-serif" font-weight="bold" font-size="${letters.length > 1 ? 38 : 48}" text-anchor="middle" dominant-baseline="central">${escapeHtml(letters)}</text>` +
    `</svg>`
  );
}

/** The two links of the card: the notice, then the software's site (or its source code). */
export function snippetLinks(notice: SnippetData): { href: string; text: string; label: string }[] {
  const noticeUrl = safeUrl(notice.url);
  const site = safeUrl(notice.site_web);
  const source = safeUrl(notice.code_source);
  return [
    noticeUrl && { href: noticeUrl, text: 'Notice Framalibre', label: `Notice Framalibre de ${notice.nom}` },
    site ? { href: site, text: 'Site officiel', label: `Site officiel de ${notice.nom}` } : source && { href: source, text: 'Code source', label: `Code source de ${notice.nom}` },
  ].filter((link): link is { href: string; text: string; label: string } => Boolean(link));
}

/** The snippet of one notice, indented for reading in a text box. */
export function buildSnippet(notice: SnippetData, options: SnippetOptions): string {
  const size = options.logoSize ?? SNIPPET_LOGO_SIZE;
  const logo = safeUrl(notice.logo_url);
  const home = safeUrl(options.siteUrl);
  // A comment cannot hold "--" safely in every parser, nor should it close early.
  const comment = `Notice Framalibre${home ? ` (${home})` : ''}, licence ${DATA_LICENCE_SHORT} : ${DATA_LICENCE_URL}`.replace(/--|[<>]/g, '');
  const lines = [
    `<article class="framalibre-notice" lang="fr" title="${escapeHtml(SNIPPET_ATTRIBUTION)}">`,
    `  <!-- ${comment} -->`,
    `  <div>`,
    logo ? `    <img src="${escapeHtml(logo)}" width="${size}" alt="${escapeHtml(`Logo de ${notice.nom}`)}" loading="lazy">` : `    ${monogramSvg(notice.nom, size)}`,
    `  </div>`,
    `  <div>`,
    `    <h2>${escapeHtml(notice.nom)}</h2>`,
    notice.description_courte ? `    <p>${escapeHtml(notice.description_courte)}</p>` : '',
    `    <div>`,
    ...snippetLinks(notice).map((link) => `      <a href="${escapeHtml(link.href)}" aria-label="${escapeHtml(link.label)}">${link.text}</a>`),
    `    </div>`,
    `  </div>`,
    `</article>`,
  ];
  return lines.filter(Boolean).join('\n');
}

/** One snippet for several notices: the articles one after the other, in the basket's order. */
export function buildSnippets(notices: readonly SnippetData[], options: SnippetOptions): string {
  return notices.map((notice) => buildSnippet(notice, options)).join('\n\n');
}

/** Escapes what Markdown would read as syntax in link text or plain text. */
export function escapeMarkdown(text: string): string {
  return text.replace(/([\\`*_[\]<>#|!])/g, '\\$1');
}

/** A Markdown list: one line per notice, name linked to the notice, then its one-liner. */
export function buildMarkdownList(notices: readonly SnippetData[]): string {
  return notices
    .map((notice) => {
      const url = safeUrl(notice.url);
      const name = url
        ? `[${escapeMarkdown(notice.nom)}](${url.replace(/[()\s]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase().padStart(2, '0')}`)})`
        : escapeMarkdown(notice.nom);
      return `- ${name}${notice.description_courte ? ` : ${escapeMarkdown(notice.description_courte)}` : ''}`;
    })
    .join('\n');
}

/**
 * The same data with the site's own address turned into site-relative paths, so that a preview
 * shown on the site itself loads its images from where it is served (no request to another host).
 */
export function localise(notice: SnippetData, siteUrl: string): SnippetData {
  let origin: string;
  try {
    origin = new URL(siteUrl).origin;
  } catch {
    return notice;
  }
  const local = (url: string | undefined) => (url?.startsWith(`${origin}/`) ? url.slice(origin.length) : url);
  return { ...notice, url: local(notice.url)!, logo_url: local(notice.logo_url) };
}
