/**
 * Reading the repository: the project's default branch (cached), a file on it with its
 * `last_commit_id`, and a file at a given version (its git blob id).
 */
import { VERSION_PATTERN } from '../notices/version.ts';
import type { ProjectContext } from './resources.ts';
import { GitlabFailure, isMissing } from './retry.ts';

const PROJECT_CACHE_MS = 10 * 60_000;

/** A file as it is on the target branch right now. */
export interface BranchFileContent {
  content: string;
  /** The commit that last changed this file on the target branch. */
  lastCommitId: string;
}

/** Paths GitLab could read in an unexpected place are refused before any request. */
export function checkPath(file: string): void {
  const segments = file.split('/');
  if (file.startsWith('/') || file.includes('\\') || file.includes('\0') || segments.some((s) => s === '' || s === '.' || s === '..' || s === '.git')) {
    throw new TypeError('Backend GitLab : chemin de fichier refusé dans la proposition.');
  }
}

const decoded = (shown: { content: string; encoding?: unknown }) => (shown.encoding === 'base64' ? Buffer.from(shown.content, 'base64').toString('utf8') : shown.content);

/** The project's default branch (the target of every proposal), cached per instance. */
export function defaultBranchReader({ projectId, api, retrier }: ProjectContext) {
  let project: { defaultBranch: string; at: number } | undefined;
  return async function defaultBranch(deadline: number): Promise<string> {
    if (project && Date.now() - project.at < PROJECT_CACHE_MS) return project.defaultBranch;
    const shown = (await retrier.withRetries(deadline, 'en lisant le projet', () => api.projects.show(projectId))) as { default_branch?: unknown };
    if (typeof shown.default_branch !== 'string' || shown.default_branch === '') {
      throw new GitlabFailure('Le projet GitLab n’a pas de branche par défaut (dépôt vide ?).', 'invalid-response', undefined, 1);
    }
    project = { defaultBranch: shown.default_branch, at: Date.now() };
    return project.defaultBranch;
  };
}

/**
 * A file on the target branch now: GET /projects/:id/repository/files/:file_path?ref= (lib/api/
 * files.rb), base64 content and `last_commit_id`, the commit that last changed this path — the
 * value Files::MultiService compares when a commit's update action carries it.
 */
export function fileReader(context: ProjectContext, defaultBranch: (deadline: number) => Promise<string>) {
  const { projectId, api, retrier, budgetMs } = context;
  return async function readFile(file: string): Promise<BranchFileContent | undefined> {
    checkPath(file);
    const deadline = Date.now() + budgetMs;
    const ref = await defaultBranch(deadline);
    const MISSING = Symbol('missing');
    const answer = await retrier.withRetries(
      deadline,
      'en lisant la notice sur la branche cible',
      () => api.files.show(projectId, file, ref),
      (error) => (isMissing(error) ? MISSING : undefined),
    );
    if (answer === MISSING) return undefined;
    const shown = answer as { content?: unknown; encoding?: unknown; last_commit_id?: unknown };
    if (typeof shown.content !== 'string' || typeof shown.last_commit_id !== 'string') {
      throw new GitlabFailure('GitLab a donné une réponse illisible en lisant la notice sur la branche cible.', 'invalid-response', undefined, 1);
    }
    return { content: decoded({ content: shown.content, encoding: shown.encoding }), lastCommitId: shown.last_commit_id };
  };
}

/**
 * A notice at a given version: GET /projects/:id/repository/blobs/:sha (lib/api/repositories.rb:
 * `{ size, encoding: "base64", content, sha }`, « 404 Blob Not Found » when the repository does
 * not hold it). The base of a three-way edit.
 */
export function versionReader({ projectId, api, retrier, budgetMs }: ProjectContext) {
  return async function readVersion(version: string): Promise<string | undefined> {
    if (!VERSION_PATTERN.test(version)) return undefined;
    const MISSING = Symbol('missing');
    const answer = await retrier.withRetries(
      Date.now() + budgetMs,
      'en lisant la version de la notice d’où part la modification',
      () => api.repositories.showBlob(projectId, version),
      (error) => (isMissing(error) ? MISSING : undefined),
    );
    if (answer === MISSING) return undefined;
    const shown = answer as { content?: unknown; encoding?: unknown };
    if (typeof shown.content !== 'string') {
      throw new GitlabFailure('GitLab a donné une réponse illisible en lisant une version de la notice.', 'invalid-response', undefined, 1);
    }
    return decoded({ content: shown.content, encoding: shown.encoding });
  };
}
