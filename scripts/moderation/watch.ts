/**
 * npm run moderation:veille — the scheduled check (pipeline source « schedule »).
 * Tests every notice's addresses and the activity of every code repository, prints the result,
 * writes veille.md (with the first rows of the moderators' review queue) and a-revoir.md (the
 * whole queue), rewrites content/activite.yaml (last release, last activity, archived; the CI job
 * proposes it by merge request, see docs/moderation.md — nothing here pushes), and with MODERATION_TOKEN keeps ONE GitLab issue up to date (label
 * « veille »): created when there is something to act on, updated, closed when all is well.
 * Always exits 0: this check informs, it never blocks anything.
 *
 * Variables: MODERATION_TOKEN, CI_API_V4_URL, CI_PROJECT_ID (GitLab's), GITHUB_TOKEN (optional:
 * GitHub allows 60 anonymous API requests an hour), SITE_URL, MODERATION_LINK_TIMEOUT_MS (formerly
 * FRAMALIBRE_DELAI_LIENS, still read; src/moderation/settings.ts).
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { createForgeActivityChecker } from '../../src/moderation/activity.ts';
import { updateActivityRecords } from '../../src/moderation/freshness.ts';
import { renderReviewQueue, reviewQueue } from '../../src/moderation/queue.ts';
import { activityFile, parseActivity, serializeActivity } from '../../src/notices/activity.ts';
import { createGitLabClient } from '../../src/gitlab/client.ts';
import { createLinkChecker } from '../../src/moderation/links.ts';
import { renderWatchReport, runWatch, WATCH_ISSUE_TITLE, WATCH_LABEL, watchNeedsAttention, type WatchNotice } from '../../src/moderation/watch.ts';
import { readReadableNotices } from '../../src/notices/repository.ts';
import { moderationSettings } from '../../src/moderation/settings.ts';

const env = process.env;
const output = 'veille.md';
const queueOutput = 'a-revoir.md';
/** Rows of the review queue in the issue; the artifact has them all. */
const QUEUE_ROWS = 30;

async function main(): Promise<void> {
  // An unreadable notice is the validation job's business.
  const notices: WatchNotice[] = readReadableNotices().map((raw) => ({ slug: raw.slug, data: raw.data }));
  const settings = moderationSettings(env);
  const started = Date.now();
  const report = await runWatch({
    notices,
    linkChecker: createLinkChecker({ timeoutMs: settings.linkTimeoutMs ?? 15_000 }),
    activity: createForgeActivityChecker({ githubToken: env.GITHUB_TOKEN || undefined }),
  });
  const { siteUrl } = settings;

  // content/activite.yaml: this week's answers, the previous record wherever a forge did not answer.
  const file = activityFile();
  const previous = existsSync(file) ? parseActivity(readFileSync(file, 'utf8')).entries : new Map();
  const today = new Date().toISOString().slice(0, 10);
  const freshness = updateActivityRecords(previous, report.activityResults, today);
  // Cut off from the network, nothing was read: the file stays as it is (no empty proposal).
  if (!report.networkDown) writeFileSync(file, serializeActivity(freshness.entries));
  const freshnessLine = `${path.relative(process.cwd(), file)} : ${freshness.updated} relevé(s) à jour, ${freshness.kept} conservé(s) faute de réponse de la forge, ${freshness.missing} dépôt(s) sans relevé.`;

  // The review queue needs this week's link results: none when the network was down.
  let queue: string | undefined;
  if (!report.networkDown) {
    const entries = reviewQueue({ notices, activity: freshness.entries, broken: report.broken });
    queue = renderReviewQueue(entries, { siteUrl, limit: QUEUE_ROWS, artifact: queueOutput });
    writeFileSync(queueOutput, renderReviewQueue(entries, { siteUrl }));
  }
  const text = renderWatchReport(report, {
    siteUrl,
    pipelineUrl: env.CI_JOB_URL,
    projectUrl: env.CI_PROJECT_URL,
    defaultBranch: env.CI_DEFAULT_BRANCH,
    queue,
    notes:
      freshness.kept + freshness.missing > 0
        ? [
            `Dernières versions (content/activite.yaml) : ${freshness.updated} relevé(s) à jour ; ${freshness.kept} relevé(s) précédent(s) gardé(s) et ${freshness.missing} dépôt(s) sans relevé, leur forge n’ayant pas répondu (limite de requêtes, panne, dépôt introuvable). Un relevé de plus de 60 jours n’est plus affiché sur le site.`,
          ]
        : [],
  });
  writeFileSync(output, text);
  console.log(text);
  console.log(freshnessLine);
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
