/**
 * What the proof of work costs, per proposal, at the default difficulty (CONTRIBUTION_POW_MAX)
 * and at the raised ones of a busy hour and of an attack (pressure.ts):
 * - a script: CPU time to solve one challenge in Node (altcha-lib's native SHA-256);
 * - a modest phone: wall time in Debian's Chromium with the CPU slowed 4× (DevTools'
 *   Emulation.setCPUThrottlingRate), the browser solver the form uses (WebCrypto);
 * - a desktop: the same Chromium without slowdown.
 * The previous default (12,000) is measured beside it. Medians over several challenges.
 */
import { readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
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

/** Serves altcha-lib's browser build and a page exposing `solve(challenge)` (ms of wall time). */
async function solverPage(): Promise<{ url: string; close: () => Promise<void> }> {
  const root = path.resolve('node_modules/altcha-lib/dist/esm/v2');
  const page = `<!doctype html><meta charset="utf-8"><script type="module">
import { solveChallenge } from '/altcha/index.js';
import { deriveKey } from '/altcha/algorithms/web/sha.js';
window.solve = async (challenge) => { const t = performance.now(); await solveChallenge({ challenge, deriveKey }); return performance.now() - t; };
window.ready = true;
</script>`;
  const server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://x');
    if (url.pathname === '/') return res.writeHead(200, { 'content-type': 'text/html' }).end(page);
    const file = path.join(root, url.pathname.replace(/^\/altcha\//, ''));
    if (!file.startsWith(root)) return res.writeHead(404).end();
    try {
      res.writeHead(200, { 'content-type': 'text/javascript' }).end(readFileSync(file));
    } catch {
      res.writeHead(404).end();
    }
  });
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
        const challenges = await Promise.all(Array.from({ length: RUNS_NODE }, (_, i) => pow.challenge(`jeton-${i}`)));
        const node: number[] = [];
        for (const challenge of challenges) {
          const before = process.cpuUsage();
          await solveChallenge({ challenge, deriveKey });
          const used = process.cpuUsage(before);
          node.push((used.user + used.system) / 1000);
        }
        const inBrowser = async (rate: number) => {
          await cdp.send('Emulation.setCPUThrottlingRate', { rate });
          const times: number[] = [];
          for (const challenge of challenges.slice(0, rate > 1 && difficulty > max * 4 ? 2 : RUNS_BROWSER)) times.push(await page.evaluate((c) => (window as unknown as { solve: (c: unknown) => Promise<number> }).solve(c), challenge));
          return median(times);
        };
        const desktop = await inBrowser(1);
        const phone = await inBrowser(4);
        const row = {
          difficulté: label,
          'Node, CPU (ms)': Math.round(median(node)),
          'Chromium (ms)': Math.round(desktop),
          'Chromium ralenti 4× (s)': Number((phone / 1000).toFixed(1)),
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
