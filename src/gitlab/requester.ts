/**
 * The one way this project sends an HTTP request to GitLab. Every call of the contribution function
 * and of the moderation jobs goes through `exchange`: exactly ONE request, a timeout, the token in
 * the PRIVATE-TOKEN header only, redirects never followed (a redirect to another origin would carry
 * the token along), GitLab's error message kept with the token masked. A failed exchange throws an
 * AttemptError; retries are decided above it (retry.ts for the function; the moderation jobs never
 * retry blindly: their next run finds what this one wrote).
 *
 * Library choice: the contribution backend keeps @gitbeaker/rest (a well-kept client that knows the
 * shape of the commits, files, merge requests and feature-flag endpoints) on `gitbeakerRequester`,
 * which hands gitbeaker's requests to `exchange` instead of gitbeaker's own requester (that one
 * silently retries 429/502 ten times within a few hundred milliseconds, POSTs included, and times
 * out only after 5 minutes). The moderation resources (notes, issues, pipelines) are four routes
 * with plain JSON: they call `request`, on the same `exchange`, without a second library.
 */
// The package @gitbeaker/rest itself builds its requester with (same version, installed with it).
import { createRequesterFn } from '@gitbeaker/requester-utils';

export interface RequesterOptions {
  /** API root, e.g. https://framagit.org/api/v4 (CI_API_V4_URL). */
  apiUrl: string;
  /** Never logged nor put in a message. */
  token: string;
  /** Timeout of each request, in milliseconds. */
  timeoutMs: number;
  fetch?: typeof fetch;
}

export type AttemptKind = 'timeout' | 'network' | 'http' | 'redirect' | 'invalid-response';

/** One failed HTTP exchange; `detail` is GitLab's message, token masked, shortened. */
export class AttemptError extends Error {
  readonly kind: AttemptKind;
  readonly status: number | undefined;
  readonly detail: string;
  readonly retryAfterMs: number | undefined;
  constructor(kind: AttemptKind, status?: number, detail = '', retryAfterMs?: number) {
    super(`${kind}${status ? ` ${status}` : ''}`);
    this.kind = kind;
    this.status = status;
    this.detail = detail;
    this.retryAfterMs = retryAfterMs;
  }
}

export interface Answer {
  status: number;
  headers: Headers;
  /** Parsed JSON, or undefined for an empty answer (204). */
  body: unknown;
}

export interface RequestInput {
  method?: string;
  /** Query string without « ? », already encoded. */
  search?: string;
  headers?: Record<string, string>;
  body?: string | FormData;
  signal?: AbortSignal;
}

export function parseRetryAfter(value: string | null): number | undefined {
  if (!value) return undefined;
  const trimmed = value.trim();
  if (/^\d+$/.test(trimmed)) return Number(trimmed) * 1000;
  const date = Date.parse(trimmed);
  return Number.isNaN(date) ? undefined : Math.max(0, date - Date.now());
}

/** GitLab answers `{ "message": "…" }`, `{ "message": ["…"] }`, `{ "message": { field: ["…"] } }` or `{ "error": "…" }`. */
export function gitlabMessage(text: string, contentType: string): string {
  if (!text) return '';
  if (!contentType.includes('json')) return contentType.startsWith('text/html') ? '' : text;
  let body: Record<string, unknown> | null;
  try {
    body = JSON.parse(text) as Record<string, unknown> | null;
  } catch {
    return text;
  }
  const raw = body?.message ?? body?.error ?? '';
  if (typeof raw === 'string') return raw;
  if (Array.isArray(raw)) return raw.map(String).join(' ; ');
  if (raw && typeof raw === 'object') {
    return Object.entries(raw)
      .map(([field, messages]) => `${field} ${Array.isArray(messages) ? messages.join(', ') : String(messages)}`)
      .join(' ; ');
  }
  return '';
}

/** Whatever GitLab (or anything on the way) says, the token never goes further. */
export function tokenMask(token: string): (text: string) => string {
  return (text) => {
    let out = text;
    for (const secret of new Set([token, encodeURIComponent(token)])) out = out.split(secret).join('[jeton masqué]');
    return out.length > 300 ? `${out.slice(0, 300)}…` : out;
  };
}

function parseAnswer(response: Response, text: string, mask: (text: string) => string): Answer {
  const contentType = (response.headers.get('content-type') ?? '').toLowerCase();
  if (response.status >= 300 && response.status < 400) throw new AttemptError('redirect', response.status);
  if (!response.ok) {
    throw new AttemptError('http', response.status, mask(gitlabMessage(text, contentType)), parseRetryAfter(response.headers.get('retry-after')));
  }
  if (response.status === 204 || text === '') return { status: response.status, headers: response.headers, body: undefined };
  if (!contentType.includes('json')) throw new AttemptError('invalid-response', response.status);
  try {
    return { status: response.status, headers: response.headers, body: JSON.parse(text) };
  } catch {
    throw new AttemptError('invalid-response', response.status);
  }
}

export function createRequester(options: RequesterOptions) {
  const apiUrl = options.apiUrl.replace(/\/+$/, '');
  const doFetch = options.fetch ?? fetch;
  const mask = tokenMask(options.token);

  /** One request to `url` (absolute, under the API root), with the token and a timeout. */
  async function exchange(url: URL, input: RequestInput = {}): Promise<Answer> {
    const timeout = AbortSignal.timeout(options.timeoutMs);
    const signal = input.signal ? AbortSignal.any([input.signal, timeout]) : timeout;
    const failed = (status?: number) => new AttemptError(signal.aborted ? 'timeout' : 'network', status);
    // Header names are case-insensitive: `set` keeps one of each (gitbeaker sends PRIVATE-TOKEN too).
    const headers = new Headers({ accept: 'application/json' });
    for (const [name, value] of Object.entries(input.headers ?? {})) headers.set(name, value);
    headers.set('private-token', options.token);
    let response: Response;
    try {
      response = await doFetch(url, { method: input.method ?? 'GET', headers, body: input.body, signal, redirect: 'manual' });
    } catch {
      throw failed();
    }
    let text: string;
    try {
      text = await response.text();
    } catch {
      throw failed(response.status);
    }
    return parseAnswer(response, text, mask);
  }

  /** `route` starts with « / » under the API root and may carry its query string; `body` is sent as JSON. */
  function request(method: string, route: string, body?: unknown): Promise<Answer> {
    return exchange(new URL(`${apiUrl}${route}`), {
      method,
      ...(body === undefined ? {} : { headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) }),
    });
  }

  /** gitbeaker's requester on `exchange`: what gitbeaker resources are built with (resources.ts). */
  function gitbeakerRequester() {
    async function single(endpoint: string, requestOptions?: Record<string, unknown>) {
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
      const answer = await exchange(url, { method, headers, body, signal });
      return { body: (answer.body ?? {}) as Record<string, unknown>, headers: Object.fromEntries(answer.headers.entries()), status: answer.status };
    }
    return createRequesterFn((_serviceOptions, requestOptions) => Promise.resolve(requestOptions), single);
  }

  return { apiUrl, exchange, request, gitbeakerRequester };
}

export type Requester = ReturnType<typeof createRequester>;
