/**
 * What happens after Astro has written the pages: logos are rendered, then Pagefind indexes the
 * pages. Kept in one integration so that `astro build` alone produces the whole site.
 */
import { rmSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import path from 'node:path';
import type { AstroIntegration } from 'astro';
import { logosDir } from '../notices/paths.ts';
import type { Notice } from '../notices/schema.ts';
import { loadRedirections } from '../notices/redirections.ts';
import { iconPath, iconSvg, noticeLogoSource } from '../notices/icons.ts';
import { buildLogos, type LogoJob } from './logos.ts';
import { buildSearchIndex, noticesFromExport, readNotices } from '../search/indexer.ts';
import { prepareOutDir, pruneStalePages, recordOutputs, type Prepared } from './output-reuse.ts';

export function framalibreBuild(): AstroIntegration {
  let cacheDir = path.resolve('node_modules/.astro');
  let buildDir = path.resolve('dist');
  let incremental = false;
  let prepared: Prepared | undefined;
  return {
    name: 'framalibre-build',
    hooks: {
      'astro:config:done': ({ config }) => {
        cacheDir = fileURLToPath(config.cacheDir);
        buildDir = fileURLToPath(config.outDir);
        incremental = config.experimental.incrementalBuild === true;
        // Astro's content store, left by the versions that read the notices through its content
        // layer (now src/notices/notice-store.ts): Astro would still read its 16 MB at every build.
        rmSync(path.join(cacheDir, 'data-store.json'), { force: true });
      },
      // Astro's own emptying of the output folder is off (astro.config.ts): see output-reuse.ts.
      'astro:build:start': ({ logger }) => {
        prepared = prepareOutDir(buildDir, cacheDir, incremental);
        if (prepared.kept > 0) logger.info(`pages de la construction précédente laissées en place : ${prepared.kept}`);
      },
      'astro:build:done': async ({ dir, logger, assets }) => {
        if (prepared) {
          const pruned = pruneStalePages(
            buildDir,
            prepared,
            [...assets.values()].flat().map((url) => fileURLToPath(url)),
          );
          if (pruned > 0) logger.info(`pages disparues supprimées : ${pruned}`);
          if (incremental) recordOutputs(buildDir, cacheDir, prepared);
        }
        const outDir = fileURLToPath(dir);
        const started = performance.now();
        // The notices as this build just exported them (/notices.json, one file), for the brand
        // icons and the search index: the 10,000 notice files are not read and parsed again.
        const notices = noticesFromExport(outDir) ?? readNotices();
        const logos = await buildLogos(logosDir(), path.join(outDir, 'images', 'logo'), path.join(cacheDir, 'framalibre-logos'), brandIconJobs(notices));
        logger.info(`logos : ${logos.built} produits, ${logos.cached} repris du cache (${Math.round(performance.now() - started)} ms)`);
        for (const name of logos.skipped)
          logger.warn(
            `logos : le fichier content/notices/logos/${name}.* occupe l’adresse de l’icône simple-icons de la notice « ${name} » : ajouter « logo: » à la notice, ou renommer le fichier`,
          );
        const indexStarted = performance.now();
        const index = await buildSearchIndex(outDir, cacheDir, notices);
        logger.info(
          `recherche : ${index.pages} pages indexées (${Math.round(performance.now() - indexStarted)} ms), ${index.built} partie(s) de l’index écrite(s) sur ${index.shards}, vocabulaire de correction ${Math.round(index.vocabularyBytes / 1024)} Kio`,
        );
      },
    },
  };
}

/**
 * The brand icons the notices show (same rule as the pages: src/notices/icons.ts), as SVG jobs.
 * An icon is published under the notice's slug, and also under its old slugs
 * (content/redirections.yaml): mini-sites that hot-link the logo keep it after a rename.
 */
function brandIconJobs(notices: readonly Notice[]): LogoJob[] {
  const jobs: LogoJob[] = [];
  const oldSlugs = new Map<string, string[]>();
  for (const { ancien, nouveau } of loadRedirections()) oldSlugs.set(nouveau, [...(oldSlugs.get(nouveau) ?? []), ancien]);
  for (const notice of notices) {
    const source = noticeLogoSource({ slug: notice.slug, data: { nom: notice.data.nom, autres_noms: notice.data.autres_noms, logo: notice.data.logo } });
    if (source?.kind !== 'simple-icons') continue;
    const input = Buffer.from(iconSvg(source.icon, iconPath(source.icon)));
    for (const name of [notice.slug, ...(oldSlugs.get(notice.slug) ?? [])]) jobs.push({ name, input });
  }
  return jobs;
}
