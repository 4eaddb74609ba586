/** The shapes of the fake GitLab (fake-gitlab.ts): its state, its tokens, its recorded requests. */
import type { FakeIssue, FakeNote, FakePipeline } from './fake-gitlab-moderation.ts';
import type { WouldExecute } from './gitlab-would-execute.ts';

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
  /** Head commit, as the moderation report reads it (`sha`, `diff_refs.head_sha`). */
  sha?: string;
  /** Base commit GitLab computed (`diff_refs.base_sha`). */
  baseSha?: string;
  /** Newest first, as GitLab lists a merge request's pipelines. */
  pipelines?: FakePipeline[];
}

export type Role = 'guest' | 'reporter' | 'developer' | 'maintainer';
export const RANK: Record<Role, number> = { guest: 10, reporter: 20, developer: 30, maintainer: 40 };

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
  /** Merge request iid → its notes, oldest first. */
  notes: Map<string, FakeNote[]>;
  issues: FakeIssue[];
}

export interface RecordedRequest {
  method: string;
  /** Path and query as sent. */
  url: string;
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
  /** The API root, as CI_API_V4_URL gives it: `${url}/api/v4`. */
  apiUrl: string;
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
  /** GitLab's « Rotate »: a new value for the same bot user; the old value stops working. */
  rotate(oldToken: string): string;
  /** An open merge request as the moderation report sees it (head, base, pipelines), with a source branch of its own. */
  addMergeRequest(input: { iid: number; title: string; sha: string; baseSha: string; targetBranch: string; pipelines?: FakePipeline[] }): FakeMergeRequest;
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
  /** User id of `token`'s bot user (default 501). */
  userId?: number;
  /** Largest page GitLab serves (default 100, its maximum). */
  maxPerPage?: number;
  /** Protection of the default branch (default: push and merge by Maintainers). */
  defaultBranchProtection?: { push: Role; merge: Role } | null;
}
