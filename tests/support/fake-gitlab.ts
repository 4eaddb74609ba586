/**
 * The one small GitLab on loopback of the tests, for the contribution backend and the moderation
 * jobs alike. It answers the REST endpoints they use the way GitLab's API documents them (paths under /api/v4, PRIVATE-TOKEN,
 * JSON bodies, status codes and `{ "message": … }` error shapes), keeps state (branches and their
 * files, commits, merge requests, feature flags), records every request, and can be scripted to
 * fail: the next N requests matching a path answer 429 (with Retry-After), 500, 502, 503, hang
 * until closed, drop the connection, or any given answer — before or after doing the work (a lost
 * response).
 *
 * What it models, each from GitLab's own source (gitlabhq/gitlabhq):
 * - roles and protected branches: a Reporter cannot push, a Developer cannot push to or merge into
 *   a branch protected for Maintainers (403 « You are not allowed to push into this branch »,
 *   lib/api/commits.rb authorize_push_to_branch!; merging: 401, lib/api/merge_requests.rb
 *   `unauthorized! unless merge_request.can_be_merged_by?(current_user)`);
 * - `last_commit_id` per file, and a default branch that can move while a proposal is prepared
 *   (`commitToDefaultBranch`, `beforeNext`): an update whose file changed since is refused with
 *   400 « The file has changed since you started editing it: <path> » (Files::MultiService
 *   #validate_file_status! and Files::BaseService#file_has_changed?);
 * - merge request errors as lib/api/helpers/merge_requests_helpers.rb answers them: 422 for
 *   branch errors (MergeRequests::BuildService, errors[:base]), 409 for another open merge request
 *   of the same source branch, 400 for validation (title 255 characters, description 1 MiB:
 *   app/models/concerns/issuable.rb);
 * - what GitLab would do with a merge request's text: mentions and references found in the
 *   rendered text outside code (Banzai reference filters; backslash escapes do not stop them),
 *   quick actions at the start of a description line outside code and `>>>` blocks
 *   (Gitlab::QuickActions::Extractor). They are recorded in `mr.executed`, never run.
 *
 * Endpoints:
 *   GET  /projects/:id                                   → project with default_branch
 *   GET  /projects/:id/repository/files/:path?ref=       → file (base64, last_commit_id) | 404
 *   GET  /projects/:id/repository/blobs/:sha             → blob (base64) | 404 « 404 Blob Not Found »
 *   POST /projects/:id/repository/commits                → 201 commit | 400 branch exists, file changed… | 403
 *   GET  /projects/:id/repository/branches/:branch       → branch | 404
 *   POST /projects/:id/merge_requests                    → 201 | 409 already open | 422 branch | 400 too long | 403
 *   GET  /projects/:id/merge_requests?source_branch=&state=
 *   GET  /projects/:id/merge_requests/:iid
 *   PUT  /projects/:id/merge_requests/:iid/merge         → 200 merged | 401 not allowed to merge
 *   GET  /projects/:id/feature_flags/:name               → flag | 404 | 403 when the project's Feature flags setting is off
 *   GET  /user                                           → the token's bot user
 *   GET|POST /projects/:id/merge_requests/:iid/notes, PUT …/notes/:note_id (only by its author)
 *   GET|POST /projects/:id/issues, PUT /projects/:id/issues/:iid (state_event close | reopen)
 *   GET  /projects/:id/merge_requests/:iid/pipelines, GET /projects/:id/pipelines/:id/jobs
 * Lists are paginated as GitLab does (per_page, page, x-next-page); a Guest may not write (403).
 * :id is the numeric id or the URL-encoded path (framasoft%2Fframalibre).
 * The routes live beside this file: fake-gitlab-project.ts (repository), fake-gitlab-merge-requests.ts
 * (merge requests, feature flags), fake-gitlab-moderation.ts (user, notes, issues, pipelines).
 */
import { randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createMergeRequest, listMergeRequests, mergeMergeRequest, showFeatureFlag, showMergeRequest } from './fake-gitlab-merge-requests.ts';
import { moderationRoute, paginate } from './fake-gitlab-moderation.ts';
import { type Answer, createCommit, FakeProject, sha, showBlob, showBranch, showFile, showProject } from './fake-gitlab-project.ts';
import type { FailOptions, FailureKind, FakeGitlab, FakeGitlabOptions, FakeGitlabState, FakeMergeRequest, FakeToken, RecordedRequest, Role } from './fake-gitlab-types.ts';

