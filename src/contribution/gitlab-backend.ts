/**
 * The `gitlab` contribution backend: the notice files read from the target branch (repository
 * files API, with their `last_commit_id`), one commit on a new branch cut from the project's
 * default branch, then one merge request for the moderators; and the moderators' kill switch read
 * from a GitLab feature flag. Steps: readSettings → createResources (requester) → createRetrier →
 * defaultBranchReader / fileReader / proposalOpener (commit, mergeRequest) / moderatorsSwitch.
 *
 * Built on @gitbeaker/rest's resources with our own requester: gitbeaker's default one silently
 * retries 429/502 ten times within a few hundred milliseconds (POSTs included) and only times out
 * after 5 minutes. Ours makes exactly ONE HTTP request per call, with a timeout, and never follows
 * redirects (a redirect to another origin would carry the PRIVATE-TOKEN header along); retries
 * happen here, with exponential backoff and jitter, on 429 (honouring a short Retry-After), 5xx,
 * 409 « Resource lock », network errors and timeouts, within an overall budget per call.
 *
 * Idempotency: the proposal's branch name is derived from the submission, so a retried or
 * double-clicked submission sends the same branch. "A branch called '…' already exists" (400) means
 * the commit is already there; before a new attempt at creating the merge request (GitLab takes no
 * lock for it), the open merge request of the branch is looked up; a 409 on the merge request means
 * one is already open, which is returned with `alreadyExisted: true`. Never two merge requests.
 *
 * An update carries the `last_commit_id` of the file as read: if the target branch changed it
 * since, GitLab refuses the commit (400 « The file has changed since you started editing it ») and
 * this backend throws StaleFileError, so that the handler re-applies the contributor's fields to
 * the new version instead of silently undoing it.
 *
 * Every other failure ends as a BackendUnavailableError (GitlabBackendError) with a French message.
 * The token is never put in a message, a log line, a returned value or an error's properties;
 * GitLab's own messages are quoted only after the token has been masked.
 */
import { VERSION_PATTERN } from '../notices/version.ts';
import { Branches, Commits, FeatureFlags, MergeRequests, Projects, Repositories, RepositoryFiles } from '@gitbeaker/rest';
import type { CommitAction } from '@gitbeaker/rest';
// The package @gitbeaker/rest itself builds its requester with (same version, installed with it).
import { createRequesterFn } from '@gitbeaker/requester-utils';
import { BackendUnavailableError, StaleFileError, type BranchFile, type ContributionBackend, type ModeratorSwitch, type Proposal, type ProposalResult } from './backend.ts';

export interface GitlabBackendOptions {
  /** Root of the GitLab instance, e.g. https://framagit.org (a trailing /api/v4 is accepted). */
  url: string;
  /** Project access token (Developer role, `api` scope). Never logged nor returned. */
  token: string;
  /** Numeric id or full path (e.g. framasoft/framalibre) of the project receiving proposals. */
  projectId: string;
  /** Name of the project feature flag that closes contributions when active. */
  featureFlag?: string;
  /** Timeout of each HTTP request, in milliseconds (default 10 000). */
  timeoutMs?: number;
  /** Attempts per GitLab call, the first one included (default 4). */
  attempts?: number;
  /** How long the feature flag's answer is reused, in milliseconds (default 30 000). */
  flagCacheMs?: number;
  /** First backoff delay in milliseconds, doubled at each retry, with jitter (default 200). */
  retryBaseMs?: number;
  /** Longest wait between two attempts, Retry-After included (default 5 000). */
  retryMaxDelayMs?: number;
  /**
   * Longest time one open() or closedByModerators() may take, all its requests and retries
   * included (default 30 000): no new attempt starts if it could end after this budget.
   */
  budgetMs?: number;
  /** Plain http:// is refused for anything but loopback (the token would travel in clear). */
  allowInsecureHttp?: boolean;
  /** Receives one French line per retry (never the token). */
  log?: (message: string) => void;
}

export type GitlabFailureKind = 'timeout' | 'network' | 'rate-limited' | 'server' | 'auth' | 'rejected' | 'redirect' | 'invalid-response';

