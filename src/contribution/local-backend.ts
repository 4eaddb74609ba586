/**
 * The default backend: each proposal becomes one commit on a new branch `contribution/…` of a
 * local git repository, made with git's plumbing (a private index, no checkout), so the working
 * tree and whoever uses it are never disturbed. A moderator reviews it with `git log`/`git diff`.
 */
import { execFile } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parseNoticeFile } from '../notices/notice-file.ts';
import { VERSION_PATTERN } from '../notices/version.ts';
import { BackendUnavailableError, StaleFileError, type BranchFile, type ContributionBackend, type Proposal, type ProposalResult } from './backend.ts';

interface GitOptions {
  input?: string | Uint8Array;
  env?: Record<string, string>;
  /** Keep the output as git wrote it (file contents), instead of trimming it. */
  raw?: boolean;
}

function git(repo: string, args: string[], options: GitOptions = {}): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = execFile('git', ['-C', repo, ...args], { env: { ...process.env, ...options.env }, maxBuffer: 32 * 1024 * 1024, encoding: 'utf8' }, (error, stdout, stderr) =>
      error ? reject(Object.assign(error, { stderr })) : resolve(options.raw ? stdout : stdout.trim()),
    );
    if (options.input !== undefined) child.stdin?.end(options.input);
  });
}

const NOTICES_DIR = 'content/notices/';

/** Many blobs in one git process (`cat-file --batch`): the duplicate search reads every notice. */
function catFiles(repo: string, objects: readonly string[]): Promise<string[]> {
  if (objects.length === 0) return Promise.resolve([]);
  return new Promise((resolve, reject) => {
    const child = execFile('git', ['-C', repo, 'cat-file', '--batch'], { encoding: 'buffer', maxBuffer: 256 * 1024 * 1024 }, (error, stdout) => {
      if (error) return reject(error);
      const out: string[] = [];
      let at = 0;
      for (let i = 0; i < objects.length; i++) {
        const end = stdout.indexOf(0x0a, at);
        const header = stdout.subarray(at, end).toString('utf8').split(' ');
        at = end + 1;
        if (header[1] !== 'blob') {
          out.push('');
          continue;
        }
        const size = Number(header[2]);
        out.push(stdout.subarray(at, at + size).toString('utf8'));
        at += size + 1;
      }
      resolve(out);
    });
    child.stdin?.end(objects.join('\n') + '\n');
  });
}

const AUTHOR = {
  GIT_AUTHOR_NAME: 'Contribution anonyme',
  GIT_AUTHOR_EMAIL: 'contribution@framalibre.invalid',
  GIT_COMMITTER_NAME: 'Formulaire Framalibre',
  GIT_COMMITTER_EMAIL: 'formulaire@framalibre.invalid',
};

export function createLocalBackend(options: { repo: string; baseBranch?: string }): ContributionBackend {
  const repo = path.resolve(options.repo);
  const base = () => baseCommit(repo, options.baseBranch);
  const notices = cachedNoticeList(repo);
  return {
    name: 'local',
    readFile: async (file) => readAt(repo, await base(), file),
    readVersion: (version) => readVersion(repo, version),
    listNotices: async () => notices(await base()),
    open: (proposal) => openProposal(repo, base, proposal),
  };
}

/** The commit the proposals start from: the given branch, or the one the repository has checked out (its "default branch"). */
async function baseCommit(repo: string, baseBranch: string | undefined): Promise<string> {
  const branch = baseBranch ?? (await git(repo, ['symbolic-ref', '--short', 'HEAD']));
  return git(repo, ['rev-parse', '--verify', `refs/heads/${branch}^{commit}`]);
}

async function branchExists(repo: string, branch: string): Promise<boolean> {
  try {
    await git(repo, ['rev-parse', '--verify', '--quiet', `refs/heads/${branch}`]);
    return true;
  } catch {
    return false;
  }
}

/** The commit that last changed `file` in history of `commit` (what GitLab calls last_commit_id). */
const lastCommitFor = (repo: string, commit: string, file: string) => git(repo, ['rev-list', '-1', commit, '--', file]);

async function readAt(repo: string, commit: string, file: string): Promise<BranchFile | undefined> {
  try {
    await git(repo, ['cat-file', '-e', `${commit}:${file}`]);
  } catch {
    return undefined;
  }
  return { content: await git(repo, ['show', `${commit}:${file}`], { raw: true }), lastCommitId: await lastCommitFor(repo, commit, file) };
}

