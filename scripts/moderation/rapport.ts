/**
 * npm run moderation:rapport — the moderators' report on a merge request.
 * Always prints the report (job log) and writes rapport-moderation.md (artifact). With
 * MODERATION_TOKEN (masked CI/CD variable: project access token, role Reporter, scope api) it
 * also posts it as one comment on the merge request, or updates the comment it posted before.
 * Never fails the pipeline: without token, or when GitLab refuses, it says so and exits 0.
 *
 * Variables: CI_MERGE_REQUEST_DIFF_BASE_SHA, CI_MERGE_REQUEST_IID, CI_PROJECT_ID, CI_API_V4_URL
 * (GitLab's), APERCU_URL / APERCU_MODE (from the preview job), SITE_URL (public site),
 * FRAMALIBRE_VERIFIER_LIENS=0 to skip the address checks, FRAMALIBRE_DELAI_LIENS (ms).
 */
import { writeFileSync } from 'node:fs';
import { createGitLabClient } from '../../src/moderation/gitlab.ts';
import { createLinkChecker } from '../../src/moderation/links.ts';
import { collectReport, renderReport, REPORT_MARKER, type ReportData } from '../../src/moderation/report.ts';

const env = process.env;
const output = 'rapport-moderation.md';

async function main(): Promise<void> {
  const base = env.CI_MERGE_REQUEST_DIFF_BASE_SHA;
  if (!base) {
    console.log('Pas de merge request (CI_MERGE_REQUEST_DIFF_BASE_SHA absent) : pas de rapport.');
    return;
  }
  const preview: ReportData['preview'] = env.APERCU_URL
    ? { url: env.APERCU_URL, mode: env.APERCU_MODE === 'pages' ? 'pages' : 'artefacts' }
    : { unavailable: 'la construction du site n’a pas abouti, ou n’est pas terminée' };
  const guideUrl = env.CI_PROJECT_URL ? `${env.CI_PROJECT_URL}/-/blob/${env.CI_DEFAULT_BRANCH ?? 'main'}/docs/moderation.md` : undefined;
  const data = await collectReport({
    cwd: process.cwd(),
    base,
    linkChecker: env.FRAMALIBRE_VERIFIER_LIENS === '0' ? undefined : createLinkChecker({ timeoutMs: Number(env.FRAMALIBRE_DELAI_LIENS) || 10_000 }),
    preview,
    siteUrl: env.SITE_URL || 'https://framalibre.org',
    context: { commit: env.CI_COMMIT_SHA, pipelineUrl: env.CI_PIPELINE_URL, guideUrl },
  });
  const report = renderReport(data);
  writeFileSync(output, report);
  console.log(report);

  const token = env.MODERATION_TOKEN;
  const { CI_API_V4_URL: apiUrl, CI_PROJECT_ID: projectId, CI_MERGE_REQUEST_IID: iid } = env;
  if (!token) {
    console.log(
      'MODERATION_TOKEN absent : le rapport n’est pas publié sur la merge request. Il est ci-dessus et dans l’artefact ' +
        `${output}. (Normal pour une merge request venue d’une copie du projet ; voir docs/moderation.md.)`,
    );
    return;
  }
  if (!apiUrl || !projectId || !iid) {
    console.log('Variables GitLab absentes (CI_API_V4_URL, CI_PROJECT_ID, CI_MERGE_REQUEST_IID) : rapport non publié.');
    return;
  }
  try {
    const client = createGitLabClient({ apiUrl, token, projectId });
    const { action, noteId } = await client.upsertMergeRequestNote(iid, report, REPORT_MARKER);
    console.log(`Commentaire de modération ${action} sur la merge request !${iid} (note ${noteId}).`);
  } catch (error) {
    console.log(`avertissement : commentaire non publié : ${(error as Error).message}. Le rapport reste ci-dessus et dans ${output}.`);
  }
}

try {
  await main();
} catch (error) {
  // The report helps; it must never block a merge request.
  console.log(`avertissement : rapport interrompu : ${(error as Error).stack ?? error}`);
}
process.exit(0);