/** What went wrong, for the logs; `message` is French and safe to show or log. */
export class GitlabBackendError extends BackendUnavailableError {
  readonly kind: GitlabFailureKind;
  /** GitLab's HTTP status of the last attempt, when there was an answer. */
  readonly status: number | undefined;
  /** Number of attempts made. */
  readonly attempts: number;
  constructor(message: string, kind: GitlabFailureKind, status: number | undefined, attempts: number) {
    super(message);
    this.kind = kind;
    this.status = status;
    this.attempts = attempts;
  }
}

export const DEFAULT_FEATURE_FLAG = 'contributions-fermees';
const PROJECT_CACHE_MS = 10 * 60_000;

/** One failed HTTP exchange (internal; never leaves this module). */
class AttemptError extends Error {
  readonly kind: 'timeout' | 'network' | 'http' | 'redirect' | 'invalid-response';
  readonly status: number | undefined;
  /** GitLab's message, token masked, shortened. */
  readonly detail: string;
  readonly retryAfterMs: number | undefined;
  constructor(kind: AttemptError['kind'], status?: number, detail = '', retryAfterMs?: number) {
    super(`${kind}${status ? ` ${status}` : ''}`);
    this.kind = kind;
    this.status = status;
    this.detail = detail;
    this.retryAfterMs = retryAfterMs;
  }
}

function isLoopback(hostname: string): boolean {
  return hostname === 'localhost' || hostname === '[::1]' || /^127(\.\d{1,3}){3}$/.test(hostname);
}

function positive(name: string, value: number | undefined, fallback: number, { integer = false, min = 0 } = {}): number {
  if (value === undefined) return fallback;
  if (!Number.isFinite(value) || value < min || (integer && !Number.isInteger(value))) {
    throw new TypeError(`Backend GitLab : l’option ${name} doit être un nombre${integer ? ' entier' : ''} ≥ ${min} (reçu : ${String(value)}).`);
  }
  return value;
}

function parseRetryAfter(value: string | null): number | undefined {
  if (!value) return undefined;
  const trimmed = value.trim();
  if (/^\d+$/.test(trimmed)) return Number(trimmed) * 1000;
  const date = Date.parse(trimmed);
  return Number.isNaN(date) ? undefined : Math.max(0, date - Date.now());
}

/** GitLab answers `{ "message": "…" }`, `{ "message": ["…"] }`, `{ "message": { field: ["…"] } }` or `{ "error": "…" }`. */
function gitlabMessage(text: string, contentType: string): string {
  if (!text) return '';
  if (contentType.includes('json')) {
    try {
      const body = JSON.parse(text) as Record<string, unknown> | null;
      const raw = body?.message ?? body?.error ?? '';
      if (typeof raw === 'string') return raw;
      if (Array.isArray(raw)) return raw.map(String).join(' ; ');
      if (raw && typeof raw === 'object') {
        return Object.entries(raw)
          .map(([field, messages]) => `${field} ${Array.isArray(messages) ? messages.join(', ') : String(messages)}`)
          .join(' ; ');
      }
      return '';
    } catch {
      return text;
    }
  }
  return contentType.startsWith('text/html') ? '' : text;
}

/** Everything createGitlabBackend needs, checked once (a bad configuration stops the server). */
interface Settings {
  host: string;
  token: string;
  projectId: string;
  featureFlag: string;
  timeoutMs: number;
  attempts: number;
  flagCacheMs: number;
  retryBaseMs: number;
  retryMaxDelayMs: number;
  budgetMs: number;
  log: (message: string) => void;
}

