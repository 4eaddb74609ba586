/**
 * Section « site » : how long the whole site takes to build, and how much memory and disk it needs.
 *
 * For each data set:
 *   - `awesome-selfhosted` : the awesome-selfhosted-data import (~1.3k notices, no logo), written by
 *     the real importer command into node_modules/.bench/import/notices, vocabularies copied next
 *     to it (source: $AWESOME_SELFHOSTED_DATA or ../shared/datasets/awesome-selfhosted-data);
 *   - `generees` : $BENCH_NOTICES (default 10,000) notices from bench/generate-notices.ts,
 *     one in 100 with a logo (PNG drawn by sharp, or SVG).
 * it measures, for this version and for the previous one (the commit before the search index was
 * cut into shards, or $BENCH_BEFORE (formerly $BENCH_AVANT), extracted by `git archive` under node_modules/.bench/versions),
 * both with Astro's incremental builds, a cold `astro build` (Astro pages + logos + Pagefind; the
 * cache folder is deleted first), the rebuild after one notice changed, and the rebuild with
 * nothing changed; the peak memory of each build's process tree and the size of <out>/client.
 * The summary shows each measure for both versions side by side. Everything lives under
 * node_modules/.bench and node_modules/.bench-cache-<set>[-precedente] (FRAMALIBRE_CONTENT /
 * FRAMALIBRE_OUT_DIR / FRAMALIBRE_CACHE_DIR), never in dist/ or node_modules/.astro.
 * $BENCH_SITE_SETS restricts the sets (comma-separated).
 */
import { copyFileSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseNoticeFile, writeNoticeFile } from '../src/notices/notice-file.ts';
import { generateNotices } from './generate-notices.ts';
import { folderSize, mebibytes, megabytes, previousSource, runMeasured, seconds, type BenchContext, type BenchRow, type BenchSection, type Measured } from './lib.ts';

const ASTRO = path.resolve('node_modules/astro/bin/astro.mjs');
const AWESOME_DATA = path.resolve(process.env.AWESOME_SELFHOSTED_DATA ?? '../shared/datasets/awesome-selfhosted-data');

interface DataSet {
  name: string;
  /** Writes the content folder; returns how many notices it holds. */
  prepare(contentDir: string, context: BenchContext): Promise<{ notices: number; logos: number; prepareMs: number } | string>;
}

const DATA_SETS: DataSet[] = [
  {
    name: 'awesome-selfhosted',
    async prepare(contentDir, context) {
      if (!existsSync(path.join(AWESOME_DATA, 'software'))) return `données absentes (${AWESOME_DATA})`;
      rmSync(contentDir, { recursive: true, force: true });
      mkdirSync(contentDir, { recursive: true });
      for (const file of ['etiquettes.yaml', 'plateformes.yaml']) copyFileSync(path.join('content', file), path.join(contentDir, file));
      const notices = path.join(contentDir, 'notices');
      const run = await runMeasured(process.execPath, [
        'scripts/import-awesome-selfhosted.ts',
        '--source',
        AWESOME_DATA,
        '--out',
        notices,
        '--sans-reference',
        '--date',
        '2026-11-21',
      ]);
      if (run.code !== 0) throw new Error(`import awesome-selfhosted en échec :\n${run.stderr}${run.stdout}`);
      const count = readdirSync(notices).filter((name) => name.endsWith('.md')).length;
      context.log(`import awesome-selfhosted : ${count} notices en ${seconds(run.wallMs)} s`);
      return { notices: count, logos: 0, prepareMs: run.wallMs };
    },
  },
  {
    name: 'generees',
    async prepare(contentDir, context) {
      const count = Number(process.env.BENCH_NOTICES ?? 10_000);
      const started = performance.now();
      const result = await generateNotices({ dir: contentDir, count, seed: 1, logoEvery: 100 });
      const prepareMs = performance.now() - started;
      context.log(`génération : ${result.notices} notices, ${result.logos} logos en ${seconds(prepareMs)} s`);
      return { notices: result.notices, logos: result.logos, prepareMs };
    },
  },
];

