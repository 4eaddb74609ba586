/**
 * The browser's side of the proof of work: altcha-lib's solver with a synchronous SHA-256
 * (@noble/hashes) instead of WebCrypto. `crypto.subtle.digest` costs a promise and a trip through
 * the browser's crypto for each of the ~175,000 hashes a challenge needs: measured, it made a
 * phone (Chromium slowed 4×) wait 8 s where a script pays 0.3 s. The same hashes done in
 * JavaScript bring the phone close to the script's price (`npm run bench -- preuve`). No Node
 * import: bundled into the form's script.
 */
import { sha256 } from '@noble/hashes/sha2.js';
import { solveChallenge, type Challenge, type Solution } from 'altcha-lib';

type DeriveKey = NonNullable<Parameters<typeof solveChallenge>[0]['deriveKey']>;

/** SHA-256 iterated `cost` times over salt + password, as altcha-lib's own SHA derivation. */
const deriveKey: DeriveKey = async (parameters, salt, password) => {
  let key = new Uint8Array(salt.length + password.length);
  key.set(salt);
  key.set(password, salt.length);
  for (let i = 0; i < Math.max(1, parameters.cost); i++) key = sha256(key);
  return { parameters: {}, derivedKey: key.slice(0, parameters.keyLength ?? 32) };
};

/** Finds the counter of `challenge`; null when it cannot (the form then asks for a confirmation instead). */
export function solveProofOfWork(challenge: Challenge): Promise<Solution | null> {
  // A busy hour multiplies the work by 16: leave a slow phone the time to finish.
  return solveChallenge({ challenge, deriveKey, timeout: 10 * 60_000 });
}
