/**
 * The sitemap (sitemaps.org protocol): every HTML page a search engine should know. The routes
 * are found from src/pages itself (static pages, and dynamic ones through their own
 * getStaticPaths), so a new page is listed without anyone remembering to add it.
 */
import { escapeXml } from './atom.ts';

export interface SitemapUrl {
  loc: string;
  lastmod?: string | undefined;
}

export function buildSitemap(urls: readonly SitemapUrl[]): string {
  return [
    '<?xml version="1.0" encoding="utf-8"?>',
    '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">',
    ...urls.map((u) => `  <url><loc>${escapeXml(u.loc)}</loc>${u.lastmod ? `<lastmod>${escapeXml(u.lastmod)}</lastmod>` : ''}</url>`),
    '</urlset>',
    '',
  ].join('\n');
}

/**
 * The URL path of a page file of src/pages (`./notices/[slug].astro` with { slug: 'firefox' } →
 * `/notices/firefox.html`), as Astro writes it with `build.format: 'preserve'`.
 */
export function routePath(file: string, params: Record<string, string | number | undefined> = {}): string {
  const route = file
    .replace(/^\.\//, '/')
    .replace(/\.(astro|md|mdx|html)$/, '')
    .replace(/\[(?:\.\.\.)?([^\]]+)\]/g, (_, name: string) => String(params[name] ?? ''));
  if (route === '/index') return '/';
  if (route.endsWith('/index')) return route.slice(0, -'index'.length);
  return `${route}.html`;
}
