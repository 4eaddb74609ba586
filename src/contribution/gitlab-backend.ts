/**
 * The `gitlab` contribution backend: the notice files read from the target branch (repository
 * files API, with their `last_commit_id`), one commit on a new branch cut from the project's
 * default branch, then one merge request for the moderators; and the moderators' kill switch read
 * from a GitLab feature flag. This module only checks the configuration and puts together the
 * GitLab room (src/gitlab/): requester.ts (one HTTP request per call, timeout, no redirect; why
 * gitbeaker is kept is written there), retry.ts (bounded retries with backoff, French failures),
 * files.ts, commits.ts, merge-requests.ts, feature-flags.ts. A GitlabFailure of that room leaves
 * here as a GitlabBackendError, i.e. a BackendUnavailableError for the handler.
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
import { committer } from '../gitlab/commits.ts';
import { DEFAULT_FEATURE_FLAG, featureFlagSwitch } from '../gitlab/feature-flags.ts';
import { checkPath, defaultBranchReader, fileReader, versionReader } from '../gitlab/files.ts';
import { checkMergeRequestText, mergeRequests } from '../gitlab/merge-requests.ts';
import { createRequester } from '../gitlab/requester.ts';
import { createResources, type ProjectContext } from '../gitlab/resources.ts';
import { createRetrier, GitlabFailure, type GitlabFailureKind } from '../gitlab/retry.ts';
import { BackendUnavailableError, StaleFileError, type ContributionBackend, type Proposal, type ProposalResult } from './backend.ts';

export { DEFAULT_FEATURE_FLAG };
export type { GitlabFailureKind };

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

/** The GitLab room's failure, as the contribution handler knows it (503, French message). */
function asBackendError(error: unknown): never {
  if (error instanceof GitlabFailure) throw new GitlabBackendError(error.message, error.kind, error.status, error.attempts);
  throw error;
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

function checkProposal(proposal: Proposal): void {
  if (!proposal.branch || proposal.files.length === 0) throw new TypeError('Backend GitLab : proposition sans branche ou sans fichier.');
  for (const file of proposal.files) checkPath(file.path);
  checkMergeRequestText(proposal.title, proposal.description);
}

/** Commit, then merge request: the steps of one proposal, each idempotent. */
function proposalOpener(context: ProjectContext, defaultBranch: (deadline: number) => Promise<string>) {
  const commit = committer(context);
  const requests = mergeRequests(context);
  return async function openOnce(proposal: Proposal): Promise<ProposalResult> {
    checkProposal(proposal);
    const deadline = Date.now() + context.budgetMs;
    const target = await defaultBranch(deadline);
    const committed = await commit({ branch: proposal.branch, message: proposal.commitMessage, files: proposal.files }, target, deadline);
    if (committed.kind === 'stale') throw new StaleFileError(committed.path);
    // The branch was already there: this proposal may already have its merge request (open, or
    // closed by the moderators: an identical resubmission does not reopen it).
    if (committed.kind === 'branch-existed') {
      const known = await requests.find(proposal.branch, deadline);
      if (known) return known;
    }
    return requests.open(proposal, target, deadline);
  };
}

export function createGitlabBackend(options: GitlabBackendOptions): ContributionBackend {
  const settings = readSettings(options);
  const requester = createRequester({ apiUrl: `${settings.host}/api/v4`, token: settings.token, timeoutMs: settings.timeoutMs });
  const context: ProjectContext = {
    projectId: settings.projectId,
    api: createResources(requester, settings.token, settings.timeoutMs),
    retrier: createRetrier(settings),
    budgetMs: settings.budgetMs,
  };
  const defaultBranch = defaultBranchReader(context);
  const openOnce = proposalOpener(context, defaultBranch);
  const readFile = fileReader(context, defaultBranch);
  const readVersion = versionReader(context);
  const moderatorSwitch = featureFlagSwitch(context, settings.featureFlag, settings.flagCacheMs);
  // A double click reaching the same process shares the first call's work.
  const inFlight = new Map<string, Promise<ProposalResult>>();
  return {
    name: 'gitlab',
    open(proposal: Proposal): Promise<ProposalResult> {
      const running = inFlight.get(proposal.branch);
      if (running) return running.then((result) => ({ ...result, alreadyExisted: true }));
      const promise = openOnce(proposal)
        .catch(asBackendError)
        .finally(() => inFlight.delete(proposal.branch));
      inFlight.set(proposal.branch, promise);
      return promise;
    },
    readFile: (path) => readFile(path).catch(asBackendError),
    readVersion: (version) => readVersion(version).catch(asBackendError),
    moderatorSwitch: () => moderatorSwitch().catch(asBackendError),
  };
}
