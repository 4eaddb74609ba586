/**
 * Section « recherche » : the search in Chromium, this version next to the previous one, on the
 * awesome-selfhosted import (~1.3k notices) and on $BENCH_NOTICES generated notices (10,000), with
 * the generator's few sentences (« generees ») or awesome-selfhosted's real descriptions
 * (« generees-realiste »); $BENCH_SEARCH_SETS (formerly $BENCH_RECHERCHE_SETS) chooses among them.
 *
 * For each data set, two sites are built from the same content: this version (the working tree)
 * and the previous one (the commit before the index was cut into shards, or
 * $BENCH_SEARCH_BEFORE (formerly $BENCH_RECHERCHE_AVANT), extracted with `git archive` into the scratch folder, sharing
 * node_modules). Then, for both, in the same run and the same browser, served side by side and
 * measured in turn query by query (a burst of load on the machine hits both versions alike):
 *   - keystroke → results over the search-quality queries, warm (one page, Pagefind loaded) and
 *     cold (a new browser context per query, 12 queries twice), median and p95;
 *   - bytes received from the first keystroke until the first results show;
 *   - a shared link (/recherche/?q=…) opened in a new browser context: ms until its results are
 *     announced (the same 12 queries twice);
 *   - the correction vocabulary (this version only): its weight raw and gzip.
 * Content folders come from the « site » section when it has run (node_modules/.bench/site),
 * otherwise they are written here the same way.
 */
