/**
 * A few networks cannot close the form for everybody (issue 19): limits hold per address and per
 * network (IPv4 /24, IPv6 /64, /56 and /48), the price of a proposal rises with the hour's volume
 * (harder proof of work, longer no-JavaScript delay, stricter quotas), and a spent token is
 * refused before anything reads the forge. Handler in-process, local backend, memory store.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { solveChallenge, type Challenge } from 'altcha-lib';
import { deriveKey } from 'altcha-lib/algorithms/sha';
import type { ContributionBackend } from '../../src/contribution/backend.ts';
import { createLocalBackend } from '../../src/contribution/local-backend.ts';
import { CALM } from '../../src/contribution/pressure.ts';
import { formRequest, makeSite, type TestSite } from '../support/contribution.ts';

let counter = 0;
const proposal = (extra: Record<string, string>) => {
  counter++;
  return { nom: `Outil Réseau ${counter}`, licences: 'MIT', site_web: `https://reseau-${counter}.example.org/`, ...extra };
};

/** Tries `count` proposals from `addresses(i)`, with (JS) or without JavaScript; returns how many were opened. */
async function wave(site: TestSite, count: number, address: (i: number) => string, withJs: boolean): Promise<number> {
  let opened = 0;
  for (let i = 0; i < count; i++) {
    const sending = withJs ? await site.sending() : { jeton: site.token() };
    const response = await site.handler(formRequest(proposal(sending)), { clientAddress: address(i) });
    if (response.status === 201) opened++;
    else assert.ok([429, 503].includes(response.status), `refus inattendu ${response.status}`);
  }
  return opened;
}

async function isOpen(site: TestSite): Promise<boolean> {
  return ((await (await site.handler(new Request('http://localhost/api/contribuer'))).json()) as { ouvert: boolean }).ouvert;
}

/** An honest person from elsewhere, with JavaScript. */
async function honest(site: TestSite, address: string): Promise<number> {
  return (await site.handler(formRequest(proposal(await site.sending())), { clientAddress: address })).status;
}

describe('quelques réseaux ne ferment pas le formulaire pour tout le monde', () => {
  for (const withJs of [false, true]) {
    const how = withJs ? 'avec JavaScript' : 'sans JavaScript';
    it(`un /48 qui change de /64 à chaque envoi (${how}) ne dépasse pas sa part`, async () => {
      const site = makeSite();
      const opened = await wave(site, 40, (i) => `2001:db8:42:${i.toString(16)}::1`, withJs);
      assert.ok(opened <= CALM.perNetwork, `${opened} propositions ouvertes depuis un seul /48`);
      assert.equal(await isOpen(site), true, 'le formulaire reste ouvert');
      assert.equal(await honest(site, '2001:db8:99:1::5'), 201, 'une personne d’un autre réseau passe');
      assert.equal(await honest(site, '198.51.100.7'), 201);
    });

    it(`un /24 qui change d’adresse à chaque envoi (${how}) ne dépasse pas sa part`, async () => {
      const site = makeSite();
      const opened = await wave(site, 40, (i) => `203.0.113.${i + 1}`, withJs);
      assert.ok(opened <= CALM.perNetwork, `${opened} propositions ouvertes depuis un seul /24`);
      assert.equal(await isOpen(site), true);
      assert.equal(await honest(site, '198.51.100.7'), 201);
    });
  }

  it('quatre /24 et deux /48 ensemble n’atteignent pas le disjoncteur : leur prix monte avant', async () => {
    const site = makeSite();
    const networks = ['203.0.113', '198.18.0', '198.18.1', '192.0.2'].map((prefix) => (i: number) => `${prefix}.${i + 1}`);
    networks.push(
      (i) => `2001:db8:a:${i.toString(16)}::1`,
      (i) => `2001:db8:b:${i.toString(16)}::1`,
    );
    let opened = 0;
    for (const address of networks) opened += await wave(site, 15, address, true);
    assert.ok(opened < 30, `${opened} propositions : le disjoncteur (30) n’est pas atteint`);
    assert.equal(await isOpen(site), true);
    assert.equal(await honest(site, '198.51.100.9'), 201, 'une personne d’ailleurs passe encore');
  });
});

describe('le prix d’une proposition monte avec le volume de l’heure', () => {
  it('preuve de travail plus dure, délai sans JavaScript plus long, quotas plus stricts', async () => {
    const site = makeSite();
    const counterOfChallenge = async () => {
      const status = (await (await site.handler(new Request('http://localhost/api/contribuer'))).json()) as { defi: Challenge };
      return (await solveChallenge({ challenge: status.defi, deriveKey }))!.counter;
    };
    // POW_MAX is 200 in the tests: a calm hour draws the counter in [150, 200].
    assert.ok((await counterOfChallenge()) <= 200);
    // Ten proposals from ten networks: a third of the breaker (30), the hour is busy.
    for (let i = 0; i < 10; i++) assert.equal(await honest(site, `198.51.${i}.1`), 201);
    assert.ok((await counterOfChallenge()) >= 600, 'la preuve de travail coûte quatre fois plus');
    // Without JavaScript, a token 10 s old was enough in a calm hour (8 s); now it takes 16 s.
    const early = await site.handler(formRequest(proposal({ jeton: site.token(10_000) })), { clientAddress: '100.64.0.1' });
    assert.equal(early.status, 429);
    assert.match(await early.text(), /au moins 16 secondes/);
    assert.equal((await site.handler(formRequest(proposal({ jeton: site.token(20_000) })), { clientAddress: '100.64.0.1' })).status, 201);
    // One address now gets 3 proposals with JavaScript, not 6.
    let opened = 0;
    for (let i = 0; i < 6; i++) if ((await honest(site, '100.64.1.1')) === 201) opened++;
    assert.equal(opened, 3);
  });
});

describe('un jeton déjà utilisé ne coûte rien à la forge', () => {
  it('est refusé avant toute lecture de la forge', async () => {
    let reads = 0;
    const counting = (repo: string): ContributionBackend => {
      const real = createLocalBackend({ repo });
      return {
        ...real,
        readFile: (file) => (reads++, real.readFile!(file)),
        readVersion: (version) => (reads++, real.readVersion!(version)),
        listNotices: () => (reads++, real.listNotices!()),
      };
    };
    const site = makeSite({ backend: counting });
    const sending = await site.sending();
    assert.equal((await site.handler(formRequest(proposal(sending)), { clientAddress: '192.0.2.44' })).status, 201);
    const before = reads;
    for (let i = 0; i < 5; i++) {
      const replay = await site.handler(formRequest(proposal(sending)), { clientAddress: '192.0.2.44' });
      assert.equal(replay.status, 409);
      assert.match(await replay.text(), /a déjà servi/);
    }
    assert.equal(reads, before, 'aucune lecture de la forge pour un jeton déjà utilisé');
  });
});
