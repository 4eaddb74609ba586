/**
 * node scripts/env-aliases.ts NAME… — for a shell (.gitlab-ci.yml): prints `export NAME='value'`
 * for each renamed variable given (src/shared/env.ts) whose value comes from its new or its old
 * name, so that a shell reads the new name only. Both names set to different values: the French
 * message on stderr and exit 1. Imports nothing outside src/shared: it runs before `npm ci`.
 */
import { EnvironmentError, RENAMED_VARIABLES, type RenamedVariable, withAliases } from '../src/shared/env.ts';

const names = process.argv.slice(2);
const unknown = names.filter((name) => !(name in RENAMED_VARIABLES));
if (unknown.length > 0) {
  console.error(`Variable(s) sans ancien nom : ${unknown.join(', ')} (voir src/shared/env.ts).`);
  process.exit(1);
}
try {
  const env = withAliases(process.env, names as RenamedVariable[]);
  for (const name of names) {
    const value = env[name];
    if (value !== undefined) console.log(`export ${name}='${value.replaceAll("'", `'\\''`)}'`);
  }
} catch (error) {
  if (!(error instanceof EnvironmentError)) throw error;
  console.error(`Erreur de configuration : ${error.message}`);
  process.exit(1);
}
