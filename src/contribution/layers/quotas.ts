/**
 * Layer « quotas », taken right before the forge is asked, once everything is checked: single use
 * of the token and of the proof of work's solution, then the proposals per address and per
 * network (lowered in a busy hour, pressure.ts), then the hourly breaker — each taken
 * atomically, so concurrent requests cannot pass a limit. `refuseUsedSending` runs earlier,
 * before anything reads the forge: a token already spent on another proposal costs us nothing.
 */
import { CALM, type Pressure } from '../pressure.ts';
import { Refusal } from '../refusal.ts';
import type { ContributionStore, Limit } from '../store.ts';
import { MAX_FILL_MS, type TokenKind } from './token.ts';
import { POW_TTL_MS } from './proof-of-work.ts';

const HOUR = 3_600;
export const PER_ADDRESS: Record<TokenKind, Limit> = {
  js: { name: 'client-js', points: CALM.perAddress.js, windowSeconds: HOUR },
  'sans-js': { name: 'client-sans-js', points: CALM.perAddress['sans-js'], windowSeconds: HOUR },
};
export const PER_NETWORK: Limit = { name: 'reseau', points: CALM.perNetwork, windowSeconds: HOUR };

/** The sending checks passed: which quota applies, and what single use is recorded under. */
export interface Sending {
  kind: TokenKind;
  tokenId: string;
  powSignature?: string;
}

const USED = () =>
  new Refusal(
    'jeton-deja-utilise',
    'Ce formulaire a déjà servi à envoyer une autre proposition : rechargez la page pour en envoyer une nouvelle. Votre texte ci-dessous n’est pas perdu.',
  );

const claims = (sending: Sending) => [
  [`jeton:${sending.tokenId}`, MAX_FILL_MS] as const,
  ...(sending.powSignature ? [[`preuve:${sending.powSignature}`, POW_TTL_MS] as const] : []),
];

/** A token or solution already recorded for another proposal (a retry of the same one may use them again). */
export async function refuseUsedSending(store: ContributionStore, sending: Sending, identity: string): Promise<void> {
  for (const [key] of claims(sending)) {
    const previous = await store.claimed(key);
    if (previous !== undefined && previous !== identity) throw USED();
  }
}

/** Takes every quota for one proposal; returns how to give them back if nothing is opened. */
export async function reserveQuotas(
  store: ContributionStore,
  options: { sending: Sending; identity: string; networks: readonly string[]; pressure: Pressure; breaker: Limit },
): Promise<() => Promise<void>> {
  const { sending, identity, networks, pressure, breaker } = options;
  for (const [key, ttl] of claims(sending)) {
    const previous = await store.claim(key, identity, ttl);
    if (previous !== undefined && previous !== identity) throw USED();
  }
  const taken: [Limit, string][] = [];
  const giveBack = async () => {
    for (const [limit, key] of taken.reverse()) await store.giveBack(limit, key);
  };
  const take = async (limit: Limit, key: string, cap: number, refusal: () => Refusal) => {
    if (!(await store.take(limit, key, cap))) {
      await giveBack();
      throw refusal();
    }
    taken.push([limit, key]);
  };
  const tooMany = () =>
    new Refusal(
      'trop-de-propositions',
      pressure.level > 0
        ? 'Beaucoup de propositions arrivent en ce moment et votre connexion en a déjà envoyé plusieurs : réessayez dans une heure. Votre texte ci-dessous n’est pas perdu.'
        : 'Vous avez envoyé beaucoup de propositions en peu de temps : réessayez dans une heure. Votre texte ci-dessous n’est pas perdu.',
    );
  const [address, ...wider] = networks;
  await take(PER_ADDRESS[sending.kind], address!, pressure.perAddress[sending.kind], tooMany);
  for (const network of wider) await take(PER_NETWORK, network, pressure.perNetwork, tooMany);
  await take(
    breaker,
    'global',
    breaker.points,
    () =>
      new Refusal(
        'fermees',
        'Trop de propositions sont arrivées cette heure-ci : le formulaire se rouvrira de lui-même dans moins d’une heure. Votre texte ci-dessous n’est pas perdu.',
      ),
  );
  return giveBack;
}
