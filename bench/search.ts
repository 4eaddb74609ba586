/**
 * Search in Chromium on the sites built by the « site » section (awesome-selfhosted import and
 * 10,000 generated notices): index size, bytes transferred from the first keystroke until the
 * first results show (compared with downloading /notices.json, the whole catalogue), and the
 * keystroke-to-results time over the search-quality queries, warm and cold.
 */
import { existsSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import type { BrowserContext, Page } from 'playwright-core';
import { launchBrowser } from '../tests/support/browser.ts';
import { startSite } from '../tests/support/server.ts';
import { QUERIES } from '../tests/support/search-queries.ts';
import { folderSize, megabytes, type BenchRow, type BenchSection } from './lib.ts';

const SETS = ['awesome-selfhosted', 'generees'];
const COLD_QUERIES = 12;

/** Types `query` as its last keystroke and resolves with the ms until the status announces it. */
function lastKeystroke(page: Page, query: string): Promise<number> {
  return page.evaluate(
    (q) =>
      new Promise<number>((resolve) => {
        const input = document.querySelector<HTMLInputElement>('#recherche-q')!;
        const status = document.querySelector<HTMLElement>('[data-etat]')!;
        const started = performance.now();
        const observer = new MutationObserver(() => {
          if (status.textContent?.includes(`« ${q} »`)) {
            observer.disconnect();
            resolve(performance.now() - started);
          }
        });
        observer.observe(status, { childList: true, characterData: true, subtree: true });
        input.value = q;
        input.dispatchEvent(new Event('input', { bubbles: true }));
      }),
    query,
  );
}

/**
 * Counts bytes received (headers and bodies) by every request of the context from now on,
 * including those of Pagefind's web worker, which a page-level CDP session would miss.
 */
async function byteCounter(context: BrowserContext): Promise<{ reset(): void; total(): Promise<number> }> {
  let pending: Promise<number>[] = [];
  context.on('requestfinished', (request) => {
    pending.push(request.sizes().then((sizes) => sizes.responseBodySize + sizes.responseHeadersSize).catch(() => 0));
  });
  return {
    reset: () => (pending = []),
    total: async () => (await Promise.all(pending)).reduce((a, b) => a + b, 0),
  };
}

const stats = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  const at = (p: number) => Math.round(sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))]! * 10) / 10;
  return { median: at(0.5), p95: at(0.95) };
};

export const section: BenchSection = {
  name: 'recherche',
  description: 'recherche dans Chromium : taille de l’index, octets avant les premiers résultats, délai frappe → résultats',
  async run(context) {
    const rows: BenchRow[] = [];
    const browser = await launchBrowser();
    try {
      for (const set of SETS) {
        const out = path.resolve('node_modules/.bench/site', `out-${set}`);
        if (!existsSync(path.join(out, 'server/entry.mjs'))) {
          context.log(`${set} : site absent, lancez d’abord « npm run bench -- site »`);
          rows.push({ 'jeu de données': set, mesure: 'site absent (section « site » à lancer avant)' });
          continue;
        }
        const client = path.join(out, 'client');
        const index = ['index', 'filter', 'fragment'].map((d) => folderSize(path.join(client, 'pagefind', d))).reduce((a, b) => ({ bytes: a.bytes + b.bytes, files: a.files + b.files }));
        const catalogue = path.join(client, 'notices.json');
        const catalogueBytes = statSync(catalogue).size;
        const catalogueGzip = gzipSync(readFileSync(catalogue)).byteLength;
        context.log(`${set} : index Pagefind ${megabytes(index.bytes)} Mo en ${index.files} fichiers ; notices.json ${megabytes(catalogueBytes)} Mo (${megabytes(catalogueGzip)} Mo compressé)`);
        const site = await startSite({}, out);
        try {
          // Warm: one page, Pagefind loaded once, each query typed as a person would.
          const warmContext = await browser.newContext({ viewport: { width: 390, height: 844 } });
          const page = await warmContext.newPage();
          await page.goto(`${site.url}/`);
          const counter = await byteCounter(warmContext);
          counter.reset();
          const firstMs = await lastKeystroke(page, 'f');
          const firstBytes = await counter.total();
          context.log(`${set} : première frappe « f » → résultats en ${Math.round(firstMs)} ms, ${Math.round(firstBytes / 1024)} Kio transférés (Pagefind, index, fragments)`);
          const warm: number[] = [];
          for (const [query] of QUERIES) {
            await lastKeystroke(page, query.slice(0, -1) || query);
            warm.push(await lastKeystroke(page, query));
          }
          await warmContext.close();
          // Cold: a new browser context (empty cache, Pagefind not loaded) for each query.
          const cold: number[] = [];
          const coldBytes: number[] = [];
          for (const [query] of QUERIES.slice(0, COLD_QUERIES)) {
            const coldContext = await browser.newContext({ viewport: { width: 390, height: 844 } });
            const coldPage = await coldContext.newPage();
            await coldPage.goto(`${site.url}/`);
            const bytes = await byteCounter(coldContext);
            bytes.reset();
            cold.push(await lastKeystroke(coldPage, query));
            coldBytes.push(await bytes.total());
            await coldContext.close();
          }
          const w = stats(warm);
          const c = stats(cold);
          const b = stats(coldBytes);
          context.log(`${set} : frappe → résultats, à chaud médiane ${w.median} ms / p95 ${w.p95} ms (${warm.length} requêtes) ; à froid médiane ${c.median} ms / p95 ${c.p95} ms (${cold.length} requêtes)`);
          rows.push({
            'jeu de données': set,
            'index Pagefind (Mo)': megabytes(index.bytes),
            'notices.json (Ko)': Math.round(catalogueBytes / 1000),
            'octets avant résultats, 1re frappe (Ko)': Math.round(firstBytes / 1000),
            'octets à froid, médiane (Ko)': Math.round(b.median / 1000),
            'rapport notices.json / octets 1re frappe': Math.round((catalogueBytes / firstBytes) * 10) / 10,
            'à chaud médiane (ms)': w.median,
            'à chaud p95 (ms)': w.p95,
            'à froid médiane (ms)': c.median,
            'à froid p95 (ms)': c.p95,
          });
        } finally {
          await site.stop();
        }
      }
    } finally {
      await browser.close();
    }
    return rows;
  },
};
