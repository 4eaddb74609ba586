/**
 * npm run moderation:publier-rapports — the report comment of every open merge request, written by
 * the scheduled pipeline of the protected default branch (job « rapports »): the only place that
 * holds MODERATION_TOKEN besides the weekly check. It runs the default branch's code and reads each
 * merge request as data (src/moderation/relay.ts). Always exits 0: the report informs, it never
 * blocks anything.
 *
 * Variables: MODERATION_TOKEN (protected, environment « moderation »), CI_API_V4_URL, CI_PROJECT_ID,
 * CI_DEFAULT_BRANCH, CI_COMMIT_REF_PROTECTED, CI_PROJECT_URL, CI_PAGES_DOMAIN, CI_PAGES_URL,
 * CI_PROJECT_PATH, CI_PROJECT_ROOT_NAMESPACE (GitLab's), SITE_URL, MODERATION_CHECK_LINKS=0,
 * MODERATION_LINK_TIMEOUT_MS, MODERATION_REPORTS_MAX (merge requests per run, 20 by default),
 * MODERATION_GIT_REMOTE (git remote, `origin` by default) — src/moderation/settings.ts; the old
 * French names still work.
 */
import { writeFileSync } from 'node:fs';
import { createGitLabClient } from '../../src/gitlab/client.ts';
import { createLinkChecker } from '../../src/moderation/links.ts';
import { artifactsPreviewUrl } from '../../src/moderation/preview.ts';
import { relayReports } from '../../src/moderation/relay.ts';
import { moderationSettings } from '../../src/moderation/settings.ts';

const env = process.env;
const output = 'rapports-publies.md';
const lines: string[] = [];
const log = (line: string) => {
  lines.push(line);
  console.log(line);
};

async function main(): Promise<void> {
  const { MODERATION_TOKEN: token, CI_API_V4_URL: apiUrl, CI_PROJECT_ID: projectId } = env;
  if (env.CI_COMMIT_REF_PROTECTED !== 'true') {
    log('Refusé : cette tâche ne tourne que sur la branche par défaut protégée (CI_COMMIT_REF_PROTECTED ≠ true).');
    return;
  }
  if (!token || !apiUrl || !projectId) {
    log(
      'MODERATION_TOKEN absent : aucun rapport publié. Vérifier la variable (protégée, environnement « moderation ») dans ' +
        'Settings > CI/CD > Variables ; voir docs/moderation.md.',
    );
    return;
  }
  const settings = moderationSettings(env);
  const targetBranch = env.CI_DEFAULT_BRANCH || 'main';
  const outcomes = await relayReports({
    cwd: process.cwd(),
    client: createGitLabClient({ apiUrl, token, projectId }),
    targetBranch,
    remote: settings.gitRemote,
    projectId,
    previewUrl: (jobId) => artifactsPreviewUrl({ ...env, CI_JOB_ID: String(jobId) }),
    linkChecker: settings.checkLinks ? createLinkChecker({ timeoutMs: settings.linkTimeoutMs ?? 10_000 }) : undefined,
    siteUrl: settings.siteUrl,
    guideUrl: env.CI_PROJECT_URL ? `${env.CI_PROJECT_URL}/-/blob/${targetBranch}/docs/moderation.md` : undefined,
    limit: settings.reportsMax,
    log,
  });
  const written = outcomes.filter((o) => o.action === 'créé' || o.action === 'mis à jour').length;
  log(`${written} rapport(s) écrit(s), ${outcomes.length - written} sans changement ou ignoré(s).`);
}

try {
  await main();
} catch (error) {
  log(`avertissement : publication des rapports interrompue : ${(error as Error).message}`);
}
writeFileSync(output, `${lines.join('\n')}\n`);
process.exit(0);
