/** Shared by the moderation tests: a throwaway git repository, a loopback HTTP server. */
import { execFileSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { tmpdir } from 'node:os';
import path from 'node:path';
import sharp from 'sharp';

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

export interface FakeNote {
  id: number;
  body: string;
  system: boolean;
  author: { id: number; username: string };
}

export interface FakeIssue {
  id: number;
  iid: number;
  title: string;
  description: string;
  labels: string[];
  state: 'opened' | 'closed';
  web_url: string;
}

export interface FakeMergeRequest {
  iid: number;
  title: string;
  sha: string;
  baseSha: string;
  targetBranch: string;
  /** Newest first, as GitLab lists a merge request's pipelines. */
  pipelines: { id: number; sha: string; status: string; project_id: number; web_url: string; jobs: { id: number; name: string; status: string }[] }[];
}

/**
 * Answers like GitLab's REST API for what the moderation jobs use: GET /user, merge request
 * notes (GET paginated with x-next-page, POST, PUT), project issues (GET by label, POST, PUT),
 * open merge requests (list, one with its diff_refs), a merge request's pipelines and a
 * pipeline's jobs.
 * Requests without a known PRIVATE-TOKEN get 401. Tokens are project access tokens: each has its
 * bot user and role; `rotate` is GitLab's « Rotate » (POST …/access_tokens/:id/rotate: a new
 * value, the old one revoked, the same bot user), `newToken` creates another token, hence another
 * bot user. Only a note's author may edit it (403 otherwise, as Notes::UpdateService's policy);
 * a Guest may not write (403).
 */
export async function fakeGitLab(options: { token: string; projectId: string; userId?: number; perPage?: number }) {
  const notes = new Map<string, FakeNote[]>();
  const issues: FakeIssue[] = [];
  const mergeRequests: FakeMergeRequest[] = [];
  let nextId = 1000;
  const userId = options.userId ?? 42;
  const tokens = new Map<string, { id: number; username: string; role: 'guest' | 'reporter' | 'developer' }>([
    [options.token, { id: userId, username: 'project_1_bot', role: 'reporter' }],
  ]);
  let nextUser = userId + 1;
  const project = encodeURIComponent(options.projectId);
  const json = (res: import('node:http').ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}) => {
    res.writeHead(status, { 'content-type': 'application/json', ...headers });
    res.end(JSON.stringify(body));
  };
  const server = await loopbackServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://gitlab.local');
    const user = tokens.get(String(req.headers['private-token'] ?? ''));
    if (!user) return json(res, 401, { message: '401 Unauthorized' });
    if (req.method !== 'GET' && user.role === 'guest') return json(res, 403, { message: '403 Forbidden' });
    const prefix = `/api/v4/projects/${project}`;
    if (req.method === 'GET' && url.pathname === '/api/v4/user') return json(res, 200, { id: user.id, username: user.username, bot: true });
    const noteMatch = new RegExp(`^${prefix.replace(/[.*+?^${}()|[\]\\%]/g, '\\$&')}/merge_requests/(\\d+)/notes(?:/(\\d+))?$`).exec(url.pathname);
    if (noteMatch) {
      const list = notes.get(noteMatch[1]!) ?? [];
      notes.set(noteMatch[1]!, list);
      if (req.method === 'GET' && !noteMatch[2]) {
        const perPage = Math.min(Number(url.searchParams.get('per_page') ?? 20), options.perPage ?? 100);
        const page = Number(url.searchParams.get('page') ?? 1);
        const slice = list.slice((page - 1) * perPage, page * perPage);
        return json(res, 200, slice, { 'x-next-page': page * perPage < list.length ? String(page + 1) : '' });
      }
      if (req.method === 'POST' && !noteMatch[2]) {
        const note: FakeNote = { id: nextId++, body: JSON.parse(req.body).body, system: false, author: { id: user.id, username: user.username } };
        list.push(note);
        return json(res, 201, note);
      }
      if (req.method === 'PUT' && noteMatch[2]) {
        const note = list.find((n) => n.id === Number(noteMatch[2]));
        if (!note) return json(res, 404, { message: '404 Not found' });
        if (note.author.id !== user.id) return json(res, 403, { message: '403 Forbidden' });
        note.body = JSON.parse(req.body).body;
        return json(res, 200, note);
      }
    }
    if (url.pathname === `${prefix}/merge_requests` && req.method === 'GET') {
      const target = url.searchParams.get('target_branch');
      const list = url.searchParams.get('state') === 'opened' ? mergeRequests.filter((m) => !target || m.targetBranch === target) : mergeRequests;
      return json(
        res,
        200,
        list.map((m) => ({ iid: m.iid, title: m.title, sha: m.sha })),
        { 'x-next-page': '' },
      );
    }
    const mrMatch = new RegExp(`^${prefix.replace(/[.*+?^${}()|[\]\\%]/g, '\\$&')}/merge_requests/(\\d+)(/pipelines)?$`).exec(url.pathname);
    if (mrMatch && req.method === 'GET') {
      const mr = mergeRequests.find((m) => m.iid === Number(mrMatch[1]));
      if (!mr) return json(res, 404, { message: '404 Not found' });
      if (mrMatch[2])
        return json(
          res,
          200,
          mr.pipelines.map(({ jobs: _jobs, ...p }) => p),
          { 'x-next-page': '' },
        );
      return json(res, 200, {
        iid: mr.iid,
        title: mr.title,
        sha: mr.sha,
        web_url: `https://gitlab.example.org/p/-/merge_requests/${mr.iid}`,
        diff_refs: { base_sha: mr.baseSha, head_sha: mr.sha, start_sha: mr.baseSha },
      });
    }
    const jobsMatch = new RegExp(`^${prefix.replace(/[.*+?^${}()|[\]\\%]/g, '\\$&')}/pipelines/(\\d+)/jobs$`).exec(url.pathname);
    if (jobsMatch && req.method === 'GET') {
      const pipeline = mergeRequests.flatMap((m) => m.pipelines).find((p) => p.id === Number(jobsMatch[1]));
      if (!pipeline) return json(res, 404, { message: '404 Not found' });
      return json(res, 200, pipeline.jobs, { 'x-next-page': '' });
    }
    if (url.pathname === `${prefix}/issues` && req.method === 'GET') {
      const label = url.searchParams.get('labels');
      return json(
        res,
        200,
        issues.filter((i) => !label || i.labels.includes(label)),
        { 'x-next-page': '' },
      );
    }
    if (url.pathname === `${prefix}/issues` && req.method === 'POST') {
      const body = JSON.parse(req.body);
      const iid = issues.length + 1;
      const issue: FakeIssue = {
        id: nextId++,
        iid,
        title: body.title,
        description: body.description,
        labels: String(body.labels ?? '')
          .split(',')
          .filter(Boolean),
        state: 'opened',
        web_url: `https://gitlab.example.org/p/-/issues/${iid}`,
      };
      issues.push(issue);
      return json(res, 201, issue);
    }
    const issueMatch = new RegExp(`^${prefix.replace(/[.*+?^${}()|[\]\\%]/g, '\\$&')}/issues/(\\d+)$`).exec(url.pathname);
    if (issueMatch && req.method === 'PUT') {
      const issue = issues.find((i) => i.iid === Number(issueMatch[1]));
      if (!issue) return json(res, 404, { message: '404 Not found' });
      const body = JSON.parse(req.body);
      if (body.description !== undefined) issue.description = body.description;
      if (body.state_event === 'close') issue.state = 'closed';
      if (body.state_event === 'reopen') issue.state = 'opened';
      return json(res, 200, issue);
    }
    return json(res, 404, { message: '404 Not found' });
  });
  return {
    ...server,
    apiUrl: `${server.url}/api/v4`,
    notes,
    issues,
    mergeRequests,
    /** GitLab's « Rotate »: a new value for the same bot user; the old value stops working. */
    rotate(oldToken: string): string {
      const owner = tokens.get(oldToken);
      if (!owner) throw new Error('jeton inconnu');
      tokens.delete(oldToken);
      const fresh = `${oldToken}-tourne-${nextId++}`;
      tokens.set(fresh, owner);
      return fresh;
    },
    /** A token created anew (« Add new token »): another bot user. */
    newToken(role: 'guest' | 'reporter' | 'developer' = 'reporter'): { token: string; userId: number } {
      const id = nextUser++;
      const token = `glpat-nouveau-${id}`;
      tokens.set(token, { id, username: `project_1_bot_${id}`, role });
      return { token, userId: id };
    },
  };
}
