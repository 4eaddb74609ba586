/**
 * What the proof of work costs, per proposal, at the default difficulty (CONTRIBUTION_POW_MAX)
 * and at the raised ones of a busy hour and of an attack (pressure.ts):
 * - a script: CPU time to solve one challenge in Node (altcha-lib's native SHA-256);
 * - a modest phone: wall time in Debian's Chromium with the CPU slowed 4× (DevTools'
 *   Emulation.setCPUThrottlingRate), with the form's solver (JavaScript SHA-256) and, beside it,
 *   the WebCrypto solver the form used before;
 * - a desktop: the same Chromium without slowdown.
 * The previous default (12,000) is measured beside it. Medians over several challenges.
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { build } from 'esbuild';
import { solveChallenge } from 'altcha-lib';
import { deriveKey } from 'altcha-lib/algorithms/sha';
import { loadConfig } from '../src/contribution/config.ts';
import { ProofOfWork } from '../src/contribution/layers/proof-of-work.ts';
import { CALM, pressureFor } from '../src/contribution/pressure.ts';
import { launchBrowser } from '../tests/support/browser.ts';
import type { BenchRow, BenchSection } from './lib.ts';

const RUNS_NODE = 15;
const RUNS_BROWSER = 5;
const PREVIOUS_DEFAULT = 12_000;

const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? 0;
};

/**
 * A page exposing `solve(challenge, solver)` (ms of wall time) with the two browser solvers: the
 * form's (layers/pow-solver.ts, bundled here with esbuild as Astro's Vite would) and altcha-lib's
 * WebCrypto one, which the form used before.
 */
async function solverPage(): Promise<{ url: string; close: () => Promise<void> }> {
  const bundle = await build({
    stdin: {
      contents: `import { solveProofOfWork } from './src/contribution/layers/pow-solver.ts';
import { build } from 'esbuild';
import { solveChallenge } from 'altcha-lib';
import { deriveKey } from 'altcha-lib/algorithms/web/sha';
const solvers = { formulaire: solveProofOfWork, webcrypto: (challenge) => solveChallenge({ challenge, deriveKey, timeout: 600000 }) };
window.solve = async (challenge, solver) => { const t = performance.now(); await solvers[solver](challenge); return performance.now() - t; };
window.ready = true;`,
      resolveDir: process.cwd(),
      loader: 'ts',
    },
    bundle: true,
    format: 'esm',
    write: false,
  });
  const page = `<!doctype html><meta charset="utf-8"><script type="module">${bundle.outputFiles[0]!.text.replace(/<\/script/gi, '<\\/script')}</script>`;
  const server = createServer((_req, res) => res.writeHead(200, { 'content-type': 'text/html' }).end(page));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/`, close: () => new Promise((resolve) => server.close(() => resolve())) };
}

export const section: BenchSection = {
  name: 'preuve',
  description: 'coût de la preuve de travail par proposition : Node (un script), Chromium ralenti 4× (un téléphone modeste), Chromium (un ordinateur)',
  async run(context) {
    const max = loadConfig({}).powMaxNumber;
    const busy = pressureFor(10, 30);
    const attack = pressureFor(20, 30);
    const levels: [string, number][] = [
      [`version précédente (${PREVIOUS_DEFAULT})`, PREVIOUS_DEFAULT],
      [`défaut (${max})`, max * CALM.powFactor],
      [`heure chargée (×${busy.powFactor})`, max * busy.powFactor],
      [`attaque (×${attack.powFactor})`, max * attack.powFactor],
    ];
    const server = await solverPage();
    const browser = await launchBrowser();
    const rows: BenchRow[] = [];
    try {
      const page = await browser.newPage();
      await page.goto(server.url);
      await page.waitForFunction('window.ready === true');
      const cdp = await page.context().newCDPSession(page);
      for (const [label, difficulty] of levels) {
        const pow = new ProofOfWork('b'.repeat(40), difficulty);
        // Fewer runs where one run takes long: the median of a few is enough to compare levels.
        const runs = difficulty > max * 4 ? 3 : difficulty > max ? 6 : RUNS_NODE;
        const challenges = await Promise.all(Array.from({ length: runs }, (_, i) => pow.challenge(`jeton-${i}`)));
        const node: number[] = [];
        for (const challenge of challenges) {
          const before = process.cpuUsage();
          await solveChallenge({ challenge, deriveKey });
          const used = process.cpuUsage(before);
          node.push((used.user + used.system) / 1000);
        }
        const inBrowser = async (rate: number, solver: 'formulaire' | 'webcrypto') => {
          await cdp.send('Emulation.setCPUThrottlingRate', { rate });
          const times: number[] = [];
          for (const challenge of challenges.slice(0, difficulty > max ? 1 : RUNS_BROWSER)) {
            times.push(await page.evaluate(([c, s]) => (window as unknown as { solve: (c: unknown, s: string) => Promise<number> }).solve(c, s), [challenge, solver] as const));
          }
          return median(times) / 1000;
        };
        // The previous browser solver only where it still takes reasonable time.
        const previous: BenchRow = difficulty <= max ? { 'Chromium ×4, ancien solveur WebCrypto (s)': Number((await inBrowser(4, 'webcrypto')).toFixed(1)) } : {};
        const row = {
          difficulté: label,
          'Node, CPU (ms)': Math.round(median(node)),
          'Chromium (s)': Number((await inBrowser(1, 'formulaire')).toFixed(2)),
          'Chromium ralenti 4× (s)': Number((await inBrowser(4, 'formulaire')).toFixed(1)),
          ...previous,
        };
        context.log(JSON.stringify(row));
        rows.push(row);
      }
    } finally {
      await browser.close();
      await server.close();
    }
    return rows;
  },
};
