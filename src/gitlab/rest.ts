/**
 * The moderation jobs' way to GitLab's REST API, on the one requester (requester.ts): JSON in and
 * out, every page of a list, and short French errors that name the route, never the token. Nothing
 * is retried blindly: a second run of a job finds what the first one wrote.
 */
import { AttemptError, createRequester } from './requester.ts';

export interface GitLabOptions {
  /** CI_API_V4_URL, e.g. https://gitlab.com/api/v4 */
  apiUrl: string;
  token: string;
  /** CI_PROJECT_ID (numeric) or the project path. */
  projectId: string;
  fetch?: typeof fetch;
  timeoutMs?: number;
}

export class GitLabError extends Error {
  readonly status?: number;
  constructor(message: string, status?: number) {
    super(message);
    this.status = status;
  }
}

const HINTS: Record<number, string> = {
  401: ' (jeton absent, expiré ou révoqué)',
  403: ' (le jeton n’a pas les droits nécessaires)',
  404: ' (projet, merge request ou ticket introuvable pour ce jeton)',
};

function toGitLabError(method: string, route: string, error: unknown, timeoutMs: number): GitLabError {
  const where = `${method} ${route.split('?')[0]}`;
  if (!(error instanceof AttemptError)) return new GitLabError(`${where} : erreur inattendue`);
  if (error.kind === 'timeout') return new GitLabError(`${where} : pas de réponse en ${timeoutMs / 1000} s`);
  if (error.kind === 'network') return new GitLabError(`${where} : GitLab injoignable`);
  if (error.kind === 'invalid-response') return new GitLabError(`${where} : réponse illisible (${error.status})`, error.status);
  return new GitLabError(`${where} : réponse ${error.status}${HINTS[error.status ?? 0] ?? ''}`, error.status);
}

export function createRest(options: GitLabOptions) {
  const timeoutMs = options.timeoutMs ?? 15_000;
  const requester = createRequester({ apiUrl: options.apiUrl, token: options.token, timeoutMs, ...(options.fetch ? { fetch: options.fetch } : {}) });
  const projectRoute = `/projects/${encodeURIComponent(options.projectId)}`;

  async function call<T>(method: string, route: string, body?: unknown): Promise<{ data: T; headers: Headers }> {
    try {
      const answer = await requester.request(method, route, body);
      return { data: answer.body as T, headers: answer.headers };
    } catch (error) {
      throw toGitLabError(method, route, error, timeoutMs);
    }
  }

  /** Every page of a list (GitLab paginates by `x-next-page`), up to `maxPages`. */
  async function all<T>(route: string, maxPages = 50): Promise<T[]> {
    const items: T[] = [];
    let page = '1';
    for (let i = 0; i < maxPages && page; i++) {
      const separator = route.includes('?') ? '&' : '?';
      const { data, headers } = await call<T[]>('GET', `${route}${separator}per_page=100&page=${page}`);
      items.push(...data);
      page = headers.get('x-next-page') ?? '';
    }
    return items;
  }

  /** The token's own user (a project access token has a bot user), when GitLab says. */
  async function currentUserId(): Promise<number | undefined> {
    try {
      return (await call<{ id: number }>('GET', '/user')).data.id;
    } catch {
      return undefined;
    }
  }

  return {
    call,
    all,
    currentUserId,
    projectRoute,
    mergeRequestRoute: (iid: string | number) => `${projectRoute}/merge_requests/${encodeURIComponent(String(iid))}`,
  };
}

export type Rest = ReturnType<typeof createRest>;