export interface BuildFigures {
  /**
   * Start of the command → « [types] Generated » (Node and Astro start-up, and for versions that
   * still use Astro's content layer, its loader and store). Versions that read the notices with
   * src/notices/notice-store.ts do so in the pages' getStaticPaths(), counted in `renderMs`.
   */
  contentMs?: number;
  /** « [types] Generated » → start of page rendering (Vite bundles). */
  bundleMs?: number;
  /** Astro's page rendering (« static routes … ✓ Completed in »). */
  renderMs?: number;
  logosMs?: number;
  logosBuilt?: number;
  logosCached?: number;
  /** Pagefind, from the integration's line « [framalibre-build] recherche : N pages indexées (X ms) ». */
  searchMs?: number;
  pages?: number;
  /** Shards of the search index Pagefind wrote, and how many there are (sharded versions only). */
  shardsBuilt?: number;
  shards?: number;
  /** Astro's per-route times (« ├─ /route (+12ms) »), summed by kind of route. */
  routeMsByKind?: Record<string, number>;
  /** The slowest routes, slowest first. */
  slowestRoutes?: { route: string; ms: number }[];
  /** Pages Astro rendered, and pages it copied from the previous build (« (cached) », « (restored) »). */
  renderedPages?: number;
  reusedPages?: number;
}

/** Kind of a route, to sum render times: notice pages, their JSON, and the rest one by one. */
function routeKind(route: string): string {
  if (/^\/notices\/[^/]+\.html$/.test(route) && route !== '/notices/index.html') return '/notices/*.html';
  if (/^\/notices\/[^/]+\.json$/.test(route)) return '/notices/*.json';
  if (/^\/etiquettes\/[^/]+\.html$/.test(route)) return '/etiquettes/*.html';
  if (/^\/alternatives\/[^/]+\.html$/.test(route)) return '/alternatives/*.html';
  if (/^\/licences\/[^/]+\.html$/.test(route)) return '/licences/*.html';
  return 'autres pages';
}

