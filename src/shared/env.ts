/**
 * Environment variables renamed under the naming rule (docs/architecture.md, « La règle de
 * nommage »): English, prefixed by what they set. A published name is never dropped: the new name
 * is read first, the old one is read when the new one is absent, and both set to different values
 * is an error that names both. This table is the only list of renames; .gitlab-ci.yml resolves
 * its own through `node scripts/env-aliases.ts` (the rules of a pipeline read both names).
 */

/** New name → old name, still accepted. */
export const RENAMED_VARIABLES = {
  CONTRIBUTION_CLOSED: 'CONTRIBUTIONS_FERMEES',
  CONTRIBUTION_MAX_PER_HOUR: 'CONTRIBUTION_MAX_PAR_HEURE',
  MODERATION_CHECK_LINKS: 'FRAMALIBRE_VERIFIER_LIENS',
  MODERATION_LINK_TIMEOUT_MS: 'FRAMALIBRE_DELAI_LIENS',
  MODERATION_REPORTS_MAX: 'FRAMALIBRE_RAPPORTS_MAX',
  MODERATION_GIT_REMOTE: 'FRAMALIBRE_DEPOT_DISTANT',
  MODERATION_PREVIEW_PAGES: 'FRAMALIBRE_APERCU_PAGES',
  MODERATION_PREVIEW_URL: 'APERCU_URL',
  MODERATION_PREVIEW_MODE: 'APERCU_MODE',
  MODERATION_PREVIEW_HOST: 'APERCU_ADRESSE',
  MODERATION_WATCH_TOKEN: 'VEILLE_TOKEN',
  FRAMALIBRE_SCHEDULE: 'FRAMALIBRE_PLANIFIE',
  FRAMALIBRE_REUSE_NODE_MODULES: 'FRAMALIBRE_REUTILISER_NODE_MODULES',
  BENCH_BEFORE: 'BENCH_AVANT',
  BENCH_SEARCH_SETS: 'BENCH_RECHERCHE_SETS',
  BENCH_SEARCH_BEFORE: 'BENCH_RECHERCHE_AVANT',
  BENCH_SEARCH_REBUILD: 'BENCH_RECHERCHE_RECONSTRUIRE',
  BENCH_PAGE_WEIGHT_REBUILD: 'BENCH_POIDS_RECONSTRUIRE',
} as const;

export type RenamedVariable = keyof typeof RENAMED_VARIABLES;
export type Environment = Record<string, string | undefined>;

export class EnvironmentError extends Error {
  override name = 'EnvironmentError';
}

/** The French sentence for a variable set under both its names, to different values. */
export function conflictMessage(name: RenamedVariable): string {
  const alias = RENAMED_VARIABLES[name];
  return `${name} et son ancien nom ${alias} sont toutes deux définies, avec des valeurs différentes : gardez ${name} et retirez ${alias}.`;
}

/** One variable under its new name, or under its old name when the new one is absent. */
export function readVariable(env: Environment, name: RenamedVariable): string | undefined {
  const value = env[name];
  const old = env[RENAMED_VARIABLES[name]];
  if (value !== undefined && old !== undefined && value !== old) throw new EnvironmentError(conflictMessage(name));
  return value ?? old;
}

/**
 * A copy of `env` where each of `names` (every renamed variable by default) holds its value read
 * as above. Every conflict is reported at once.
 */
export function withAliases(env: Environment, names: readonly RenamedVariable[] = Object.keys(RENAMED_VARIABLES) as RenamedVariable[]): Environment {
  const resolved: Environment = { ...env };
  const conflicts: string[] = [];
  for (const name of names) {
    try {
      const value = readVariable(env, name);
      if (value !== undefined) resolved[name] = value;
    } catch (error) {
      if (!(error instanceof EnvironmentError)) throw error;
      conflicts.push(error.message);
    }
  }
  if (conflicts.length > 0) throw new EnvironmentError(conflicts.join('\n'));
  return resolved;
}
