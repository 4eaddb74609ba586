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

export function framalibreBuild(): AstroIntegration {
  let cacheDir = path.resolve('node_modules/.astro');
  return {
    name: 'framalibre-build',
    hooks: {
      'astro:config:done': ({ config }) => {
        cacheDir = fileURLToPath(config.cacheDir);
      },
      'astro:build:done': async ({ dir, logger }) => {
        const outDir = fileURLToPath(dir);
        const started = performance.now();
        const logos = await buildLogos(logosDir(), path.join(outDir, 'images', 'logo'), path.join(cacheDir, 'framalibre-logos'));
        logger.info(`logos : ${logos.built} produits, ${logos.cached} repris du cache (${Math.round(performance.now() - started)} ms)`);
        const indexStarted = performance.now();
        const index = await buildSearchIndex(outDir);
        logger.info(`recherche : ${index.pages} pages indexées (${Math.round(performance.now() - indexStarted)} ms), vocabulaire de correction ${Math.round(index.vocabularyBytes / 1024)} Kio`);
      },
    },
  };
}
