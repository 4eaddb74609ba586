/**
 * A contribution handler wired to a real temporary git repository holding a copy of the content,
 * with a clock the test controls (the fill-time token is checked against it).
 */
import { execFileSync } from 'node:child_process';
import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import zlib from 'node:zlib';
import { solveChallenge, type Challenge } from 'altcha-lib';
import { deriveKey } from 'altcha-lib/algorithms/sha';
import { MIN_FILL_MS, issueToken } from '../../src/contribution/layers/token.ts';
import type { ContributionBackend } from '../../src/contribution/backend.ts';
import { loadConfig } from '../../src/contribution/config.ts';
import { createContributionHandler, type ContributionHandler } from '../../src/contribution/handler.ts';
import { createLocalBackend } from '../../src/contribution/local-backend.ts';

export const SECRET = 'secret-de-test-0123456789-abcdefghijklmnop';

export interface TestSite {
  repo: string;
  handler: ContributionHandler;
  clock: { now: number };
  logs: string[];
  /** A valid no-JavaScript fill-time token (the confirmation page's) issued `ageMs` ago. */
  token(ageMs?: number): string;
  /**
   * What the form's script sends: a token from the function and the solved proof of work,
   * with the clock moved past the minimum fill time.
   */
  sending(): Promise<{ jeton: string; preuve: string }>;
  branches(): string[];
  show(branch: string, file: string): string;
  showBytes(branch: string, file: string): Buffer;
  git(...args: string[]): string;
}

/** Scratch repositories of this test file, removed when its process ends (each holds a copy of content/). */
const scratchRepos: string[] = [];
process.once('exit', () => {
  for (const repo of scratchRepos) rmSync(repo, { recursive: true, force: true });
});

export function makeRepo(): string {
  const repo = mkdtempSync(path.join(tmpdir(), 'framalibre-depot-'));
  scratchRepos.push(repo);
  cpSync('content', path.join(repo, 'content'), { recursive: true });
  const git = (...args: string[]) => execFileSync('git', ['-C', repo, ...args], { encoding: 'utf8' });
  git('init', '-q', '-b', 'main');
  git('-c', 'user.name=Test', '-c', 'user.email=test@example.org', 'add', '.');
  git('-c', 'user.name=Test', '-c', 'user.email=test@example.org', 'commit', '-q', '-m', 'Contenu de départ');
  return repo;
}

export function makeSite(options: { env?: Record<string, string>; backend?: (repo: string) => ContributionBackend } = {}): TestSite {
  const repo = makeRepo();
  const git = (...args: string[]) => execFileSync('git', ['-C', repo, ...args], { encoding: 'utf8' }).trim();
  const clock = { now: Date.parse('2026-11-21T10:00:00Z') };
  const logs: string[] = [];
  // A light proof of work: the tests check that it is required and bound, not how long it takes.
  const config = loadConfig({ CONTRIBUTION_SECRET: SECRET, CONTRIBUTION_LOCAL_REPO: repo, CONTRIBUTION_POW_MAX: '200', ...options.env });
  const handler = createContributionHandler({
    config,
    backend: options.backend ? options.backend(repo) : createLocalBackend({ repo }),
    contentRoot: path.join(repo, 'content'),
    siteUrl: 'https://framalibre.example',
    log: (line) => logs.push(line),
    now: () => clock.now,
  });
  return {
    repo,
    handler,
    clock,
    logs,
    token: (ageMs = 60_000) => issueToken(SECRET, clock.now - ageMs, 'sans-js'),
    sending: () => solvedSending(handler, clock),
    branches: () => git('for-each-ref', '--format=%(refname:short)', 'refs/heads/contribution/').split('\n').filter(Boolean),
    show: (branch, file) => git('show', `${branch}:${file}`),
    showBytes: (branch, file) => execFileSync('git', ['-C', repo, 'show', `${branch}:${file}`]),
    git,
  };
}

export async function solvedSending(handler: ContributionHandler, clock?: { now: number }): Promise<{ jeton: string; preuve: string }> {
  const status = (await (await handler(new Request('http://localhost:4321/api/contribuer'))).json()) as { jeton: string; defi: Challenge };
  if (clock) clock.now += MIN_FILL_MS.js + 1_000;
  const solution = await solveChallenge({ challenge: status.defi, deriveKey });
  if (!solution) throw new Error('défi non résolu');
  const preuve = Buffer.from(JSON.stringify({ challenge: status.defi, solution: { counter: solution.counter, derivedKey: solution.derivedKey } })).toString('base64');
  return { jeton: status.jeton, preuve };
}

/** A form POST as a browser sends it (multipart), from a given client address. */
export function formRequest(fields: Record<string, string | string[]>, options: { accept?: string; logo?: { name: string; type: string; bytes: Uint8Array } } = {}): Request {
  const form = new FormData();
  for (const [key, value] of Object.entries(fields)) for (const v of Array.isArray(value) ? value : [value]) form.append(key, v);
  if (options.logo) form.append('logo_fichier', new File([options.logo.bytes as Uint8Array<ArrayBuffer>], options.logo.name, { type: options.logo.type }));
  return new Request('http://localhost:4321/api/contribuer', { method: 'POST', body: form, headers: options.accept ? { accept: options.accept } : {} });
}

export function jsonRequest(fields: Record<string, unknown>): Request {
  return new Request('http://localhost:4321/api/contribuer', { method: 'POST', body: JSON.stringify(fields), headers: { 'content-type': 'application/json' } });
}

/** A tiny PNG that declares `width` × `height` pixels: decoding it would need gigabytes. */
export function pngDeclaring(width: number, height: number): Uint8Array {
  const signature = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
  const chunk = (type: string, data: Buffer) => {
    const length = Buffer.alloc(4);
    length.writeUInt32BE(data.length);
    const body = Buffer.concat([Buffer.from(type, 'ascii'), data]);
    const crc = Buffer.alloc(4);
    crc.writeUInt32BE(zlib.crc32(body));
    return Buffer.concat([length, body, crc]);
  };
  const header = Buffer.alloc(13);
  header.writeUInt32BE(width, 0);
  header.writeUInt32BE(height, 4);
  header.set([8, 0, 0, 0, 0], 8); // 8-bit greyscale
  const rows = zlib.deflateSync(Buffer.alloc(1024));
  return new Uint8Array(Buffer.concat([signature, chunk('IHDR', header), chunk('IDAT', rows), chunk('IEND', Buffer.alloc(0))]));
}