function readSettings(options: GitlabBackendOptions): Settings {
  const token = options.token;
  if (typeof token !== 'string' || token.trim() === '') throw new TypeError('Backend GitLab : le jeton (GITLAB_TOKEN) est vide.');
  if (typeof options.projectId !== 'string' || options.projectId.trim() === '') {
    throw new TypeError('Backend GitLab : l’identifiant du projet (GITLAB_PROJECT_ID) est vide.');
  }
  let base: URL;
  try {
    base = new URL(options.url);
  } catch {
    throw new TypeError('Backend GitLab : l’adresse GitLab (GITLAB_URL) n’est pas une URL, par exemple https://framagit.org.');
  }
  if (base.protocol !== 'https:' && base.protocol !== 'http:') {
    throw new TypeError('Backend GitLab : l’adresse GitLab (GITLAB_URL) doit commencer par https://.');
  }
  if (base.protocol === 'http:' && !isLoopback(base.hostname) && !options.allowInsecureHttp) {
    throw new TypeError('Backend GitLab : l’adresse GitLab (GITLAB_URL) doit être en https:// (le jeton circulerait en clair).');
  }
  if (base.username || base.password || base.search || base.hash) {
    throw new TypeError('Backend GitLab : l’adresse GitLab (GITLAB_URL) ne doit contenir ni identifiants, ni paramètres.');
  }
  return {
    host: `${base.origin}${base.pathname.replace(/\/+$/, '').replace(/\/api\/v4$/, '')}`,
    token,
    projectId: options.projectId.trim(),
    featureFlag: options.featureFlag?.trim() || DEFAULT_FEATURE_FLAG,
    timeoutMs: positive('timeoutMs', options.timeoutMs, 10_000, { min: 1 }),
    attempts: positive('attempts', options.attempts, 4, { integer: true, min: 1 }),
    flagCacheMs: positive('flagCacheMs', options.flagCacheMs, 30_000),
    retryBaseMs: positive('retryBaseMs', options.retryBaseMs, 200),
    retryMaxDelayMs: positive('retryMaxDelayMs', options.retryMaxDelayMs, 5_000),
    budgetMs: positive('budgetMs', options.budgetMs, 30_000, { min: 1 }),
    log: options.log ?? (() => undefined),
  };
}

/** Whatever GitLab (or anything on the way) says, the token never goes further. */
function tokenMask(token: string): (text: string) => string {
  return (text) => {
    let out = text;
    for (const secret of new Set([token, encodeURIComponent(token)])) out = out.split(secret).join('[jeton masqué]');
    return out.length > 300 ? `${out.slice(0, 300)}…` : out;
  };
}

/** gitbeaker's resources on a requester that makes exactly one HTTP request per call: no hidden retries, a timeout, no redirects. */
function createResources(settings: Settings) {
  const mask = tokenMask(settings.token);
  async function singleRequest(endpoint: string, requestOptions?: Record<string, unknown>) {
    const { prefixUrl, searchParams, method, headers, body, signal } = (requestOptions ?? {}) as {
      prefixUrl?: string;
      searchParams?: string;
      method?: string;
      headers?: Record<string, string>;
      body?: string | FormData;
      signal?: AbortSignal;
    };
    const url = new URL(endpoint, prefixUrl?.endsWith('/') ? prefixUrl : `${prefixUrl ?? ''}/`);
    url.search = searchParams ?? '';
    const timeout = AbortSignal.timeout(settings.timeoutMs);
    const combined = signal ? AbortSignal.any([signal, timeout]) : timeout;
    const aborted = () => combined.aborted;
    let response: Response;
    try {
      response = await fetch(url, { method, headers: { accept: 'application/json', ...headers }, body, signal: combined, redirect: 'manual' });
    } catch {
      throw new AttemptError(aborted() ? 'timeout' : 'network');
    }
    let text: string;
    try {
      text = await response.text();
    } catch {
      throw new AttemptError(aborted() ? 'timeout' : 'network', response.status);
    }
    const contentType = (response.headers.get('content-type') ?? '').toLowerCase();
    if (response.status >= 300 && response.status < 400) throw new AttemptError('redirect', response.status);
    if (!response.ok) {
      throw new AttemptError('http', response.status, mask(gitlabMessage(text, contentType)), parseRetryAfter(response.headers.get('retry-after')));
    }
    let parsed: unknown = null;
    if (response.status !== 204 && text !== '') {
      if (!contentType.includes('json')) throw new AttemptError('invalid-response', response.status);
      try {
        parsed = JSON.parse(text);
      } catch {
        throw new AttemptError('invalid-response', response.status);
      }
    }
    return { body: (parsed ?? {}) as Record<string, unknown>, headers: Object.fromEntries(response.headers.entries()), status: response.status };
  }
  const requesterFn = createRequesterFn((_serviceOptions, requestOptions) => Promise.resolve(requestOptions), singleRequest);
  // Empty rateLimits: GitLab's own 429s are handled by the retrier; no client-side queue.
  const config = { host: settings.host, token: settings.token, queryTimeout: settings.timeoutMs, requesterFn, rateLimits: {} };
  return {
    projects: new Projects(config),
    commits: new Commits(config),
    mergeRequests: new MergeRequests(config),
    featureFlags: new FeatureFlags(config),
    branches: new Branches(config),
    files: new RepositoryFiles(config),
    repositories: new Repositories(config),
  };
}