import { copyFileSync, existsSync, mkdirSync, readdirSync, readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import type { BrowserContext, Page } from 'playwright-core';
import { launchBrowser } from '../tests/support/browser.ts';
import { startSite } from '../tests/support/server.ts';
import { QUERIES } from '../tests/support/search-queries.ts';
import { VOCABULARY_FILE } from '../src/search/vocabulary-url.ts';
import { generateNotices } from './generate-notices.ts';
import { folderSize, megabytes, previousSource, runMeasured, seconds, type BenchContext, type BenchRow, type BenchSection } from './lib.ts';
import { readVariable } from '../src/shared/env.ts';

const AWESOME_DATA = path.resolve(process.env.AWESOME_SELFHOSTED_DATA ?? '../shared/datasets/awesome-selfhosted-data');
const COLD_QUERIES = 12;
const SETS = (readVariable(process.env, 'BENCH_SEARCH_SETS') ?? 'awesome-selfhosted,generees').split(',');

/** Types `query` as its last keystroke and resolves with the ms until the status announces it. */
function lastKeystroke(page: Page, query: string): Promise<number> {
  return page.evaluate(
    (q) =>
      new Promise<number>((resolve) => {
        const input = document.querySelector<HTMLInputElement>('#recherche-q')!;
        const status = document.querySelector<HTMLElement>('[data-etat]')!;
        const started = performance.now();
        const observer = new MutationObserver(() => {
          // Whatever the spaces inside the guillemets (narrow no-break ones now, plain ones before).
          if (status.textContent?.replace(/\s+/g, ' ').includes(`« ${q} »`)) {
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
    pending.push(
      request
        .sizes()
        .then((sizes) => sizes.responseBodySize + sizes.responseHeadersSize)
        .catch(() => 0),
    );
  });
  return {
    reset: () => (pending = []),
    total: async () => (await Promise.all(pending)).reduce((a, b) => a + b, 0),
  };
}

const stats = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  const at = (p: number) => Math.round(sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))]! * 10) / 10;
  return { median: at(0.5), p95: at(0.95), max: Math.round(sorted[sorted.length - 1]! * 10) / 10 };
};

/** The content folder of a data set: the « site » section's when present, else written here. */
async function contentFor(set: string, context: BenchContext): Promise<string | undefined> {
  const fromSite = path.resolve('node_modules/.bench/site', set === 'awesome-selfhosted' ? 'import' : set);
  if (set !== 'generees-realiste' && existsSync(path.join(fromSite, 'notices'))) return fromSite;
  const dir = path.join(context.workDir, `contenu-${set}`);
  if (existsSync(path.join(dir, 'notices'))) return dir;
  if (set === 'awesome-selfhosted') {
    if (!existsSync(path.join(AWESOME_DATA, 'software'))) return undefined;
    mkdirSync(dir, { recursive: true });
    for (const file of ['etiquettes.yaml', 'plateformes.yaml']) copyFileSync(path.join('content', file), path.join(dir, file));
    const run = await runMeasured(process.execPath, [
      'scripts/import-awesome-selfhosted.ts',
      '--source',
      AWESOME_DATA,
      '--out',
      path.join(dir, 'notices'),
      '--sans-reference',
      '--date',
      '2026-11-21',
    ]);
    if (run.code !== 0) throw new Error(`import en échec : ${run.stderr}`);
  } else {
    // « generees-realiste » : the same generator with bodies drawn from awesome-selfhosted's real
    // descriptions, to tell the generator's tiny vocabulary apart from the search's own cost.
    const realistic = set === 'generees-realiste' && existsSync(path.join(AWESOME_DATA, 'software'));
    await generateNotices({ dir, count: Number(process.env.BENCH_NOTICES ?? 10_000), seed: 1, logoEvery: 100, ...(realistic ? { realisticText: AWESOME_DATA } : {}) });
  }
  context.log(`${set} : ${readdirSync(path.join(dir, 'notices')).filter((f) => f.endsWith('.md')).length} notices écrites dans ${dir}`);
  return dir;
}

async function buildSite(sourceDir: string, contentDir: string, outDir: string, cacheName: string, context: BenchContext, label: string): Promise<void> {
  if (existsSync(path.join(outDir, 'server/entry.mjs')) && readVariable(process.env, 'BENCH_SEARCH_REBUILD') !== '1') return;
  const run = await runMeasured(process.execPath, [path.resolve('node_modules/astro/bin/astro.mjs'), 'build'], {
    cwd: sourceDir,
    env: { ...process.env, FRAMALIBRE_CONTENT: contentDir, FRAMALIBRE_OUT_DIR: outDir, FRAMALIBRE_CACHE_DIR: path.join('node_modules', cacheName), ASTRO_TELEMETRY_DISABLED: '1' },
  });
  if (run.code !== 0) throw new Error(`${label} : astro build en échec\n${`${run.stdout}\n${run.stderr}`.trim().split('\n').slice(-20).join('\n')}`);
  const index = run.lines.find((l) => /recherche : \d+ pages indexées/.test(l.text))?.text.replace(/^.*recherche : /, '');
  context.log(`${label} : construit en ${seconds(run.wallMs)} s (index : ${index ?? '?'})`);
}

interface Figures {
  firstMs: number;
  firstBytes: number;
  warm: { median: number; p95: number; max: number };
  cold: { median: number; p95: number; max: number };
  coldBytes: number;
  link: { median: number; p95: number; max: number };
  indexBytes: number;
  slowest: string;
}

/** Bytes of Pagefind's index files (index, filter and fragment folders), one index or several shards. */
function indexSize(dir: string): number {
  if (!existsSync(dir)) return 0;
  let bytes = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    if (!entry.isDirectory()) continue;
    bytes += ['index', 'filter', 'fragment'].includes(entry.name) ? folderSize(path.join(dir, entry.name)).bytes : indexSize(path.join(dir, entry.name));
  }
  return bytes;
}

type Browser = Awaited<ReturnType<typeof launchBrowser>>;
const COLD_ROUNDS = 2;
const viewport = { width: 390, height: 844 };

