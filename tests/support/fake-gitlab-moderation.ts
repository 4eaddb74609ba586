/**
 * The part of the fake GitLab (fake-gitlab.ts) the moderation jobs use, answering as GitLab's REST
 * API does: GET /user (the token's bot user), a merge request's notes (GET paginated, POST, PUT:
 * only a note's author may edit it, 403 otherwise, as Notes::UpdateService's policy), project
 * issues (GET by label, POST, PUT with state_event), a merge request's pipelines (newest first)
 * and a pipeline's jobs. Lists are paginated by fake-gitlab.ts (x-next-page).
 */

export interface FakeNote {
  id: number;
  body: string;
  system: boolean;
  author: { id: number; username: string };
}

export interface FakeIssue {
  id: number;
  iid: number;
  title: string;
  description: string;
  labels: string[];
  state: 'opened' | 'closed';
  web_url: string;
}

export interface FakeJob {
  id: number;
  name: string;
  status: string;
}

export interface FakePipeline {
  id: number;
  sha: string;
  status: string;
  project_id: number;
  web_url: string;
  jobs: FakeJob[];
}

/** What the moderation routes read and write of the fake's state. */
export interface ModerationState {
  /** Merge request iid → its notes, oldest first. */
  notes: Map<string, FakeNote[]>;
  issues: FakeIssue[];
  mergeRequests: Array<{ iid: number; pipelines?: FakePipeline[] }>;
}

export interface Caller {
  userId: number;
  username: string;
}

type Answer = [number, unknown];
const NOT_FOUND: Answer = [404, { message: '404 Not found' }];

function noteRoutes(state: ModerationState, method: string, rest: string[], body: Record<string, unknown>, caller: Caller, nextId: () => number): Answer | undefined {
  if (rest[0] !== 'merge_requests' || rest[2] !== 'notes' || rest.length > 4) return undefined;
  const list = state.notes.get(rest[1]!) ?? [];
  state.notes.set(rest[1]!, list);
  if (method === 'GET' && rest.length === 3) return [200, list];
  if (method === 'POST' && rest.length === 3) {
    if (typeof body.body !== 'string' || body.body === '') return [400, { error: 'body is missing' }];
    const note: FakeNote = { id: nextId(), body: body.body, system: false, author: { id: caller.userId, username: caller.username } };
    list.push(note);
    return [201, note];
  }
  if (method === 'PUT' && rest.length === 4) {
    const note = list.find((n) => n.id === Number(rest[3]));
    if (!note) return NOT_FOUND;
    if (note.author.id !== caller.userId) return [403, { message: '403 Forbidden' }];
    if (typeof body.body === 'string') note.body = body.body;
    return [200, note];
  }
  return undefined;
}

function issueRoutes(
  state: ModerationState,
  method: string,
  rest: string[],
  query: Record<string, string>,
  body: Record<string, unknown>,
  nextId: () => number,
): Answer | undefined {
  if (rest[0] !== 'issues' || rest.length > 2) return undefined;
  if (method === 'GET' && rest.length === 1) {
    const label = query.labels;
    const wanted = query.state ?? 'all';
    return [200, state.issues.filter((i) => (!label || i.labels.includes(label)) && (wanted === 'all' || i.state === wanted))];
  }
  if (method === 'POST' && rest.length === 1) {
    if (typeof body.title !== 'string' || body.title === '') return [400, { error: 'title is missing' }];
    const iid = state.issues.length + 1;
    const labels = String(body.labels ?? '')
      .split(',')
      .map((l) => l.trim())
      .filter(Boolean);
    const description = typeof body.description === 'string' ? body.description : '';
    const issue: FakeIssue = { id: nextId(), iid, title: body.title, description, labels, state: 'opened', web_url: `https://gitlab.example.org/p/-/issues/${iid}` };
    state.issues.push(issue);
    return [201, issue];
  }
  if (method === 'PUT' && rest.length === 2) {
    const issue = state.issues.find((i) => i.iid === Number(rest[1]));
    if (!issue) return NOT_FOUND;
    if (typeof body.description === 'string') issue.description = body.description;
    if (body.state_event === 'close') issue.state = 'closed';
    if (body.state_event === 'reopen') issue.state = 'opened';
    return [200, issue];
  }
  return undefined;
}

function pipelineRoutes(state: ModerationState, method: string, rest: string[]): Answer | undefined {
  if (method !== 'GET') return undefined;
  if (rest[0] === 'merge_requests' && rest[2] === 'pipelines' && rest.length === 3) {
    const mr = state.mergeRequests.find((m) => String(m.iid) === rest[1]);
    return mr ? [200, (mr.pipelines ?? []).map(({ jobs: _jobs, ...pipeline }) => pipeline)] : NOT_FOUND;
  }
  if (rest[0] === 'pipelines' && rest[2] === 'jobs' && rest.length === 3) {
    const pipeline = state.mergeRequests.flatMap((m) => m.pipelines ?? []).find((p) => String(p.id) === rest[1]);
    return pipeline ? [200, pipeline.jobs] : NOT_FOUND;
  }
  return undefined;
}

/** Answers a moderation route under /projects/:id (`rest` is the path after it), or undefined. */
export function moderationRoute(
  state: ModerationState,
  request: { method: string; rest: string[]; query: Record<string, string>; body: Record<string, unknown> },
  caller: Caller,
  nextId: () => number,
): Answer | undefined {
  const { method, rest, query, body } = request;
  return noteRoutes(state, method, rest, body, caller, nextId) ?? issueRoutes(state, method, rest, query, body, nextId) ?? pipelineRoutes(state, method, rest);
}

/**
 * One page of a list as GitLab serves it: `per_page` (default 20, at most 100 — or less when the
 * fake is told so), `page` (default 1), and the x-page, x-per-page, x-total, x-total-pages and
 * x-next-page headers (empty on the last page).
 */
export function paginate(list: unknown[], query: Record<string, string>, maxPerPage = 100): { page: unknown[]; headers: Record<string, string> } {
  const perPage = Math.max(1, Math.min(Number(query.per_page ?? 20) || 20, maxPerPage));
  const page = Math.max(1, Number(query.page ?? 1) || 1);
  const totalPages = Math.max(1, Math.ceil(list.length / perPage));
  return {
    page: list.slice((page - 1) * perPage, page * perPage),
    headers: {
      'x-page': String(page),
      'x-per-page': String(perPage),
      'x-total': String(list.length),
      'x-total-pages': String(totalPages),
      'x-next-page': page < totalPages ? String(page + 1) : '',
    },
  };
}
