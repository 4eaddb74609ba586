/** Shared by the moderation tests: a throwaway git repository, a loopback HTTP server. GitLab is tests/support/fake-gitlab.ts. */
import { execFileSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { tmpdir } from 'node:os';
import path from 'node:path';
import sharp from 'sharp';
import type { ReportData } from '../../src/moderation/report.ts';

export const FIXTURES = path.resolve('tests/fixtures/moderation');

export function git(cwd: string, ...args: string[]): string {
  return execFileSync('git', ['-c', 'user.name=Test', '-c', 'user.email=test@example.org', '-c', 'commit.gpgsign=false', ...args], {
    cwd,
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'pipe'],
  }).trim();
}

export interface FixtureRepository {
  dir: string;
  base: string;
  head: string;
  cleanup(): void;
}

/**
 * A repository whose base commit holds tests/fixtures/moderation/avant and whose head applies
 * apres/ (Firefox modified, two notices added, GIMP deleted, a 300×100 PNG logo added). The
 * vocabularies are the project's own.
 */
export async function fixtureRepository(options: { deleteGimp?: boolean } = {}): Promise<FixtureRepository> {
  const dir = mkdtempSync(path.join(tmpdir(), 'framalibre-moderation-'));
  const content = path.join(dir, 'content');
  mkdirSync(content);
  for (const vocabulary of ['etiquettes.yaml', 'plateformes.yaml']) cpSync(path.resolve('content', vocabulary), path.join(content, vocabulary));
  cpSync(path.join(FIXTURES, 'avant'), content, { recursive: true });
  git(dir, 'init', '-q', '-b', 'main');
  git(dir, 'add', '-A');
  git(dir, 'commit', '-q', '-m', 'base');
  const base = git(dir, 'rev-parse', 'HEAD');

  for (const name of readdirSync(path.join(FIXTURES, 'apres', 'notices'))) {
    cpSync(path.join(FIXTURES, 'apres', 'notices', name), path.join(content, 'notices', name));
  }
  if (options.deleteGimp !== false) rmSync(path.join(content, 'notices', 'gimp.md'));
  mkdirSync(path.join(content, 'notices', 'logos'), { recursive: true });
  await sharp({ create: { width: 300, height: 100, channels: 4, background: { r: 20, g: 120, b: 200, alpha: 1 } } })
    .png()
    .toFile(path.join(content, 'notices', 'logos', 'lybre-office.png'));
  git(dir, 'add', '-A');
  git(dir, 'commit', '-q', '-m', 'proposition');
  const head = git(dir, 'rev-parse', 'HEAD');
  return { dir, base, head, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

export interface LoopbackServer {
  url: string;
  requests: { method: string; url: string; headers: IncomingMessage['headers']; body: string }[];
  close(): Promise<void>;
}

/** An HTTP server on 127.0.0.1 and a free port; `handler` may be async. */
export async function loopbackServer(handler: (req: IncomingMessage & { body: string }, res: ServerResponse) => void | Promise<void>): Promise<LoopbackServer> {
  const requests: LoopbackServer['requests'] = [];
  const server = createServer((req, res) => {
    let body = '';
    req.on('data', (chunk) => (body += chunk));
    req.on('end', () => {
      requests.push({ method: req.method ?? '', url: req.url ?? '', headers: req.headers, body });
      Promise.resolve(handler(Object.assign(req, { body }), res)).catch((error) => {
        res.statusCode = 500;
        res.end(String(error));
      });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** A report of nothing, in a directory of 161 notices: the start of the rendering tests' reports. */
export const EMPTY_REPORT: ReportData = { notices: [], problems: [], otherFiles: [], directorySize: 161 };

/** A valid new notice, its addresses not checked, the preview missing. */
export const VALID_PROPOSAL: ReportData = {
  ...EMPTY_REPORT,
  notices: [
    {
      change: { kind: 'ajout', slug: 'inkscape', path: 'content/notices/inkscape.md', logosChanged: [] },
      nom: 'Inkscape',
      diff: {
        fields: [
          { field: 'nom', kind: 'ajouté', after: 'Inkscape' },
          { field: 'licences', kind: 'ajouté', after: ['GPL-3.0-or-later'] },
        ],
        body: { before: '', after: 'Un logiciel de dessin vectoriel.\nIl lit et écrit le SVG.', lines: [] },
      },
      duplicates: [],
      links: [{ field: 'site_web', url: 'https://inkscape.org/', changed: true }],
      remarks: [],
    },
  ],
  preview: { unavailable: 'la construction du site n’a pas abouti' },
};
