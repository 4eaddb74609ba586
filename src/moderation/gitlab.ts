/**
 * The little of GitLab's REST API the moderation jobs need, with fetch: one comment per merge
 * request (found again by the hidden marker it starts with, whoever the token's bot user is, and
 * updated, never duplicated), one issue for the scheduled check (found again by its label and
 * title), and what the scheduled report job reads about open merge requests (their head and base
 * commits, the state of their latest pipeline and of its preview job). Every request has its own timeout and
 * nothing is retried blindly: a second run finds what the first one wrote.
 * The token is sent in a header and never appears in an error message.
 */

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

interface Note {
  id: number;
  body: string;
  system?: boolean;
  author?: { id: number; username?: string };
}

interface Issue {
  id: number;
  iid: number;
  title: string;
  state: 'opened' | 'closed';
  description?: string | null;
  labels?: string[];
  web_url?: string;
}

interface MergeRequest {
  iid: number;
  sha?: string;
  title?: string;
  web_url?: string;
  diff_refs?: { base_sha?: string; head_sha?: string } | null;
}

interface Pipeline {
  id: number;
  sha?: string;
  status?: string;
  web_url?: string;
  project_id?: number;
}

interface Job {
  id: number;
  name: string;
  status: string;
}

/** An open merge request as GitLab describes it (never as its branch says). */
export interface OpenMergeRequest {
  iid: number;
  headSha: string;
  baseSha: string;
  title: string;
  webUrl?: string;
}

/** The latest pipeline of a merge request and its `apercu` job, when there is one. */
export interface MergeRequestPipelineState {
  pipelineId: number;
  sha?: string;
  status?: string;
  webUrl?: string;
  projectId?: number;
  preview?: { jobId: number; status: string };
}

