/**
 * Runs around every page as it is rendered (at build time for the static pages, on request for
 * the contribution function's HTML answers): French typography on HTML responses
 * (src/shared/typography.ts). JSON, feeds and other files are left untouched.
 */
import { defineMiddleware } from 'astro:middleware';
import { frenchTypography } from './shared/typography.ts';

export const onRequest = defineMiddleware(async (_context, next) => {
  const response = await next();
  if (!response.headers.get('content-type')?.includes('text/html')) return response;
  const html = await response.text();
  return new Response(frenchTypography(html), { status: response.status, statusText: response.statusText, headers: response.headers });
});
