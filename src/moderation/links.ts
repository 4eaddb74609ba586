/**
 * Does an address answer? HEAD first (cheap), GET when a server refuses HEAD, redirects followed
 * by hand (at most five, each hop checked), one deadline for the whole check. Addresses come from
 * anonymous contributors and the check runs on a CI runner: internal addresses (localhost, private
 * networks, cloud metadata) are never requested unless a test allows it.
 */
import { lookup as dnsLookup } from 'node:dns/promises';
import { isIP } from 'node:net';
import { mapLimit } from '../shared/pool.ts';

export type LinkStatus = 'ok' | 'erreur-http' | 'injoignable' | 'delai' | 'interne' | 'invalide';

export interface LinkResult {
  url: string;
  status: LinkStatus;
  /** Last HTTP status seen. */
  httpStatus?: number;
  /** Where the redirects led, when somewhere else. */
  finalUrl?: string;
  /** French, one line: « répond (200) », « ne répond pas en 10 s »… */
  message: string;
  durationMs: number;
}

export interface LinkCheckOptions {
  /** Deadline for one address, redirects included. */
  timeoutMs?: number;
  maxRedirects?: number;
  fetch?: typeof fetch;
  /** Tests check a loopback server; production never requests internal addresses. */
  allowPrivate?: boolean;
  /** DNS resolution, replaceable in tests. */
  lookup?: (host: string) => Promise<string[]>;
  userAgent?: string;
}

export const DEFAULT_LINK_TIMEOUT_MS = 10_000;
const USER_AGENT = 'Framalibre-moderation/1.0 (+https://framalibre.org/a-propos/; vérification des liens des notices)';

/** Loopback, private, link-local, CGNAT, multicast, unspecified — IPv4 and IPv6. */
export function isInternalAddress(ip: string): boolean {
  const v4 = ip.startsWith('::ffff:') && isIP(ip.slice(7)) === 4 ? ip.slice(7) : ip;
  if (isIP(v4) === 4) {
    const [a, b] = v4.split('.').map(Number) as [number, number];
    return (
      a === 0 ||
      a === 10 ||
      a === 127 ||
      a >= 224 ||
      (a === 100 && b >= 64 && b <= 127) ||
      (a === 169 && b === 254) ||
      (a === 172 && b >= 16 && b <= 31) ||
      (a === 192 && b === 168) ||
      (a === 192 && b === 0) ||
      (a === 198 && (b === 18 || b === 19))
    );
  }
  if (isIP(ip) === 6) {
    const lower = ip.toLowerCase();
    return lower === '::' || lower === '::1' || /^f[cd]/.test(lower) || /^fe[89ab]/.test(lower) || lower.startsWith('ff');
  }
  return false;
}

const defaultLookup = async (host: string) => (await dnsLookup(host, { all: true, verbatim: true })).map((a) => a.address);

class CheckFailure extends Error {
  readonly status: LinkStatus;
  constructor(status: LinkStatus, message: string) {
    super(message);
    this.status = status;
  }
}

async function assertPublic(url: URL, options: LinkCheckOptions, deadline: AbortSignal): Promise<void> {
  if (url.protocol !== 'https:' && url.protocol !== 'http:') throw new CheckFailure('invalide', `adresse non web (${url.protocol})`);
  if (options.allowPrivate) return;
  const host = url.hostname.replace(/^\[|\]$/g, '');
  if (host === 'localhost' || host.endsWith('.localhost') || host.endsWith('.local') || host.endsWith('.internal')) {
    throw new CheckFailure('interne', 'adresse interne : non vérifiée');
  }
  let addresses: string[];
  if (isIP(host)) addresses = [host];
  else {
    try {
      addresses = await Promise.race([
        (options.lookup ?? defaultLookup)(host),
        new Promise<never>((_, reject) => deadline.addEventListener('abort', () => reject(new CheckFailure('delai', 'délai dépassé')), { once: true })),
      ]);
    } catch (error) {
      if (error instanceof CheckFailure) throw error;
      throw new CheckFailure('injoignable', 'injoignable : nom de domaine introuvable');
    }
  }
  if (addresses.some(isInternalAddress)) throw new CheckFailure('interne', 'adresse interne : non vérifiée');
}

