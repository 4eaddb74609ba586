/** /robots.txt: everything may be indexed except the contribution endpoint; points to the sitemap. */
import type { APIRoute } from 'astro';
import { absolute } from '../sharing/urls.ts';

export const GET: APIRoute = ({ site }) =>
  new Response(`User-agent: *\nDisallow: /api/\n\nSitemap: ${absolute('/sitemap.xml', site)}\n`, {
    headers: { 'Content-Type': 'text/plain; charset=utf-8' },
  });