export function createGitLabClient(options: GitLabOptions) {
  const api = options.apiUrl.replace(/\/+$/, '');
  const project = encodeURIComponent(options.projectId);
  const doFetch = options.fetch ?? fetch;
  const timeoutMs = options.timeoutMs ?? 15_000;

  async function call<T>(method: string, route: string, body?: unknown): Promise<{ data: T; headers: Headers }> {
    let response: Response;
    try {
      response = await doFetch(`${api}${route}`, {
        method,
        headers: {
          'private-token': options.token,
          accept: 'application/json',
          ...(body === undefined ? {} : { 'content-type': 'application/json' }),
        },
        body: body === undefined ? undefined : JSON.stringify(body),
        signal: AbortSignal.timeout(timeoutMs),
      });
    } catch (error) {
      const reason = (error as Error).name === 'TimeoutError' ? `pas de réponse en ${timeoutMs / 1000} s` : 'GitLab injoignable';
      throw new GitLabError(`${method} ${route.split('?')[0]} : ${reason}`);
    }
    if (!response.ok) {
      const hint =
        response.status === 401
          ? ' (jeton absent, expiré ou révoqué)'
          : response.status === 403
            ? ' (le jeton n’a pas les droits nécessaires)'
            : response.status === 404
              ? ' (projet, merge request ou ticket introuvable pour ce jeton)'
              : '';
      await response.body?.cancel().catch(() => undefined);
      throw new GitLabError(`${method} ${route.split('?')[0]} : réponse ${response.status}${hint}`, response.status);
    }
    const text = await response.text();
    return { data: (text ? JSON.parse(text) : undefined) as T, headers: response.headers };
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

  const mergeRequestRoute = (iid: string | number) => `/projects/${project}/merge_requests/${encodeURIComponent(String(iid))}`;

  return {
    /**
     * The open merge requests into `targetBranch`, most recently updated first, at most `limit`,
     * each with the base commit GitLab computed (`diff_refs.base_sha`, one request per merge
     * request: the list does not carry it). A merge request GitLab gives no base for is skipped.
     */
    async openMergeRequests(targetBranch: string, limit = 20): Promise<OpenMergeRequest[]> {
      const query = `state=opened&target_branch=${encodeURIComponent(targetBranch)}&order_by=updated_at&sort=desc&per_page=${Math.min(limit, 100)}&page=1`;
      const { data: list } = await call<MergeRequest[]>('GET', `/projects/${project}/merge_requests?${query}`);
      const result: OpenMergeRequest[] = [];
      for (const item of list.slice(0, limit)) {
        const { data: mr } = await call<MergeRequest>('GET', mergeRequestRoute(item.iid));
        const baseSha = mr.diff_refs?.base_sha;
        const headSha = mr.diff_refs?.head_sha ?? mr.sha;
        if (!baseSha || !headSha) continue;
        result.push({ iid: mr.iid, headSha, baseSha, title: mr.title ?? '', webUrl: mr.web_url });
      }
      return result;
    },

    /** The newest pipeline of a merge request and its `apercu` job; undefined without pipeline. */
    async mergeRequestPipelineState(mrIid: string | number): Promise<MergeRequestPipelineState | undefined> {
      const { data: pipelines } = await call<Pipeline[]>('GET', `${mergeRequestRoute(mrIid)}/pipelines?per_page=1&page=1`);
      const latest = pipelines[0];
      if (!latest) return undefined;
      const state: MergeRequestPipelineState = { pipelineId: latest.id, sha: latest.sha, status: latest.status, webUrl: latest.web_url, projectId: latest.project_id };
      // A merge request from a fork may run its pipeline in the fork: its jobs are not ours to read.
      try {
        const jobs = await all<Job>(`/projects/${project}/pipelines/${latest.id}/jobs?include_retried=false`, 3);
        const preview = jobs.filter((j) => j.name === 'apercu').sort((a, b) => b.id - a.id)[0];
        if (preview) state.preview = { jobId: preview.id, status: preview.status };
      } catch (error) {
        if (!(error instanceof GitLabError) || (error.status !== 404 && error.status !== 403)) throw error;
      }
      return state;
    },

    /**
     * The body of the report comment this token's bot user wrote (the last of its notes that start
     * with `marker`), if any. Anybody who may comment can write a note that starts with the marker:
     * only the bot's own note says what the report already describes. Undefined when GitLab does
     * not say who the token is.
     */
    async findOwnMergeRequestNote(mrIid: string | number, marker: string): Promise<string | undefined> {
      const me = await currentUserId();
      if (me === undefined) return undefined;
      const notes = await all<Note>(`${mergeRequestRoute(mrIid)}/notes?sort=asc&order_by=created_at`);
      return notes.filter((n) => !n.system && n.author?.id === me && n.body.trimStart().startsWith(marker)).at(-1)?.body;
    },

    /**
     * Creates the merge request comment that starts with `marker`, or updates the one written
     * before. The report is recognised by its marker, not by its author's id: renewing the token
     * with GitLab's « Rotate » keeps the same bot user, and our own earlier notes come first. A
     * note we may not edit (GitLab lets only a note's author edit it: 403), e.g. one left by a
     * token created anew instead of rotated, is skipped, and one new report is written, which the
     * next runs update. A comment that merely quotes the marker is never touched. An unchanged
     * body is left alone (no notification, no « edited » mark).
     */
    async upsertMergeRequestNote(mrIid: string | number, body: string, marker: string): Promise<{ action: 'créé' | 'mis à jour' | 'inchangé'; noteId: number }> {
      if (!body.trimStart().startsWith(marker)) throw new GitLabError('le commentaire doit commencer par son marqueur');
      const base = `/projects/${project}/merge_requests/${encodeURIComponent(String(mrIid))}/notes`;
      const notes = await all<Note>(`${base}?sort=asc&order_by=created_at`);
      const reports = notes.filter((n) => !n.system && n.body.trimStart().startsWith(marker));
      const me = reports.length > 0 ? await currentUserId() : undefined;
      const mine = (n: Note) => me !== undefined && n.author?.id === me;
      // Ours first, then the newest report left by an earlier token.
      const candidates = [...reports.filter(mine), ...reports.filter((n) => !mine(n)).reverse()];
      for (const note of candidates) {
        if (note.body.trim() === body.trim()) return { action: 'inchangé', noteId: note.id };
        try {
          await call('PUT', `${base}/${note.id}`, { body });
          return { action: 'mis à jour', noteId: note.id };
        } catch (error) {
          if (!(error instanceof GitLabError) || error.status !== 403) throw error;
        }
      }
      const { data } = await call<Note>('POST', base, { body });
      return { action: 'créé', noteId: data.id };
    },

    /**
     * Keeps one issue with this label and title up to date. `open: false` closes it (the problems
     * are gone) and creates nothing; `open: true` creates it, or updates and reopens it.
     */
    async upsertIssue(input: {
      title: string;
      label: string;
      description: string;
      open: boolean;
    }): Promise<{ action: 'créé' | 'mis à jour' | 'fermé' | 'rien'; iid?: number; url?: string }> {
      const route = `/projects/${project}/issues`;
      const issues = await all<Issue>(`${route}?labels=${encodeURIComponent(input.label)}&state=all&order_by=created_at&sort=asc`, 5);
      const existing = issues.find((i) => i.title === input.title && i.state === 'opened') ?? issues.find((i) => i.title === input.title);
      if (!existing) {
        if (!input.open) return { action: 'rien' };
        const { data } = await call<Issue>('POST', route, { title: input.title, description: input.description, labels: input.label });
        return { action: 'créé', iid: data.iid, url: data.web_url };
      }
      const update: Record<string, string> = {};
      if ((existing.description ?? '').trim() !== input.description.trim()) update.description = input.description;
      if (input.open && existing.state === 'closed') update.state_event = 'reopen';
      if (!input.open && existing.state === 'opened') update.state_event = 'close';
      if (Object.keys(update).length > 0) await call('PUT', `${route}/${existing.iid}`, update);
      return { action: input.open ? 'mis à jour' : existing.state === 'opened' ? 'fermé' : 'rien', iid: existing.iid, url: existing.web_url };
    },
  };
}

export type GitLabClient = ReturnType<typeof createGitLabClient>;
