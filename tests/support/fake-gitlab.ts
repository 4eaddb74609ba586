/**
 * A small GitLab on loopback for the contribution backend's tests. It answers the REST endpoints
 * the backend uses the way GitLab's API documents them (paths under /api/v4, PRIVATE-TOKEN,
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
 * :id is the numeric id or the URL-encoded path (framasoft%2Fframalibre).
 */
import { createHash, randomBytes } from 'node:crypto';
import { micromark } from 'micromark';
import { gfm, gfmHtml } from 'micromark-extension-gfm';
import { renderedLinks } from '../../src/notices/links.ts';
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
  /** What GitLab would have done with the title and description (recorded, never done). */
  executed: WouldExecute;
}

export interface WouldExecute {
  /** Quick actions found in the description, e.g. `merge`, `label ~x`. */
  quickActions: string[];
  /** `@name` mentions (users, groups, `all`) that would notify. */
  mentions: string[];
  /** References (`#2`, `!1`, `~label`, `%milestone`, `$snippet`, `&epic`, `groupe/projet#2`, issue URLs) that would link or leave a note. */
  references: string[];
  /** Every address the rendered text links to or loads (links, autolinks, images, raw HTML). */
  links: string[];
}

export type Role = 'reporter' | 'developer' | 'maintainer';
const RANK: Record<Role, number> = { reporter: 20, developer: 30, maintainer: 40 };

export interface FakeToken {
  token: string;
  role: Role;
  userId: number;
  username: string;
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
  /** commit id → for each path of its tree, the commit that last changed it (git's last_for_path). */
  lastCommits: Map<string, Map<string, string>>;
  /** Protected branches: the lowest role that may push and merge (GitLab's « Allowed to push / merge »). */
  protectedBranches: Map<string, { push: Role; merge: Role }>;
  tokens: FakeToken[];
  commits: FakeCommit[];
  mergeRequests: FakeMergeRequest[];
  featureFlags: Map<string, FakeFeatureFlag>;
  /** The project's « Feature flags » setting (Settings › General › Visibility): off, every flag read is a 403. */
  featureFlagsEnabled: boolean;
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

export type FailureKind = 429 | 500 | 502 | 503 | 'hang' | 'reset' | { status: number; body?: unknown; headers?: Record<string, string> };

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
  /** Someone else's commit on the default branch (a merged proposal): returns its id. */
  commitToDefaultBranch(files: Record<string, string>, message?: string): string;
  /** Runs `action` just before GitLab handles the next request matching method and path (main moving meanwhile). */
  beforeNext(method: string, pathPattern: string | RegExp, action: () => void): void;
  /** Another token for the same project (a Reporter for the moderation jobs, a Maintainer…). */
  addToken(role: Role, username?: string): FakeToken;
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
  /** The project's « Feature flags » setting (default on). */
  featureFlagsEnabled?: boolean;
  /** Role of `token` (default developer, as the README asks for the function's token). */
  role?: Role;
  /** Protection of the default branch (default: push and merge by Maintainers). */
  defaultBranchProtection?: { push: Role; merge: Role } | null;
}

/**
 * What GitLab would act on in a merge request's title or description, found the way GitLab finds
 * it: the text is rendered as CommonMark + GFM (micromark, raw HTML kept as GitLab keeps some of
 * it), then every link and image address is recorded, and mentions and references are looked for
 * in the rendered text outside `a`, `code` and `pre` (Banzai's ReferenceFilter IGNORE_PARENTS), once
 * backslash escapes and entities are resolved by the rendering. A link to an issue or merge
 * request URL is a cross-reference too. Quick actions: Gitlab::QuickActions::Extractor on the raw
 * text (`\r` deleted; code blocks, inline code, HTML blocks and `>>>` blocks skipped;
 * `^\/(?<cmd>name)(?: (?<arg>[^\n]*))?` per line) — any `/word` is taken as a command.
 */
