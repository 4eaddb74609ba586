/**
 * The `gitlab` contribution backend: one commit on a new branch cut from the project's default
 * branch, then one merge request for the moderators; and the moderators' kill switch read from a
 * GitLab feature flag.
 *
 * Built on @gitbeaker/rest's resources (Projects, Commits, MergeRequests, FeatureFlags) with our
 * own requester: gitbeaker's default one silently retries 429/502 ten times within a few hundred
 * milliseconds (POSTs included) and only times out after 5 minutes. Ours makes exactly ONE HTTP
 * request per call, with a timeout, and never follows redirects (a redirect to another origin
 * would carry the PRIVATE-TOKEN header along); retries happen here, with exponential backoff and
 * jitter, on 429 (honouring a short Retry-After), 5xx, network errors and timeouts, within an
 * overall budget per call (a hanging GitLab costs the contributor at most `budgetMs`).
 *
 * Idempotency: the proposal's branch name is derived from its content, so a retried or
 * double-clicked submission sends the same branch. "A branch called '…' already exists" (400) means
 * the commit is already there; a 409 on the merge request means one is already open for that
 * branch, which is looked up and returned with `alreadyExisted: true`. A lost response (timeout
 * after GitLab did the work) is therefore retried safely: never two merge requests.
 *
 * Every failure ends as a BackendUnavailableError (GitlabBackendError) with a French message.
 * The token is never put in a message, a log line, a returned value or an error's properties;
 * GitLab's own messages are quoted only after the token has been masked.
 */
import { Branches, Commits, FeatureFlags, MergeRequests, Projects } from '@gitbeaker/rest';
import type { CommitAction } from '@gitbeaker/rest';
// The package @gitbeaker/rest itself builds its requester with (same version, installed with it).
import { createRequesterFn } from '@gitbeaker/requester-utils';
import { BackendUnavailableError, type ContributionBackend, type Proposal, type ProposalResult } from './backend.ts';

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

