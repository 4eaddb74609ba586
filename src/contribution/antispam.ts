/**
 * Anti-spam without any third-party service, in layers: a honeypot field, a minimum fill time
 * measured from a token the server signed (the client's clock is never trusted), a self-hosted
 * proof of work (ALTCHA), per-client rate limits, an hourly breaker, and content rules.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';
import { createChallenge, randomInt, verifySolution, type Challenge } from 'altcha-lib';
import { deriveKey } from 'altcha-lib/algorithms/sha';
import { HttpError } from './http.ts';

/** Hidden field that people never see and bots fill in. */
export const HONEYPOT_FIELD = 'site_internet_2';
export const TOKEN_FIELD = 'jeton';
export const POW_FIELD = 'preuve';
/** Below this, nobody has read the form. */
export const MIN_FILL_MS = 4_000;
/** Above this, the token is stale (the person left the tab open for a day). */
export const MAX_FILL_MS = 24 * 3_600_000;
const POW_TTL_MS = 20 * 60_000;

/** A fill-time token: issue time, signed with the server secret. */
export function issueToken(secret: string, now = Date.now()): string {
  return `${now}.${sign(secret, String(now))}`;
}

function sign(secret: string, value: string): string {
  return createHmac('sha256', secret).update(value).digest('base64url');
}

export function checkToken(token: string | undefined, secret: string, now = Date.now()): 'ok' | 'absent' | 'trop-tot' | 'perime' | 'invalide' {
  if (!token) return 'absent';
  const [issued, signature] = token.split('.');
  if (!issued || !signature || !/^\d{10,16}$/.test(issued)) return 'invalide';
  const expected = Buffer.from(sign(secret, issued));
  const given = Buffer.from(signature);
  if (expected.length !== given.length || !timingSafeEqual(expected, given)) return 'invalide';
  const age = now - Number(issued);
  if (age < MIN_FILL_MS) return 'trop-tot';
  if (age > MAX_FILL_MS) return 'perime';
  return 'ok';
}

/** Proof of work: a signed challenge the browser solves (SHA-256, ~1 s on a modest phone). */
export class ProofOfWork {
  /** Solved challenges, so that one solution cannot be replayed for a flood. */
  private readonly used = new Map<string, number>();
  private readonly secret: string;
  private readonly maxNumber: number;
  constructor(secret: string, maxNumber: number) {
    this.secret = secret;
    this.maxNumber = maxNumber;
  }

  async challenge(): Promise<Challenge> {
    return createChallenge({
      algorithm: 'SHA-256',
      cost: 1,
      counter: randomInt(Math.floor(this.maxNumber / 4), this.maxNumber),
      deriveKey,
      hmacSignatureSecret: this.secret,
      expiresAt: new Date(Date.now() + POW_TTL_MS),
    });
  }

  /** True for a fresh, valid, never-used solution. `payload` is the JSON the browser sends. */
  async verify(payload: string | undefined): Promise<boolean> {
    if (!payload || payload.length > 4_000) return false;
    let parsed: { challenge?: Challenge; solution?: { counter: number; derivedKey: string } };
    try {
      parsed = JSON.parse(Buffer.from(payload, 'base64').toString('utf8'));
    } catch {
      return false;
    }
    if (!parsed.challenge?.signature || !parsed.solution) return false;
    const now = Date.now();
    for (const [signature, expires] of this.used) if (expires < now) this.used.delete(signature);
    if (this.used.has(parsed.challenge.signature)) return false;
    try {
      const result = await verifySolution({ challenge: parsed.challenge, solution: parsed.solution, deriveKey, hmacSignatureSecret: this.secret });
      if (!result.verified) return false;
    } catch {
      return false;
    }
    this.used.set(parsed.challenge.signature, now + POW_TTL_MS);
    return true;
  }
}

/** Sliding-window counter per key, bounded in memory (oldest keys are forgotten first). */
export class RateLimiter {
  private readonly hits = new Map<string, number[]>();
  private readonly limit: number;
  private readonly windowMs: number;
  private readonly maxKeys: number;
  constructor(limit: number, windowMs: number, maxKeys = 10_000) {
    this.limit = limit;
    this.windowMs = windowMs;
    this.maxKeys = maxKeys;
  }

  /** Records a hit; false when the key is over its limit (the hit is then not recorded). */
  take(key: string, now = Date.now()): boolean {
    const recent = (this.hits.get(key) ?? []).filter((t) => now - t < this.windowMs);
    if (recent.length >= this.limit) {
      this.hits.set(key, recent);
      return false;
    }
    recent.push(now);
    this.hits.delete(key);
    this.hits.set(key, recent);
    if (this.hits.size > this.maxKeys) this.hits.delete(this.hits.keys().next().value!);
    return true;
  }

  count(key: string, now = Date.now()): number {
    return (this.hits.get(key) ?? []).filter((t) => now - t < this.windowMs).length;
  }
}

/** URL shorteners hide where a link goes: never needed in a notice. */
const SHORTENERS = ['bit.ly', 'tinyurl.com', 't.co', 'goo.gl', 'ow.ly', 'is.gd', 'buff.ly', 'cutt.ly', 'rebrand.ly', 'shorturl.at', 'rb.gy', 'tiny.cc', 'lnkd.in', 'v.gd', 's.id', 'bl.ink', 'short.io'];
export const MAX_LINKS = 8;

/** Content rules on every text the contributor wrote; throws a French refusal. */
export function checkContent(texts: Iterable<string>): void {
  let links = 0;
  for (const text of texts) {
    const found = text.match(/\b(?:https?:\/\/|www\.)[^\s<>"')\]]+/gi) ?? [];
    links += found.length;
    for (const link of found) {
      const host = /^(?:https?:\/\/)?([^/:?#]+)/i.exec(link)?.[1]?.toLowerCase().replace(/^www\./, '') ?? '';
      if (SHORTENERS.includes(host)) {
        throw new HttpError(422, 'raccourcisseur', `Les liens raccourcis (${host}) ne sont pas acceptés : donnez l’adresse complète du site.`, [{ field: 'message', message: `lien raccourci ${host} refusé` }]);
      }
    }
  }
  if (links > MAX_LINKS) {
    throw new HttpError(422, 'trop-de-liens', `La proposition contient ${links} liens : ${MAX_LINKS} au plus. Gardez le site officiel, le code source et quelques liens utiles.`);
  }
}
