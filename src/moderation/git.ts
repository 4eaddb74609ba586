/**
 * What a merge request changes, from git: the notices added, modified, renamed or deleted between
 * the merge request's base (CI_MERGE_REQUEST_DIFF_BASE_SHA) and its head, the logos it replaces,
 * and every other file it touches (code deserves a developer's eye).
 */
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { parseNoticeFile } from '../notices/notice-file.ts';

export type ChangeKind = 'ajout' | 'modification' | 'renommage' | 'suppression';

export interface NoticeChange {
  kind: ChangeKind;
  slug: string;
  /** Repository-relative path of the notice after the change (before it, for a deletion). */
  path: string;
  /** For a renaming: the previous path. */
  oldPath?: string;
  /** The file at the base commit (absent for an addition). */
  oldText?: string;
  /** The file in the working tree (absent for a deletion). */
  newText?: string;
  /** Logo files of this notice the merge request adds or replaces. */
  logosChanged: string[];
}

export interface MergeRequestChanges {
  notices: NoticeChange[];
  /** Changed files that are neither notices nor their logos (repository-relative). */
  otherFiles: string[];
}

export class GitError extends Error {}

function git(cwd: string, args: string[]): string {
  try {
    return execFileSync('git', args, {
      cwd,
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'pipe'],
      maxBuffer: 256 * 1024 * 1024,
      // A fetch must never wait for a password, nor for ever.
      env: { ...process.env, GIT_TERMINAL_PROMPT: '0' },
      timeout: 120_000,
    });
  } catch (error) {
    const stderr = String((error as { stderr?: unknown }).stderr ?? '').trim();
    throw new GitError(`git ${args[0]} a échoué${stderr ? ` : ${stderr}` : ''}`);
  }
}

function hasCommit(cwd: string, sha: string): boolean {
  try {
    git(cwd, ['cat-file', '-e', `${sha}^{commit}`]);
    return true;
  } catch {
    return false;
  }
}

/**
 * Makes sure the base commit is present: a shallow CI clone may not hold it. One fetch of that
 * commit is tried; after that, a clear French error.
 */
export function ensureCommit(cwd: string, sha: string): void {
  if (hasCommit(cwd, sha)) return;
  try {
    git(cwd, ['fetch', '--quiet', '--no-tags', 'origin', sha]);
  } catch {
    // reported below
  }
  if (!hasCommit(cwd, sha)) {
    throw new GitError(`le commit de base ${sha.slice(0, 12)} est introuvable dans le clone (augmenter GIT_DEPTH, ou GIT_DEPTH: "0")`);
  }
}

export function repositoryRoot(cwd = process.cwd()): string {
  return git(cwd, ['rev-parse', '--show-toplevel']).trim();
}

interface RawChange {
  status: string;
  path: string;
  oldPath?: string;
}

/** `git diff --name-status -z -M base head`, parsed. head undefined = the working tree. */
export function changedFiles(cwd: string, base: string, head?: string): RawChange[] {
  const output = git(cwd, ['diff', '--name-status', '-z', '-M', '--no-color', base, ...(head ? [head] : []), '--']);
  const parts = output.split('\0');
  const changes: RawChange[] = [];
  for (let i = 0; i < parts.length && parts[i]; ) {
    const status = parts[i++]!;
    if (status.startsWith('R') || status.startsWith('C')) {
      const oldPath = parts[i++]!;
      const newPath = parts[i++]!;
      changes.push(status.startsWith('R') ? { status: 'R', path: newPath, oldPath } : { status: 'A', path: newPath });
    } else {
      changes.push({ status: status.charAt(0), path: parts[i++]! });
    }
  }
  return changes;
}

function showAt(cwd: string, commit: string, file: string): string | undefined {
  try {
    return git(cwd, ['show', `${commit}:${file}`]);
  } catch {
    return undefined;
  }
}

