/**
 * A small GitLab on loopback for the contribution backend's tests. It answers the REST endpoints
 * the backend uses the way GitLab's API documents them (paths under /api/v4, PRIVATE-TOKEN,
 * JSON bodies, status codes and `{ "message": … }` error shapes), keeps state (branches and their
 * files, commits, merge requests, feature flags), records every request, and can be scripted to
 * fail: the next N requests matching a path answer 429 (with Retry-After), 500, 502, 503, hang
 * until closed, drop the connection, or any given answer — before or after doing the work (a lost
 * response).
 *
 * Endpoints:
 *   GET  /projects/:id                                   → project with default_branch
 *   POST /projects/:id/repository/commits                → 201 commit | 400 branch exists, …
 *   GET  /projects/:id/repository/branches/:branch       → branch | 404
 *   POST /projects/:id/merge_requests                    → 201 merge request | 409 already open
 *   GET  /projects/:id/merge_requests?source_branch=&state=
 *   GET  /projects/:id/merge_requests/:iid
 *   GET  /projects/:id/feature_flags/:name               → flag | 404
 * :id is the numeric id or the URL-encoded path (framasoft%2Fframalibre).
 */
import { createHash, randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface FakeCommit {
  id: string;
  branch: string;
  parentId: string | null;
  message: string;
  /** The actions as received (content still encoded as sent). */
  actions: Array<{ action: string; file_path: string; content?: string; encoding?: string }>;
  /** Files written by this commit, decoded. */
  files: Map<string, Buffer>;
}

export interface FakeMergeRequest {
  id: number;
  iid: number;
  title: string;
  description: string;
  source_branch: string;
  target_branch: string;
  labels: string[];
  remove_source_branch: boolean;
  state: 'opened' | 'closed' | 'merged';
  web_url: string;
}

export interface FakeFeatureFlag {
  name: string;
  active: boolean;
  description?: string;
}

export interface FakeGitlabState {
  defaultBranch: string;
  /** branch → head commit id */
  branches: Map<string, string>;
  /** branch → its files (path → content) */
  trees: Map<string, Map<string, Buffer>>;
  commits: FakeCommit[];
  mergeRequests: FakeMergeRequest[];
  featureFlags: Map<string, FakeFeatureFlag>;
}

export interface RecordedRequest {
  method: string;
  /** Path as sent, still URL-encoded (e.g. /api/v4/projects/framasoft%2Fframalibre/merge_requests). */
  rawPath: string;
  /** Path decoded segment by segment. */
  path: string;
  query: Record<string, string>;
  headers: Record<string, string | string[] | undefined>;
  body: unknown;
  /** Status answered, or 'hang' / 'reset'. */
  answer?: number | 'hang' | 'reset';
}

export type FailureKind =
  | 429
  | 500
  | 502
  | 503
  | 'hang'
  | 'reset'
  | { status: number; body?: unknown; headers?: Record<string, string> };

export interface FailOptions {
  /** Only requests with this method (default: any). */
  method?: string;
  /** Do the work first (state changes), then fail: the client loses the answer. */
  afterProcessing?: boolean;
  /** Retry-After header sent with 429 (seconds, default 1). */
  retryAfter?: number;
}

export interface FakeGitlab {
  /** Instance root, e.g. http://127.0.0.1:41234 (the API is under /api/v4). */
  url: string;
  token: string;
  /** URL path of the project; its numeric id is `projectNumericId`. */
  projectId: string;
  projectNumericId: number;
  state: FakeGitlabState;
  requests: RecordedRequest[];
  /** The next `count` requests whose path matches fail as `kind`. */
  failNext(pathPattern: string | RegExp, kind: FailureKind, count?: number, options?: FailOptions): void;
  /** Requests matching `METHOD` and a path fragment (decoded). */
  requestsTo(method: string, pathPattern: string | RegExp): RecordedRequest[];
  close(): Promise<void>;
}

export interface FakeGitlabOptions {
  token?: string;
  projectId?: string;
  projectNumericId?: number;
  defaultBranch?: string;
  /** Initial files of the default branch. */
  files?: Record<string, string>;
  featureFlags?: FakeFeatureFlag[];
}

const sha = (text: string) => createHash('sha1').update(text).digest('hex');

export async function startFakeGitlab(options: FakeGitlabOptions = {}): Promise<FakeGitlab> {
  const token = options.token ?? `glpat-${randomBytes(12).toString('hex')}`;
  const projectPath = options.projectId ?? 'framasoft/framalibre';
  const projectNumericId = options.projectNumericId ?? 4242;
  const defaultBranch = options.defaultBranch ?? 'main';
  const rootCommit = sha(`root ${projectPath}`);
  const state: FakeGitlabState = {
    defaultBranch,
    branches: new Map([[defaultBranch, rootCommit]]),
    trees: new Map([[defaultBranch, new Map(Object.entries(options.files ?? {}).map(([p, c]) => [p, Buffer.from(c)]))]]),
    commits: [],
    mergeRequests: [],
    featureFlags: new Map((options.featureFlags ?? []).map((f) => [f.name, { ...f }])),
  };
  const requests: RecordedRequest[] = [];
  const failures: Array<{ pattern: string | RegExp; kind: FailureKind; remaining: number; options: FailOptions }> = [];
  const hanging = new Set<ServerResponse>();
  let url = '';
  let nextMrId = 900;

  const matches = (pattern: string | RegExp, path: string, rawPath: string) =>
    typeof pattern === 'string' ? path.includes(pattern) || rawPath.includes(pattern) : pattern.test(path) || pattern.test(rawPath);

  function send(res: ServerResponse, record: RecordedRequest, status: number, body: unknown, headers: Record<string, string> = {}) {
    record.answer = status;
    const isText = typeof body === 'string';
    res.writeHead(status, { 'content-type': isText ? 'text/plain; charset=utf-8' : 'application/json', ...headers });
    res.end(isText ? body : JSON.stringify(body));
  }

  function fail(res: ServerResponse, record: RecordedRequest, kind: FailureKind, options: FailOptions) {
    if (kind === 'hang') {
      record.answer = 'hang';
      hanging.add(res);
      res.on('close', () => hanging.delete(res));
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

  function mergeRequestJson(mr: FakeMergeRequest) {
    return {
      id: mr.id,
      iid: mr.iid,
      project_id: projectNumericId,
      title: mr.title,
      description: mr.description,
      state: mr.state,
      source_branch: mr.source_branch,
      target_branch: mr.target_branch,
      labels: mr.labels,
      force_remove_source_branch: mr.remove_source_branch,
      draft: false,
      web_url: mr.web_url,
    };
  }

  /** The work itself; returns [status, body]. */
  function handle(method: string, segments: string[], query: Record<string, string>, body: Record<string, unknown>): [number, unknown] {
    // segments after /api/v4: ['projects', ':id', ...rest]
    if (segments[0] !== 'projects' || segments.length < 2) return [404, { error: '404 Not Found' }];
    const id = segments[1]!;
    if (id !== projectPath && id !== String(projectNumericId)) return [404, { message: '404 Project Not Found' }];
    const rest = segments.slice(2);
    const route = `${method} ${rest.join('/')}`;

    if (route === 'GET ') {
      return [
        200,
        {
          id: projectNumericId,
          name: projectPath.split('/').pop(),
          path_with_namespace: projectPath,
          default_branch: state.defaultBranch,
          web_url: `${url}/${projectPath}`,
          visibility: 'public',
        },
      ];
    }

    if (route === 'POST repository/commits') {
      for (const key of ['branch', 'commit_message', 'actions'] as const) {
        if (body[key] === undefined || body[key] === '') return [400, { error: `${key} is missing` }];
      }
      const branch = String(body.branch);
      const actions = body.actions as FakeCommit['actions'];
      if (!Array.isArray(actions) || actions.length === 0) return [400, { error: 'actions is empty' }];
      const startBranch = body.start_branch === undefined ? branch : String(body.start_branch);
      if (!state.branches.has(startBranch)) return [400, { message: 'You can only create or edit files when you are on a branch' }];
      if (startBranch !== branch && state.branches.has(branch) && body.force !== true) {
        return [400, { message: `A branch called '${branch}' already exists. Switch to that branch in order to make changes` }];
      }
      const tree = new Map(state.trees.get(startBranch));
      const written = new Map<string, Buffer>();
      for (const [index, action] of actions.entries()) {
        if (!['create', 'update', 'delete', 'move', 'chmod'].includes(action.action)) {
          return [400, { error: `actions[${index}][action] does not have a valid value` }];
        }
        if (action.encoding !== undefined && action.encoding !== 'text' && action.encoding !== 'base64') {
          return [400, { error: `actions[${index}][encoding] does not have a valid value` }];
        }
        if (!action.file_path) return [400, { error: `actions[${index}][file_path] is missing` }];
        const path = action.file_path.replace(/^\/+/, '');
        if (action.action === 'create' && tree.has(path)) return [400, { message: 'A file with this name already exists' }];
        if (action.action === 'update' && !tree.has(path)) return [400, { message: "A file with this name doesn't exist" }];
        if (action.action === 'create' || action.action === 'update') {
          const content = action.encoding === 'base64' ? Buffer.from(action.content ?? '', 'base64') : Buffer.from(action.content ?? '', 'utf8');
          tree.set(path, content);
          written.set(path, content);
        } else if (action.action === 'delete') {
          tree.delete(path);
        }
      }
      const parentId = state.branches.get(startBranch)!;
      const commitId = sha(`${parentId}\n${branch}\n${String(body.commit_message)}\n${JSON.stringify(actions)}\n${state.commits.length}`);
      state.commits.push({ id: commitId, branch, parentId, message: String(body.commit_message), actions, files: written });
      state.branches.set(branch, commitId);
      state.trees.set(branch, tree);
      const message = String(body.commit_message);
      return [
        201,
        {
          id: commitId,
          short_id: commitId.slice(0, 8),
          title: message.split('\n')[0],
          message,
          parent_ids: [parentId],
          author_name: 'Contributions anonymes',
          created_at: new Date().toISOString(),
          web_url: `${url}/${projectPath}/-/commit/${commitId}`,
          stats: { additions: written.size, deletions: 0, total: written.size },
          status: null,
        },
      ];
    }

    if (method === 'GET' && rest[0] === 'repository' && rest[1] === 'branches' && rest.length === 3) {
      const head = state.branches.get(rest[2]!);
      if (!head) return [404, { message: '404 Branch Not Found' }];
      return [200, { name: rest[2], default: rest[2] === state.defaultBranch, commit: { id: head } }];
    }

    if (route === 'POST merge_requests') {
      for (const key of ['source_branch', 'target_branch', 'title'] as const) {
        if (body[key] === undefined || body[key] === '') return [400, { error: `${key} is missing` }];
      }
      const source = String(body.source_branch);
      const target = String(body.target_branch);
      // GitLab's validate_branches errors are answered 409 with a list of messages.
      if (source === target) return [409, { message: ["You can't use same project/branch for source and target"] }];
      if (!state.branches.has(source)) return [409, { message: [`Source branch "${source}" does not exist`] }];
      if (!state.branches.has(target)) return [409, { message: [`Target branch "${target}" does not exist`] }];
      const open = state.mergeRequests.find((mr) => mr.source_branch === source && mr.state === 'opened');
      if (open) return [409, { message: [`Another open merge request already exists for this source branch: !${open.iid}`] }];
      const labels = Array.isArray(body.labels)
        ? body.labels.map(String)
        : typeof body.labels === 'string'
          ? body.labels.split(',').map((l) => l.trim()).filter(Boolean)
          : [];
      const iid = state.mergeRequests.length + 1;
      const mr: FakeMergeRequest = {
        id: nextMrId++,
        iid,
        title: String(body.title),
        description: typeof body.description === 'string' ? body.description : '',
        source_branch: source,
        target_branch: target,
        labels,
        remove_source_branch: body.remove_source_branch === true || body.remove_source_branch === 'true',
        state: 'opened',
        web_url: `${url}/${projectPath}/-/merge_requests/${iid}`,
      };
      state.mergeRequests.push(mr);
      return [201, mergeRequestJson(mr)];
    }

    if (route === 'GET merge_requests') {
      const wanted = query.state ?? 'all';
      const list = state.mergeRequests.filter(
        (mr) =>
          (wanted === 'all' || mr.state === wanted) &&
          (query.source_branch === undefined || mr.source_branch === query.source_branch) &&
          (query.target_branch === undefined || mr.target_branch === query.target_branch),
      );
      return [200, list.map(mergeRequestJson).reverse()];
    }

    if (method === 'GET' && rest[0] === 'merge_requests' && rest.length === 2) {
      const mr = state.mergeRequests.find((m) => String(m.iid) === rest[1]);
      return mr ? [200, mergeRequestJson(mr)] : [404, { message: '404 Not found' }];
    }

    if (method === 'GET' && rest[0] === 'feature_flags' && rest.length === 2) {
      const flag = state.featureFlags.get(rest[1]!);
      if (!flag) return [404, { message: '404 Not found' }];
      return [
        200,
        {
          name: flag.name,
          description: flag.description ?? '',
          active: flag.active,
          version: 'new_version_flag',
          created_at: '2026-01-01T00:00:00.000Z',
          updated_at: '2026-01-01T00:00:00.000Z',
          scopes: [],
          strategies: [{ id: 1, name: 'default', parameters: {}, scopes: [{ id: 1, environment_scope: '*' }], user_list: null }],
        },
      ];
    }

    return [404, { error: '404 Not Found' }];
  }

  async function onRequest(req: IncomingMessage, res: ServerResponse) {
    const parsed = new URL(req.url ?? '/', 'http://fake');
    const rawPath = parsed.pathname;
    const rawSegments = rawPath.split('/').filter(Boolean);
    const segments = rawSegments.map((s) => {
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
      rawPath,
      path: `/${segments.join('/')}`,
      query: Object.fromEntries(parsed.searchParams),
      headers: { ...req.headers },
      body,
    };
    requests.push(record);

    const failure = failures.find(
      (f) => f.remaining > 0 && (!f.options.method || f.options.method.toUpperCase() === record.method) && matches(f.pattern, record.path, rawPath),
    );
    if (failure) failure.remaining -= 1;
    if (failure && !failure.options.afterProcessing) return fail(res, record, failure.kind, failure.options);

    if (segments[0] !== 'api' || segments[1] !== 'v4') return send(res, record, 404, { error: '404 Not Found' });
    const privateToken = req.headers['private-token'];
    const bearer = /^Bearer (.+)$/.exec(req.headers.authorization ?? '')?.[1];
    if (privateToken !== token && bearer !== token) return send(res, record, 401, { message: '401 Unauthorized' });
    if (body !== undefined && (typeof body !== 'object' || body === null || Array.isArray(body))) {
      return send(res, record, 400, { error: 'body is not a JSON object' });
    }
    const [status, answer] = handle(record.method, segments.slice(2), record.query, (body ?? {}) as Record<string, unknown>);
    if (failure) return fail(res, record, failure.kind, failure.options);
    const headers: Record<string, string> = {};
    if (Array.isArray(answer)) {
      Object.assign(headers, { 'x-page': '1', 'x-per-page': '20', 'x-total': String(answer.length), 'x-total-pages': '1' });
    }
    return send(res, record, status, answer, headers);
  }

  const server = createServer((req, res) => {
    onRequest(req, res).catch(() => {
      if (!res.headersSent) res.writeHead(500, { 'content-type': 'application/json' });
      res.end('{"message":"500 Internal Server Error"}');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  return {
    url,
    token,
    projectId: projectPath,
    projectNumericId,
    state,
    requests,
    failNext(pathPattern, kind, count = 1, failOptions = {}) {
      failures.push({ pattern: pathPattern, kind, remaining: count, options: failOptions });
    },
    requestsTo(method, pathPattern) {
      return requests.filter((r) => r.method === method.toUpperCase() && matches(pathPattern, r.path, r.rawPath));
    },
    close() {
      for (const res of hanging) res.destroy();
      hanging.clear();
      server.closeAllConnections();
      return new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
