/**
 * The mini-site snippet: the `<article class="framalibre-notice">` that people who recommend
 * software paste into their own pages (today's mini-sites already style that markup), and the
 * Markdown list of the basket. Plain TypeScript with no Node import: the notice pages build it at
 * build time and the basket ("Ma sélection") builds it in the browser, from the same code.
 *
 * Rules, because the snippet lands on pages we do not control:
 * - every URL is absolute (the site's address, SITE_URL), the logo URL is the stable
 *   `/images/logo/<name>.png` that mini-sites already hot-link;
 * - no script, no `style` attribute, no class the layout depends on: with the browser's default
 *   styles alone it reads as a small card (image, title, sentence, links); the class only lets
 *   mini-sites style it;
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
  /** The PNG rendition of the logo, when the notice has one. */
  logo_url?: string | undefined;
}

export interface SnippetOptions {
  /** The directory's home page, for the attribution line. */
  siteUrl: string;
  /** Side of the logo in CSS pixels. */
  logoSize?: number;
}

export const DATA_LICENCE_SHORT = 'CC BY-SA 4.0';
export const DATA_LICENCE_URL = 'https://creativecommons.org/licenses/by-sa/4.0/deed.fr';


/** Only http(s) addresses may become a link or an image source. */
function safeUrl(url: string | undefined): string | undefined {
  if (!url) return undefined;
  if (url.startsWith('/')) return url; // site-relative, used by the on-site preview
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

/** The snippet of one notice, indented for reading in a text box. */
export function buildSnippet(notice: SnippetData, options: SnippetOptions): string {
  const size = options.logoSize ?? 64;
  const nom = escapeHtml(notice.nom);
  const logo = safeUrl(notice.logo_url);
  const noticeUrl = safeUrl(notice.url);
  const site = safeUrl(notice.site_web);
  const home = safeUrl(options.siteUrl);
  const links = [
    noticeUrl && `<a href="${escapeHtml(noticeUrl)}">Lire la notice de ${nom} sur Framalibre</a>`,
    site && `<a href="${escapeHtml(site)}">Site officiel de ${nom}</a>`,
  ].filter(Boolean);
  const lines = [
    `<article class="framalibre-notice" lang="fr">`,
    logo
      ? `  <img src="${escapeHtml(logo)}" width="${size}" height="${size}" alt="${escapeHtml(`Logo de ${notice.nom}`)}">`
      : `  ${monogramSvg(notice.nom, size)}`,
    `  <h2>${nom}</h2>`,
    notice.description_courte ? `  <p>${escapeHtml(notice.description_courte)}</p>` : '',
    links.length > 0 ? `  <p>${links.join(' · ')}</p>` : '',
    `  <p><small>Notice ${home ? `<a href="${escapeHtml(home)}">Framalibre</a>` : 'Framalibre'}, licence <a href="${DATA_LICENCE_URL}">${DATA_LICENCE_SHORT}</a></small></p>`,
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
      const name = url ? `[${escapeMarkdown(notice.nom)}](${url.replace(/[()\s]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase().padStart(2, "0")}`)})` : escapeMarkdown(notice.nom);
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
  const local = (url: string | undefined) => (url && url.startsWith(`${origin}/`) ? url.slice(origin.length) : url);
  return { ...notice, url: local(notice.url)!, logo_url: local(notice.logo_url) };
}