function networkReason(error: unknown): string {
  const cause = (error as { cause?: { code?: string; message?: string } }).cause;
  const code = cause?.code ?? (error as { code?: string }).code ?? '';
  if (code === 'ENOTFOUND' || code === 'EAI_AGAIN') return 'nom de domaine introuvable';
  if (code === 'ECONNREFUSED') return 'connexion refusée';
  if (code === 'ECONNRESET' || code === 'UND_ERR_SOCKET') return 'connexion interrompue';
  if (code === 'EHOSTUNREACH' || code === 'ENETUNREACH') return 'serveur inaccessible';
  if (/CERT|SSL|TLS|SELF_SIGNED|UNABLE_TO_VERIFY/i.test(code)) return 'certificat HTTPS invalide';
  return code ? `erreur réseau (${code})` : 'erreur réseau';
}

function httpMessage(status: number): string {
  if (status === 404 || status === 410) return `page introuvable (${status})`;
  if (status === 401 || status === 403) return `accès refusé (${status}) : le site bloque peut-être les robots, à vérifier à la main`;
  if (status === 429) return 'trop de requêtes (429) : à revérifier plus tard';
  if (status >= 500) return `erreur du serveur (${status})`;
  return `réponse ${status}`;
}

/** One request, redirects followed by hand. Returns the final response status and URL. */
async function request(method: 'HEAD' | 'GET', start: URL, options: LinkCheckOptions, signal: AbortSignal) {
  const doFetch = options.fetch ?? fetch;
  let url = start;
  for (let hop = 0; ; hop++) {
    await assertPublic(url, options, signal);
    const response = await doFetch(url, {
      method,
      redirect: 'manual',
      signal,
      headers: { 'user-agent': options.userAgent ?? USER_AGENT, accept: 'text/html,application/xhtml+xml,*/*;q=0.8' },
    });
    // Never download a page: its status is all we need.
    await response.body?.cancel().catch(() => undefined);
    const location = response.headers.get('location');
    if (response.status >= 300 && response.status < 400 && location) {
      if (hop >= (options.maxRedirects ?? 5)) throw new CheckFailure('erreur-http', 'trop de redirections');
      url = new URL(location, url);
      continue;
    }
    return { status: response.status, url };
  }
}

export async function checkLink(address: string, options: LinkCheckOptions = {}): Promise<LinkResult> {
  const started = performance.now();
  const timeoutMs = options.timeoutMs ?? DEFAULT_LINK_TIMEOUT_MS;
  const done = (status: LinkStatus, message: string, extra: Partial<LinkResult> = {}): LinkResult => ({
    url: address,
    status,
    message,
    durationMs: Math.round(performance.now() - started),
    ...extra,
  });
  let url: URL;
  try {
    url = new URL(address);
  } catch {
    return done('invalide', 'adresse mal formée');
  }
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(new CheckFailure('delai', 'délai dépassé')), timeoutMs);
  const seconds = `${Math.round(timeoutMs / 100) / 10} s`.replace('.', ',');
  try {
    let result = await request('HEAD', url, options, controller.signal);
    // Many servers answer HEAD badly (405, 403, 404…): a GET is the real test.
    if (result.status >= 400) result = await request('GET', url, options, controller.signal);
    const moved = result.url.href !== url.href && result.url.host !== url.host ? { finalUrl: result.url.href } : {};
    if (result.status >= 200 && result.status < 300) {
      return done('ok', moved.finalUrl ? `répond (${result.status}) après redirection vers ${result.url.host}` : `répond (${result.status})`, {
        httpStatus: result.status,
        ...moved,
      });
    }
    return done('erreur-http', httpMessage(result.status), { httpStatus: result.status, ...moved });
  } catch (error) {
    const failure = error instanceof CheckFailure ? error : controller.signal.aborted ? new CheckFailure('delai', 'délai dépassé') : undefined;
    if (failure?.status === 'delai') return done('delai', `ne répond pas en ${seconds}`);
    if (failure) return done(failure.status, failure.message);
    return done('injoignable', `injoignable : ${networkReason(error)}`);
  } finally {
    clearTimeout(timer);
  }
}

/** Checks many addresses, a few at a time, each once. */
export async function checkLinks(addresses: Iterable<string>, options: LinkCheckOptions & { concurrency?: number } = {}): Promise<Map<string, LinkResult>> {
  const unique = [...new Set(addresses)];
  const results = new Map<string, LinkResult>();
  await mapLimit(unique, options.concurrency ?? 6, async (address) => results.set(address, await checkLink(address, options)));
  return results;
}

/** The interface the report and the scheduled check depend on (tests give a fake one). */
export type LinkChecker = (address: string) => Promise<LinkResult>;

export function createLinkChecker(options: LinkCheckOptions = {}): LinkChecker {
  return (address) => checkLink(address, options);
}