/** Warm: one page per version, Pagefind loaded once, each query typed as a person would (last two keystrokes). */
async function measureWarm(urls: readonly string[], browser: Browser): Promise<Pick<Figures, 'firstMs' | 'firstBytes' | 'warm' | 'slowest'>[]> {
  const pages = await Promise.all(
    urls.map(async (url) => {
      const context = await browser.newContext({ viewport });
      const page = await context.newPage();
      await page.goto(`${url}/`);
      const counter = await byteCounter(context);
      counter.reset();
      const firstMs = await lastKeystroke(page, 'f');
      return { context, page, firstMs, firstBytes: await counter.total(), times: [] as [string, number][] };
    }),
  );
  // Query by query, one version after the other: a burst of load on the machine hits both.
  for (const [query] of QUERIES)
    for (const version of pages) {
      await lastKeystroke(version.page, query.slice(0, -1) || query);
      version.times.push([query, await lastKeystroke(version.page, query)]);
    }
  return Promise.all(
    pages.map(async ({ context, firstMs, firstBytes, times }) => {
      await context.close();
      const slowest = [...times]
        .sort((a, b) => b[1] - a[1])
        .slice(0, 6)
        .map(([q, ms]) => `« ${q} » ${Math.round(ms)} ms`)
        .join(', ');
      return { firstMs, firstBytes, warm: stats(times.map(([, ms]) => ms)), slowest };
    }),
  );
}

/** COLD_QUERIES of the quality queries, spread over their families. */
const coldQueries = (): string[] =>
  QUERIES.filter((_, i) => i % Math.floor(QUERIES.length / COLD_QUERIES) === 0)
    .slice(0, COLD_QUERIES)
    .map(([query]) => query);

/** Each cold query, COLD_ROUNDS times, in a new browser context (empty cache) per version, the versions in turn. */
async function inNewContexts(urls: readonly string[], browser: Browser, visit: (page: Page, url: string, query: string, version: number) => Promise<void>): Promise<void> {
  for (let round = 0; round < COLD_ROUNDS; round++)
    for (const query of coldQueries())
      for (const [version, url] of urls.entries()) {
        const context = await browser.newContext({ viewport });
        await visit(await context.newPage(), url, query, version);
        await context.close();
      }
}

/** Cold: Pagefind not loaded, a query typed on the home page. */
async function measureCold(urls: readonly string[], browser: Browser): Promise<Pick<Figures, 'cold' | 'coldBytes'>[]> {
  const times = urls.map(() => [] as number[]);
  const bytes = urls.map(() => [] as number[]);
  await inNewContexts(urls, browser, async (page, url, query, version) => {
    await page.goto(`${url}/`);
    const counter = await byteCounter(page.context());
    counter.reset();
    times[version]!.push(await lastKeystroke(page, query));
    bytes[version]!.push(await counter.total());
  });
  return urls.map((_, version) => ({ cold: stats(times[version]!), coldBytes: stats(bytes[version]!).median }));
}

/**
 * A shared link: /recherche/?q=… opened, timed until the status line announces what it found
 * (drawn by the server, or by the box once its engine and index have loaded; some queries find
 * nothing in a data set).
 */
async function measureSharedLink(urls: readonly string[], browser: Browser): Promise<Pick<Figures, 'link'>[]> {
  const times = urls.map(() => [] as number[]);
  await inNewContexts(urls, browser, async (page, url, query, version) => {
    const started = performance.now();
    await page.goto(`${url}/recherche/?${new URLSearchParams({ q: query })}`, { waitUntil: 'commit' });
    await page.waitForFunction((q) => (document.querySelector('[data-etat]')?.textContent ?? '').replace(/\s+/g, ' ').includes(`« ${q} »`), query);
    times[version]!.push(performance.now() - started);
  });
  return urls.map((_, version) => ({ link: stats(times[version]!) }));
}

/** Both versions served side by side, measured in turn query by query. */
async function measure(versions: readonly { out: string }[], browser: Browser): Promise<Figures[]> {
  const sites = await Promise.all(versions.map((version) => startSite({}, version.out)));
  try {
    const urls = sites.map((site) => site.url);
    const warm = await measureWarm(urls, browser);
    const cold = await measureCold(urls, browser);
    const link = await measureSharedLink(urls, browser);
    return versions.map(({ out }, version) => ({ ...warm[version]!, ...cold[version]!, ...link[version]!, indexBytes: indexSize(path.join(out, 'client', 'pagefind')) }));
  } finally {
    await Promise.all(sites.map((site) => site.stop()));
  }
}