export type { FakeIssue, FakeJob, FakeNote, FakePipeline } from './fake-gitlab-moderation.ts';
export type * from './fake-gitlab-types.ts';
export { gitlabWouldExecute, type WouldExecute } from './gitlab-would-execute.ts';

/** The routes under /projects/:id (`rest` is the path after it). */
function projectRoute(p: FakeProject, method: string, rest: string[], query: Record<string, string>, body: Record<string, unknown>, caller: FakeToken): Answer | undefined {
  const route = `${method} ${rest.join('/')}`;
  if (route === 'GET ') return showProject(p);
  if (method === 'GET' && rest[0] === 'repository' && rest.length === 3) {
    if (rest[1] === 'files') return showFile(p, rest[2]!, query);
    if (rest[1] === 'blobs') return showBlob(p, rest[2]!);
    if (rest[1] === 'branches') return showBranch(p, rest[2]!);
  }
  if (route === 'POST repository/commits') return createCommit(p, body, caller);
  if (route === 'POST merge_requests') return createMergeRequest(p, body, caller);
  if (route === 'GET merge_requests') return listMergeRequests(p, query);
  if (method === 'GET' && rest[0] === 'merge_requests' && rest.length === 2) return showMergeRequest(p, rest[1]!);
  if (method === 'PUT' && rest[0] === 'merge_requests' && rest[2] === 'merge' && rest.length === 3) return mergeMergeRequest(p, rest[1]!, caller);
  if (method === 'GET' && rest[0] === 'feature_flags' && rest.length === 2) return showFeatureFlag(p, rest[1]!);
  return undefined;
}

/** The work itself; returns [status, body]. `segments` is the path after /api/v4. */
function handle(
  p: FakeProject,
  nextId: () => number,
  request: { method: string; segments: string[]; query: Record<string, string>; body: Record<string, unknown> },
  caller: FakeToken,
): Answer {
  const { method, segments, query, body } = request;
  if (method === 'GET' && segments.length === 1 && segments[0] === 'user') return [200, { id: caller.userId, username: caller.username, bot: true }];
  if (segments[0] !== 'projects' || segments.length < 2) return [404, { error: '404 Not Found' }];
  const id = segments[1]!;
  if (id !== p.projectPath && id !== String(p.projectNumericId)) return [404, { message: '404 Project Not Found' }];
  // Guests read; they never write (every write route needs Reporter at least).
  if (method !== 'GET' && caller.role === 'guest') return [403, { message: '403 Forbidden' }];
  const rest = segments.slice(2);
  return projectRoute(p, method, rest, query, body, caller) ?? moderationRoute(p.state, { method, rest, query, body }, caller, nextId) ?? [404, { error: '404 Not Found' }];
}

function initialState(options: FakeGitlabOptions, token: string, projectPath: string, projectNumericId: number): FakeGitlabState {
  const defaultBranch = options.defaultBranch ?? 'main';
  const rootCommit = sha(`root ${projectPath}`);
  const initialFiles = Object.entries(options.files ?? {});
  return {
    defaultBranch,
    branches: new Map([[defaultBranch, rootCommit]]),
    trees: new Map([[defaultBranch, new Map(initialFiles.map(([p, c]) => [p, Buffer.from(c)]))]]),
    lastCommits: new Map([[rootCommit, new Map(initialFiles.map(([p]) => [p, rootCommit]))]]),
    protectedBranches: new Map(options.defaultBranchProtection === null ? [] : [[defaultBranch, options.defaultBranchProtection ?? { push: 'maintainer', merge: 'maintainer' }]]),
    tokens: [{ token, role: options.role ?? 'developer', userId: options.userId ?? 501, username: `project_${projectNumericId}_bot_contribution` }],
    commits: [],
    mergeRequests: [],
    // A project set up as docs/moderation.md says: the moderators' flag exists, inactive.
    featureFlags: new Map((options.featureFlags ?? [{ name: 'contributions-fermees', active: false }]).map((f) => [f.name, { ...f }])),
    featureFlagsEnabled: options.featureFlagsEnabled ?? true,
    notes: new Map(),
    issues: [],
  };
}

const matches = (pattern: string | RegExp, path: string, rawPath: string) =>
  typeof pattern === 'string' ? path.includes(pattern) || rawPath.includes(pattern) : pattern.test(path) || pattern.test(rawPath);

