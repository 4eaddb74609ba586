/**
 * The price of a proposal rises with the hour's volume, so that a wave from a few networks
 * exhausts their own allowance long before the hourly breaker closes the form for everybody.
 * Three levels, read from the breaker's count (proposals really opened this hour, everybody
 * together): calm, busy (a third of the breaker used), under attack (two thirds). Each level
 * lowers the quotas per address and per network, multiplies the proof of work's difficulty and
 * lengthens the no-JavaScript delay. An honest person arriving in a busy hour still gets through,
 * at a higher price.
 */
import type { TokenKind } from './layers/token.ts';

export interface Pressure {
  level: 0 | 1 | 2;
  /** Proposals per address (IPv4 address, IPv6 /64) and per hour, by how the token was obtained. */
  perAddress: Record<TokenKind, number>;
  /** Proposals per network (IPv4 /24, IPv6 /56 and /48) and per hour, whatever the token. */
  perNetwork: number;
  /** Multiplies the proof of work's difficulty (the counter to find). */
  powFactor: number;
  /** Multiplies the no-JavaScript confirmation page's minimum delay. */
  delayFactor: number;
}

const LEVELS: readonly Pressure[] = [
  { level: 0, perAddress: { js: 6, 'sans-js': 2 }, perNetwork: 8, powFactor: 1, delayFactor: 1 },
  { level: 1, perAddress: { js: 3, 'sans-js': 1 }, perNetwork: 4, powFactor: 4, delayFactor: 2 },
  { level: 2, perAddress: { js: 1, 'sans-js': 1 }, perNetwork: 2, powFactor: 16, delayFactor: 4 },
];

/** The calm hour's figures: the limiters' ceilings (a busier hour only lowers them). */
export const CALM: Pressure = LEVELS[0]!;

/** The level for `opened` proposals out of the breaker's `maxPerHour`. */
export function pressureFor(opened: number, maxPerHour: number): Pressure {
  const share = maxPerHour > 0 ? opened / maxPerHour : 1;
  return LEVELS[share >= 2 / 3 ? 2 : share >= 1 / 3 ? 1 : 0]!;
}