export const section: BenchSection = {
  name: 'recherche',
  description:
    'recherche dans Chromium, cette version et la précédente : délai frappe → résultats (à chaud, à froid), lien partagé → résultats, octets avant les premiers résultats, poids du vocabulaire de correction',
  async run(context) {
    const rows: BenchRow[] = [];
    const previous = previousSource('src/search/shards.ts', readVariable(process.env, 'BENCH_SEARCH_BEFORE'));
    context.log(
      `version précédente : ${previous.commit.slice(0, 10)} ; charge ${os
        .loadavg()
        .map((l) => l.toFixed(1))
        .join(' ')} sur ${os.availableParallelism()} processeurs`,
    );
    const browser = await launchBrowser();
    try {
      for (const set of SETS) {
        const content = await contentFor(set, context);
        if (!content) {
          rows.push({ 'jeu de données': set, mesure: 'données absentes' });
          continue;
        }
        const versions = [
          { label: 'cette version', source: process.cwd(), out: path.join(context.workDir, `out-${set}-actuelle`), cache: `.bench-cache-recherche-${set}-actuelle` },
          {
            label: `précédente (${previous.commit.slice(0, 7)})`,
            source: previous.dir,
            out: path.join(context.workDir, `out-${set}-precedente`),
            cache: `.bench-cache-recherche-${set}-precedente`,
          },
        ];
        for (const version of versions) await buildSite(version.source, content, version.out, version.cache, context, `${set}, ${version.label}`);
        const vocabulary = path.join(versions[0]!.out, 'client', VOCABULARY_FILE);
        const vocabularyRaw = existsSync(vocabulary) ? readFileSync(vocabulary) : Buffer.alloc(0);
        const vocabularyGzip = gzipSync(vocabularyRaw, { level: 9 }).byteLength;
        context.log(`${set} : vocabulaire de correction ${Math.round(vocabularyRaw.byteLength / 1024)} Kio, ${(vocabularyGzip / 1024).toFixed(1)} Kio compressé (gzip -9)`);
        const loadBefore = os.loadavg()[0]!;
        const figures = await measure(versions, browser);
        const load = `${loadBefore.toFixed(1)} → ${os.loadavg()[0]!.toFixed(1)}`;
        for (const [i, version] of versions.entries()) {
          const f = figures[i]!;
          context.log(
            `${set}, ${version.label} : à chaud médiane ${f.warm.median} ms / p95 ${f.warm.p95} ms / max ${f.warm.max} ms (${QUERIES.length} requêtes) ; à froid médiane ${f.cold.median} ms / p95 ${f.cold.p95} ms / max ${f.cold.max} ms (${COLD_ROUNDS} × ${COLD_QUERIES}) ; lien partagé médiane ${f.link.median} ms / p95 ${f.link.p95} ms ; 1re frappe ${Math.round(f.firstMs)} ms et ${Math.round(f.firstBytes / 1024)} Kio ; charge ${load}\n    les plus lentes à chaud : ${f.slowest}`,
          );
          rows.push({
            'jeu de données': set,
            version: version.label,
            'index Pagefind (Mo)': megabytes(f.indexBytes),
            'octets avant résultats, 1re frappe (Ko)': Math.round(f.firstBytes / 1000),
            'octets à froid, médiane (Ko)': Math.round(f.coldBytes / 1000),
            'à chaud médiane (ms)': f.warm.median,
            'à chaud p95 (ms)': f.warm.p95,
            'à chaud max (ms)': f.warm.max,
            'à froid médiane (ms)': f.cold.median,
            'à froid p95 (ms)': f.cold.p95,
            'à froid max (ms)': f.cold.max,
            'lien partagé médiane (ms)': f.link.median,
            'lien partagé p95 (ms)': f.link.p95,
            'vocabulaire gzip (Ko)': version === versions[0] ? Math.round(vocabularyGzip / 100) / 10 : '—',
            charge: load,
          });
        }
      }
    } finally {
      await browser.close();
    }
    return rows;
  },
};