function send(res: ServerResponse, record: RecordedRequest, status: number, body: unknown, headers: Record<string, string> = {}) {
  record.answer = status;
  const isText = typeof body === 'string';
  res.writeHead(status, { 'content-type': isText ? 'text/plain; charset=utf-8' : 'application/json', ...headers });
  res.end(isText ? body : JSON.stringify(body));
}

/** The request as recorded: path decoded segment by segment, body parsed when it is JSON. */
async function readRequest(req: IncomingMessage): Promise<{ record: RecordedRequest; segments: string[] }> {
  const parsed = new URL(req.url ?? '/', 'http://fake');
  const rawPath = parsed.pathname;
  const segments = rawPath
    .split('/')
    .filter(Boolean)
    .map((s) => {
      try {
        return decodeURIComponent(s);
      } catch {
        return s;
      }
    });
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  const text = Buffer.concat(chunks).toString('utf8');
  let body: unknown = text === '' ? undefined : text;
  if (text && (req.headers['content-type'] ?? '').includes('json')) {
    try {
      body = JSON.parse(text);
    } catch {
      body = text;
    }
  }
  const record: RecordedRequest = {
    method: req.method ?? 'GET',
    url: req.url ?? '/',
    rawPath,
    path: `/${segments.join('/')}`,
    query: Object.fromEntries(parsed.searchParams),
    headers: { ...req.headers },
    body,
  };
  return { record, segments };
}

class FakeGitlabServer implements FakeGitlab {
  url = '';
  apiUrl = '';
  readonly token: string;
  readonly projectId: string;
  readonly projectNumericId: number;
  readonly state: FakeGitlabState;
  readonly requests: RecordedRequest[] = [];
  private readonly project: FakeProject;
  private readonly options: FakeGitlabOptions;
  private readonly hooks: Array<{ method: string; pattern: string | RegExp; action: () => void }> = [];
  private readonly failures: Array<{ pattern: string | RegExp; kind: FailureKind; remaining: number; options: FailOptions }> = [];
  private readonly hanging = new Set<ServerResponse>();
  private readonly server = createServer((req, res) => {
    this.onRequest(req, res).catch(() => {
      if (!res.headersSent) res.writeHead(500, { 'content-type': 'application/json' });
      res.end('{"message":"500 Internal Server Error"}');
    });
  });
  private nextUserId = 600;
  private nextObjectId = 1000;
  private readonly nextId = () => this.nextObjectId++;

  constructor(options: FakeGitlabOptions) {
    this.options = options;
    this.token = options.token ?? `glpat-${randomBytes(12).toString('hex')}`;
    this.projectId = options.projectId ?? 'framasoft/framalibre';
    this.projectNumericId = options.projectNumericId ?? 4242;
    this.state = initialState(options, this.token, this.projectId, this.projectNumericId);
    this.project = new FakeProject(this.state, this.projectId, this.projectNumericId);
  }

  async listen(): Promise<void> {
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
    this.apiUrl = `${this.url}/api/v4`;
    this.project.url = this.url;
  }

  private fail(res: ServerResponse, record: RecordedRequest, kind: FailureKind, options: FailOptions) {
    if (kind === 'hang') {
      record.answer = 'hang';
      this.hanging.add(res);
      res.on('close', () => this.hanging.delete(res));
      return;
    }
    if (kind === 'reset') {
      record.answer = 'reset';
      res.socket?.destroy();
      return;
    }
    if (kind === 429) return send(res, record, 429, 'Retry later\n', { 'retry-after': String(options.retryAfter ?? 1) });
    if (kind === 500) return send(res, record, 500, { message: '500 Internal Server Error' });
    if (kind === 502) return send(res, record, 502, '<html><body><h1>502 Bad Gateway</h1></body></html>', { 'content-type': 'text/html' });
    if (kind === 503) return send(res, record, 503, { message: '503 Service Unavailable' });
    return send(res, record, kind.status, kind.body ?? { message: `${kind.status}` }, kind.headers);
  }

