/**
 * The fake GitLab's project (fake-gitlab.ts): its repository (branches, trees, git's last commit
 * per path, every blob ever held) and the repository routes — project, files, commits, blobs,
 * branches — answered as lib/api/{projects,files,commits,repositories,branches}.rb do.
 */
import { createHash } from 'node:crypto';
import { type FakeCommit, type FakeGitlabState, type FakeMergeRequest, type FakeToken, RANK } from './fake-gitlab-types.ts';

export type Answer = [number, unknown];

export const sha = (text: string) => createHash('sha1').update(text).digest('hex');
const blobId = (content: Buffer) => createHash('sha1').update(`blob ${content.length}\0`).update(content).digest('hex');

export class FakeProject {
  readonly state: FakeGitlabState;
  readonly projectPath: string;
  readonly projectNumericId: number;
  /** Every file content the repository ever held, by git blob id (what /repository/blobs/:sha serves). */
  readonly blobs = new Map<string, Buffer>();
  /** Instance root, known once the server listens. */
  url = '';
  nextMrId = 900;

  constructor(state: FakeGitlabState, projectPath: string, projectNumericId: number) {
    this.state = state;
    this.projectPath = projectPath;
    this.projectNumericId = projectNumericId;
    for (const content of state.trees.get(state.defaultBranch)!.values()) this.remember(content);
  }

  remember(content: Buffer): void {
    this.blobs.set(blobId(content), content);
  }

  canPush(caller: FakeToken, branch: string): boolean {
    const protection = this.state.protectedBranches.get(branch);
    return RANK[caller.role] >= RANK[protection?.push ?? 'developer'];
  }

  /** Writes a commit on `branch` from `startBranch`'s tree; keeps git's last-commit-per-path. */
  writeCommit(branch: string, startBranch: string, message: string, apply: (tree: Map<string, Buffer>) => Map<string, Buffer>, actions: FakeCommit['actions']): FakeCommit {
    const { state } = this;
    const parentId = state.branches.get(startBranch)!;
    const tree = new Map(state.trees.get(startBranch));
    const written = apply(tree);
    for (const content of written.values()) this.remember(content);
    const commitId = sha(`${parentId}\n${branch}\n${message}\n${JSON.stringify(actions)}\n${state.commits.length}`);
    const last = new Map(state.lastCommits.get(parentId));
    for (const file of written.keys()) last.set(file, commitId);
    for (const file of [...last.keys()]) if (!tree.has(file)) last.delete(file);
    state.lastCommits.set(commitId, last);
    const commit: FakeCommit = { id: commitId, branch, parentId, message, actions, files: written };
    state.commits.push(commit);
    state.branches.set(branch, commitId);
    state.trees.set(branch, tree);
    return commit;
  }

  /** `ref` is a branch or a commit id, as the files API accepts. */
  resolveRef(ref: string): string | undefined {
    return this.state.branches.get(ref) ?? (this.state.lastCommits.has(ref) ? ref : undefined);
  }

  treeAt(commitId: string): string | undefined {
    return [...this.state.branches.entries()].find(([, head]) => head === commitId)?.[0];
  }

  mergeRequestJson(mr: FakeMergeRequest) {
    return {
      id: mr.id,
      iid: mr.iid,
      project_id: this.projectNumericId,
      title: mr.title,
      description: mr.description,
      state: mr.state,
      source_branch: mr.source_branch,
      target_branch: mr.target_branch,
      labels: mr.labels,
      force_remove_source_branch: mr.remove_source_branch,
      draft: false,
      web_url: mr.web_url,
      ...(mr.sha ? { sha: mr.sha } : {}),
    };
  }
}

export function showProject(p: FakeProject): Answer {
  return [
    200,
    {
      id: p.projectNumericId,
      name: p.projectPath.split('/').pop(),
      path_with_namespace: p.projectPath,
      default_branch: p.state.defaultBranch,
      web_url: `${p.url}/${p.projectPath}`,
      visibility: 'public',
    },
  ];
}

export function showFile(p: FakeProject, filePath: string, query: Record<string, string>): Answer {
  if (!query.ref) return [400, { error: 'ref is missing' }];
  const commitId = p.resolveRef(query.ref);
  const branchName = commitId ? (p.state.branches.has(query.ref) ? query.ref : p.treeAt(commitId)) : undefined;
  const content = branchName ? p.state.trees.get(branchName)?.get(filePath) : undefined;
  const lastCommitId = commitId ? p.state.lastCommits.get(commitId)?.get(filePath) : undefined;
  // lib/api/files.rb: not_found!('File') → « 404 File Not Found »
  if (!content || !lastCommitId) return [404, { message: '404 File Not Found' }];
  return [
    200,
    {
      file_name: filePath.split('/').pop(),
      file_path: filePath,
      size: content.length,
      encoding: 'base64',
      content: content.toString('base64'),
      content_sha256: createHash('sha256').update(content).digest('hex'),
      ref: query.ref,
      blob_id: createHash('sha1').update(`blob ${content.length}\0`).update(content).digest('hex'),
      commit_id: commitId,
      last_commit_id: lastCommitId,
      execute_filemode: false,
    },
  ];
}