/** Figures from the build log (timed lines: the time each line arrived, ms after the start). */
export function parseBuildLog(lines: readonly { ms: number; text: string }[]): BuildFigures {
  const plain = lines.map(({ ms, text }) => ({ ms, text: text.replace(/\u001b\[[0-9;]*m/g, '') }));
  const find = (pattern: RegExp, from = 0) => {
    const index = plain.findIndex((line, i) => i >= from && pattern.test(line.text));
    return index >= 0 ? { index, ms: plain[index]!.ms, match: pattern.exec(plain[index]!.text)! } : undefined;
  };
  // Printed by every version, after the content layer's « Synced content » when there is one.
  const synced = find(/\[types\] Generated/);
  const routes = find(/(generating|prerendering) static routes/);
  // Astro writes « 850ms », « 12.40s », or past a minute « 1m 5s ».
  const completed = routes ? find(/✓ Completed in (?:(\d+)m )?([0-9.]+)\s*(ms|s)\b/, routes.index) : undefined;
  const logos = find(/\[framalibre-build\] logos : (\d+) produits, (\d+) repris du cache \((\d+) ms\)/);
  const search = find(/\[framalibre-build\] recherche : (\d+) pages indexées \((\d+) ms\)(?:, (\d+) partie\(s\) de l’index écrite\(s\) sur (\d+))?/);
  const routeMsByKind: Record<string, number> = {};
  const routeTimes: { route: string; ms: number }[] = [];
  let reusedPages = 0;
  // Every page's line starts with « ├─ /page ». A cold build renders four pages at a time
  // (astro.config.ts): their lines are mixed up, so pages are counted by these starts, and the
  // times read after a page's name are only approximate there.
  let startedPages = 0;
  for (const { text } of plain) {
    startedPages += text.match(/[├└]─ \S/g)?.length ?? 0;
    if (/[├└]─ \S+ \((cached|restored)\)/.test(text)) reusedPages++;
    const match = /[├└]─ (\S+) \(\+(\d+(?:\.\d+)?)(ms|s)\)/.exec(text);
    if (!match) continue;
    const ms = Number(match[2]) * (match[3] === 's' ? 1000 : 1);
    routeTimes.push({ route: match[1]!, ms });
    const kind = routeKind(match[1]!);
    routeMsByKind[kind] = (routeMsByKind[kind] ?? 0) + ms;
  }
  return {
    routeMsByKind: routeTimes.length > 0 ? routeMsByKind : undefined,
    slowestRoutes: routeTimes.length > 0 ? routeTimes.sort((a, b) => b.ms - a.ms).slice(0, 5) : undefined,
    renderedPages: startedPages - reusedPages,
    reusedPages,
    contentMs: synced?.ms,
    bundleMs: synced && routes ? routes.ms - synced.ms : undefined,
    renderMs: completed ? Number(completed.match[1] ?? 0) * 60_000 + Number(completed.match[2]) * (completed.match[3] === 's' ? 1000 : 1) : undefined,
    logosBuilt: logos ? Number(logos.match[1]) : undefined,
    logosCached: logos ? Number(logos.match[2]) : undefined,
    logosMs: logos ? Number(logos.match[3]) : undefined,
    pages: search ? Number(search.match[1]) : undefined,
    searchMs: search ? Number(search.match[2]) : undefined,
    // The previous version's log has no shards.
    ...(search?.match[3] !== undefined ? { shardsBuilt: Number(search.match[3]), shards: Number(search.match[4]) } : {}),
  };
}

async function build(sourceDir: string, contentDir: string, outDir: string, cacheDir: string): Promise<Measured & BuildFigures> {
  const env = {
    ...process.env,
    FRAMALIBRE_INCREMENTAL: '1',
    FRAMALIBRE_CONTENT: contentDir,
    FRAMALIBRE_OUT_DIR: outDir,
    // Relative to the version's folder, whose node_modules is this one's: Astro finds its content
    // store only in a cache folder under node_modules/.
    FRAMALIBRE_CACHE_DIR: path.join('node_modules', cacheDir),
    ASTRO_TELEMETRY_DISABLED: '1',
  };
  const loadBefore = os.loadavg()[0]!;
  const run = await runMeasured(process.execPath, [ASTRO, 'build'], { env, cwd: sourceDir });
  run.note = `charge 1 min ${loadBefore.toFixed(1)} → ${os.loadavg()[0]!.toFixed(1)} sur ${os.availableParallelism()} processeurs`;
  if (run.code !== 0) {
    const tail = `${run.stdout}\n${run.stderr}`.trim().split('\n').slice(-30).join('\n');
    throw new Error(`astro build en échec (code ${run.code}) :\n${tail}`);
  }
  return { ...run, ...parseBuildLog(run.lines) };
}

/** Changes one notice the way a contributor would (one-liner and body), so its digest changes. */
function touchOneNotice(noticesDir: string): string {
  const files = readdirSync(noticesDir)
    .filter((name) => name.endsWith('.md'))
    .sort();
  const file = path.join(noticesDir, files[Math.floor(files.length / 2)]!);
  const { data, body } = parseNoticeFile(readFileSync(file, 'utf8'));
  data.description_courte = `${String(data.description_courte ?? data.nom).slice(0, 150)} (modifiée)`;
  writeFileSync(file, writeNoticeFile(data, `${body}\n\nParagraphe ajouté pour mesurer la reconstruction (${Date.now()}).`));
  return path.basename(file);
}

function describeBuild(label: string, run: Awaited<ReturnType<typeof build>>): string {
  const parts = [
    `${label} : ${seconds(run.wallMs)} s`,
    run.contentMs !== undefined ? `démarrage + contenu ${seconds(run.contentMs)} s` : undefined,
    run.bundleMs !== undefined ? `bundles Vite ${seconds(run.bundleMs)} s` : undefined,
    run.renderMs !== undefined ? `pages Astro ${seconds(run.renderMs)} s (${run.renderedPages} rendues, ${run.reusedPages} reprises)` : undefined,
    run.logosMs !== undefined ? `logos ${seconds(run.logosMs)} s (${run.logosBuilt} produits, ${run.logosCached} en cache)` : undefined,
    run.searchMs !== undefined
      ? `Pagefind ${seconds(run.searchMs)} s (${run.pages} pages${run.shards !== undefined ? `, ${run.shardsBuilt} partie(s) écrite(s) sur ${run.shards}` : ''})`
      : undefined,
    `RSS max arbre ${mebibytes(run.peakTreeRssKiB)} Mio`,
    run.maxProcessRssKiB !== undefined ? `plus gros processus ${mebibytes(run.maxProcessRssKiB)} Mio` : undefined,
    run.treeCpuSeconds !== undefined ? `CPU ${Math.round(run.treeCpuSeconds * 10) / 10} s` : undefined,
    run.note,
  ];
  const lines = [parts.filter(Boolean).join(', ')];
  if (run.routeMsByKind) {
    const kinds = Object.entries(run.routeMsByKind).sort((a, b) => b[1] - a[1]);
    lines.push(`  temps de rendu par route (somme) : ${kinds.map(([kind, ms]) => `${kind} ${seconds(ms)} s`).join(', ')}`);
  }
  if (run.slowestRoutes) lines.push(`  routes les plus lentes : ${run.slowestRoutes.map(({ route, ms }) => `${route} ${Math.round(ms)} ms`).join(', ')}`);
  return lines.join('\n');
}

/** The three builds of one version: from scratch, after one notice changed, with nothing changed. */
interface VersionRuns {
  cold: Measured & BuildFigures;
  changed: Measured & BuildFigures;
  unchanged: Measured & BuildFigures;
  size: { bytes: number; files: number };
}

export const section: BenchSection = {
  name: 'site',
  description: 'construction du site (pages Astro, logos, Pagefind) à froid, après une notice modifiée et sans changement, cette version et la précédente',
  async run(context) {
    const wanted = process.env.BENCH_SITE_SETS?.split(',')
      .map((s) => s.trim())
      .filter(Boolean);
    const previous = previousSource('src/search/shards.ts');
    const versions = [
      { label: 'cette version', source: process.cwd(), suffix: '' },
      { label: `précédente (${previous.commit.slice(0, 7)})`, source: previous.dir, suffix: '-precedente' },
    ];
    context.log(`version précédente : ${previous.commit.slice(0, 10)} (${previous.dir})`);
    const rows: BenchRow[] = [];
    for (const dataSet of DATA_SETS) {
      if (wanted && !wanted.includes(dataSet.name)) continue;
      const contentDir = path.join(context.workDir, dataSet.name === 'awesome-selfhosted' ? 'import' : dataSet.name);
      context.log(`── ${dataSet.name}`);
      const prepared = await dataSet.prepare(contentDir, context);
      if (typeof prepared === 'string') {
        context.log(`${dataSet.name} ignoré : ${prepared}`);
        rows.push({ 'jeu de données': dataSet.name, notices: `ignoré : ${prepared}` });
        continue;
      }
      const runs: VersionRuns[] = [];
      for (const version of versions) {
        const outDir = path.join(context.workDir, `out-${dataSet.name}${version.suffix}`);
        const cacheName = `.bench-cache-${dataSet.name}${version.suffix}`;
        context.log(`${dataSet.name}, ${version.label}`);
        rmSync(path.resolve('node_modules', cacheName), { recursive: true, force: true });
        rmSync(outDir, { recursive: true, force: true });
        const cold = await build(version.source, contentDir, outDir, cacheName);
        context.log(describeBuild('build à froid', cold));
        const size = folderSize(path.join(outDir, 'client'));
        const search = folderSize(path.join(outDir, 'client', 'pagefind'));
        context.log(
          `${outDir}/client : ${size.bytes} octets (${megabytes(size.bytes)} Mo) en ${size.files} fichiers (dont Pagefind ${megabytes(search.bytes)} Mo, ${search.files} fichiers)`,
        );
        const touched = touchOneNotice(path.join(contentDir, 'notices'));
        const changed = await build(version.source, contentDir, outDir, cacheName);
        context.log(describeBuild(`reconstruction après modification de ${touched}`, changed));
        const unchanged = await build(version.source, contentDir, outDir, cacheName);
        context.log(describeBuild('reconstruction sans changement', unchanged));
        runs.push({ cold, changed, unchanged, size });
      }
      const row = (version: (typeof versions)[number], measure: string, run: Measured & BuildFigures): BenchRow => ({
        'jeu de données': dataSet.name,
        notices: prepared.notices,
        version: version.label,
        mesure: measure,
        'total (s)': seconds(run.wallMs),
        'CPU (s)': run.treeCpuSeconds !== undefined ? Math.round(run.treeCpuSeconds * 10) / 10 : '—',
        'démarrage+contenu (s)': run.contentMs !== undefined ? seconds(run.contentMs) : '—',
        'bundles Vite (s)': run.bundleMs !== undefined ? seconds(run.bundleMs) : '—',
        'pages Astro (s)': run.renderMs !== undefined ? seconds(run.renderMs) : '—',
        'pages rendues / reprises': `${run.renderedPages ?? '?'} / ${run.reusedPages ?? '?'}`,
        'logos (s)': run.logosMs !== undefined ? seconds(run.logosMs) : '—',
        'Pagefind (s)': run.searchMs !== undefined ? seconds(run.searchMs) : '—',
        'parties écrites': run.shardsBuilt !== undefined ? `${run.shardsBuilt} / ${run.shards}` : '—',
        'RSS max arbre (Mio)': mebibytes(run.peakTreeRssKiB),
        'RSS max processus (Mio)': mebibytes(run.maxProcessRssKiB),
        charge: run.note?.replace(/^charge 1 min /, '').replace(/ sur \d+ processeurs$/, '') ?? '',
      });
      // Side by side: each measure, this version then the previous one.
      for (const [measure, pick] of [
        ['à froid', (r: VersionRuns) => r.cold],
        ['1 notice modifiée', (r: VersionRuns) => r.changed],
        ['rien de changé', (r: VersionRuns) => r.unchanged],
      ] as const) {
        versions.forEach((version, i) => {
          const mine = runs[i]!;
          const run = pick(mine);
          rows.push({
            ...row(version, measure === 'à froid' ? `à froid (${run.pages ?? '?'} pages, ${prepared.logos} logos)` : measure, run),
            'client (Mo)': measure === 'à froid' ? megabytes(mine.size.bytes) : '',
            'client (fichiers)': measure === 'à froid' ? mine.size.files : '',
          });
        });
      }
    }
    return rows;
  },
};
