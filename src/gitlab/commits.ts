/**
 * One commit on a new branch cut from the target branch (POST /projects/:id/repository/commits),
 * idempotent: a branch already there holds the same commit (its name is derived from the content).
 */
import type { CommitAction } from '@gitbeaker/rest';
import type { AttemptError } from './requester.ts';
import type { ProjectContext } from './resources.ts';

export interface CommitFile {
  path: string;
  content: string | Uint8Array;
  action: 'create' | 'update';
  /** For an update: the `last_commit_id` read with the file; GitLab refuses the commit if it moved since. */
  lastCommitId?: string;
}

export interface CommitRequest {
  branch: string;
  message: string;
  files: CommitFile[];
}

/** `stale`: the target branch changed `path` since it was read; nothing was created. */
export type CommitOutcome = { kind: 'created' } | { kind: 'branch-existed' } | { kind: 'stale'; path: string };

const actionsOf = (files: CommitFile[]): CommitAction[] =>
  files.map((file) => {
    const last = file.action === 'update' && file.lastCommitId ? { lastCommitId: file.lastCommitId } : {};
    return typeof file.content === 'string'
      ? { action: file.action, filePath: file.path, content: file.content, encoding: 'text', ...last }
      : { action: file.action, filePath: file.path, content: Buffer.from(file.content).toString('base64'), encoding: 'base64', ...last };
  });

/** lib/api/commits.rb answers every Files::MultiService refusal with 400; which ones say « already done » or « stale ». */
function readRefusal(error: AttemptError, files: CommitFile[]): CommitOutcome | undefined {
  if (/branch called .* already exists/i.test(error.detail)) return { kind: 'branch-existed' };
  const changed = /has changed since you started editing it:?\s*`?([^`\s]+)`?/i.exec(error.detail);
  if (changed) return { kind: 'stale', path: changed[1]! };
  if (/file with (this|the) name .*already exists/i.test(error.detail)) {
    const named = /`([^`]+)`/.exec(error.detail)?.[1];
    return { kind: 'stale', path: named ?? files.find((f) => f.action === 'create')?.path ?? files[0]!.path };
  }
  return undefined;
}

/** A 400 answer to the commit, read (`outcome`) or not understood. */
class Refusal {
  readonly outcome: CommitOutcome | undefined;
  readonly error: AttemptError;
  constructor(outcome: CommitOutcome | undefined, error: AttemptError) {
    this.outcome = outcome;
    this.error = error;
  }
}

export function committer({ projectId, api, retrier }: ProjectContext) {
  /** After an unexpected 400 on the commit: did a concurrent identical submission create the branch? */
  async function branchExists(branch: string, deadline: number): Promise<boolean> {
    const MISSING = Symbol('missing');
    const answer = await retrier.withRetries(
      deadline,
      'en vérifiant la branche',
      () => api.branches.show(projectId, branch),
      (error) => (error.kind === 'http' && error.status === 404 ? MISSING : undefined),
    );
    return answer !== MISSING;
  }

  /**
   * « A branch called '…' already exists » (Commits::CreateService#validate_branch_existence!):
   * already done. « The file has changed since you started editing it: <path> »
   * (validate_file_status!, the last_commit_id check) and « A file with this name already exists »
   * (a created file that is there now): the target branch moved, `stale`.
   */
  return async function commit(request: CommitRequest, target: string, deadline: number): Promise<CommitOutcome> {
    const committed = await retrier.withRetries(
      deadline,
      'en créant le commit',
      () => api.commits.create(projectId, request.branch, request.message, actionsOf(request.files), { startBranch: target }),
      (error) => (error.kind === 'http' && error.status === 400 ? new Refusal(readRefusal(error, request.files), error) : undefined),
    );
    if (!(committed instanceof Refusal)) return { kind: 'created' };
    if (committed.outcome) return committed.outcome;
    // Two identical submissions racing on GitLab can make the loser fail with another 400
    // ("Could not update branch…"); the branch then exists and holds the same content.
    if (!(await branchExists(request.branch, deadline))) throw retrier.failure('en créant le commit', committed.error, 1);
    return { kind: 'branch-existed' };
  };
}