export function createGitlabBackend(options: GitlabBackendOptions): ContributionBackend {
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
  const host = `${base.origin}${base.pathname.replace(/\/+$/, '').replace(/\/api\/v4$/, '')}`;
  const projectId = options.projectId.trim();
  const featureFlag = options.featureFlag?.trim() || DEFAULT_FEATURE_FLAG;
  const timeoutMs = positive('timeoutMs', options.timeoutMs, 10_000, { min: 1 });
  const attempts = positive('attempts', options.attempts, 4, { integer: true, min: 1 });
  const flagCacheMs = positive('flagCacheMs', options.flagCacheMs, 30_000);
  const retryBaseMs = positive('retryBaseMs', options.retryBaseMs, 200);
  const retryMaxDelayMs = positive('retryMaxDelayMs', options.retryMaxDelayMs, 5_000);
  const budgetMs = positive('budgetMs', options.budgetMs, 30_000, { min: 1 });
  const log = options.log ?? (() => undefined);

  /** Whatever GitLab (or anything on the way) says, the token never goes further. */
  const mask = (text: string): string => {
    let out = text;
    for (const secret of new Set([token, encodeURIComponent(token)])) out = out.split(secret).join('[jeton masqué]');
    return out.length > 300 ? `${out.slice(0, 300)}…` : out;
  };

  /** Exactly one HTTP request per gitbeaker call: no hidden retries, a timeout, no redirects. */
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
    const timeout = AbortSignal.timeout(timeoutMs);
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
  // Empty rateLimits: GitLab's own 429s are handled below; no client-side queue.
  const config = { host, token, queryTimeout: timeoutMs, requesterFn, rateLimits: {} };
  const projects = new Projects(config);
  const commits = new Commits(config);
  const mergeRequests = new MergeRequests(config);
  const featureFlags = new FeatureFlags(config);
  const branches = new Branches(config);

  const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));
  const retryable = (error: AttemptError) =>
    error.kind === 'timeout' || error.kind === 'network' || (error.kind === 'http' && (error.status === 429 || (error.status ?? 0) >= 500));

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
        return new GitlabBackendError(`GitLab a donné une réponse illisible ${step} : l’adresse GitLab configurée n’est peut-être pas la bonne.`, 'invalid-response', error.status, made);
      case 'http':
        break;
    }
    const status = error.status ?? 0;
    const said = error.detail ? ` : « ${error.detail} »` : '';
    if (status === 429) {
      return new GitlabBackendError(`GitLab limite le nombre de requêtes en ce moment (429) ${step}${tries}.${later}`, 'rate-limited', status, made);
    }
    if (status >= 500) return new GitlabBackendError(`GitLab est en difficulté (erreur ${status}) ${step}${tries}.${later}`, 'server', status, made);
    if (status === 401) {
      return new GitlabBackendError(`GitLab a refusé l’accès (401) ${step} : le jeton du service de contribution est absent, expiré ou révoqué.`, 'auth', status, made);
    }
    if (status === 403) {
      return new GitlabBackendError(`GitLab a refusé l’accès (403) ${step} : le jeton n’a pas les droits nécessaires (rôle Developer, portée api).`, 'auth', status, made);
    }
    return new GitlabBackendError(`GitLab a refusé la demande (${status}) ${step}${said}.`, 'rejected', status, made);
  }

  /**
   * Calls `call` up to `attempts` times. Retries 429/5xx/network/timeouts with exponential backoff
   * and jitter; `accept` may turn a non-retryable answer (e.g. 400 branch exists) into a value.
   */
  async function withRetries<T, A = never>(
    deadline: number,
    step: string,
    call: () => Promise<T>,
    accept?: (error: AttemptError) => A | undefined,
  ): Promise<T | A> {
    for (let attempt = 1; ; attempt += 1) {
      try {
        return await call();
      } catch (caught) {
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

  let project: { defaultBranch: string; at: number } | undefined;
  async function defaultBranch(deadline: number): Promise<string> {
    if (project && Date.now() - project.at < PROJECT_CACHE_MS) return project.defaultBranch;
    const shown = (await withRetries(deadline, 'en lisant le projet', () => projects.show(projectId))) as { default_branch?: unknown };
    if (typeof shown.default_branch !== 'string' || shown.default_branch === '') {
      throw new GitlabBackendError('Le projet GitLab n’a pas de branche par défaut (dépôt vide ?).', 'invalid-response', undefined, 1);
    }
    project = { defaultBranch: shown.default_branch, at: Date.now() };
    return project.defaultBranch;
  }

  function checkProposal(proposal: Proposal): void {
    if (!proposal.branch || proposal.files.length === 0) throw new TypeError('Backend GitLab : proposition sans branche ou sans fichier.');
    for (const file of proposal.files) {
      const segments = file.path.split('/');
      if (file.path.startsWith('/') || file.path.includes('\\') || file.path.includes('\0') || segments.some((s) => s === '' || s === '.' || s === '..' || s === '.git')) {
        throw new TypeError('Backend GitLab : chemin de fichier refusé dans la proposition.');
      }
    }
  }

  /** The merge requests of a branch, the open one first (GitLab lists the newest first). */
  async function findMergeRequest(branch: string, deadline: number): Promise<{ web_url?: unknown; state?: unknown } | undefined> {
    const list = (await withRetries(deadline, 'en cherchant la merge request existante', () =>
      mergeRequests.all({ projectId, sourceBranch: branch, maxPages: 1, perPage: 20 }),
    )) as Array<{ web_url?: unknown; source_branch?: unknown; state?: unknown }>;
    const mine = Array.isArray(list) ? list.filter((mr) => mr.source_branch === branch) : [];
    return mine.find((mr) => mr.state === 'opened') ?? mine[0];
  }

  /** After an unexpected 400 on the commit: did a concurrent identical submission create the branch? */
  async function branchExists(branch: string, deadline: number): Promise<boolean> {
    const MISSING = Symbol('missing');
    const answer = await withRetries(
      deadline,
      'en vérifiant la branche',
      () => branches.show(projectId, branch),
      (error) => (error.kind === 'http' && error.status === 404 ? MISSING : undefined),
    );
    return answer !== MISSING;
  }

  const existed = (branch: string, mr: { web_url?: unknown }): ProposalResult => ({
    branch,
    ...(typeof mr.web_url === 'string' ? { url: mr.web_url } : {}),
    alreadyExisted: true,
  });

  async function openOnce(proposal: Proposal): Promise<ProposalResult> {
    checkProposal(proposal);
    const deadline = Date.now() + budgetMs;
    const target = await defaultBranch(deadline);
    const actions: CommitAction[] = proposal.files.map((file) =>
      typeof file.content === 'string'
        ? { action: file.action, filePath: file.path, content: file.content, encoding: 'text' }
        : { action: file.action, filePath: file.path, content: Buffer.from(file.content).toString('base64'), encoding: 'base64' },
    );

    // 1. One commit on the new branch, cut from the default branch.
    let refused: AttemptError | undefined;
    const BRANCH_EXISTS = Symbol('branch exists');
    const REFUSED = Symbol('refused');
    const committed = await withRetries(
      deadline,
      'en créant le commit',
      () => commits.create(projectId, proposal.branch, proposal.commitMessage, actions, { startBranch: target }),
      (error) => {
        if (error.kind !== 'http' || error.status !== 400) return undefined;
        // GitLab: 400 « A branch called 'x' already exists. Switch to that branch in order to make changes »
        if (/branch called .* already exists/i.test(error.detail)) return BRANCH_EXISTS;
        refused = error;
        return REFUSED;
      },
    );
    let branchExisted = committed === BRANCH_EXISTS;
    if (committed === REFUSED) {
      // Two identical submissions racing on GitLab can make the loser fail with another 400
      // ("Could not update branch…"); the branch then exists and holds the same content.
      if (!(await branchExists(proposal.branch, deadline))) throw failure('en créant le commit', refused!, 1);
      branchExisted = true;
    }

    // 2. The branch was already there: this proposal may already have its merge request
    //    (open, or closed by the moderators: an identical resubmission does not reopen it).
    if (branchExisted) {
      const known = await findMergeRequest(proposal.branch, deadline);
      if (known) return existed(proposal.branch, known);
    }

    // 3. One merge request.
    const CONFLICT = Symbol('merge request conflict');
    const created = await withRetries(
      deadline,
      'en ouvrant la merge request',
      () =>
        mergeRequests.create(projectId, proposal.branch, target, proposal.title, {
          description: proposal.description,
          labels: proposal.labels.join(','),
          removeSourceBranch: true,
        }),
      // GitLab: 409 ["Another open merge request already exists for this source branch: !12"]
      // (a lost answer retried, or a concurrent identical submission).
      (error) => (error.kind === 'http' && error.status === 409 ? CONFLICT : undefined),
    );
    if (created !== CONFLICT) {
      const url = (created as { web_url?: unknown }).web_url;
      return { branch: proposal.branch, ...(typeof url === 'string' ? { url } : {}), alreadyExisted: false };
    }
    const known = await findMergeRequest(proposal.branch, deadline);
    if (!known) {
      throw new GitlabBackendError(
        `GitLab a refusé d’ouvrir la merge request (409) et aucune merge request n’existe pour la branche ${proposal.branch}.`,
        'rejected',
        409,
        1,
      );
    }
    return existed(proposal.branch, known);
  }

  // A double click reaching the same process shares the first call's work.
  const inFlight = new Map<string, Promise<ProposalResult>>();

  let flag: { closed: boolean; at: number } | undefined;
  let flagInFlight: Promise<boolean> | undefined;
  async function readFlag(): Promise<boolean> {
    const NO_FLAG = Symbol('no flag');
    const answer = await withRetries(
      Date.now() + budgetMs,
      'en lisant l’interrupteur des modératrices et modérateurs',
      () => featureFlags.show(projectId, featureFlag),
      // 404 « 404 Not found » : no such flag → open. « 404 Project Not Found » is a configuration error.
      (error) => (error.kind === 'http' && error.status === 404 && !/project/i.test(error.detail) ? NO_FLAG : undefined),
    );
    if (answer === NO_FLAG) return false;
    const active = (answer as { active?: unknown }).active;
    if (typeof active !== 'boolean') {
      throw new GitlabBackendError('GitLab a donné une réponse illisible en lisant l’interrupteur des modératrices et modérateurs.', 'invalid-response', undefined, 1);
    }
    return active;
  }

  return {
    name: 'gitlab',
    open(proposal: Proposal): Promise<ProposalResult> {
      const running = inFlight.get(proposal.branch);
      if (running) return running.then((result) => ({ ...result, alreadyExisted: true }));
      const promise = openOnce(proposal).finally(() => inFlight.delete(proposal.branch));
      inFlight.set(proposal.branch, promise);
      return promise;
    },
    closedByModerators(): Promise<boolean> {
      if (flag && Date.now() - flag.at < flagCacheMs) return Promise.resolve(flag.closed);
      if (!flagInFlight) {
        flagInFlight = readFlag()
          .then((closed) => {
            flag = { closed, at: Date.now() };
            return closed;
          })
          .finally(() => {
            flagInFlight = undefined;
          });
      }
      return flagInFlight;
    },
  };
}
