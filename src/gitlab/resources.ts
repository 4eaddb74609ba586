/**
 * What the contribution function's GitLab modules (files.ts, commits.ts, merge-requests.ts,
 * feature-flags.ts) share: gitbeaker's resources built on the one requester (requester.ts), the
 * retrier, the project and the time budget of one call.
 */
import { Branches, Commits, FeatureFlags, MergeRequests, Projects, Repositories, RepositoryFiles } from '@gitbeaker/rest';
import type { Requester } from './requester.ts';
import type { Retrier } from './retry.ts';

/** gitbeaker's resources; every request goes through `requester.exchange`: no hidden retries, a timeout, no redirects. */
export function createResources(requester: Requester, token: string, timeoutMs: number) {
  const host = requester.apiUrl.replace(/\/api\/v4$/, '');
  // Empty rateLimits: GitLab's own 429s are handled by the retrier; no client-side queue.
  const config = { host, token, queryTimeout: timeoutMs, requesterFn: requester.gitbeakerRequester(), rateLimits: {} };
  return {
    projects: new Projects(config),
    commits: new Commits(config),
    mergeRequests: new MergeRequests(config),
    featureFlags: new FeatureFlags(config),
    branches: new Branches(config),
    files: new RepositoryFiles(config),
    repositories: new Repositories(config),
  };
}

export type Resources = ReturnType<typeof createResources>;

/** One project, its resources and how its calls are retried. */
export interface ProjectContext {
  /** Numeric id or full path (e.g. framasoft/framalibre). */
  projectId: string;
  api: Resources;
  retrier: Retrier;
  /** Longest time one operation may take, all its requests and retries included. */
  budgetMs: number;
}
