import assert from 'node:assert/strict';
import { it } from 'node:test';
import { solveChallenge } from 'altcha-lib';
import { deriveKey } from 'altcha-lib/algorithms/sha';
import { MIN_FILL_MS, ProofOfWork, RateLimiter, checkToken, issueToken } from '../../src/contribution/antispam.ts';

it('signe le jeton de remplissage et ne fait pas confiance à l’horloge du client', () => {
  const now = 1_800_000_000_000;
  const token = issueToken('secret', now - 10_000);
  assert.equal(checkToken(token, 'secret', now), 'ok');
  assert.equal(checkToken(token, 'autre-secret', now), 'invalide');
  assert.equal(checkToken(issueToken('secret', now - MIN_FILL_MS + 500), 'secret', now), 'trop-tot');
  // Changing the time inside the token breaks its signature.
  const [, signature] = token.split('.');
  assert.equal(checkToken(`${now - 3_600_000}.${signature}`, 'secret', now), 'invalide');
  assert.equal(checkToken(undefined, 'secret', now), 'absent');
});

it('vérifie la preuve de travail une seule fois', async () => {
  const pow = new ProofOfWork('secret-de-test', 2000);
  const challenge = await pow.challenge();
  const solution = await solveChallenge({ challenge, deriveKey });
  assert.ok(solution);
  const payload = Buffer.from(JSON.stringify({ challenge, solution })).toString('base64');
  assert.equal(await pow.verify(payload), true);
  assert.equal(await pow.verify(payload), false, 'une solution rejouée doit être refusée');
  const forged = Buffer.from(JSON.stringify({ challenge, solution: { ...solution, counter: solution.counter + 1 } })).toString('base64');
  assert.equal(await new ProofOfWork('secret-de-test', 2000).verify(forged), false);
  assert.equal(await pow.verify('pas du base64 ni du JSON'), false);
  assert.equal(await new ProofOfWork('autre-secret', 2000).verify(payload), false);
});

it('limite par fenêtre glissante et oublie les clés les plus anciennes', () => {
  const limiter = new RateLimiter(2, 1000, 3);
  assert.equal(limiter.take('a', 0), true);
  assert.equal(limiter.take('a', 10), true);
  assert.equal(limiter.take('a', 20), false);
  assert.equal(limiter.take('a', 1015), true);
  for (const key of ['b', 'c', 'd', 'e']) limiter.take(key, 1100);
  assert.equal(limiter.count('a', 1100), 0, 'la clé la plus ancienne est oubliée au-delà de la taille maximale');
});
