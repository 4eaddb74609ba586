/** The latest pipeline of a merge request and the state of its `apercu` (preview) job. */
import { GitLabError, type Rest } from './rest.ts';

interface Pipeline {
  id: number;
  sha?: string;
  status?: string;
  web_url?: string;
  project_id?: number;
}

interface Job {
  id: number;
  name: string;
  status: string;
}

/** The latest pipeline of a merge request and its `apercu` job, when there is one. */
export interface MergeRequestPipelineState {
  pipelineId: number;
  sha?: string;
  status?: string;
  webUrl?: string;
  projectId?: number;
  preview?: { jobId: number; status: string };
}

/** The newest pipeline of a merge request and its `apercu` job; undefined without pipeline. */
export async function mergeRequestPipelineState(rest: Rest, mrIid: string | number): Promise<MergeRequestPipelineState | undefined> {
  const { data: pipelines } = await rest.call<Pipeline[]>('GET', `${rest.mergeRequestRoute(mrIid)}/pipelines?per_page=1&page=1`);
  const latest = pipelines[0];
  if (!latest) return undefined;
  const state: MergeRequestPipelineState = { pipelineId: latest.id, sha: latest.sha, status: latest.status, webUrl: latest.web_url, projectId: latest.project_id };
  // A merge request from a fork may run its pipeline in the fork: its jobs are not ours to read.
  try {
    const jobs = await rest.all<Job>(`${rest.projectRoute}/pipelines/${latest.id}/jobs?include_retried=false`, 3);
    const preview = jobs.filter((j) => j.name === 'apercu').sort((a, b) => b.id - a.id)[0];
    if (preview) state.preview = { jobId: preview.id, status: preview.status };
  } catch (error) {
    if (!(error instanceof GitLabError) || (error.status !== 404 && error.status !== 403)) throw error;
  }
  return state;
}
