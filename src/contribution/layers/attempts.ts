/**
 * Layer « attempts »: any POST, refused or not, counts against the client's address and against
 * each network around it (client.ts networkKeys), so that what a script costs us is bounded
 * however it rotates addresses inside one network.
 */
import { Refusal } from '../refusal.ts';
import type { ContributionStore, Limit } from '../store.ts';

/** Ten minutes: POSTs per address, and per wider network (IPv4 /24, IPv6 /56 and /48). */
export const ATTEMPTS_PER_ADDRESS: Limit = { name: 'essais', points: 60, windowSeconds: 600 };
export const ATTEMPTS_PER_NETWORK: Limit = { name: 'essais-reseau', points: 120, windowSeconds: 600 };

/** `networks`: the client's keys, its address first (client.ts). */
export async function countAttempt(store: ContributionStore, networks: readonly string[]): Promise<void> {
  for (const [index, key] of networks.entries()) {
    if (!(await store.take(index === 0 ? ATTEMPTS_PER_ADDRESS : ATTEMPTS_PER_NETWORK, key))) {
      throw new Refusal(
        'trop-d-essais',
        'Beaucoup d’envois sont arrivés de votre connexion ces dernières minutes : patientez dix minutes avant de réessayer. Votre texte ci-dessous n’est pas perdu.',
      );
    }
  }
}
