/**
 * The trusted side of the moderators' report. It runs in the scheduled pipeline of the protected
 * default branch, with the code of that branch and the report token, and treats every open merge
 * request as data only:
 * - what changed comes from git (the `refs/merge-requests/<iid>/head` ref GitLab keeps, checked out
 *   in a throwaway worktree with symbolic links written as plain files and no hook), never from a
 *   file or a variable the branch's pipeline produced;
 * - the base commit, the pipeline state and the preview job come from GitLab's API;
 * - nothing of the branch is executed: no npm script, no test, no build.
 * The report is then computed with the default branch's rules and written as one comment per merge
 * request. A hidden version line (head commit and preview job) lets the next run skip a merge
 * request whose report is already up to date, so a schedule every few minutes costs little.
 */
import { execFileSync } from 'node:child_process';
import { lstatSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { GitLabClient, MergeRequestPipelineState, OpenMergeRequest } from './gitlab.ts';
import type { LinkChecker } from './links.ts';
import { collectReport, REPORT_MARKER, renderReport, type ReportData } from './report.ts';

/** Second line of the comment: which version of the merge request it describes. */
export const REPORT_VERSION_PREFIX = '<!-- framalibre-rapport-version:';

export type RelayClient = Pick<GitLabClient, 'openMergeRequests' | 'mergeRequestPipelineState' | 'findOwnMergeRequestNote' | 'upsertMergeRequestNote'>;

export interface RelayOptions {
  /** The trusted clone (the default branch, checked out by the job). */
  cwd: string;
  client: RelayClient;
  targetBranch: string;
  /** Git remote the merge request refs are fetched from (`origin` in a job). */
  remote?: string;
  /** The preview's address from the `apercu` job's id (artifacts browsed through Pages). */
  previewUrl: (jobId: number) => string | undefined;
  /** The project's numeric id: a pipeline run elsewhere (a fork) gives no preview here. */
  projectId?: string;
  linkChecker?: LinkChecker;
  siteUrl?: string;
  guideUrl?: string;
  /** At most this many merge requests per run (the most recently updated). */
  limit?: number;
  log?: (line: string) => void;
}

export interface RelayOutcome {
  iid: number;
  action: 'créé' | 'mis à jour' | 'inchangé' | 'déjà à jour' | 'ignorée';
  detail?: string;
}

function git(cwd: string, args: string[]): string {
  return execFileSync('git', ['-c', 'core.hooksPath=/dev/null', '-c', 'core.symlinks=false', ...args], {
    cwd,
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'pipe'],
    maxBuffer: 64 * 1024 * 1024,
    env: { ...process.env, GIT_TERMINAL_PROMPT: '0', GIT_LFS_SKIP_SMUDGE: '1' },
    timeout: 120_000,
  }).trim();
}

function gitError(error: unknown): string {
  const stderr = String((error as { stderr?: unknown }).stderr ?? '').trim();
  return stderr.split('\n').at(-1) || (error as Error).message;
}

/** The version line: the head commit and the preview job the report was computed with. */
export function reportVersion(headSha: string, state: MergeRequestPipelineState | undefined): string {
  const preview = state?.preview ? `${state.preview.jobId}-${state.preview.status}` : 'aucun';
  const pipeline = state ? `${state.pipelineId}-${state.status ?? 'inconnu'}` : 'aucun';
  return `${REPORT_VERSION_PREFIX} ${headSha} pipeline=${pipeline} apercu=${preview} -->`;
}

/** What the report says about the preview, from GitLab's own account of the pipeline. */
export function previewOf(state: MergeRequestPipelineState | undefined, headSha: string, options: Pick<RelayOptions, 'previewUrl' | 'projectId'>): ReportData['preview'] {
  if (!state) return { unavailable: 'la merge request n’a pas encore de pipeline' };
  if (options.projectId && state.projectId !== undefined && String(state.projectId) !== options.projectId) {
    return { unavailable: 'le pipeline de cette merge request tourne dans une copie du projet : son aperçu est dans ce pipeline-là' };
  }
  if (state.sha && state.sha !== headSha) return { unavailable: 'le pipeline de la dernière version n’a pas encore démarré' };
  if (state.preview?.status === 'success') {
    const url = options.previewUrl(state.preview.jobId);
    if (url) return { url, mode: 'artefacts' };
  }
  if (['created', 'waiting_for_resource', 'preparing', 'pending', 'running', 'scheduled'].includes(state.status ?? '')) {
    return { unavailable: 'le pipeline de la merge request n’est pas terminé' };
  }
  return { unavailable: 'la construction du site n’a pas abouti' };
}

