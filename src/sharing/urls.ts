/**
 * Absolute addresses of what the site publishes, from the site's address (`site` in
 * astro.config.ts, which honours SITE_URL). Snippets, feeds, the sitemap and the open data all
 * use these, so that a notice's address is written in one place.
 */
import { noticeJsonUrl, noticePageUrl } from '../notices/addresses.ts';
import { logoUrls } from '../notices/logos.ts';
import { noticeLogo } from '../notices/icons.ts';
import { DEFAULT_SITE } from '../shared/site.ts';
import type { Notice } from '../notices/schema.ts';
import type { SnippetData } from './snippet.ts';

export type SiteAddress = URL | string;

export function absolute(path: string, site: SiteAddress | undefined): string {
  return new URL(path, site ?? DEFAULT_SITE).href;
}

/** Site-relative addresses of a notice (src/notices/addresses.ts), under the names the site uses. */
export const noticePath = noticePageUrl;
export const noticeJsonPath = noticeJsonUrl;
export const etiquetteFeedPath = (etiquette: string) => `/flux/etiquettes/${etiquette}.xml`;
export const FEED_PATH = '/flux/notices.xml';

/** The stable PNG address of a notice's logo (the one mini-sites hot-link), when it has one. */
export function logoPath(logo: string | undefined): string | undefined {
  return logo ? logoUrls(logo).png : undefined;
}

/**
 * The stable PNG address of the logo a notice shows: its own logo file, else its simple-icons
 * brand icon (src/notices/icons.ts); undefined when it shows its monogram. Everything that
 * publishes a notice's logo (snippet, pages, feeds, open data) goes through this.
 */
export function noticeLogoPath(notice: Pick<Notice, 'slug' | 'data'>): string | undefined {
  return logoPath(noticeLogo(notice));
}

/**
 * What the snippet shows of a notice. With `site` undefined the URLs stay site-relative (the
 * preview on the site itself); otherwise they are absolute.
 */
export function snippetData(notice: Pick<Notice, 'slug' | 'data'>, site: SiteAddress | undefined): SnippetData {
  const resolve = (path: string) => (site === undefined ? path : absolute(path, site));
  const logo = noticeLogoPath(notice);
  return {
    slug: notice.slug,
    nom: notice.data.nom,
    description_courte: notice.data.description_courte,
    url: resolve(noticePath(notice.slug)),
    site_web: notice.data.site_web,
    code_source: notice.data.code_source,
    logo_url: logo ? resolve(logo) : undefined,
  };
}
