/**
 * `npm start` (after the build): checks the contribution configuration first, so that a wrong
 * setting stops the server with a French message instead of failing on the first contributor,
 * then starts Astro's node server (static site + /api/contribuer) on HOST:PORT (localhost:4321).
 */
import { existsSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import { ConfigError, loadConfig } from '../src/contribution/config.ts';

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
const entry = 'dist/server/entry.mjs';
if (!existsSync(entry)) {
  console.error('Le site n’est pas construit : lancez « npm run build » (ou « npm start », qui le construit).');
  process.exit(1);
}
process.env.HOST ??= 'localhost';
process.env.PORT ??= '4321';
console.log(`Framalibre : http://${process.env.HOST}:${process.env.PORT}/`);
await import(pathToFileURL(entry).href);
