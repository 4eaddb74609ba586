/**
 * What happens after Astro has written the pages: logos are rendered, then Pagefind indexes the
 * pages. Kept in one integration so that `astro build` alone produces the whole site.
 */
import { fileURLToPath } from 'node:url';
import path from 'node:path';
import type { AstroIntegration } from 'astro';
import { logosDir } from '../notices/paths.ts';
import { buildLogos } from './logos.ts';
import { buildSearchIndex } from '../search/indexer.ts';
import { prepareOutDir, pruneStalePages, type Prepared } from './output-reuse.ts';

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
      },
      // Astro's own emptying of the output folder is off (astro.config.ts): see output-reuse.ts.
      'astro:build:start': ({ logger }) => {
        prepared = prepareOutDir(buildDir, cacheDir, incremental);
        if (prepared.kept > 0) logger.info(`pages de la construction précédente laissées en place : ${prepared.kept}`);
      },
      'astro:build:done': async ({ dir, logger, assets }) => {
        if (prepared) {
          const pruned = pruneStalePages(buildDir, prepared, [...assets.values()].flat().map((url) => fileURLToPath(url)));
          if (pruned > 0) logger.info(`pages disparues supprimées : ${pruned}`);
        }
        const outDir = fileURLToPath(dir);
        const started = performance.now();
        const logos = await buildLogos(logosDir(), path.join(outDir, 'images', 'logo'), path.join(cacheDir, 'framalibre-logos'));
        logger.info(`logos : ${logos.built} produits, ${logos.cached} repris du cache (${Math.round(performance.now() - started)} ms)`);
        const indexStarted = performance.now();
        const index = await buildSearchIndex(outDir);
        logger.info(`recherche : ${index.pages} pages indexées (${Math.round(performance.now() - indexStarted)} ms)`);
      },
    },
  };
}