/**
 * « 409 Conflict: Resource lock »: lib/api/api.rb answers it for any endpoint when a
 * Gitlab::ExclusiveLease or an optimistic lock could not be taken. Nothing was done: retry.
 */
const isResourceLock = (error: AttemptError) => error.kind === 'http' && error.status === 409 && /resource lock/i.test(error.detail);

/** Bounded retries with backoff and jitter, French failures. */
function createRetrier(settings: Settings) {
  const { timeoutMs, attempts, retryBaseMs, retryMaxDelayMs, log } = settings;
  const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));
  const retryable = (error: AttemptError) =>
    error.kind === 'timeout' || error.kind === 'network' || isResourceLock(error) || (error.kind === 'http' && (error.status === 429 || (error.status ?? 0) >= 500));

  function failure(step: string, error: AttemptError, made: number): GitlabBackendError {
    const tries = made > 1 ? ` (${made} essais)` : '';
    const later = ' Réessayez dans quelques minutes.';
    switch (error.kind) {
      case 'timeout':
        return new GitlabBackendError(`GitLab n’a pas répondu à temps (${timeoutMs / 1000} s par essai) ${step}${tries}.${later}`, 'timeout', error.status, made);
      case 'network':
        return new GitlabBackendError(`GitLab est injoignable ${step}${tries}.${later}`, 'network', error.status, made);
      case 'redirect':
        return new GitlabBackendError(
          `GitLab a répondu par une redirection (${error.status}) ${step} : l’adresse GitLab configurée n’est pas la bonne.`,
          'redirect',
          error.status,
          made,
        );
      case 'invalid-response':
        return new GitlabBackendError(
          `GitLab a donné une réponse illisible ${step} : l’adresse GitLab configurée n’est peut-être pas la bonne.`,
          'invalid-response',
          error.status,
          made,
        );
      case 'http':
        break;
    }
    const status = error.status ?? 0;
    const said = error.detail ? ` : « ${error.detail} »` : '';
    if (status === 429) {
      return new GitlabBackendError(`GitLab limite le nombre de requêtes en ce moment (429) ${step}${tries}.${later}`, 'rate-limited', status, made);
    }
    if (isResourceLock(error)) return new GitlabBackendError(`GitLab est occupé sur ce projet (409, verrou) ${step}${tries}.${later}`, 'server', status, made);
    if (status >= 500) return new GitlabBackendError(`GitLab est en difficulté (erreur ${status}) ${step}${tries}.${later}`, 'server', status, made);
    if (status === 401) {
      return new GitlabBackendError(`GitLab a refusé l’accès (401) ${step} : le jeton du service de contribution est absent, expiré ou révoqué.`, 'auth', status, made);
    }
    if (status === 403) {
      return new GitlabBackendError(
        `GitLab a refusé l’accès (403) ${step} : le jeton n’a pas les droits nécessaires (rôle Developer, portée api, droit de pousser les branches contribution/*)${said}.`,
        'auth',
        status,
        made,
      );
    }
    return new GitlabBackendError(`GitLab a refusé la demande (${status}) ${step}${said}.`, 'rejected', status, made);
  }

  /**
   * Calls `call` up to `attempts` times. Retries 429/5xx/« Resource lock »/network/timeouts with
   * exponential backoff and jitter; `accept` may turn a non-retryable answer (e.g. 400 branch
   * exists) into a value; `beforeRetry` may find, before a new attempt, that the lost one did the
   * work (then its value is returned and nothing is sent again).
   */
  async function withRetries<T, A = never, B = never>(
    deadline: number,
    step: string,
    call: () => Promise<T>,
    accept?: (error: AttemptError) => A | undefined,
    beforeRetry?: () => Promise<B | undefined>,
  ): Promise<T | A | B> {
    for (let attempt = 1; ; attempt += 1) {
      try {
        if (attempt > 1 && beforeRetry) {
          const done = await beforeRetry();
          if (done !== undefined) return done;
        }
        return await call();
      } catch (caught) {
        if (caught instanceof GitlabBackendError) throw caught;
        if (!(caught instanceof AttemptError)) {
          // Only our requester's errors are expected; anything else is wrapped without its details.
          throw new GitlabBackendError(`Erreur inattendue ${step}.`, 'invalid-response', undefined, attempt);
        }
        const accepted = accept?.(caught);
        if (accepted !== undefined) return accepted;
        if (!retryable(caught) || attempt >= attempts) throw failure(step, caught, attempt);
        const exponential = Math.min(retryMaxDelayMs, retryBaseMs * 2 ** (attempt - 1));
        let wait = exponential / 2 + Math.random() * (exponential / 2);
        if (caught.retryAfterMs !== undefined) {
          // A long Retry-After would keep the contributor waiting: give up now, they can retry later.
          if (caught.retryAfterMs > retryMaxDelayMs) throw failure(step, caught, attempt);
          wait = Math.max(wait, caught.retryAfterMs);
        }
        // The whole call has a budget: no attempt starts that could end after it.
        if (Date.now() + wait + timeoutMs > deadline) throw failure(step, caught, attempt);
        const why = caught.kind === 'http' ? `erreur ${caught.status}` : caught.kind === 'timeout' ? 'délai dépassé' : 'GitLab injoignable';
        log(`GitLab : ${why} ${step}, nouvel essai ${attempt + 1}/${attempts} dans ${Math.round(wait)} ms.`);
        await sleep(wait);
      }
    }
  }

  return { withRetries, failure };
}