async function readVersion(repo: string, version: string): Promise<string | undefined> {
  if (!VERSION_PATTERN.test(version)) return undefined;
  const type = await git(repo, ['cat-file', '-t', version]).catch(() => '');
  return type === 'blob' ? git(repo, ['cat-file', 'blob', version], { raw: true }) : undefined;
}

type NoticeSummary = { slug: string; data: Record<string, unknown> };

/** Every notice of a commit, read again only when the base branch has moved. */
function cachedNoticeList(repo: string): (commit: string) => Promise<NoticeSummary[]> {
  let cache: { commit: string; notices: NoticeSummary[] } | undefined;
  return async (commit) => {
    if (cache?.commit !== commit) cache = { commit, notices: await readNotices(repo, commit) };
    return cache.notices;
  };
}

async function readNotices(repo: string, commit: string): Promise<NoticeSummary[]> {
  const listing = await git(repo, ['ls-tree', '--name-only', `${commit}:${NOTICES_DIR}`]).catch(() => '');
  const names = listing.split('\n').filter((n) => n.endsWith('.md'));
  const texts = await catFiles(
    repo,
    names.map((name) => `${commit}:${NOTICES_DIR}${name}`),
  );
  const notices: NoticeSummary[] = [];
  names.forEach((name, index) => {
    try {
      notices.push({ slug: name.slice(0, -3), data: parseNoticeFile(texts[index] ?? '').data });
    } catch {
      // An unreadable notice is the validator's business, not the duplicate search's.
    }
  });
  return notices;
}

/**
 * The same rule as GitLab's commits API (Files::MultiService#validate_file_status!): an update
 * whose file changed since its last_commit_id was read, or a creation whose file appeared, is
 * refused rather than undoing what the target branch holds now.
 */
async function checkStillCurrent(repo: string, base: string, proposal: Proposal): Promise<void> {
  for (const file of proposal.files) {
    if (file.action === 'update' && file.lastCommitId && (await lastCommitFor(repo, base, file.path)) !== file.lastCommitId) throw new StaleFileError(file.path);
    if (file.action === 'create' && file.path.endsWith('.md') && (await readAt(repo, base, file.path))) throw new StaleFileError(file.path);
  }
}

/** The proposal as one branch: already there is done, a stale file is refused, any other failure is an unavailability. */
async function openProposal(repo: string, base: () => Promise<string>, proposal: Proposal): Promise<ProposalResult> {
  try {
    if (await branchExists(repo, proposal.branch)) return { branch: proposal.branch, alreadyExisted: true };
    const commit = await base();
    await checkStillCurrent(repo, commit, proposal);
    await commitOnNewBranch(repo, commit, proposal);
    return { branch: proposal.branch, alreadyExisted: false };
  } catch (error) {
    if (error instanceof StaleFileError) throw error;
    if (await branchExists(repo, proposal.branch)) return { branch: proposal.branch, alreadyExisted: true };
    throw new BackendUnavailableError(`Le dépôt local n’a pas pu enregistrer la proposition (${(error as { stderr?: string }).stderr?.trim() || (error as Error).message}).`);
  }
}

/** One commit on `base` with the proposal's files, made in a private index (no checkout), and its branch. */
async function commitOnNewBranch(repo: string, base: string, proposal: Proposal): Promise<void> {
  const scratch = await mkdtemp(path.join(tmpdir(), 'framalibre-index-'));
  const env = { ...AUTHOR, GIT_INDEX_FILE: path.join(scratch, 'index') };
  try {
    await git(repo, ['read-tree', base], { env });
    for (const file of proposal.files) {
      const blob = await git(repo, ['hash-object', '-w', '--stdin'], { input: file.content });
      await git(repo, ['update-index', '--add', '--cacheinfo', `100644,${blob},${file.path}`], { env });
    }
    const tree = await git(repo, ['write-tree'], { env });
    const message = `${proposal.commitMessage}\n\n${proposal.description}\n\nÉtiquettes : ${proposal.labels.join(', ')}\n`;
    const commit = await git(repo, ['commit-tree', tree, '-p', base, '-F', '-'], { env, input: message });
    // The empty old value makes the creation atomic: two identical proposals racing each
    // other create the branch once.
    await git(repo, ['update-ref', `refs/heads/${proposal.branch}`, commit, '']);
  } finally {
    await rm(scratch, { recursive: true, force: true });
  }
}
