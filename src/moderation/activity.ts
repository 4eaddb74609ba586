/**
 * Is a software still alive? The notice's `code_source` points at a forge; its API says when the
 * repository last moved (GitHub `pushed_at`, GitLab `last_activity_at`, Gitea/Forgejo
 * `updated_at`), whether it is archived, and its latest release. Behind one small interface so that the scheduled
 * check can be tested against a loopback server; unknown forges answer « inconnu », never an error.
 */

export type ForgeKind = 'github' | 'gitlab' | 'gitea';

export interface ForgeConfig {
  kind: ForgeKind;
  /** API root: https://api.github.com, https://gitlab.com/api/v4, https://codeberg.org/api/v1 */
  api: string;
}

export type ActivityStatus = 'actif' | 'inactif' | 'archive' | 'inconnu' | 'erreur';

export interface ActivityResult {
  url: string;
  status: ActivityStatus;
  /** ISO date of the last activity the forge reports. */
  lastActivity?: string;
  /** French, one line. */
  message: string;
  /** Whether the forge says the repository is archived (read-only). */
  archived?: boolean;
  /** The latest published release (drafts and pre-releases left out), when the forge has one. */
  release?: { name: string; date: string };
  /**
   * Every request answered (the repository, and its releases: « none » is an answer): only then
   * may the recorded data of content/activite.yaml change. A rate limit or a forge that is down
   * leaves it false, and the previous record stands.
   */
  complete?: boolean;
}

export interface ActivityChecker {
  check(codeSource: string): Promise<ActivityResult>;
}

export const INACTIVITY_DAYS = 365;

export const KNOWN_FORGES: Record<string, ForgeConfig> = {
  'github.com': { kind: 'github', api: 'https://api.github.com' },
  'gitlab.com': { kind: 'gitlab', api: 'https://gitlab.com/api/v4' },
  'framagit.org': { kind: 'gitlab', api: 'https://framagit.org/api/v4' },
  'gitlab.gnome.org': { kind: 'gitlab', api: 'https://gitlab.gnome.org/api/v4' },
  'invent.kde.org': { kind: 'gitlab', api: 'https://invent.kde.org/api/v4' },
  'salsa.debian.org': { kind: 'gitlab', api: 'https://salsa.debian.org/api/v4' },
  'gitlab.freedesktop.org': { kind: 'gitlab', api: 'https://gitlab.freedesktop.org/api/v4' },
  'gitlab.torproject.org': { kind: 'gitlab', api: 'https://gitlab.torproject.org/api/v4' },
  'code.videolan.org': { kind: 'gitlab', api: 'https://code.videolan.org/api/v4' },
  'codeberg.org': { kind: 'gitea', api: 'https://codeberg.org/api/v1' },
  'gitea.com': { kind: 'gitea', api: 'https://gitea.com/api/v1' },
};

/** The forge and repository path of a code_source address, when we know how to ask. */
export function identifyRepository(url: string, forges: Record<string, ForgeConfig> = KNOWN_FORGES): { forge: ForgeConfig; path: string } | undefined {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return undefined;
  }
  const host = parsed.host.toLowerCase().replace(/^www\./, '');
  let forge = forges[host];
  if (!forge && /^gitlab\./.test(host)) forge = { kind: 'gitlab', api: `${parsed.protocol}//${parsed.host}/api/v4` };
  if (!forge && /^(gitea|forgejo)\./.test(host)) forge = { kind: 'gitea', api: `${parsed.protocol}//${parsed.host}/api/v1` };
  if (!forge) return undefined;
  // GitLab paths stop at « /-/ » (…/projet/-/tree/main); others are owner/repository.
  let segments = parsed.pathname.split('/-/')[0]!.split('/').filter(Boolean);
  if (forge.kind !== 'gitlab') segments = segments.slice(0, 2);
  if (segments.length < 2) return undefined;
  segments[segments.length - 1] = segments[segments.length - 1]!.replace(/\.git$/, '');
  return { forge, path: segments.join('/') };
}

export interface ForgeCheckerOptions {
  fetch?: typeof fetch;
  timeoutMs?: number;
  forges?: Record<string, ForgeConfig>;
  now?: () => Date;
  inactivityDays?: number;
  /** GitHub allows 60 anonymous requests an hour; a token (no scope needed) raises it. */
  githubToken?: string;
}

function frenchDate(iso: string): string {
  const [y, m, d] = iso.slice(0, 10).split('-');
  return `${d}/${m}/${y}`;
}