type Resources = ReturnType<typeof createResources>;
type Retrier = ReturnType<typeof createRetrier>;

/** The project's default branch (the target of every proposal), cached per instance. */
function defaultBranchReader(settings: Settings, api: Resources, { withRetries }: Retrier) {
  let project: { defaultBranch: string; at: number } | undefined;
  return async function defaultBranch(deadline: number): Promise<string> {
    if (project && Date.now() - project.at < PROJECT_CACHE_MS) return project.defaultBranch;
    const shown = (await withRetries(deadline, 'en lisant le projet', () => api.projects.show(settings.projectId))) as { default_branch?: unknown };
    if (typeof shown.default_branch !== 'string' || shown.default_branch === '') {
      throw new GitlabBackendError('Le projet GitLab n’a pas de branche par défaut (dépôt vide ?).', 'invalid-response', undefined, 1);
    }
    project = { defaultBranch: shown.default_branch, at: Date.now() };
    return project.defaultBranch;
  };
}

/**
 * A file on the target branch now: GET /projects/:id/repository/files/:file_path?ref= (lib/api/
 * files.rb), base64 content and `last_commit_id`, the commit that last changed this path — the
 * value Files::MultiService compares when a commit's update action carries it.
 */
function fileReader(settings: Settings, api: Resources, { withRetries }: Retrier, defaultBranch: (deadline: number) => Promise<string>) {
  return async function readFile(file: string): Promise<BranchFile | undefined> {
    checkPath(file);
    const deadline = Date.now() + settings.budgetMs;
    const ref = await defaultBranch(deadline);
    const MISSING = Symbol('missing');
    const answer = await withRetries(
      deadline,
      'en lisant la notice sur la branche cible',
      () => api.files.show(settings.projectId, file, ref),
      // « 404 File Not Found » (not_found!('File')): no such file. « 404 Project Not Found » is a configuration error.
      (error) => (error.kind === 'http' && error.status === 404 && !/project/i.test(error.detail) ? MISSING : undefined),
    );
    if (answer === MISSING) return undefined;
    const shown = answer as { content?: unknown; encoding?: unknown; last_commit_id?: unknown };
    if (typeof shown.content !== 'string' || typeof shown.last_commit_id !== 'string') {
      throw new GitlabBackendError('GitLab a donné une réponse illisible en lisant la notice sur la branche cible.', 'invalid-response', undefined, 1);
    }
    const content = shown.encoding === 'base64' ? Buffer.from(shown.content, 'base64').toString('utf8') : shown.content;
    return { content, lastCommitId: shown.last_commit_id };
  };
}

