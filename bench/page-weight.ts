/**
 * npm run bench -- poids
 *
 * The weight a visitor downloads for a page, before logos and data: its HTML plus the stylesheets
 * and scripts it loads (links, module scripts and their static imports), each gzipped as a server
 * would send it. The budget of a notice page — 15 KB — applies to the comparison pages
 * (/alternatives/<produit>.html) too; /contribuer/ is weighed as it loads, before the person types
 * (its checker and proof-of-work solver are imported then). Measures the site built from content/
 * into this section's folder (built once; BENCH_PAGE_WEIGHT_REBUILD=1, formerly
 * BENCH_POIDS_RECONSTRUIRE, builds again).
 */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { runMeasured, type BenchRow, type BenchSection } from './lib.ts';
import { readVariable } from '../src/shared/env.ts';

/** The notice-page budget, in bytes (HTML + CSS + JS, gzipped, before logos). */
export const PAGE_BUDGET = 15 * 1024;

export interface PageWeight {
  html: number;
  css: number;
  js: number;
  total: number;
  files: string[];
}

const gzipped = (file: string) => gzipSync(readFileSync(file), { level: 9 }).length;

/** The site-relative URLs of the stylesheets and scripts an HTML page or a module loads. */
function assetsOf(text: string, isModule: boolean): string[] {
  const urls = new Set<string>();
  if (!isModule) {
    for (const m of text.matchAll(/<link\b[^>]*\brel="(?:stylesheet|modulepreload)"[^>]*>/g)) {
      const href = /\bhref="([^"]+)"/.exec(m[0])?.[1];
      if (href) urls.add(href);
    }
    for (const m of text.matchAll(/<script\b[^>]*\bsrc="([^"]+)"/g)) urls.add(m[1]!);
  } else {
    // Static imports of a bundled module (« import{a}from"./chunk.js" »), not dynamic ones.
    for (const m of text.matchAll(/(?:^|[;\s}])import\s*(?:[^"'()]*?from\s*)?["']([^"']+\.js)["']/g)) urls.add(m[1]!);
  }
  return [...urls];
}

/** The weight of one built page (`urlPath` like /alternatives/whatsapp.html) in `clientDir`. */
export function pageWeight(clientDir: string, urlPath: string): PageWeight {
  const file = path.join(clientDir, urlPath.endsWith('/') ? `${urlPath}index.html` : urlPath);
  const html = readFileSync(file, 'utf8');
  const weight: PageWeight = { html: gzipped(file), css: 0, js: 0, total: 0, files: [] };
  const queue = assetsOf(html, false).map((url) => ({ url, from: urlPath }));
  const seen = new Set<string>();
  while (queue.length > 0) {
    const { url, from } = queue.shift()!;
    if (/^(https?:)?\/\//.test(url)) continue; // Nothing is loaded from elsewhere (and it would not be ours to count).
    const resolved = new URL(url, `https://site${from}`).pathname;
    if (seen.has(resolved)) continue;
    seen.add(resolved);
    const asset = path.join(clientDir, decodeURIComponent(resolved));
    if (!existsSync(asset)) continue;
    weight.files.push(resolved);
    if (resolved.endsWith('.css')) weight.css += gzipped(asset);
    else if (resolved.endsWith('.js')) {
      weight.js += gzipped(asset);
      queue.push(...assetsOf(readFileSync(asset, 'utf8'), true).map((next) => ({ url: next, from: resolved })));
    }
  }
  weight.total = weight.html + weight.css + weight.js;
  return weight;
}

const kb = (bytes: number) => Math.round((bytes / 1024) * 10) / 10;

export const section: BenchSection = {
  name: 'poids',
  description: 'poids des pages (HTML + CSS + JS gzip, hors logos) face au budget de 15 Ko : accueil, notice, comparaisons',
  async run(context) {
    const outDir = path.join(context.workDir, 'site');
    if (!existsSync(path.join(outDir, 'client/index.html')) || readVariable(process.env, 'BENCH_PAGE_WEIGHT_REBUILD') === '1') {
      const run = await runMeasured(process.execPath, [path.resolve('node_modules/astro/bin/astro.mjs'), 'build', '--silent'], {
        env: { ...process.env, FRAMALIBRE_OUT_DIR: outDir, FRAMALIBRE_CACHE_DIR: path.join('node_modules', '.bench-poids-cache'), ASTRO_TELEMETRY_DISABLED: '1' },
      });
      if (run.code !== 0) throw new Error(`astro build en échec\n${`${run.stdout}\n${run.stderr}`.trim().split('\n').slice(-20).join('\n')}`);
      context.log(`site construit en ${Math.round(run.wallMs / 1000)} s`);
    }
    const client = path.join(outDir, 'client');
    // The comparison with the most notices is the heaviest alternatives page.
    const alternatives = existsSync(path.join(client, 'alternatives/whatsapp.html')) ? ['/alternatives/whatsapp.html', '/alternatives/zoom.html', '/alternatives/doodle.html'] : [];
    const pages = ['/', '/notices/firefox.html', ...alternatives, '/comparer/', '/selection/', '/contribuer/'].filter((p) =>
      existsSync(path.join(client, p.endsWith('/') ? `${p}index.html` : p)),
    );
    const rows: BenchRow[] = [];
    for (const page of pages) {
      const w = pageWeight(client, page);
      const within = w.total <= PAGE_BUDGET;
      context.log(`${page} : ${kb(w.total)} Ko (HTML ${kb(w.html)}, CSS ${kb(w.css)}, JS ${kb(w.js)}) ${within ? 'dans' : 'HORS'} le budget de ${kb(PAGE_BUDGET)} Ko`);
      rows.push({
        page,
        'HTML gzip (Ko)': kb(w.html),
        'CSS gzip (Ko)': kb(w.css),
        'JS gzip (Ko)': kb(w.js),
        'total (Ko)': kb(w.total),
        'budget 15 Ko': within ? 'tenu' : 'dépassé',
      });
    }
    return rows;
  },
};
