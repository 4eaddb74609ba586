import assert from 'node:assert/strict';
import { it } from 'node:test';
import { solveChallenge } from 'altcha-lib';
import { deriveKey } from 'altcha-lib/algorithms/sha';
import { ProofOfWork } from '../../src/contribution/layers/proof-of-work.ts';
import { MIN_FILL_MS, checkToken, issueToken, tokenId } from '../../src/contribution/layers/token.ts';
import { clientAddress, networkKeys } from '../../src/contribution/client.ts';

it('signe le jeton de remplissage, avec sa sorte, et ne fait pas confiance à l’horloge du client', () => {
  const now = 1_800_000_000_000;
  const token = issueToken('secret', now - 10_000);
  assert.equal(checkToken(token, 'secret', now).status, 'ok');
  assert.equal(checkToken(token, 'secret', now).kind, 'js');
  assert.equal(checkToken(token, 'autre-secret', now).status, 'invalide');
  assert.equal(checkToken(issueToken('secret', now - MIN_FILL_MS.js + 500), 'secret', now).status, 'trop-tot');
  // Without JavaScript the minimum delay is longer.
  assert.equal(checkToken(issueToken('secret', now - MIN_FILL_MS.js - 500, 'sans-js'), 'secret', now).status, 'trop-tot');
  // Changing the time or the kind inside the token breaks its signature.
  const [kind, , id, signature] = token.split('.');
  assert.equal(checkToken(`${kind}.${now - 3_600_000}.${id}.${signature}`, 'secret', now).status, 'invalide');
  assert.equal(checkToken(`sans-js.${token.split('.').slice(1).join('.')}`, 'secret', now).status, 'invalide');
  assert.equal(checkToken(undefined, 'secret', now).status, 'absent');
  // Two tokens issued in the same millisecond are still two tokens (single use needs it).
  assert.notEqual(tokenId(issueToken('secret', now)), tokenId(issueToken('secret', now)));
});

it('lie la preuve de travail au jeton pour lequel elle a été demandée', async () => {
  const pow = new ProofOfWork('secret-de-test', 2000);
  const token = issueToken('secret-de-test');
  const challenge = await pow.challenge(tokenId(token));
  const solution = await solveChallenge({ challenge, deriveKey });
  assert.ok(solution);
  const payload = Buffer.from(JSON.stringify({ challenge, solution })).toString('base64');
  assert.equal(typeof (await pow.verify(payload, tokenId(token))), 'string');
  assert.equal(await pow.verify(payload, tokenId(issueToken('secret-de-test'))), undefined, 'une solution ne vaut que pour son jeton');
  const forged = Buffer.from(JSON.stringify({ challenge, solution: { ...solution, counter: solution.counter + 1 } })).toString('base64');
  assert.equal(await pow.verify(forged, tokenId(token)), undefined);
  assert.equal(await pow.verify('pas du base64 ni du JSON', tokenId(token)), undefined);
  assert.equal(await new ProofOfWork('autre-secret', 2000).verify(payload, tokenId(token)), undefined);
});

it('lit l’adresse du client à droite des proxys de confiance, ou dans l’en-tête de la plateforme', () => {
  const request = (headers: Record<string, string>) => new Request('http://localhost/', { headers });
  // The client wrote « 6.6.6.6 »; our one proxy appended the real address.
  const forged = request({ 'x-forwarded-for': '6.6.6.6, 203.0.113.9' });
  assert.equal(clientAddress(forged, { trustedProxies: 1 }, '10.0.0.1'), '203.0.113.9');
  assert.equal(clientAddress(request({ 'x-forwarded-for': '6.6.6.6, 203.0.113.9, 10.0.0.2' }), { trustedProxies: 2 }, '10.0.0.1'), '203.0.113.9');
  assert.equal(clientAddress(forged, { trustedProxies: 0 }, '198.51.100.4'), '198.51.100.4', 'sans proxy de confiance, X-Forwarded-For est ignoré');
  assert.equal(clientAddress(request({ 'x-real-ip': '192.0.2.77' }), { trustedProxies: 0, clientIpHeader: 'x-real-ip' }), '192.0.2.77');
  assert.equal(clientAddress(request({}), { trustedProxies: 0 }), undefined);
});

it('compte les adresses IPv6 par /64', () => {
  assert.deepEqual(networkKeys('2001:db8:1:2:aaaa::1'), ['2001:db8:1:2::/64', '2001:db8:1:0::/56', '2001:db8:1::/48']);
  assert.equal(networkKeys('2001:db8:1:2:bbbb:cccc:dddd:eeee')[0], '2001:db8:1:2::/64');
  assert.equal(networkKeys('2001:db8::1')[0], '2001:db8:0:0::/64');
  assert.equal(networkKeys('::ffff:192.0.2.1')[0], '192.0.2.1');
  assert.equal(networkKeys('192.0.2.1')[0], '192.0.2.1');
});
