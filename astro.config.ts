import { existsSync } from 'node:fs';
import path from 'node:path';
import node from '@astrojs/node';
import { defineConfig } from 'astro/config';
import { framalibreBuild } from './src/build/integration.ts';
import { buildCacheDir } from './src/notices/paths.ts';
import { DEFAULT_SITE } from './src/shared/site.ts';

// `_` is the shell's « last command » (/usr/bin/npm, node_modules/.bin/node…). Astro inlines every
// environment variable whose name appears in a module that reads import.meta.env as a whole, and
// any module with an underscore contains `_`: its code, hence the code hash incremental builds
// compare, would change with the way the build was started, and every page be rendered again.
delete process.env._;

/**
 * Pages rendered at the same time. A build with nothing to reuse (no incremental manifest in the
 * cache) writes every page twice, to the output and to the cache: one page at a time, the process
 * waited on the disk for a third of a cold build at 10,000 notices; four at a time, the pages took
 * 22.6 s instead of 32.5 s (Astro 7.3.5 uses its cache at any concurrency: generate.js).
 * Otherwise one: Astro prints each page's line in two parts, which concurrent pages mix up, and
 * the tests and the benchmark read from those lines which pages were rendered or reused.
 */
function pageConcurrency(): number {
  return existsSync(path.join(buildCacheDir(), 'incremental-build.json')) ? 1 : 4;
}

// SITE_URL: the public address, used for absolute URLs (snippets, feeds, sitemap, canonical).
const site = process.env.SITE_URL ?? DEFAULT_SITE;

export default defineConfig({
  site,
  // Overridable so that tests and benchmarks build other content without touching dist/ and its
  // cache. The cache folder stays under node_modules/ (src/notices/paths.ts, README).
  outDir: process.env.FRAMALIBRE_OUT_DIR ?? './dist',
  cacheDir: buildCacheDir(),
  output: 'static',
  // The node adapter serves the static site and the contribution endpoint (`npm start`).
  adapter: node({ mode: 'standalone' }),
  server: { port: 4321, host: false },
  // notices/firefox.html and notices/index.html: the URLs today's Framalibre already uses.
  build: { format: 'preserve', inlineStylesheets: 'never', concurrency: pageConcurrency() },
  trailingSlash: 'ignore',
  // Astro 7's default ("jsx") drops whitespace that holds a line break, as JSX does: a template
  // line ending with </a> glued the link to the next line's word (« contributiondemande »).
  // `true` collapses whitespace the HTML way and keeps one space where the browser shows one.
  compressHTML: true,
  devToolbar: { enabled: false },
  // Notice bodies are rendered by our own safe renderer; Shiki's inline styles would break the CSP.
  markdown: { syntaxHighlight: false },
  integrations: [framalibreBuild()],
  // Incremental builds: a page from getStaticPaths() whose `cacheKey` (src/build/cache-keys.ts) and
  // code are unchanged is reused from the previous build (Astro keeps a copy in cacheDir).
  // FRAMALIBRE_INCREMENTAL=0 turns it off (the benchmark compares both).
  experimental: { incrementalBuild: process.env.FRAMALIBRE_INCREMENTAL !== '0' },
  // The output folder is emptied by our integration instead, which leaves the reused pages in
  // place rather than have Astro delete and copy them back (src/build/output-reuse.ts).
  vite: { build: { emptyOutDir: false } },
  // A Content-Security-Policy in every page: our own scripts and styles only (Astro adds hashes
  // for what it inlines), no third-party host. Pagefind compiles WebAssembly, hence
  // 'wasm-unsafe-eval' — nothing looser.
  security: {
    // The contribution endpoint is anonymous (no cookie, no session): there is nothing for a
    // cross-site request to abuse, and the handler answers CORS itself for a site on another host.
    checkOrigin: false,
    csp: {
      directives: ["default-src 'self'", "img-src 'self' data:", "connect-src 'self'", "font-src 'self'", "object-src 'none'", "base-uri 'self'", "form-action 'self'"],
      scriptDirective: { resources: ["'self'", "'wasm-unsafe-eval'"] },
      styleDirective: { resources: ["'self'"] },
    },
  },
});
