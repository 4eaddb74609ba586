/**
 * The moderators' kill switch: a project feature flag (lib/api/feature_flags.rb), cached briefly.
 * « 404 Not found » (no such flag: renamed or deleted) keeps the form closed, with its reason; a
 * 403 (the project's Feature flags setting is off, or the token lost its role) rejects like any
 * unreadable answer.
 */
import type { ProjectContext } from './resources.ts';
import { GitlabFailure, isMissing } from './retry.ts';

export const DEFAULT_FEATURE_FLAG = 'contributions-fermees';

/** 'fermees' when the flag is active, 'drapeau-absent' when it does not exist. */
export type FlagState = 'ouvertes' | 'fermees' | 'drapeau-absent';

export function featureFlagSwitch(context: ProjectContext, featureFlag: string, flagCacheMs: number) {
  const { projectId, api, retrier, budgetMs } = context;
  let flag: { state: FlagState; at: number } | undefined;
  let flagInFlight: Promise<FlagState> | undefined;
  async function readFlag(): Promise<FlagState> {
    const NO_FLAG = Symbol('no flag');
    const answer = await retrier.withRetries(
      Date.now() + budgetMs,
      'en lisant l’interrupteur des modératrices et modérateurs',
      () => api.featureFlags.show(projectId, featureFlag),
      // « 404 Project Not Found » is a configuration error, not a missing flag.
      (error) => (isMissing(error) ? NO_FLAG : undefined),
    );
    if (answer === NO_FLAG) return 'drapeau-absent';
    const active = (answer as { active?: unknown }).active;
    if (typeof active !== 'boolean') {
      throw new GitlabFailure('GitLab a donné une réponse illisible en lisant l’interrupteur des modératrices et modérateurs.', 'invalid-response', undefined, 1);
    }
    return active ? 'fermees' : 'ouvertes';
  }
  return function moderatorSwitch(): Promise<FlagState> {
    if (flag && Date.now() - flag.at < flagCacheMs) return Promise.resolve(flag.state);
    if (!flagInFlight) {
      flagInFlight = readFlag()
        .then((state) => {
          flag = { state, at: Date.now() };
          return state;
        })
        .finally(() => {
          flagInFlight = undefined;
        });
    }
    return flagInFlight;
  };
}
