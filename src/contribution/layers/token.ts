/**
 * The form's fill-time token: signed by the server (the client's clock is never trusted), it
 * says how the form was obtained, when, and carries a random id that single use is recorded
 * under. Too early, nobody has read the form; too late, the tab was left open for a day.
 */
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';

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

/** `delayFactor` lengthens the no-JavaScript minimum delay in a busy hour (pressure.ts); a script's token pays with a harder proof of work instead. */
export function checkToken(token: string | undefined, secret: string, now = Date.now(), delayFactor = 1): TokenCheck {
  if (!token) return { status: 'absent' };
  const parts = token.split('.');
  if (parts.length !== 4) return { status: 'invalide' };
  const [kind, issued, id, signature] = parts as [string, string, string, string];
  if ((kind !== 'js' && kind !== 'sans-js') || !/^\d{10,16}$/.test(issued) || !/^[\w-]{16}$/.test(id)) return { status: 'invalide' };
  const expected = Buffer.from(sign(secret, `${kind}.${issued}.${id}`));
  const given = Buffer.from(signature);
  if (expected.length !== given.length || !timingSafeEqual(expected, given)) return { status: 'invalide' };
  const age = now - Number(issued);
  if (age < MIN_FILL_MS[kind] * (kind === 'sans-js' ? delayFactor : 1)) return { status: 'trop-tot', kind, id };
  if (age > MAX_FILL_MS) return { status: 'perime', kind, id };
  return { status: 'ok', kind, id };
}