/** Fails if the checked-out tree holds anything but plain files and folders. */
function assertPlainTree(dir: string): void {
  const walk = (folder: string) => {
    for (const name of readdirSync(folder)) {
      if (folder === dir && name === '.git') continue;
      const file = path.join(folder, name);
      const stat = lstatSync(file);
      if (stat.isSymbolicLink()) throw new Error(`lien symbolique dans la branche : ${path.relative(dir, file)}`);
      if (stat.isDirectory()) walk(file);
    }
  };
  walk(dir);
}

/** Inserts the version line right after the marker (the marker stays first). */
function withVersion(report: string, version: string): string {
  const [first, ...rest] = report.split('\n');
  return [first, version, ...rest].join('\n');
}

async function relayOne(mr: OpenMergeRequest, options: RelayOptions): Promise<RelayOutcome> {
  const { cwd, client } = options;
  const remote = options.remote ?? 'origin';
  const ref = `refs/framalibre/mr-${mr.iid}`;
  let head: string;
  try {
    git(cwd, ['fetch', '--quiet', '--no-tags', remote, `+refs/merge-requests/${mr.iid}/head:${ref}`]);
    head = git(cwd, ['rev-parse', '--verify', `${ref}^{commit}`]);
  } catch (error) {
    return { iid: mr.iid, action: 'ignorée', detail: `branche illisible (${gitError(error)})` };
  }
  const state = await client.mergeRequestPipelineState(mr.iid);
  const version = reportVersion(head, state);
  const existing = await client.findOwnMergeRequestNote(mr.iid, REPORT_MARKER);
  if (existing?.includes(version)) return { iid: mr.iid, action: 'déjà à jour' };

  const tree = mkdtempSync(path.join(tmpdir(), `framalibre-mr-${mr.iid}-`));
  try {
    git(cwd, ['worktree', 'add', '--quiet', '--detach', '--force', tree, head]);
    assertPlainTree(tree);
    const data = await collectReport({
      cwd: tree,
      base: mr.baseSha,
      linkChecker: options.linkChecker,
      preview: previewOf(state, head, options),
      siteUrl: options.siteUrl,
      context: { commit: head, pipelineUrl: state?.webUrl, guideUrl: options.guideUrl },
    });
    const body = withVersion(renderReport(data), version);
    const { action } = await client.upsertMergeRequestNote(mr.iid, body, REPORT_MARKER);
    return { iid: mr.iid, action };
  } finally {
    try {
      git(cwd, ['worktree', 'remove', '--force', tree]);
    } catch {
      // the folder is removed below; `git worktree prune` forgets it
    }
    rmSync(tree, { recursive: true, force: true });
    try {
      git(cwd, ['worktree', 'prune']);
    } catch {
      // nothing to prune
    }
  }
}

/** Writes or updates the report of every open merge request (at most `limit`). */
export async function relayReports(options: RelayOptions): Promise<RelayOutcome[]> {
  const log = options.log ?? (() => undefined);
  const mergeRequests = await options.client.openMergeRequests(options.targetBranch, options.limit ?? 20);
  log(`${mergeRequests.length} merge request(s) ouverte(s) vers ${options.targetBranch}.`);
  const outcomes: RelayOutcome[] = [];
  for (const mr of mergeRequests) {
    let outcome: RelayOutcome;
    try {
      outcome = await relayOne(mr, options);
    } catch (error) {
      outcome = { iid: mr.iid, action: 'ignorée', detail: (error as Error).message };
    }
    log(`!${mr.iid} : ${outcome.action}${outcome.detail ? ` — ${outcome.detail}` : ''}`);
    outcomes.push(outcome);
  }
  return outcomes;
}