export function gitlabWouldExecute(text: string, options: { quickActions: boolean }): WouldExecute {
  const quickActions: string[] = [];
  if (options.quickActions) {
    const skipped = text
      .replace(/\r/g, '')
      .replace(/^```[\s\S]+?\n```$/gm, '')
      .replace(/^.*`\n*[\s\S]+?\n*`$/gm, '')
      .replace(/^<[^>]+?>\n[\s\S]+?\n<\/[^>]+?>$/gm, '')
      .replace(/^>>>[\s\S]+?\n>>>$/gm, '');
    for (const match of skipped.matchAll(/^\/([a-z_]+)(?: ([^\n]*))?\s*$/gim)) quickActions.push(match[2] ? `${match[1]!.toLowerCase()} ${match[2]}` : match[1]!.toLowerCase());
  }
  const html = micromark(text, { extensions: [gfm()], htmlExtensions: [gfmHtml()], allowDangerousHtml: true, allowDangerousProtocol: true });
  const links = renderedLinks(text);
  const decode = (value: string) =>
    value
      .replace(/&#x([0-9a-f]+);/gi, (_, hex: string) => String.fromCodePoint(Number.parseInt(hex, 16)))
      .replace(/&#(\d+);/g, (_, dec: string) => String.fromCodePoint(Number(dec)))
      .replace(/&lt;/g, '<')
      .replace(/&gt;/g, '>')
      .replace(/&quot;/g, '"')
      .replace(/&amp;/g, '&');
  const outsideIgnored = decode(html.replace(/<(a|code|pre)\b[\s\S]*?<\/\1>/gi, ' ').replace(/<[^>]+>/g, ' '));
  const mentions = [...outsideIgnored.matchAll(/(?<![\w])@([a-zA-Z0-9_][a-zA-Z0-9_.-]*)/g)].map((m) => m[1]!);
  const references = [
    ...[...outsideIgnored.matchAll(/(?<![\w/])((?:[a-zA-Z0-9_.-]+\/)+[a-zA-Z0-9_.-]+)?([#!~%$&])(\d+|[a-zA-Z][\w.-]*)/g)]
      .filter((m) => (m[2] === '#' || m[2] === '!' ? /^\d+$/.test(m[3]!) : true))
      .map((m) => `${m[1] ?? ''}${m[2]}${m[3]}`),
    ...[...outsideIgnored.matchAll(/(?<![\w])([~%])"[^"]+"/g)].map((m) => m[0]),
    ...[...outsideIgnored.matchAll(/https?:\/\/[^\s)<>]+\/-\/(?:issues|merge_requests|snippets)\/\d+/g)].map((m) => m[0]),
    ...links.filter((l) => /\/-\/(?:issues|merge_requests|snippets|milestones)\/\d+/.test(l)),
  ];
  return { quickActions, mentions, references, links };
}

const sha = (text: string) => createHash('sha1').update(text).digest('hex');

export async function startFakeGitlab(options: FakeGitlabOptions = {}): Promise<FakeGitlab> {
  const token = options.token ?? `glpat-${randomBytes(12).toString('hex')}`;
  const projectPath = options.projectId ?? 'framasoft/framalibre';
  const projectNumericId = options.projectNumericId ?? 4242;
  const defaultBranch = options.defaultBranch ?? 'main';
  const rootCommit = sha(`root ${projectPath}`);
  const initialFiles = Object.entries(options.files ?? {});
  const state: FakeGitlabState = {
    defaultBranch,
    branches: new Map([[defaultBranch, rootCommit]]),
    trees: new Map([[defaultBranch, new Map(initialFiles.map(([p, c]) => [p, Buffer.from(c)]))]]),
    lastCommits: new Map([[rootCommit, new Map(initialFiles.map(([p]) => [p, rootCommit]))]]),
    protectedBranches: new Map(options.defaultBranchProtection === null ? [] : [[defaultBranch, options.defaultBranchProtection ?? { push: 'maintainer', merge: 'maintainer' }]]),
    tokens: [{ token, role: options.role ?? 'developer', userId: 501, username: `project_${projectNumericId}_bot_contribution` }],
    commits: [],
    mergeRequests: [],
    // A project set up as docs/moderation.md says: the moderators' flag exists, inactive.
    featureFlags: new Map((options.featureFlags ?? [{ name: 'contributions-fermees', active: false }]).map((f) => [f.name, { ...f }])),
    featureFlagsEnabled: options.featureFlagsEnabled ?? true,
  };
  /** Every file content the repository ever held, by git blob id (what /repository/blobs/:sha serves). */
  const blobs = new Map<string, Buffer>();
  const remember = (content: Buffer) => blobs.set(createHash('sha1').update(`blob ${content.length}\0`).update(content).digest('hex'), content);
  for (const content of state.trees.get(defaultBranch)!.values()) remember(content);
  const hooks: Array<{ method: string; pattern: string | RegExp; action: () => void }> = [];
  let nextUserId = 600;
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
  const canPush = (caller: FakeToken, branch: string) => {
    const protection = state.protectedBranches.get(branch);
    return RANK[caller.role] >= RANK[protection?.push ?? 'developer'];
  };

  /** Writes a commit on `branch` from `startBranch`'s tree; keeps git's last-commit-per-path. */
  function writeCommit(
    branch: string,
    startBranch: string,
    message: string,
    apply: (tree: Map<string, Buffer>) => Map<string, Buffer>,
    actions: FakeCommit['actions'],
  ): FakeCommit {
    const parentId = state.branches.get(startBranch)!;
    const tree = new Map(state.trees.get(startBranch));
    const written = apply(tree);
    for (const content of written.values()) remember(content);
    const commitId = sha(`${parentId}\n${branch}\n${message}\n${JSON.stringify(actions)}\n${state.commits.length}`);
    const last = new Map(state.lastCommits.get(parentId));
    for (const file of written.keys()) last.set(file, commitId);
    for (const file of [...last.keys()]) if (!tree.has(file)) last.delete(file);
    state.lastCommits.set(commitId, last);
    const commit: FakeCommit = { id: commitId, branch, parentId, message, actions, files: written };
    state.commits.push(commit);
    state.branches.set(branch, commitId);
    state.trees.set(branch, tree);
    return commit;
  }

  /** `ref` is a branch or a commit id, as the files API accepts. */
  const resolveRef = (ref: string) => state.branches.get(ref) ?? (state.lastCommits.has(ref) ? ref : undefined);
  const treeAt = (commitId: string) => [...state.branches.entries()].find(([, head]) => head === commitId)?.[0];

  function handle(method: string, segments: string[], query: Record<string, string>, body: Record<string, unknown>, caller: FakeToken): [number, unknown] {
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

    if (method === 'GET' && rest[0] === 'repository' && rest[1] === 'files' && rest.length === 3) {
      const filePath = rest[2]!;
      if (!query.ref) return [400, { error: 'ref is missing' }];
      const commitId = resolveRef(query.ref);
      const branchName = commitId ? (state.branches.has(query.ref) ? query.ref : treeAt(commitId)) : undefined;
      const content = branchName ? state.trees.get(branchName)?.get(filePath) : undefined;
      const lastCommitId = commitId ? state.lastCommits.get(commitId)?.get(filePath) : undefined;
      // lib/api/files.rb: not_found!('File') → « 404 File Not Found »
      if (!content || !lastCommitId) return [404, { message: '404 File Not Found' }];
      return [
        200,
        {
          file_name: filePath.split('/').pop(),
          file_path: filePath,
          size: content.length,
          encoding: 'base64',
          content: content.toString('base64'),
          content_sha256: createHash('sha256').update(content).digest('hex'),
          ref: query.ref,
          blob_id: createHash('sha1').update(`blob ${content.length}\0`).update(content).digest('hex'),
          commit_id: commitId,
          last_commit_id: lastCommitId,
          execute_filemode: false,
        },
      ];
    }

    if (route === 'POST repository/commits') {
      // lib/api/commits.rb: authorize_push_to_branch! before anything else.
      if (!canPush(caller, String(body.branch ?? ''))) return [403, { message: '403 Forbidden - You are not allowed to push into this branch' }];
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
      const startTree = state.trees.get(startBranch)!;
      const startLast = state.lastCommits.get(state.branches.get(startBranch)!)!;
      for (const [index, action] of actions.entries()) {
        if (!['create', 'update', 'delete', 'move', 'chmod'].includes(action.action)) {
          return [400, { error: `actions[${index}][action] does not have a valid value` }];
        }
        if (action.encoding !== undefined && action.encoding !== 'text' && action.encoding !== 'base64') {
          return [400, { error: `actions[${index}][encoding] does not have a valid value` }];
        }
        if (!action.file_path) return [400, { error: `actions[${index}][file_path] is missing` }];
        const path = action.file_path.replace(/^\/+/, '');
        if (action.action === 'create' && startTree.has(path)) return [400, { message: 'A file with this name already exists' }];
        if (action.action === 'update' && !startTree.has(path)) return [400, { message: "A file with this name doesn't exist" }];
        // Files::BaseService#file_has_changed?: the last commit of the path on start_branch against
        // the last commit of the path as of last_commit_id; unknown → not changed.
        const given = (action as { last_commit_id?: string }).last_commit_id;
        if (['update', 'move', 'delete'].includes(action.action) && given) {
          const fromCommitId = state.lastCommits.get(given)?.get(path);
          if (fromCommitId && startLast.get(path) && startLast.get(path) !== fromCommitId) {
            return [400, { message: `The file has changed since you started editing it: ${path}` }];
          }
        }
      }
      const message = String(body.commit_message);
      const commit = writeCommit(
        branch,
        startBranch,
        message,
        (tree) => {
          const written = new Map<string, Buffer>();
          for (const action of actions) {
            const path = action.file_path.replace(/^\/+/, '');
            if (action.action === 'create' || action.action === 'update') {
              const content = action.encoding === 'base64' ? Buffer.from(action.content ?? '', 'base64') : Buffer.from(action.content ?? '', 'utf8');
              tree.set(path, content);
              written.set(path, content);
            } else if (action.action === 'delete') {
              tree.delete(path);
            }
          }
          return written;
        },
        actions,
      );
      return [
        201,
        {
          id: commit.id,
          short_id: commit.id.slice(0, 8),
          title: message.split('\n')[0],
          message,
          parent_ids: [commit.parentId],
          author_name: 'Contributions anonymes',
          created_at: new Date().toISOString(),
          web_url: `${url}/${projectPath}/-/commit/${commit.id}`,
          stats: { additions: commit.files.size, deletions: 0, total: commit.files.size },
          status: null,
        },
      ];
    }

    if (method === 'GET' && rest[0] === 'repository' && rest[1] === 'blobs' && rest.length === 3) {
      // lib/api/repositories.rb: { size, encoding: "base64", content, sha }; assign_blob_vars! → not_found!('Blob').
      const blob = blobs.get(rest[2]!);
      if (!blob) return [404, { message: '404 Blob Not Found' }];
      return [200, { size: blob.length, encoding: 'base64', content: blob.toString('base64'), sha: rest[2] }];
    }

    if (method === 'GET' && rest[0] === 'repository' && rest[1] === 'branches' && rest.length === 3) {
      const head = state.branches.get(rest[2]!);
      if (!head) return [404, { message: '404 Branch Not Found' }];
      return [200, { name: rest[2], default: rest[2] === state.defaultBranch, commit: { id: head } }];
    }

    if (route === 'POST merge_requests') {
      // Creating a merge request needs the Developer role (create_merge_request_in / _from).
      if (RANK[caller.role] < RANK.developer) return [403, { message: '403 Forbidden' }];
      for (const key of ['source_branch', 'target_branch', 'title'] as const) {
        if (body[key] === undefined || body[key] === '') return [400, { error: `${key} is missing` }];
      }
      const source = String(body.source_branch);
      const target = String(body.target_branch);
      // MergeRequests::BuildService#validate_projects_and_branches adds errors[:base], which
      // merge_requests_helpers.rb answers 422 (unprocessable_entity!) with the list of messages.
      if (source === target) return [422, { message: ['You must select different branches'] }];
      if (!state.branches.has(source)) return [422, { message: [`Source branch "${source}" does not exist`] }];
      if (!state.branches.has(target)) return [422, { message: [`Target branch "${target}" does not exist`] }];
      // MergeRequest#validate_branches → errors[:validate_branches] → conflict! (409).
      const open = state.mergeRequests.find((mr) => mr.source_branch === source && mr.state === 'opened');
      if (open) return [409, { message: [`Another open merge request already exists for this source branch: !${open.iid}`] }];
      // Issuable: strip_attributes! :title; title ≤ 255 characters; description ≤ 1 MiB (bytesize).
      const title = String(body.title).trim();
      const description = typeof body.description === 'string' ? body.description : '';
      const tooLong: Record<string, string[]> = {};
      if ([...title].length > 255) tooLong.title = ['is too long (maximum is 255 characters)'];
      if (Buffer.byteLength(description) > 1024 * 1024) tooLong.description = ['is too long (maximum is 1048576 characters)'];
      if (Object.keys(tooLong).length > 0) return [400, { message: tooLong }];
      const labels = Array.isArray(body.labels)
        ? body.labels.map(String)
        : typeof body.labels === 'string'
          ? body.labels
              .split(',')
              .map((l) => l.trim())
              .filter(Boolean)
          : [];
      const iid = state.mergeRequests.length + 1;
      const mr: FakeMergeRequest = {
        id: nextMrId++,
        iid,
        title,
        description,
        source_branch: source,
        target_branch: target,
        labels,
        remove_source_branch: body.remove_source_branch === true || body.remove_source_branch === 'true',
        state: 'opened',
        web_url: `${url}/${projectPath}/-/merge_requests/${iid}`,
        // Title: mentions and references (attr_mentionable :title); description: those and quick actions.
        executed: (() => {
          const t = gitlabWouldExecute(title, { quickActions: false });
          const d = gitlabWouldExecute(description, { quickActions: true });
          return { quickActions: d.quickActions, mentions: [...t.mentions, ...d.mentions], references: [...t.references, ...d.references], links: [...t.links, ...d.links] };
        })(),
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

    if (method === 'PUT' && rest[0] === 'merge_requests' && rest[2] === 'merge' && rest.length === 3) {
      const mr = state.mergeRequests.find((m) => String(m.iid) === rest[1]);
      if (!mr) return [404, { message: '404 Not found' }];
      // lib/api/merge_requests.rb: unauthorized! unless merge_request.can_be_merged_by?(current_user)
      const protection = state.protectedBranches.get(mr.target_branch);
      if (RANK[caller.role] < RANK[protection?.merge ?? 'developer']) return [401, { message: '401 Unauthorized' }];
      if (mr.state !== 'opened') return [405, { message: '405 Method Not Allowed' }];
      const sourceTree = state.trees.get(mr.source_branch)!;
      writeCommit(
        mr.target_branch,
        mr.target_branch,
        `Merge branch '${mr.source_branch}'`,
        (tree) => {
          const written = new Map<string, Buffer>();
          for (const [file, content] of sourceTree) if (!tree.get(file)?.equals(content)) tree.set(file, content), written.set(file, content);
          return written;
        },
        [],
      );
      mr.state = 'merged';
      return [200, mergeRequestJson(mr)];
    }

    if (method === 'GET' && rest[0] === 'feature_flags' && rest.length === 2) {
      // The project's « Feature flags » setting off: lib/api/feature_flags.rb authorize_read_feature_flag!
      // fails for everybody (the feature_flags project feature is disabled) → 403.
      if (!state.featureFlagsEnabled) return [403, { message: '403 Forbidden' }];
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

    const failure = failures.find((f) => f.remaining > 0 && (!f.options.method || f.options.method.toUpperCase() === record.method) && matches(f.pattern, record.path, rawPath));
    if (failure) failure.remaining -= 1;
    if (failure && !failure.options.afterProcessing) return fail(res, record, failure.kind, failure.options);

    if (segments[0] !== 'api' || segments[1] !== 'v4') return send(res, record, 404, { error: '404 Not Found' });
    const privateToken = req.headers['private-token'];
    const bearer = /^Bearer (.+)$/.exec(req.headers.authorization ?? '')?.[1];
    const caller = state.tokens.find((t) => t.token === privateToken || t.token === bearer);
    if (!caller) return send(res, record, 401, { message: '401 Unauthorized' });
    const hook = hooks.findIndex((h) => h.method === record.method && matches(h.pattern, record.path, rawPath));
    if (hook >= 0) hooks.splice(hook, 1)[0]!.action();
    if (body !== undefined && (typeof body !== 'object' || body === null || Array.isArray(body))) {
      return send(res, record, 400, { error: 'body is not a JSON object' });
    }
    const [status, answer] = handle(record.method, segments.slice(2), record.query, (body ?? {}) as Record<string, unknown>, caller);
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
    commitToDefaultBranch(files, message = 'Fusion d’une autre proposition') {
      const actions = Object.keys(files).map((file_path) => ({ action: 'update', file_path }));
      return writeCommit(
        state.defaultBranch,
        state.defaultBranch,
        message,
        (tree) => {
          const written = new Map<string, Buffer>();
          for (const [file, content] of Object.entries(files)) tree.set(file, Buffer.from(content)), written.set(file, Buffer.from(content));
          return written;
        },
        actions,
      ).id;
    },
    beforeNext(method, pathPattern, action) {
      hooks.push({ method: method.toUpperCase(), pattern: pathPattern, action });
    },
    addToken(role, username) {
      const id = nextUserId++;
      const added: FakeToken = { token: `glpat-${randomBytes(12).toString('hex')}`, role, userId: id, username: username ?? `project_${projectNumericId}_bot_${id}` };
      state.tokens.push(added);
      return added;
    },
    close() {
      for (const res of hanging) res.destroy();
      hanging.clear();
      server.closeAllConnections();
      return new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
