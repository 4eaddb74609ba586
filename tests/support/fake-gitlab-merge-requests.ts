/**
 * The fake GitLab's merge requests and feature flags (fake-gitlab.ts), answered as
 * lib/api/merge_requests.rb, lib/api/helpers/merge_requests_helpers.rb and
 * lib/api/feature_flags.rb do.
 */
import type { Answer, FakeProject } from './fake-gitlab-project.ts';
import { type FakeMergeRequest, type FakeToken, RANK } from './fake-gitlab-types.ts';
import { gitlabWouldExecute } from './gitlab-would-execute.ts';

export function createMergeRequest(p: FakeProject, body: Record<string, unknown>, caller: FakeToken): Answer {
  // Creating a merge request needs the Developer role (create_merge_request_in / _from).
  if (RANK[caller.role] < RANK.developer) return [403, { message: '403 Forbidden' }];
  for (const key of ['source_branch', 'target_branch', 'title'] as const) {
    if (body[key] === undefined || body[key] === '') return [400, { error: `${key} is missing` }];
  }
  const source = String(body.source_branch);
  const target = String(body.target_branch);
  // MergeRequests::BuildService#validate_projects_and_branches adds errors[:base], which
  // merge_requests_helpers.rb answers 422 (unprocessable_entity!) with the list of messages.
  if (source === target) return [422, { message: ['You must select different branches'] }];
  if (!p.state.branches.has(source)) return [422, { message: [`Source branch "${source}" does not exist`] }];
  if (!p.state.branches.has(target)) return [422, { message: [`Target branch "${target}" does not exist`] }];
  // MergeRequest#validate_branches → errors[:validate_branches] → conflict! (409).
  const open = p.state.mergeRequests.find((mr) => mr.source_branch === source && mr.state === 'opened');
  if (open) return [409, { message: [`Another open merge request already exists for this source branch: !${open.iid}`] }];
  // Issuable: strip_attributes! :title; title ≤ 255 characters; description ≤ 1 MiB (bytesize).
  const title = String(body.title).trim();
  const description = typeof body.description === 'string' ? body.description : '';
  const tooLong: Record<string, string[]> = {};
  if ([...title].length > 255) tooLong.title = ['is too long (maximum is 255 characters)'];
  if (Buffer.byteLength(description) > 1024 * 1024) tooLong.description = ['is too long (maximum is 1048576 characters)'];
  if (Object.keys(tooLong).length > 0) return [400, { message: tooLong }];
  const labels = Array.isArray(body.labels)
    ? body.labels.map(String)
    : typeof body.labels === 'string'
      ? body.labels
          .split(',')
          .map((l) => l.trim())
          .filter(Boolean)
      : [];
  const iid = p.state.mergeRequests.length + 1;
  const mr: FakeMergeRequest = {
    id: p.nextMrId++,
    iid,
    title,
    description,
    source_branch: source,
    target_branch: target,
    labels,
    remove_source_branch: body.remove_source_branch === true || body.remove_source_branch === 'true',
    state: 'opened',
    web_url: `${p.url}/${p.projectPath}/-/merge_requests/${iid}`,
    // Title: mentions and references (attr_mentionable :title); description: those and quick actions.
    executed: (() => {
      const t = gitlabWouldExecute(title, { quickActions: false });
      const d = gitlabWouldExecute(description, { quickActions: true });
      return { quickActions: d.quickActions, mentions: [...t.mentions, ...d.mentions], references: [...t.references, ...d.references], links: [...t.links, ...d.links] };
    })(),
  };
  p.state.mergeRequests.push(mr);
  return [201, p.mergeRequestJson(mr)];
}

export function listMergeRequests(p: FakeProject, query: Record<string, string>): Answer {
  const wanted = query.state ?? 'all';
  const list = p.state.mergeRequests.filter(
    (mr) =>
      (wanted === 'all' || mr.state === wanted) &&
      (query.source_branch === undefined || mr.source_branch === query.source_branch) &&
      (query.target_branch === undefined || mr.target_branch === query.target_branch),
  );
  return [200, list.map((mr) => p.mergeRequestJson(mr)).reverse()];
}

export function showMergeRequest(p: FakeProject, iid: string): Answer {
  const mr = p.state.mergeRequests.find((m) => String(m.iid) === iid);
  if (!mr) return [404, { message: '404 Not found' }];
  // The single merge request carries diff_refs (the list does not).
  const diffRefs = mr.baseSha && mr.sha ? { diff_refs: { base_sha: mr.baseSha, head_sha: mr.sha, start_sha: mr.baseSha } } : {};
  return [200, { ...p.mergeRequestJson(mr), ...diffRefs }];
}

export function mergeMergeRequest(p: FakeProject, iid: string, caller: FakeToken): Answer {
  const mr = p.state.mergeRequests.find((m) => String(m.iid) === iid);
  if (!mr) return [404, { message: '404 Not found' }];
  // lib/api/merge_requests.rb: unauthorized! unless merge_request.can_be_merged_by?(current_user)
  const protection = p.state.protectedBranches.get(mr.target_branch);
  if (RANK[caller.role] < RANK[protection?.merge ?? 'developer']) return [401, { message: '401 Unauthorized' }];
  if (mr.state !== 'opened') return [405, { message: '405 Method Not Allowed' }];
  const sourceTree = p.state.trees.get(mr.source_branch)!;
  p.writeCommit(
    mr.target_branch,
    mr.target_branch,
    `Merge branch '${mr.source_branch}'`,
    (tree) => {
      const written = new Map<string, Buffer>();
      for (const [file, content] of sourceTree) if (!tree.get(file)?.equals(content)) tree.set(file, content), written.set(file, content);
      return written;
    },
    [],
  );
  mr.state = 'merged';
  return [200, p.mergeRequestJson(mr)];
}

export function showFeatureFlag(p: FakeProject, name: string): Answer {
  // The project's « Feature flags » setting off: lib/api/feature_flags.rb authorize_read_feature_flag!
  // fails for everybody (the feature_flags project feature is disabled) → 403.
  if (!p.state.featureFlagsEnabled) return [403, { message: '403 Forbidden' }];
  const flag = p.state.featureFlags.get(name);
  if (!flag) return [404, { message: '404 Not found' }];
  return [
    200,
    {
      name: flag.name,
      description: flag.description ?? '',
      active: flag.active,
      version: 'new_version_flag',
      created_at: '2026-01-01T00:00:00.000Z',
      updated_at: '2026-01-01T00:00:00.000Z',
      scopes: [],
      strategies: [{ id: 1, name: 'default', parameters: {}, scopes: [{ id: 1, environment_scope: '*' }], user_list: null }],
    },
  ];
}
