/**
 * `npm start` (after the build): checks the contribution configuration first, so that a wrong
 * setting stops the server with a French message instead of failing on the first contributor,
 * then serves the site (static pages + /api/contribuer, compressed: scripts/site-server.ts) on
 * HOST:PORT (localhost:4321).
 */
import { existsSync } from 'node:fs';
import { ConfigError, loadConfig } from '../src/contribution/config.ts';
import { startSiteServer } from './site-server.ts';

try {
  const config = loadConfig(process.env);
  console.log(
    `Contributions : dépôt ${config.backend === 'local' ? `git local (${config.localRepo}), branches contribution/…` : `GitLab (${config.gitlab?.url}, projet ${config.gitlab?.projectId})`}${config.closedByEnvironment ? ' — FERMÉES (CONTRIBUTION_CLOSED)' : ''}.`,
  );
} catch (error) {
  if (error instanceof ConfigError) {
    console.error(error.message);
    process.exit(1);
  }
  throw error;
}
const outDir = process.env.FRAMALIBRE_OUT_DIR ?? 'dist';
if (!existsSync(`${outDir}/server/entry.mjs`)) {
  console.error('Le site n’est pas construit : lancez « npm run build » (ou « npm start », qui le construit).');
  process.exit(1);
}
const host = process.env.HOST ?? 'localhost';
const port = Number(process.env.PORT ?? 4321);
await startSiteServer(outDir, host, port);
console.log(`Framalibre : http://${host}:${port}/`);