export function createForgeActivityChecker(options: ForgeCheckerOptions = {}): ActivityChecker {
  const doFetch = options.fetch ?? fetch;
  const timeoutMs = options.timeoutMs ?? 15_000;
  const forges = options.forges ?? KNOWN_FORGES;
  const days = options.inactivityDays ?? INACTIVITY_DAYS;
  return {
    async check(url) {
      const repo = identifyRepository(url, forges);
      if (!repo) return { url, status: 'inconnu', message: 'forge non prise en charge : activité non vérifiée' };
      const { forge } = repo;
      const api = forge.api.replace(/\/+$/, '');
      const endpoint = forge.kind === 'gitlab' ? `${api}/projects/${encodeURIComponent(repo.path)}` : `${api}/repos/${repo.path.split('/').map(encodeURIComponent).join('/')}`;
      const headers: Record<string, string> = { accept: 'application/json', 'user-agent': 'Framalibre-moderation/1.0' };
      if (forge.kind === 'github' && options.githubToken) headers.authorization = `Bearer ${options.githubToken}`;
      let response: Response;
      try {
        response = await doFetch(endpoint, { headers, signal: AbortSignal.timeout(timeoutMs) });
      } catch (error) {
        const reason = (error as Error).name === 'TimeoutError' ? 'la forge ne répond pas' : 'forge injoignable';
        return { url, status: 'erreur', message: reason };
      }
      if (response.status === 404) {
        await response.body?.cancel().catch(() => undefined);
        return { url, status: 'erreur', message: 'dépôt introuvable sur la forge (supprimé, déplacé ou privé)' };
      }
      if (response.status === 403 || response.status === 429) {
        await response.body?.cancel().catch(() => undefined);
        return { url, status: 'inconnu', message: 'limite de requêtes de la forge atteinte : activité non vérifiée' };
      }
      if (!response.ok) {
        await response.body?.cancel().catch(() => undefined);
        return { url, status: 'erreur', message: `la forge répond ${response.status}` };
      }
      let data: Record<string, unknown>;
      try {
        data = (await response.json()) as Record<string, unknown>;
      } catch {
        return { url, status: 'erreur', message: 'réponse illisible de la forge' };
      }
      const field = forge.kind === 'github' ? 'pushed_at' : forge.kind === 'gitlab' ? 'last_activity_at' : 'updated_at';
      const last = typeof data[field] === 'string' ? (data[field] as string) : undefined;
      const archived = data.archived === true;
      const releases = await latestRelease(doFetch, forge.kind, endpoint, headers, timeoutMs);
      const extra = { archived, release: releases.release, complete: releases.answered && (!last || !Number.isNaN(Date.parse(last))) };
      if (archived) {
        return { url, status: 'archive', lastActivity: last, message: `dépôt archivé${last ? ` (dernière activité le ${frenchDate(last)})` : ''}`, ...extra };
      }
      if (!last || Number.isNaN(Date.parse(last))) return { url, status: 'inconnu', message: 'date de dernière activité inconnue', ...extra };
      const age = ((options.now?.() ?? new Date()).getTime() - Date.parse(last)) / 86_400_000;
      if (age > days) {
        const years = Math.floor(age / 365);
        const span = years >= 2 ? `${years} ans` : 'plus d’un an';
        return { url, status: 'inactif', lastActivity: last, message: `aucune activité depuis ${span} (dernière le ${frenchDate(last)})`, ...extra };
      }
      return { url, status: 'actif', lastActivity: last, message: `actif (dernière activité le ${frenchDate(last)})`, ...extra };
    },
  };
}

/**
 * The latest published release, asked the way each forge documents it:
 * - GitHub: GET /repos/{owner}/{repo}/releases/latest — one object (`tag_name`, `name`,
 *   `published_at`), drafts and pre-releases excluded by GitHub, 404 when there is none;
 * - GitLab: GET /projects/{id}/releases — a list, newest `released_at` first, where a future
 *   release carries `upcoming_release: true`;
 * - Gitea/Forgejo: GET /repos/{owner}/{repo}/releases — a list, newest first, with `draft` and
 *   `prerelease` flags and `published_at`.
 * `answered` is false on a rate limit, a network failure or a server error: nothing is known.
 */
async function latestRelease(
  doFetch: typeof fetch,
  kind: ForgeKind,
  repositoryEndpoint: string,
  headers: Record<string, string>,
  timeoutMs: number,
): Promise<{ answered: boolean; release?: { name: string; date: string } }> {
  const url =
    kind === 'github'
      ? `${repositoryEndpoint}/releases/latest`
      : kind === 'gitlab'
        ? `${repositoryEndpoint}/releases?per_page=20`
        : `${repositoryEndpoint}/releases?limit=20&draft=false&pre-release=false`;
  let response: Response;
  try {
    response = await doFetch(url, { headers, signal: AbortSignal.timeout(timeoutMs) });
  } catch {
    return { answered: false };
  }
  if (response.status === 404) {
    await response.body?.cancel().catch(() => undefined);
    return { answered: true };
  }
  if (!response.ok) {
    await response.body?.cancel().catch(() => undefined);
    return { answered: false };
  }
  let body: unknown;
  try {
    body = await response.json();
  } catch {
    return { answered: false };
  }
  const candidates = (Array.isArray(body) ? body : [body]).filter(
    (r): r is Record<string, unknown> => typeof r === 'object' && r !== null && r.draft !== true && r.prerelease !== true && r.upcoming_release !== true,
  );
  for (const candidate of candidates) {
    const name = [candidate.tag_name, candidate.name].find((v): v is string => typeof v === 'string' && v.trim() !== '');
    const when = [candidate.published_at, candidate.released_at, candidate.created_at].find((v): v is string => typeof v === 'string' && !Number.isNaN(Date.parse(v)));
    if (name && when) return { answered: true, release: { name: name.trim(), date: new Date(when).toISOString().slice(0, 10) } };
  }
  return { answered: true };
}