function logoOf(text: string | undefined): string | undefined {
  if (text === undefined) return undefined;
  try {
    const logo = parseNoticeFile(text).data.logo;
    return typeof logo === 'string' ? logo : undefined;
  } catch {
    return undefined;
  }
}

/**
 * The notices a merge request touches. `noticesDir` is repository-relative (content/notices by
 * default); the new versions are read from the working tree, which CI checks out at the head.
 */
export function mergeRequestChanges(options: { cwd: string; base: string; head?: string; noticesDir?: string }): MergeRequestChanges {
  const { cwd, base } = options;
  const noticesDir = (options.noticesDir ?? 'content/notices').replace(/\/+$/, '');
  const logosDir = `${noticesDir}/logos`;
  ensureCommit(cwd, base);
  const isNotice = (file: string) => path.posix.dirname(file) === noticesDir && file.endsWith('.md');
  const isLogo = (file: string) => path.posix.dirname(file) === logosDir;
  const readNew = (file: string) => (options.head ? showAt(cwd, options.head, file) : existsSync(path.join(cwd, file)) ? readFileSync(path.join(cwd, file), 'utf8') : undefined);

  const notices = new Map<string, NoticeChange>();
  const logos: string[] = [];
  const otherFiles: string[] = [];
  for (const change of changedFiles(cwd, base, options.head)) {
    if (isNotice(change.path) || (change.oldPath && isNotice(change.oldPath))) {
      const slug = path.posix.basename(change.path, '.md');
      if (change.status === 'D') {
        notices.set(change.path, { kind: 'suppression', slug, path: change.path, oldText: showAt(cwd, base, change.path), logosChanged: [] });
      } else if (change.status === 'A') {
        notices.set(change.path, { kind: 'ajout', slug, path: change.path, newText: readNew(change.path), logosChanged: [] });
      } else if (change.status === 'R' && change.oldPath) {
        notices.set(change.path, {
          kind: 'renommage',
          slug,
          path: change.path,
          oldPath: change.oldPath,
          oldText: showAt(cwd, base, change.oldPath),
          newText: readNew(change.path),
          logosChanged: [],
        });
      } else {
        notices.set(change.path, {
          kind: 'modification',
          slug,
          path: change.path,
          oldText: showAt(cwd, base, change.path),
          newText: readNew(change.path),
          logosChanged: [],
        });
      }
    } else if (isLogo(change.path)) {
      if (change.status !== 'D') logos.push(path.posix.basename(change.path));
    } else {
      otherFiles.push(change.path);
    }
  }

  // A replaced logo concerns the notices that show it, even when their text did not change.
  if (logos.length > 0) {
    const dir = path.join(cwd, noticesDir);
    const files = existsSync(dir) ? readdirSync(dir).filter((f) => f.endsWith('.md')) : [];
    for (const name of files) {
      const file = `${noticesDir}/${name}`;
      const text = notices.get(file)?.newText ?? readNew(file);
      const logo = logoOf(text);
      if (!logo || !logos.includes(logo)) continue;
      const existing = notices.get(file);
      if (existing) existing.logosChanged.push(logo);
      else {
        notices.set(file, {
          kind: 'modification',
          slug: path.posix.basename(name, '.md'),
          path: file,
          oldText: showAt(cwd, base, file),
          newText: text,
          logosChanged: [logo],
        });
      }
    }
    // A logo no notice uses is still worth a line.
    const used = new Set([...notices.values()].flatMap((n) => n.logosChanged));
    for (const logo of logos) if (!used.has(logo)) otherFiles.push(`${logosDir}/${logo}`);
  }

  const order: Record<ChangeKind, number> = { ajout: 0, modification: 1, renommage: 2, suppression: 3 };
  return {
    notices: [...notices.values()].sort((a, b) => order[a.kind] - order[b.kind] || a.path.localeCompare(b.path)),
    otherFiles: otherFiles.sort(),
  };
}
