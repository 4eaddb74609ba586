/**
 * Anti-spam without any third-party service, in layers: a honeypot field, a fill-time token the
 * server signed (the client's clock is never trusted), a self-hosted proof of work (ALTCHA) bound
 * to that token, single use of both, per-client limits, an hourly breaker, and content rules.
 * What must be remembered between requests goes through the store (store.ts).
 */
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { createChallenge, randomInt, verifySolution, type Challenge } from 'altcha-lib';
import { deriveKey } from 'altcha-lib/algorithms/sha';
import { HttpError } from './http-error.ts';

export { HONEYPOT_FIELD, POW_FIELD, TOKEN_FIELD } from './form-fields.ts';

/**
 * How a token was obtained: `js` from the form's script, which must then send a proof of work;
 * `sans-js` from the confirmation page of a plain HTML form, which gets a longer minimum delay
 * and a stricter per-client limit instead.
 */
export type TokenKind = 'js' | 'sans-js';

/** Below this, nobody has read the form. */
export const MIN_FILL_MS: Record<TokenKind, number> = { js: 4_000, 'sans-js': 8_000 };
/** Above this, the token is stale (the person left the tab open for a day). */
export const MAX_FILL_MS = 24 * 3_600_000;
export const POW_TTL_MS = 20 * 60_000;

export interface TokenCheck {
  status: 'ok' | 'absent' | 'trop-tot' | 'perime' | 'invalide';
  kind?: TokenKind;
  /** The token's random part: what single use is recorded under. */
  id?: string;
}

/** A fill-time token: kind, issue time and a random id, signed with the server secret. */
export function issueToken(secret: string, now = Date.now(), kind: TokenKind = 'js'): string {
  const payload = `${kind}.${now}.${randomBytes(12).toString('base64url')}`;
  return `${payload}.${sign(secret, payload)}`;
}

/** The random part of a token issued by issueToken. */
export function tokenId(token: string): string {
  return token.split('.')[2] ?? '';
}

function sign(secret: string, value: string): string {
  return createHmac('sha256', secret).update(value).digest('base64url');
}

export function checkToken(token: string | undefined, secret: string, now = Date.now()): TokenCheck {
  if (!token) return { status: 'absent' };
  const parts = token.split('.');
  if (parts.length !== 4) return { status: 'invalide' };
  const [kind, issued, id, signature] = parts as [string, string, string, string];
  if ((kind !== 'js' && kind !== 'sans-js') || !/^\d{10,16}$/.test(issued) || !/^[\w-]{16}$/.test(id)) return { status: 'invalide' };
  const expected = Buffer.from(sign(secret, `${kind}.${issued}.${id}`));
  const given = Buffer.from(signature);
  if (expected.length !== given.length || !timingSafeEqual(expected, given)) return { status: 'invalide' };
  const age = now - Number(issued);
  if (age < MIN_FILL_MS[kind]) return { status: 'trop-tot', kind, id };
  if (age > MAX_FILL_MS) return { status: 'perime', kind, id };
  return { status: 'ok', kind, id };
}

/** Proof of work: a signed challenge bound to one token, solved by the browser (SHA-256). */
export class ProofOfWork {
  private readonly secret: string;
  private readonly maxNumber: number;
  constructor(secret: string, maxNumber: number) {
    this.secret = secret;
    this.maxNumber = maxNumber;
  }

  /** A challenge for the token `tokenId`: its solution is worth nothing with another token. */
  async challenge(tokenId: string): Promise<Challenge> {
    return createChallenge({
      algorithm: 'SHA-256',
      cost: 1,
      counter: randomInt(Math.floor(this.maxNumber / 2), this.maxNumber),
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

/** URL shorteners hide where a link goes: never needed in a notice. */
const SHORTENERS = [
  'bit.ly',
  'tinyurl.com',
  't.co',
  'goo.gl',
  'ow.ly',
  'is.gd',
  'buff.ly',
  'cutt.ly',
  'rebrand.ly',
  'shorturl.at',
  'rb.gy',
  'tiny.cc',
  'lnkd.in',
  'v.gd',
  's.id',
  'bl.ink',
  'short.io',
];
export const MAX_LINKS = 8;

/** Content rules on every text the contributor wrote; throws a French refusal. */
export function checkContent(texts: Iterable<string>): void {
  let links = 0;
  for (const text of texts) {
    const found = text.match(/\b(?:https?:\/\/|www\.)[^\s<>"')\]]+/gi) ?? [];
    links += found.length;
    for (const link of found) {
      const host =
        /^(?:https?:\/\/)?([^/:?#]+)/i
          .exec(link)?.[1]
          ?.toLowerCase()
          .replace(/^www\./, '') ?? '';
      if (SHORTENERS.includes(host)) {
        throw new HttpError(422, 'raccourcisseur', `Les liens raccourcis (${host}) ne sont pas acceptés : donnez l’adresse complète du site.`, [
          { field: 'message', message: `lien raccourci ${host} refusé` },
        ]);
      }
    }
  }
  if (links > MAX_LINKS) {
    throw new HttpError(422, 'trop-de-liens', `La proposition contient ${links} liens : ${MAX_LINKS} au plus. Gardez le site officiel, le code source et quelques liens utiles.`);
  }
}
