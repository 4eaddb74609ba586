/**
 * The proof of work (ALTCHA, self-hosted): the browser finds a counter whose SHA-256 matches a
 * challenge the server signed, bound to one fill-time token. Each solution is used once. What it
 * costs a script and a phone is measured by `npm run bench -- contribution`.
 */
import { createChallenge, randomInt, verifySolution, type Challenge } from 'altcha-lib';
import { deriveKey } from 'altcha-lib/algorithms/sha';

export const POW_TTL_MS = 20 * 60_000;

/** Proof of work: a signed challenge bound to one token, solved by the browser (SHA-256). */
export class ProofOfWork {
  private readonly secret: string;
  private readonly maxNumber: number;
  constructor(secret: string, maxNumber: number) {
    this.secret = secret;
    this.maxNumber = maxNumber;
  }

  /**
   * A challenge for the token `tokenId`: its solution is worth nothing with another token. The
   * counter to find is drawn in the top quarter of the range, so that no draw is cheap; `factor`
   * raises it in a busy hour (pressure.ts).
   */
  async challenge(tokenId: string, factor = 1): Promise<Challenge> {
    const max = this.maxNumber * factor;
    return createChallenge({
      algorithm: 'SHA-256',
      cost: 1,
      counter: randomInt(Math.floor(max * 0.75), max),
      data: { jeton: tokenId },
      deriveKey,
      hmacSignatureSecret: this.secret,
      expiresAt: new Date(Date.now() + POW_TTL_MS),
    });
  }

  /**
   * The solution's signature (what single use is recorded under) when `payload` — the JSON the
   * browser sends — solves a fresh challenge issued for `tokenId`; undefined otherwise.
   */
  async verify(payload: string | undefined, tokenId: string): Promise<string | undefined> {
    if (!payload || payload.length > 4_000) return undefined;
    let parsed: { challenge?: Challenge; solution?: { counter: number; derivedKey: string } };
    try {
      parsed = JSON.parse(Buffer.from(payload, 'base64').toString('utf8'));
    } catch {
      return undefined;
    }
    const signature = parsed?.challenge?.signature;
    if (typeof signature !== 'string' || !parsed.solution || parsed.challenge?.parameters?.data?.jeton !== tokenId) return undefined;
    try {
      const result = await verifySolution({ challenge: parsed.challenge!, solution: parsed.solution, deriveKey, hmacSignatureSecret: this.secret });
      return result.verified ? signature : undefined;
    } catch {
      return undefined;
    }
  }
}
