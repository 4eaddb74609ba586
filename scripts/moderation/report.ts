/**
 * npm run moderation:rapport — the moderators' report on a merge request, inside that merge
 * request's own pipeline: prints it (job log) and writes rapport-moderation.md (artifact). This
 * job runs the branch's code and holds no token: it never writes to GitLab. The comment on the
 * merge request is written by `npm run moderation:publier-rapports`, in the scheduled pipeline of
 * the protected default branch, which computes the report again with that branch's code.
 * Never fails the pipeline.
 *
 * Variables: CI_MERGE_REQUEST_DIFF_BASE_SHA (GitLab's), MODERATION_PREVIEW_URL / _MODE (from the
 * preview job), SITE_URL (public site), MODERATION_CHECK_LINKS=0 to skip the address checks,
 * MODERATION_LINK_TIMEOUT_MS (src/moderation/settings.ts; the old French names still work).
 */
import { writeFileSync } from 'node:fs';
import { createLinkChecker } from '../../src/moderation/links.ts';
import { collectReport, renderReport, type ReportData } from '../../src/moderation/report.ts';
import { moderationSettings } from '../../src/moderation/settings.ts';

const env = process.env;
const output = 'rapport-moderation.md';

async function main(): Promise<void> {
  const base = env.CI_MERGE_REQUEST_DIFF_BASE_SHA;
  if (!base) {
    console.log('Pas de merge request (CI_MERGE_REQUEST_DIFF_BASE_SHA absent) : pas de rapport.');
    return;
  }
  const settings = moderationSettings(env);
  const preview: ReportData['preview'] = settings.preview ?? { unavailable: 'la construction du site n’a pas abouti, ou n’est pas terminée' };
  const guideUrl = env.CI_PROJECT_URL ? `${env.CI_PROJECT_URL}/-/blob/${env.CI_DEFAULT_BRANCH ?? 'main'}/docs/moderation.md` : undefined;
  const data = await collectReport({
    cwd: process.cwd(),
    base,
    linkChecker: settings.checkLinks ? createLinkChecker({ timeoutMs: settings.linkTimeoutMs ?? 10_000 }) : undefined,
    preview,
    siteUrl: settings.siteUrl,
    context: { commit: env.CI_COMMIT_SHA, pipelineUrl: env.CI_PIPELINE_URL, guideUrl },
  });
  const report = renderReport(data);
  writeFileSync(output, report);
  console.log(report);

  console.log(
    `Ce rapport reste dans le journal et dans l’artefact ${output}. Le commentaire de la merge request est écrit par la tâche ` +
      '« rapports » du pipeline planifié de la branche principale (voir docs/moderation.md).',
  );
}

try {
  await main();
} catch (error) {
  // The report helps; it must never block a merge request.
  console.log(`avertissement : rapport interrompu : ${(error as Error).stack ?? error}`);
}
process.exit(0);
