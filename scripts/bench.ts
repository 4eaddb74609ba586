/**
 * npm run bench [-- SECTION…] [--liste]
 *
 * The benchmarks, as a small registry of sections. Without a name every section runs, in the
 * order below; `npm run bench -- site` runs only the « site » section. Each section prints its
 * figures as it goes, then this script prints one compact table per section and saves every row in
 * node_modules/.bench/resultats.json (to paste into BENCHMARKS.md).
 *
 * Adding a section (search, contribution…):
 *   1. write bench/<name>.ts exporting `section: BenchSection` (bench/lib.ts):
 *        export const section: BenchSection = {
 *          name: 'recherche',
 *          description: 'une ligne en français',
 *          async run(context) {            // context.log(message), context.workDir (scratch folder)
 *            context.log('…figures as they come…');
 *            return [{ 'jeu de données': '10k', 'requête (ms)': 12 }];   // rows of the summary table
 *          },
 *        };
 *   2. add one line to SECTIONS below.
 * A section keeps its files under context.workDir (node_modules/.bench/<name>) and never touches
 * dist/, node_modules/.astro or content/. bench/lib.ts has runMeasured() (time + peak memory of a
 * command), folderSize() and formatTable().
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { formatTable, type BenchRow, type BenchSection } from '../bench/lib.ts';

/** Section name → module loader. The order is the order of a full run. */
const SECTIONS: Record<string, () => Promise<{ section: BenchSection }>> = {
  site: () => import('../bench/site-build.ts'),
  // Builds its own sites (this version and the previous one), from the « site » section’s content when present.
  recherche: () => import('../bench/search.ts'),
  contribution: () => import('../bench/contribution.ts'),
  // The proof of work's cost per proposal: a script (Node), a modest phone (Chromium slowed 4×), a desktop.
  preuve: () => import('../bench/proof-of-work.ts'),
  // Builds the site once into its folder, then weighs the pages a visitor downloads.
  poids: () => import('../bench/page-weight.ts'),
};

const args = process.argv.slice(2);
if (args.includes('--liste') || args.includes('--help') || args.includes('-h')) {
  console.log('Usage : npm run bench [-- SECTION…]\nSections :');
  for (const [name, load] of Object.entries(SECTIONS)) console.log(`  ${name} : ${(await load()).section.description}`);
  process.exit(0);
}
const unknown = args.filter((name) => !(name in SECTIONS));
if (unknown.length > 0) {
  console.error(`Section inconnue : ${unknown.join(', ')} (sections : ${Object.keys(SECTIONS).join(', ')})`);
  process.exit(2);
}
const selected = args.length > 0 ? args : Object.keys(SECTIONS);

const root = path.resolve('node_modules/.bench');
const cpuinfo = existsSync('/proc/cpuinfo') ? readFileSync('/proc/cpuinfo', 'utf8') : '';
const cpu = /model name\s*:\s*(.*)/.exec(cpuinfo)?.[1] ?? os.cpus()[0]?.model ?? '?';
console.log(
  `Machine : ${os.availableParallelism()} processeur(s) (${cpu}), ${Math.round(os.totalmem() / 2 ** 30)} Gio de mémoire, Node ${process.version}, charge ${os
    .loadavg()
    .map((l) => l.toFixed(2))
    .join(' ')}`,
);

const results: { section: string; rows: BenchRow[]; seconds: number }[] = [];
let failed = false;
for (const name of selected) {
  const { section } = await SECTIONS[name]!();
  const workDir = path.join(root, section.name);
  mkdirSync(workDir, { recursive: true });
  console.log(`\n== ${section.name} : ${section.description}`);
  const started = performance.now();
  try {
    const rows = await section.run({ workDir, log: (message) => console.log(`[${section.name}] ${message}`) });
    results.push({ section: section.name, rows, seconds: Math.round((performance.now() - started) / 1000) });
  } catch (error) {
    failed = true;
    console.error(`[${section.name}] échec : ${(error as Error).message}`);
  }
}

for (const { section, rows, seconds } of results) {
  console.log(`\n== Résultats : ${section} (${seconds} s au total)\n${formatTable(rows)}`);
}
mkdirSync(root, { recursive: true });
writeFileSync(
  path.join(root, 'resultats.json'),
  `${JSON.stringify({ date: new Date().toISOString(), node: process.version, cpu, processeurs: os.availableParallelism(), results }, null, 2)}\n`,
);
process.exit(failed ? 1 : 0);
