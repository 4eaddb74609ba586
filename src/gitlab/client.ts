/**
 * The little of GitLab the moderation jobs need, in one object: one comment per merge request
 * (notes.ts), one issue for the scheduled check (issues.ts), and what the scheduled report job
 * reads about open merge requests (merge-requests.ts, pipelines.ts). Every request has its own
 * timeout (rest.ts) and the token is never in an error message.
 */
import { type IssueInput, upsertIssue } from './issues.ts';
import { openMergeRequests } from './merge-requests.ts';
import { findOwnMergeRequestNote, upsertMergeRequestNote } from './notes.ts';
import { mergeRequestPipelineState } from './pipelines.ts';
import { createRest, type GitLabOptions } from './rest.ts';

export { GitLabError, type GitLabOptions } from './rest.ts';
export type { OpenMergeRequest } from './merge-requests.ts';
export type { MergeRequestPipelineState } from './pipelines.ts';

export function createGitLabClient(options: GitLabOptions) {
  const rest = createRest(options);
  return {
    openMergeRequests: (targetBranch: string, limit = 20) => openMergeRequests(rest, targetBranch, limit),
    mergeRequestPipelineState: (mrIid: string | number) => mergeRequestPipelineState(rest, mrIid),
    findOwnMergeRequestNote: (mrIid: string | number, marker: string) => findOwnMergeRequestNote(rest, mrIid, marker),
    upsertMergeRequestNote: (mrIid: string | number, body: string, marker: string) => upsertMergeRequestNote(rest, mrIid, body, marker),
    upsertIssue: (input: IssueInput) => upsertIssue(rest, input),
  };
}

export type GitLabClient = ReturnType<typeof createGitLabClient>;
