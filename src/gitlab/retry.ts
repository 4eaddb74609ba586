/**
 * Bounded retries with exponential backoff and jitter around requester.ts's single exchanges, and
 * the French failures they end with. Retried: 429 (honouring a short Retry-After), 5xx, 409
 * « Resource lock », network errors and timeouts, within an overall budget per call. Every other
 * failure, and the last retryable one, becomes a GitlabFailure whose message is French and never
 * holds the token (GitLab's own words are quoted only once masked by the requester).
 */
import { AttemptError } from './requester.ts';

export type GitlabFailureKind = 'timeout' | 'network' | 'rate-limited' | 'server' | 'auth' | 'rejected' | 'redirect' | 'invalid-response';

/** What went wrong; `message` is French and safe to show or log. */
export class GitlabFailure extends Error {
  override name = 'GitlabFailure';
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

export interface RetryOptions {
  /** Timeout of each request, in milliseconds (for the messages and the budget). */
  timeoutMs: number;
  /** Attempts per call, the first one included. */
  attempts: number;
  /** First backoff delay, doubled at each retry, with jitter. */
  retryBaseMs: number;
  /** Longest wait between two attempts, Retry-After included. */
  retryMaxDelayMs: number;
  /** Receives one French line per retry (never the token). */
  log: (message: string) => void;
}

/**
 * « 409 Conflict: Resource lock »: lib/api/api.rb answers it for any endpoint when a
 * Gitlab::ExclusiveLease or an optimistic lock could not be taken. Nothing was done: retry.
 */
export const isResourceLock = (error: AttemptError) => error.kind === 'http' && error.status === 409 && /resource lock/i.test(error.detail);

/** « 404 File Not Found », « 404 Blob Not Found », « 404 Not found »: the thing is missing; « 404 Project Not Found » is a configuration error. */
export const isMissing = (error: AttemptError) => error.kind === 'http' && error.status === 404 && !/project/i.test(error.detail);

const retryable = (error: AttemptError) =>
  error.kind === 'timeout' || error.kind === 'network' || isResourceLock(error) || (error.kind === 'http' && (error.status === 429 || (error.status ?? 0) >= 500));

/** The French failure of a transport problem (no HTTP answer to speak of), or undefined for an HTTP answer. */
function transportFailure(step: string, error: AttemptError, made: number, timeoutMs: number): GitlabFailure | undefined {
  const tries = made > 1 ? ` (${made} essais)` : '';
  const later = ' Réessayez dans quelques minutes.';
  switch (error.kind) {
    case 'timeout':
      return new GitlabFailure(`GitLab n’a pas répondu à temps (${timeoutMs / 1000} s par essai) ${step}${tries}.${later}`, 'timeout', error.status, made);
    case 'network':
      return new GitlabFailure(`GitLab est injoignable ${step}${tries}.${later}`, 'network', error.status, made);
    case 'redirect':
      return new GitlabFailure(`GitLab a répondu par une redirection (${error.status}) ${step} : l’adresse GitLab configurée n’est pas la bonne.`, 'redirect', error.status, made);
    case 'invalid-response':
      return new GitlabFailure(`GitLab a donné une réponse illisible ${step} : l’adresse GitLab configurée n’est peut-être pas la bonne.`, 'invalid-response', error.status, made);
    case 'http':
      return undefined;
  }
}

/** The French failure that ends a call at `step` (« en créant le commit »…) after `made` attempts. */
export function failure(step: string, error: AttemptError, made: number, timeoutMs: number): GitlabFailure {
  const transport = transportFailure(step, error, made, timeoutMs);
  if (transport) return transport;
  const tries = made > 1 ? ` (${made} essais)` : '';
  const later = ' Réessayez dans quelques minutes.';
  const status = error.status ?? 0;
  const said = error.detail ? ` : « ${error.detail} »` : '';
  if (status === 429) return new GitlabFailure(`GitLab limite le nombre de requêtes en ce moment (429) ${step}${tries}.${later}`, 'rate-limited', status, made);
  if (isResourceLock(error)) return new GitlabFailure(`GitLab est occupé sur ce projet (409, verrou) ${step}${tries}.${later}`, 'server', status, made);
  if (status >= 500) return new GitlabFailure(`GitLab est en difficulté (erreur ${status}) ${step}${tries}.${later}`, 'server', status, made);
  if (status === 401) {
    return new GitlabFailure(`GitLab a refusé l’accès (401) ${step} : le jeton du service de contribution est absent, expiré ou révoqué.`, 'auth', status, made);
  }
  if (status === 403) {
    return new GitlabFailure(
      `GitLab a refusé l’accès (403) ${step} : le jeton n’a pas les droits nécessaires (rôle Developer, portée api, droit de pousser les branches contribution/*)${said}.`,
      'auth',
      status,
      made,
    );
  }
  return new GitlabFailure(`GitLab a refusé la demande (${status}) ${step}${said}.`, 'rejected', status, made);
}

export function createRetrier(options: RetryOptions) {
  const { timeoutMs, attempts, retryBaseMs, retryMaxDelayMs, log } = options;
  const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

  /** How long to wait before attempt `attempt + 1`, or undefined to give up now. */
  function delayBeforeRetry(error: AttemptError, attempt: number, deadline: number): number | undefined {
    if (!retryable(error) || attempt >= attempts) return undefined;
    const exponential = Math.min(retryMaxDelayMs, retryBaseMs * 2 ** (attempt - 1));
    let wait = exponential / 2 + Math.random() * (exponential / 2);
    if (error.retryAfterMs !== undefined) {
      // A long Retry-After would keep the contributor waiting: give up now, they can retry later.
      if (error.retryAfterMs > retryMaxDelayMs) return undefined;
      wait = Math.max(wait, error.retryAfterMs);
    }
    // The whole call has a budget: no attempt starts that could end after it.
    return Date.now() + wait + timeoutMs > deadline ? undefined : wait;
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
        if (caught instanceof GitlabFailure) throw caught;
        if (!(caught instanceof AttemptError)) {
          // Only the requester's errors are expected; anything else is wrapped without its details.
          throw new GitlabFailure(`Erreur inattendue ${step}.`, 'invalid-response', undefined, attempt);
        }
        const accepted = accept?.(caught);
        if (accepted !== undefined) return accepted;
        const wait = delayBeforeRetry(caught, attempt, deadline);
        if (wait === undefined) throw failure(step, caught, attempt, timeoutMs);
        const why = caught.kind === 'http' ? `erreur ${caught.status}` : caught.kind === 'timeout' ? 'délai dépassé' : 'GitLab injoignable';
        log(`GitLab : ${why} ${step}, nouvel essai ${attempt + 1}/${attempts} dans ${Math.round(wait)} ms.`);
        await sleep(wait);
      }
    }
  }

  return { withRetries, failure: (step: string, error: AttemptError, made: number) => failure(step, error, made, timeoutMs) };
}

export type Retrier = ReturnType<typeof createRetrier>;
