/**
 * Merge requests. For the contribution function: find the one of a branch, open one exactly once
 * (gitbeaker, retried). For the moderation report: the open merge requests into a branch with the
 * base commit GitLab computed (rest.ts, never retried blindly).
 */
import type { ProjectContext } from './resources.ts';
import type { Rest } from './rest.ts';
import { GitlabFailure, isResourceLock } from './retry.ts';

export interface NewMergeRequest {
  branch: string;
  title: string;
  description: string;
  labels: string[];
}

export interface MergeRequestOutcome {
  branch: string;
  url?: string;
  /** True when the merge request was there before this call. */
  alreadyExisted: boolean;
}

interface KnownMergeRequest {
  web_url?: unknown;
  state?: unknown;
  source_branch?: unknown;
}

/** app/models/concerns/issuable.rb: TITLE_LENGTH_MAX = 255 characters, DESCRIPTION_LENGTH_MAX = 1 MiB. */
export function checkMergeRequestText(title: string, description: string): void {
  if ([...title].length > 255 || Buffer.byteLength(description) > 1024 * 1024) {
    throw new TypeError('Backend GitLab : titre (255 caractères) ou description (1 Mio) trop longs pour GitLab.');
  }
}

const existed = (branch: string, mr: KnownMergeRequest): MergeRequestOutcome => ({
  branch,
  ...(typeof mr.web_url === 'string' ? { url: mr.web_url } : {}),
  alreadyExisted: true,
});

export function mergeRequests({ projectId, api, retrier }: ProjectContext) {
  /** The merge requests of a branch, the open one first (GitLab lists the newest first). */
  async function find(branch: string, deadline: number): Promise<{ outcome: MergeRequestOutcome; opened: boolean } | undefined> {
    const list = (await retrier.withRetries(deadline, 'en cherchant la merge request existante', () =>
      api.mergeRequests.all({ projectId, sourceBranch: branch, maxPages: 1, perPage: 20 }),
    )) as KnownMergeRequest[];
    const mine = Array.isArray(list) ? list.filter((mr) => mr.source_branch === branch) : [];
    const known = mine.find((mr) => mr.state === 'opened') ?? mine[0];
    return known ? { outcome: existed(branch, known), opened: known.state === 'opened' } : undefined;
  }

  /**
   * One merge request. GitLab takes no lock to create one (MergeRequests::CreateService), so a
   * request that timed out may still be at work: before every new attempt, look for an open merge
   * request from the branch instead of sending a second creation. Answers (lib/api/helpers/
   * merge_requests_helpers.rb): 409 validate_branches (« Another open merge request already exists
   * for this source branch: !12 »), 422 for the branch errors of MergeRequests::BuildService
   * (« Source branch "x" does not exist »), 409 « Resource lock » (retried).
   */
  async function open(request: NewMergeRequest, target: string, deadline: number): Promise<MergeRequestOutcome> {
    const CONFLICT = Symbol('merge request conflict');
    const created = await retrier.withRetries(
      deadline,
      'en ouvrant la merge request',
      () =>
        api.mergeRequests.create(projectId, request.branch, target, request.title, {
          description: request.description,
          labels: request.labels.join(','),
          removeSourceBranch: true,
        }),
      (error) => (error.kind === 'http' && error.status === 409 && !isResourceLock(error) ? CONFLICT : undefined),
      async () => {
        const known = await find(request.branch, deadline);
        return known?.opened ? known.outcome : undefined;
      },
    );
    if (created !== CONFLICT) {
      if ((created as MergeRequestOutcome).alreadyExisted === true) return created as MergeRequestOutcome;
      const url = (created as { web_url?: unknown }).web_url;
      return { branch: request.branch, ...(typeof url === 'string' ? { url } : {}), alreadyExisted: false };
    }
    const known = await find(request.branch, deadline);
    if (!known) {
      throw new GitlabFailure(`GitLab a refusé d’ouvrir la merge request (409) et aucune merge request n’existe pour la branche ${request.branch}.`, 'rejected', 409, 1);
    }
    return known.outcome;
  }

  return {
    /** The merge request of `branch` (open or closed), as an « already existed » outcome. */
    find: async (branch: string, deadline: number) => (await find(branch, deadline))?.outcome,
    open,
  };
}

/** An open merge request as GitLab describes it (never as its branch says). */
export interface OpenMergeRequest {
  iid: number;
  headSha: string;
  baseSha: string;
  title: string;
  webUrl?: string;
}

interface MergeRequestJson {
  iid: number;
  sha?: string;
  title?: string;
  web_url?: string;
  diff_refs?: { base_sha?: string; head_sha?: string } | null;
}

/**
 * The open merge requests into `targetBranch`, most recently updated first, at most `limit`, each
 * with the base commit GitLab computed (`diff_refs.base_sha`, one request per merge request: the
 * list does not carry it). A merge request GitLab gives no base for is skipped.
 */
export async function openMergeRequests(rest: Rest, targetBranch: string, limit = 20): Promise<OpenMergeRequest[]> {
  const query = `state=opened&target_branch=${encodeURIComponent(targetBranch)}&order_by=updated_at&sort=desc&per_page=${Math.min(limit, 100)}&page=1`;
  const { data: list } = await rest.call<MergeRequestJson[]>('GET', `${rest.projectRoute}/merge_requests?${query}`);
  const result: OpenMergeRequest[] = [];
  for (const item of list.slice(0, limit)) {
    const { data: mr } = await rest.call<MergeRequestJson>('GET', rest.mergeRequestRoute(item.iid));
    const baseSha = mr.diff_refs?.base_sha;
    const headSha = mr.diff_refs?.head_sha ?? mr.sha;
    if (!baseSha || !headSha) continue;
    result.push({ iid: mr.iid, headSha, baseSha, title: mr.title ?? '', webUrl: mr.web_url });
  }
  return result;
}