/**
 * A notice at a given version: GET /projects/:id/repository/blobs/:sha (lib/api/repositories.rb:
 * `{ size, encoding: "base64", content, sha }`, « 404 Blob Not Found » when the repository does
 * not hold it). The base of a three-way edit.
 */
function versionReader(settings: Settings, api: Resources, { withRetries }: Retrier) {
  return async function readVersion(version: string): Promise<string | undefined> {
    if (!VERSION_PATTERN.test(version)) return undefined;
    const MISSING = Symbol('missing');
    const answer = await withRetries(
      Date.now() + settings.budgetMs,
      'en lisant la version de la notice d’où part la modification',
      () => api.repositories.showBlob(settings.projectId, version),
      (error) => (error.kind === 'http' && error.status === 404 && !/project/i.test(error.detail) ? MISSING : undefined),
    );
    if (answer === MISSING) return undefined;
    const shown = answer as { content?: unknown; encoding?: unknown };
    if (typeof shown.content !== 'string') {
      throw new GitlabBackendError('GitLab a donné une réponse illisible en lisant une version de la notice.', 'invalid-response', undefined, 1);
    }
    return shown.encoding === 'base64' ? Buffer.from(shown.content, 'base64').toString('utf8') : shown.content;
  };
}

function checkPath(file: string): void {
  const segments = file.split('/');
  if (file.startsWith('/') || file.includes('\\') || file.includes('\0') || segments.some((s) => s === '' || s === '.' || s === '..' || s === '.git')) {
    throw new TypeError('Backend GitLab : chemin de fichier refusé dans la proposition.');
  }
}

function checkProposal(proposal: Proposal): void {
  if (!proposal.branch || proposal.files.length === 0) throw new TypeError('Backend GitLab : proposition sans branche ou sans fichier.');
  for (const file of proposal.files) checkPath(file.path);
  // app/models/concerns/issuable.rb: TITLE_LENGTH_MAX = 255 characters, DESCRIPTION_LENGTH_MAX = 1 MiB.
  if ([...proposal.title].length > 255 || Buffer.byteLength(proposal.description) > 1024 * 1024) {
    throw new TypeError('Backend GitLab : titre (255 caractères) ou description (1 Mio) trop longs pour GitLab.');
  }
}

interface KnownMergeRequest {
  web_url?: unknown;
  state?: unknown;
  source_branch?: unknown;
}