  private async onRequest(req: IncomingMessage, res: ServerResponse) {
    const { record, segments } = await readRequest(req);
    this.requests.push(record);
    const failure = this.failures.find(
      (f) => f.remaining > 0 && (!f.options.method || f.options.method.toUpperCase() === record.method) && matches(f.pattern, record.path, record.rawPath),
    );
    if (failure) failure.remaining -= 1;
    if (failure && !failure.options.afterProcessing) return this.fail(res, record, failure.kind, failure.options);

    if (segments[0] !== 'api' || segments[1] !== 'v4') return send(res, record, 404, { error: '404 Not Found' });
    const privateToken = req.headers['private-token'];
    const bearer = /^Bearer (.+)$/.exec(req.headers.authorization ?? '')?.[1];
    const caller = this.state.tokens.find((t) => t.token === privateToken || t.token === bearer);
    if (!caller) return send(res, record, 401, { message: '401 Unauthorized' });
    const hook = this.hooks.findIndex((h) => h.method === record.method && matches(h.pattern, record.path, record.rawPath));
    if (hook >= 0) this.hooks.splice(hook, 1)[0]!.action();
    const { body } = record;
    if (body !== undefined && (typeof body !== 'object' || body === null || Array.isArray(body))) {
      return send(res, record, 400, { error: 'body is not a JSON object' });
    }
    const request = { method: record.method, segments: segments.slice(2), query: record.query, body: (body ?? {}) as Record<string, unknown> };
    const [status, answer] = handle(this.project, this.nextId, request, caller);
    if (failure) return this.fail(res, record, failure.kind, failure.options);
    if (!Array.isArray(answer)) return send(res, record, status, answer);
    const { page, headers } = paginate(answer, record.query, this.options.maxPerPage);
    return send(res, record, status, page, headers);
  }

  failNext(pathPattern: string | RegExp, kind: FailureKind, count = 1, failOptions: FailOptions = {}) {
    this.failures.push({ pattern: pathPattern, kind, remaining: count, options: failOptions });
  }

  requestsTo(method: string, pathPattern: string | RegExp) {
    return this.requests.filter((r) => r.method === method.toUpperCase() && matches(pathPattern, r.path, r.rawPath));
  }

  commitToDefaultBranch(files: Record<string, string>, message = 'Fusion d’une autre proposition') {
    const actions = Object.keys(files).map((file_path) => ({ action: 'update', file_path }));
    const apply = (tree: Map<string, Buffer>) => {
      const written = new Map<string, Buffer>();
      for (const [file, content] of Object.entries(files)) tree.set(file, Buffer.from(content)), written.set(file, Buffer.from(content));
      return written;
    };
    return this.project.writeCommit(this.state.defaultBranch, this.state.defaultBranch, message, apply, actions).id;
  }

  beforeNext(method: string, pathPattern: string | RegExp, action: () => void) {
    this.hooks.push({ method: method.toUpperCase(), pattern: pathPattern, action });
  }

  addToken(role: Role, username?: string): FakeToken {
    const id = this.nextUserId++;
    const added: FakeToken = { token: `glpat-${randomBytes(12).toString('hex')}`, role, userId: id, username: username ?? `project_${this.projectNumericId}_bot_${id}` };
    this.state.tokens.push(added);
    return added;
  }

  rotate(oldToken: string): string {
    const owner = this.state.tokens.find((t) => t.token === oldToken);
    if (!owner) throw new Error('jeton inconnu');
    owner.token = `${oldToken}-tourne-${this.nextId()}`;
    return owner.token;
  }

  addMergeRequest(input: { iid: number; title: string; sha: string; baseSha: string; targetBranch: string; pipelines?: FakeMergeRequest['pipelines'] }): FakeMergeRequest {
    const mr: FakeMergeRequest = {
      id: this.project.nextMrId++,
      iid: input.iid,
      title: input.title,
      description: '',
      source_branch: `proposition-${input.iid}`,
      target_branch: input.targetBranch,
      labels: [],
      remove_source_branch: true,
      state: 'opened',
      web_url: `https://gitlab.example.org/p/-/merge_requests/${input.iid}`,
      executed: { quickActions: [], mentions: [], references: [], links: [] },
      sha: input.sha,
      baseSha: input.baseSha,
      pipelines: input.pipelines ?? [],
    };
    this.state.mergeRequests.push(mr);
    return mr;
  }

  close() {
    for (const res of this.hanging) res.destroy();
    this.hanging.clear();
    this.server.closeAllConnections();
    return new Promise<void>((resolve) => this.server.close(() => resolve()));
  }
}

export async function startFakeGitlab(options: FakeGitlabOptions = {}): Promise<FakeGitlab> {
  const fake = new FakeGitlabServer(options);
  await fake.listen();
  return fake;
}
