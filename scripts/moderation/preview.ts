/**
 * npm run moderation:apercu [-- SOURCE] — the merge request preview.
 * Copies the built site (dist/client by default) into apercu/, its root-relative URLs rebased
 * under the address where GitLab will serve it: a Pages parallel deployment (`…/mr-<iid>/`, when
 * MODERATION_PREVIEW_PAGES=1) or the job's browsable artifacts (default). Writes apercu.env
 * (MODERATION_PREVIEW_URL, MODERATION_PREVIEW_MODE, MODERATION_PREVIEW_HOST) for the report job, and prints the links to the changed notices.
 */
import { existsSync, writeFileSync } from 'node:fs';
import { mergeRequestChanges } from '../../src/moderation/git.ts';
import { artifactsPreviewUrl, buildPreview, pagesPreviewUrl, previewPageUrl, type PreviewMode } from '../../src/moderation/preview.ts';
import { moderationSettings } from '../../src/moderation/settings.ts';

const source = process.argv[2] ?? 'dist/client';
const out = 'apercu';
const env = process.env;
const mode: PreviewMode = moderationSettings(env).previewOnPages ? 'pages' : 'artefacts';
const url = mode === 'pages' ? pagesPreviewUrl(env) : artifactsPreviewUrl(env, out);

if (!existsSync(source)) {
  console.error(`Site construit introuvable : ${source} (la tâche de construction a-t-elle abouti ?)`);
  process.exit(1);
}
const { pages, files } = buildPreview(source, out, url ?? '/', mode);
console.log(`Aperçu : ${pages} pages (${files} fichiers) copiées dans ${out}/, adresses ramenées sous ${url ?? '/'}.`);

if (!url) {
  console.log('Adresse de l’aperçu inconnue hors de GitLab (variables CI_PAGES_*) : apercu/ reste consultable en local.');
  process.exit(0);
}
// MODERATION_PREVIEW_HOST (the address without its scheme) feeds the environment URL of .gitlab-ci.yml.
writeFileSync('apercu.env', `MODERATION_PREVIEW_URL=${url}\nMODERATION_PREVIEW_MODE=${mode}\nMODERATION_PREVIEW_HOST=${url.replace(/^https?:\/\//, '')}\n`);
console.log(`\nAperçu du site : ${previewPageUrl(url, '/', mode)}`);

const base = env.CI_MERGE_REQUEST_DIFF_BASE_SHA;
if (base) {
  try {
    const changed = mergeRequestChanges({ cwd: process.cwd(), base }).notices.filter((n) => n.kind !== 'suppression');
    if (changed.length > 0) console.log('Notices de la merge request :');
    for (const notice of changed) console.log(`  ${notice.slug} : ${previewPageUrl(url, `/notices/${notice.slug}.html`, mode)}`);
  } catch (error) {
    console.log(`(liste des notices modifiées indisponible : ${(error as Error).message})`);
  }
}