/** Commit, then merge request: the steps of one proposal, each idempotent. */
function proposalOpener(settings: Settings, api: Resources, retrier: Retrier, defaultBranch: (deadline: number) => Promise<string>) {
  const { projectId } = settings;
  const { withRetries, failure } = retrier;

  /** The merge requests of a branch, the open one first (GitLab lists the newest first). */
  async function findMergeRequest(branch: string, deadline: number): Promise<KnownMergeRequest | undefined> {
    const list = (await withRetries(deadline, 'en cherchant la merge request existante', () =>
      api.mergeRequests.all({ projectId, sourceBranch: branch, maxPages: 1, perPage: 20 }),
    )) as KnownMergeRequest[];
    const mine = Array.isArray(list) ? list.filter((mr) => mr.source_branch === branch) : [];
    return mine.find((mr) => mr.state === 'opened') ?? mine[0];
  }

  /** After an unexpected 400 on the commit: did a concurrent identical submission create the branch? */
  async function branchExists(branch: string, deadline: number): Promise<boolean> {
    const MISSING = Symbol('missing');
    const answer = await withRetries(
      deadline,
      'en vérifiant la branche',
      () => api.branches.show(projectId, branch),
      (error) => (error.kind === 'http' && error.status === 404 ? MISSING : undefined),
    );
    return answer !== MISSING;
  }

  /**
   * One commit on the new branch, cut from the target branch. Returns whether the branch was
   * already there. lib/api/commits.rb answers every Files::MultiService refusal with 400:
   * « A branch called '…' already exists » (Commits::CreateService#validate_branch_existence!),
   * « The file has changed since you started editing it: <path> » (validate_file_status!, the
   * last_commit_id check), « A file with this name already exists » (a created file that is
   * there now). The last two mean the target branch moved: StaleFileError.
   */
  async function commit(proposal: Proposal, target: string, deadline: number): Promise<boolean> {
    const actions: CommitAction[] = proposal.files.map((file) => {
      const last = file.action === 'update' && file.lastCommitId ? { lastCommitId: file.lastCommitId } : {};
      return typeof file.content === 'string'
        ? { action: file.action, filePath: file.path, content: file.content, encoding: 'text', ...last }
        : { action: file.action, filePath: file.path, content: Buffer.from(file.content).toString('base64'), encoding: 'base64', ...last };
    });
    let refused: AttemptError | undefined;
    const BRANCH_EXISTS = Symbol('branch exists');
    const REFUSED = Symbol('refused');
    const committed = await withRetries(
      deadline,
      'en créant le commit',
      () => api.commits.create(projectId, proposal.branch, proposal.commitMessage, actions, { startBranch: target }),
      (error) => {
        if (error.kind !== 'http' || error.status !== 400) return undefined;
        if (/branch called .* already exists/i.test(error.detail)) return BRANCH_EXISTS;
        const changed = /has changed since you started editing it:?\s*`?([^`\s]+)`?/i.exec(error.detail);
        if (changed) throw new StaleFileError(changed[1]!);
        if (/file with (this|the) name .*already exists/i.test(error.detail)) {
          const named = /`([^`]+)`/.exec(error.detail)?.[1];
          throw new StaleFileError(named ?? proposal.files.find((f) => f.action === 'create')?.path ?? proposal.files[0]!.path);
        }
        refused = error;
        return REFUSED;
      },
    );
    if (committed !== REFUSED) return committed === BRANCH_EXISTS;
    // Two identical submissions racing on GitLab can make the loser fail with another 400
    // ("Could not update branch…"); the branch then exists and holds the same content.
    if (!(await branchExists(proposal.branch, deadline))) throw failure('en créant le commit', refused!, 1);
    return true;
  }

  const existed = (branch: string, mr: KnownMergeRequest): ProposalResult => ({
    branch,
    ...(typeof mr.web_url === 'string' ? { url: mr.web_url } : {}),
    alreadyExisted: true,
  });

  /**
   * One merge request. GitLab takes no lock to create one (MergeRequests::CreateService), so a
   * request that timed out may still be at work: before every new attempt, look for an open merge
   * request from the branch instead of sending a second creation. Answers (lib/api/helpers/
   * merge_requests_helpers.rb): 409 validate_branches (« Another open merge request already exists
   * for this source branch: !12 »), 422 for the branch errors of MergeRequests::BuildService
   * (« Source branch "x" does not exist »), 409 « Resource lock » (retried).
   */
  async function mergeRequest(proposal: Proposal, target: string, deadline: number): Promise<ProposalResult> {
    const CONFLICT = Symbol('merge request conflict');
    const created = await withRetries(
      deadline,
      'en ouvrant la merge request',
      () =>
        api.mergeRequests.create(projectId, proposal.branch, target, proposal.title, {
          description: proposal.description,
          labels: proposal.labels.join(','),
          removeSourceBranch: true,
        }),
      (error) => (error.kind === 'http' && error.status === 409 && !isResourceLock(error) ? CONFLICT : undefined),
      async () => {
        const known = await findMergeRequest(proposal.branch, deadline);
        return known?.state === 'opened' ? existed(proposal.branch, known) : undefined;
      },
    );
    if (created !== CONFLICT) {
      if ((created as ProposalResult).alreadyExisted === true) return created as ProposalResult;
      const url = (created as { web_url?: unknown }).web_url;
      return { branch: proposal.branch, ...(typeof url === 'string' ? { url } : {}), alreadyExisted: false };
    }
    const known = await findMergeRequest(proposal.branch, deadline);
    if (!known) {
      throw new GitlabBackendError(`GitLab a refusé d’ouvrir la merge request (409) et aucune merge request n’existe pour la branche ${proposal.branch}.`, 'rejected', 409, 1);
    }
    return existed(proposal.branch, known);
  }

  return async function openOnce(proposal: Proposal): Promise<ProposalResult> {
    checkProposal(proposal);
    const deadline = Date.now() + settings.budgetMs;
    const target = await defaultBranch(deadline);
    const branchExisted = await commit(proposal, target, deadline);
    // The branch was already there: this proposal may already have its merge request (open, or
    // closed by the moderators: an identical resubmission does not reopen it).
    if (branchExisted) {
      const known = await findMergeRequest(proposal.branch, deadline);
      if (known) return existed(proposal.branch, known);
    }
    return mergeRequest(proposal, target, deadline);
  };
}