export function createCommit(p: FakeProject, body: Record<string, unknown>, caller: FakeToken): Answer {
  // lib/api/commits.rb: authorize_push_to_branch! before anything else.
  if (!p.canPush(caller, String(body.branch ?? ''))) return [403, { message: '403 Forbidden - You are not allowed to push into this branch' }];
  for (const key of ['branch', 'commit_message', 'actions'] as const) {
    if (body[key] === undefined || body[key] === '') return [400, { error: `${key} is missing` }];
  }
  const branch = String(body.branch);
  const actions = body.actions as FakeCommit['actions'];
  if (!Array.isArray(actions) || actions.length === 0) return [400, { error: 'actions is empty' }];
  const startBranch = body.start_branch === undefined ? branch : String(body.start_branch);
  if (!p.state.branches.has(startBranch)) return [400, { message: 'You can only create or edit files when you are on a branch' }];
  if (startBranch !== branch && p.state.branches.has(branch) && body.force !== true) {
    return [400, { message: `A branch called '${branch}' already exists. Switch to that branch in order to make changes` }];
  }
  const startTree = p.state.trees.get(startBranch)!;
  const startLast = p.state.lastCommits.get(p.state.branches.get(startBranch)!)!;
  for (const [index, action] of actions.entries()) {
    if (!['create', 'update', 'delete', 'move', 'chmod'].includes(action.action)) {
      return [400, { error: `actions[${index}][action] does not have a valid value` }];
    }
    if (action.encoding !== undefined && action.encoding !== 'text' && action.encoding !== 'base64') {
      return [400, { error: `actions[${index}][encoding] does not have a valid value` }];
    }
    if (!action.file_path) return [400, { error: `actions[${index}][file_path] is missing` }];
    const path = action.file_path.replace(/^\/+/, '');
    if (action.action === 'create' && startTree.has(path)) return [400, { message: 'A file with this name already exists' }];
    if (action.action === 'update' && !startTree.has(path)) return [400, { message: "A file with this name doesn't exist" }];
    // Files::BaseService#file_has_changed?: the last commit of the path on start_branch against
    // the last commit of the path as of last_commit_id; unknown → not changed.
    const given = (action as { last_commit_id?: string }).last_commit_id;
    if (['update', 'move', 'delete'].includes(action.action) && given) {
      const fromCommitId = p.state.lastCommits.get(given)?.get(path);
      if (fromCommitId && startLast.get(path) && startLast.get(path) !== fromCommitId) {
        return [400, { message: `The file has changed since you started editing it: ${path}` }];
      }
    }
  }
  const message = String(body.commit_message);
  const commit = p.writeCommit(
    branch,
    startBranch,
    message,
    (tree) => {
      const written = new Map<string, Buffer>();
      for (const action of actions) {
        const path = action.file_path.replace(/^\/+/, '');
        if (action.action === 'create' || action.action === 'update') {
          const content = action.encoding === 'base64' ? Buffer.from(action.content ?? '', 'base64') : Buffer.from(action.content ?? '', 'utf8');
          tree.set(path, content);
          written.set(path, content);
        } else if (action.action === 'delete') {
          tree.delete(path);
        }
      }
      return written;
    },
    actions,
  );
  return [
    201,
    {
      id: commit.id,
      short_id: commit.id.slice(0, 8),
      title: message.split('\n')[0],
      message,
      parent_ids: [commit.parentId],
      author_name: 'Contributions anonymes',
      created_at: new Date().toISOString(),
      web_url: `${p.url}/${p.projectPath}/-/commit/${commit.id}`,
      stats: { additions: commit.files.size, deletions: 0, total: commit.files.size },
      status: null,
    },
  ];
}

export function showBlob(p: FakeProject, blobId: string): Answer {
  // lib/api/repositories.rb: { size, encoding: "base64", content, sha }; assign_blob_vars! → not_found!('Blob').
  const blob = p.blobs.get(blobId);
  if (!blob) return [404, { message: '404 Blob Not Found' }];
  return [200, { size: blob.length, encoding: 'base64', content: blob.toString('base64'), sha: blobId }];
}

export function showBranch(p: FakeProject, name: string): Answer {
  const head = p.state.branches.get(name);
  if (!head) return [404, { message: '404 Branch Not Found' }];
  return [200, { name: name, default: name === p.state.defaultBranch, commit: { id: head } }];
}
