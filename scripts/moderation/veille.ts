/**
 * npm run moderation:veille — the scheduled check (pipeline source « schedule »).
 * Tests every notice's addresses and the activity of every code repository, prints the result,
 * writes veille.md, and with MODERATION_TOKEN keeps ONE GitLab issue up to date (label
 * « veille »): created when there is something to act on, updated, closed when all is well.
 * Always exits 0: this check informs, it never blocks anything.
 *
 * Variables: MODERATION_TOKEN, CI_API_V4_URL, CI_PROJECT_ID (GitLab's), GITHUB_TOKEN (optional:
 * GitHub allows 60 anonymous API requests an hour), SITE_URL, FRAMALIBRE_DELAI_LIENS (ms).
 */
import { writeFileSync } from 'node:fs';
import { createForgeActivityChecker } from '../../src/moderation/activity.ts';
import { createGitLabClient } from '../../src/gitlab/client.ts';
import { createLinkChecker } from '../../src/moderation/links.ts';
import { renderWatchReport, runWatch, WATCH_ISSUE_TITLE, WATCH_LABEL, watchNeedsAttention, type WatchNotice } from '../../src/moderation/watch.ts';
import { readReadableNotices } from '../../src/notices/repository.ts';
import { DEFAULT_SITE } from '../../src/shared/site.ts';

const env = process.env;
const output = 'veille.md';

async function main(): Promise<void> {
  // An unreadable notice is the validation job's business.
  const notices: WatchNotice[] = readReadableNotices().map((raw) => ({ slug: raw.slug, data: raw.data }));
  const started = Date.now();
  const report = await runWatch({
    notices,
    linkChecker: createLinkChecker({ timeoutMs: Number(env.FRAMALIBRE_DELAI_LIENS) || 15_000 }),
    activity: createForgeActivityChecker({ githubToken: env.GITHUB_TOKEN || undefined }),
  });
  const text = renderWatchReport(report, {
    siteUrl: env.SITE_URL || DEFAULT_SITE,
    pipelineUrl: env.CI_JOB_URL,
    projectUrl: env.CI_PROJECT_URL,
    defaultBranch: env.CI_DEFAULT_BRANCH,
  });
  writeFileSync(output, text);
  console.log(text);
  console.log(`Vérification faite en ${Math.round((Date.now() - started) / 1000)} s.`);

  if (report.networkDown) {
    console.log('avertissement : le réseau semble indisponible depuis cette tâche ; le ticket de veille n’est pas modifié.');
    return;
  }
  const { MODERATION_TOKEN: token, CI_API_V4_URL: apiUrl, CI_PROJECT_ID: projectId } = env;
  if (!token || !apiUrl || !projectId) {
    console.log(`MODERATION_TOKEN absent : pas de ticket mis à jour. Le compte rendu est ci-dessus et dans l’artefact ${output}.`);
    return;
  }
  try {
    const client = createGitLabClient({ apiUrl, token, projectId });
    const result = await client.upsertIssue({ title: WATCH_ISSUE_TITLE, label: WATCH_LABEL, description: text, open: watchNeedsAttention(report) });
    console.log(`Ticket de veille : ${result.action}${result.iid ? ` (#${result.iid})` : ''}.`);
  } catch (error) {
    console.log(`avertissement : ticket de veille non mis à jour : ${(error as Error).message}.`);
  }
}

try {
  await main();
} catch (error) {
  console.log(`avertissement : veille interrompue : ${(error as Error).stack ?? error}`);
}
process.exit(0);
