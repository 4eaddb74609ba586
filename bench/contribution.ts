/**
 * Contribution function on loopback: the real server (`node dist/server/entry.mjs`, local git
 * backend on a scratch repository), valid proposals from many clients, then a spam flood that
 * must be refused. Throughput and p50/p99 latency for each.
 */
import { execFileSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, rmSync } from 'node:fs';
import path from 'node:path';
import { startSite } from '../tests/support/server.ts';
import { runMeasured, type BenchSection } from './lib.ts';

const VALID_REQUESTS = 120;
const SPAM_REQUESTS = 2000;
const CONCURRENCY = 8;

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}

/** Sends `count` requests, `CONCURRENCY` at a time; returns latencies (ms) and statuses. */
async function load(count: number, makeRequest: (i: number) => Promise<Response>): Promise<{ latencies: number[]; statuses: Map<number, number>; wallMs: number }> {
  const latencies: number[] = [];
  const statuses = new Map<number, number>();
  let next = 0;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: CONCURRENCY }, async () => {
      while (next < count) {
        const i = next++;
        const t0 = performance.now();
        const response = await makeRequest(i);
        await response.arrayBuffer();
        latencies.push(performance.now() - t0);
        statuses.set(response.status, (statuses.get(response.status) ?? 0) + 1);
      }
    }),
  );
  return { latencies: latencies.sort((a, b) => a - b), statuses, wallMs: performance.now() - started };
}

export const section: BenchSection = {
  name: 'contribution',
  description: 'fonction de contribution sur la boucle locale : propositions valides puis rafale de spam',
  async run(context) {
    const out = path.join(context.workDir, 'site');
    const build = await runMeasured('astro', ['build', '--silent'], {
      env: { ...process.env, FRAMALIBRE_OUT_DIR: out, FRAMALIBRE_CACHE_DIR: path.resolve('node_modules/.bench-cache-contribution') },
    });
    if (build.code !== 0) throw new Error(`construction impossible : ${build.stderr.slice(-500)}`);
    const repo = path.join(context.workDir, 'depot');
    rmSync(repo, { recursive: true, force: true });
    mkdirSync(repo, { recursive: true });
    cpSync('content', path.join(repo, 'content'), { recursive: true });
    const git = (...args: string[]) => execFileSync('git', ['-C', repo, '-c', 'user.name=Bench', '-c', 'user.email=bench@example.org', ...args]);
    git('init', '-q', '-b', 'main');
    git('add', '.');
    git('commit', '-q', '-m', 'départ');

    const server = await startSite({ CONTRIBUTION_LOCAL_REPO: repo, CONTRIBUTION_SECRET: 'b'.repeat(40), CONTRIBUTION_MAX_PAR_HEURE: '100000', CONTRIBUTION_TRUST_PROXY: '1' }, out);
    const url = `${server.url}/api/contribuer`;
    try {
      const { jeton } = (await (await fetch(url)).json()) as { jeton: string };
      await new Promise((r) => setTimeout(r, 4_500)); // the minimum fill time
      const rows = [];

      const valid = await load(VALID_REQUESTS, (i) => {
        const body = new URLSearchParams({ nom: `Logiciel de mesure ${i}`, licences: 'MIT', description_courte: 'Une notice de mesure.', site_web: `https://mesure-${i}.example.org/`, jeton });
        return fetch(url, { method: 'POST', body, headers: { accept: 'application/json', 'x-forwarded-for': `10.9.${Math.floor(i / 250)}.${i % 250}` } });
      });
      rows.push({ charge: `${VALID_REQUESTS} propositions valides`, 'débit (req/s)': Math.round((VALID_REQUESTS / valid.wallMs) * 1000), 'p50 (ms)': Math.round(percentile(valid.latencies, 50)), 'p99 (ms)': Math.round(percentile(valid.latencies, 99)), statuts: [...valid.statuses].map(([s, n]) => `${s}×${n}`).join(' ') });
      context.log(`valides : ${JSON.stringify(rows.at(-1))}`);

      const spam = await load(SPAM_REQUESTS, (i) => {
        const body = new URLSearchParams({ nom: `Casino ${i}`, licences: 'MIT', site_internet_2: 'https://casino.example', message: 'https://bit.ly/x' });
        return fetch(url, { method: 'POST', body, headers: { accept: 'application/json', 'x-forwarded-for': `10.8.${Math.floor(i / 250) % 250}.${i % 250}` } });
      });
      rows.push({ charge: `${SPAM_REQUESTS} envois de spam`, 'débit (req/s)': Math.round((SPAM_REQUESTS / spam.wallMs) * 1000), 'p50 (ms)': Math.round(percentile(spam.latencies, 50)), 'p99 (ms)': Math.round(percentile(spam.latencies, 99)), statuts: [...spam.statuses].map(([s, n]) => `${s}×${n}`).join(' ') });
      context.log(`spam : ${JSON.stringify(rows.at(-1))}`);
      const created = execFileSync('git', ['-C', repo, 'for-each-ref', 'refs/heads/contribution/'], { encoding: 'utf8' }).split('\n').filter(Boolean).length;
      context.log(`branches créées : ${created} (attendu : ${VALID_REQUESTS}, aucune pour le spam)`);
      return rows;
    } finally {
      await server.stop();
      if (existsSync(repo)) rmSync(repo, { recursive: true, force: true });
    }
  },
};