/**
 * The moderators' kill switch: a project feature flag (lib/api/feature_flags.rb), cached briefly.
 * « 404 Not found » (no such flag: renamed or deleted) keeps the form closed, with its reason; a
 * 403 (the project's Feature flags setting is off, or the token lost its role) rejects like any
 * unreadable answer.
 */
function moderatorsSwitch(settings: Settings, api: Resources, { withRetries }: Retrier) {
  let flag: { state: ModeratorSwitch; at: number } | undefined;
  let flagInFlight: Promise<ModeratorSwitch> | undefined;
  async function readFlag(): Promise<ModeratorSwitch> {
    const NO_FLAG = Symbol('no flag');
    const answer = await withRetries(
      Date.now() + settings.budgetMs,
      'en lisant l’interrupteur des modératrices et modérateurs',
      () => api.featureFlags.show(settings.projectId, settings.featureFlag),
      // « 404 Project Not Found » is a configuration error, not a missing flag.
      (error) => (error.kind === 'http' && error.status === 404 && !/project/i.test(error.detail) ? NO_FLAG : undefined),
    );
    if (answer === NO_FLAG) return 'drapeau-absent';
    const active = (answer as { active?: unknown }).active;
    if (typeof active !== 'boolean') {
      throw new GitlabBackendError('GitLab a donné une réponse illisible en lisant l’interrupteur des modératrices et modérateurs.', 'invalid-response', undefined, 1);
    }
    return active ? 'fermees' : 'ouvertes';
  }
  return function moderatorSwitch(): Promise<ModeratorSwitch> {
    if (flag && Date.now() - flag.at < settings.flagCacheMs) return Promise.resolve(flag.state);
    if (!flagInFlight) {
      flagInFlight = readFlag()
        .then((state) => {
          flag = { state, at: Date.now() };
          return state;
        })
        .finally(() => {
          flagInFlight = undefined;
        });
    }
    return flagInFlight;
  };
}

export function createGitlabBackend(options: GitlabBackendOptions): ContributionBackend {
  const settings = readSettings(options);
  const api = createResources(settings);
  const retrier = createRetrier(settings);
  const defaultBranch = defaultBranchReader(settings, api, retrier);
  const openOnce = proposalOpener(settings, api, retrier, defaultBranch);
  // A double click reaching the same process shares the first call's work.
  const inFlight = new Map<string, Promise<ProposalResult>>();
  return {
    name: 'gitlab',
    open(proposal: Proposal): Promise<ProposalResult> {
      const running = inFlight.get(proposal.branch);
      if (running) return running.then((result) => ({ ...result, alreadyExisted: true }));
      const promise = openOnce(proposal).finally(() => inFlight.delete(proposal.branch));
      inFlight.set(proposal.branch, promise);
      return promise;
    },
    readFile: fileReader(settings, api, retrier, defaultBranch),
    readVersion: versionReader(settings, api, retrier),
    moderatorSwitch: moderatorsSwitch(settings, api, retrier),
  };
}
