/** /sitemap.xml: every page meant for search engines (not the 404, redirects or personal pages). */
import type { APIRoute, GetStaticPathsItem } from 'astro';
import { getNotices } from '../notices/collection.ts';
import { lastUpdate } from '../notices/catalogue.ts';
import { buildSitemap, routePath, type SitemapUrl } from '../sharing/sitemap.ts';
import { absolute } from '../sharing/urls.ts';
import { noticePageUrl } from '../notices/addresses.ts';

interface PageModule {
  prerender?: boolean;
  getStaticPaths?: (options: { paginate: () => never[] }) => Promise<GetStaticPathsItem[]> | GetStaticPathsItem[];
}

/** Pages that are not content: error page, the visitor's own basket and its comparison, search results. */
const EXCLUDED = new Set(['/404.html', '/500.html', '/selection/', '/comparer/', '/recherche/']);

export const GET: APIRoute = async ({ site }) => {
  const pages = import.meta.glob<PageModule>('./**/*.astro', { eager: true });
  const dates = new Map((await getNotices()).map((n) => [noticePageUrl(n.slug), lastUpdate(n.data)]));
  const paths = new Set<string>();
  for (const [file, page] of Object.entries(pages)) {
    if (/\/_|\/api\//.test(file)) continue;
    // On-demand pages (a search drawn on the server) answer requests; they are not content to list.
    if (page.prerender === false) continue;
    if (!file.includes('[')) {
      paths.add(routePath(file));
      continue;
    }
    for (const item of (await page.getStaticPaths?.({ paginate: () => [] })) ?? []) {
      const props = (item.props ?? {}) as Record<string, unknown>;
      if (props.redirectTo) continue; // old slug of a renamed notice: a redirect, not a page
      paths.add(routePath(file, item.params as Record<string, string>));
    }
  }
  const urls: SitemapUrl[] = [...paths]
    .filter((path) => !EXCLUDED.has(path))
    .sort()
    .map((path) => ({ loc: absolute(path, site), lastmod: dates.get(path) }));
  return new Response(buildSitemap(urls), { headers: { 'Content-Type': 'application/xml; charset=utf-8' } });
};
