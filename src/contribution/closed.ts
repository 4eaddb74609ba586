/**
 * Why contributions are closed, said to the person and to the operator. The kill switch must
 * never lock silently: each cause has its code (given by `GET /api/contribuer` as `raison`) and
 * its French words, and a flag the forge will not read is logged, once per interval, with what
 * GitLab answered.
 */
import type { ContributionBackend } from './backend.ts';
import type { ContributionStore, Limit } from './store.ts';

export type ClosedReason = 'environnement' | 'moderation' | 'drapeau-absent' | 'drapeau-illisible' | 'disjoncteur';

const KEPT = 'Votre texte ci-dessous n’est pas perdu.';
const WRITE = 'Vous pouvez proposer un logiciel en écrivant à l’équipe de Framasoft (https://contact.framasoft.org/).';

export const CLOSED_MESSAGES: Record<ClosedReason, string> = {
  environnement: `Les contributions sont momentanément fermées. ${WRITE} ${KEPT}`,
  moderation: `L’équipe de modération a fermé les contributions pour le moment. ${WRITE} ${KEPT}`,
  'drapeau-absent': `Les contributions sont fermées : l’interrupteur de la modération est introuvable sur la forge (renommé ou supprimé), et la fonction refuse plutôt que de deviner. L’équipe est prévenue. ${KEPT}`,
  'drapeau-illisible': `Impossible de vérifier pour le moment si les contributions sont ouvertes : réessayez dans quelques minutes. ${KEPT}`,
  disjoncteur: `Trop de propositions sont arrivées cette heure-ci : le formulaire se rouvrira de lui-même dans moins d’une heure. ${KEPT}`,
};

/** How often an unreadable or missing flag is written to the log. */
const LOG_EVERY_MS = 10 * 60_000;

export interface ClosedCheck {
  /** undefined: open. */
  reason?: ClosedReason;
  /** Proposals opened this hour, everybody together (the breaker's count): the pressure reads it. */
  opened: number;
}

export function createClosedCheck(options: {
  closedByEnvironment: boolean;
  backend: ContributionBackend;
  store: ContributionStore;
  breaker: Limit;
  log: (line: string) => void;
  now: () => number;
}) {
  const { backend, store, breaker, log, now } = options;
  let loggedAt = -Infinity;
  const logOnce = (line: string) => {
    if (now() - loggedAt < LOG_EVERY_MS) return;
    loggedAt = now();
    log(line);
  };

  async function moderators(): Promise<ClosedReason | undefined> {
    if (!backend.moderatorSwitch) return undefined;
    try {
      const state = await backend.moderatorSwitch();
      if (state === 'drapeau-absent') {
        logOnce('interrupteur de la modération introuvable sur GitLab (drapeau renommé ou supprimé ?) : contributions fermées. Voir docs/moderation.md.');
        return 'drapeau-absent';
      }
      return state === 'fermees' ? 'moderation' : undefined;
    } catch (error) {
      logOnce(`interrupteur de la modération illisible, contributions fermées : ${(error as Error).message} Voir docs/moderation.md (réglage « Feature flags » du projet).`);
      return 'drapeau-illisible';
    }
  }

  return async function closedCheck(): Promise<ClosedCheck> {
    const opened = await store.used(breaker, 'global');
    if (options.closedByEnvironment) return { reason: 'environnement', opened };
    if (opened >= breaker.points) return { reason: 'disjoncteur', opened };
    return { reason: await moderators(), opened };
  };
}
