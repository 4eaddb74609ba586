import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { checkLink, checkLinks, isInternalAddress } from '../../src/moderation/links.ts';
import { loopbackServer, type LoopbackServer } from './support.ts';

describe('vérification des adresses (serveur local)', () => {
  let server: LoopbackServer;
  const local = { allowPrivate: true, timeoutMs: 1500 };

  before(async () => {
    server = await loopbackServer((req, res) => {
      const url = req.url ?? '/';
      if (url === '/ok') res.end('bonjour');
      else if (url === '/sans-head') {
        res.statusCode = req.method === 'HEAD' ? 405 : 200;
        res.end();
      } else if (url === '/absente') {
        res.statusCode = 404;
        res.end();
      } else if (url === '/robots-non') {
        res.statusCode = 403;
        res.end();
      } else if (url === '/panne') {
        res.statusCode = 503;
        res.end();
      } else if (url === '/deplacee') {
        res.writeHead(301, { location: '/ok' });
        res.end();
      } else if (url === '/boucle') {
        res.writeHead(302, { location: '/boucle' });
        res.end();
      } else if (url === '/vers-ailleurs') {
        res.writeHead(302, { location: 'http://10.0.0.1/admin' });
        res.end();
      } else if (url === '/lente') {
        // never answers: the deadline must end the check
      } else {
        res.statusCode = 404;
        res.end();
      }
    });
  });
  after(() => server.close());

  it('une page qui répond', async () => {
    const result = await checkLink(`${server.url}/ok`, local);
    assert.equal(result.status, 'ok');
    assert.equal(result.httpStatus, 200);
    assert.equal(result.message, 'répond (200)');
    assert.equal(server.requests.at(-1)?.method, 'HEAD', 'HEAD suffit quand il est accepté');
  });

  it('un serveur qui refuse HEAD est essayé en GET', async () => {
    const result = await checkLink(`${server.url}/sans-head`, local);
    assert.equal(result.status, 'ok');
    assert.deepEqual(
      server.requests.filter((r) => r.url === '/sans-head').map((r) => r.method),
      ['HEAD', 'GET'],
    );
  });

  it('404, 403 et 503 sont expliqués en français', async () => {
    assert.match((await checkLink(`${server.url}/absente`, local)).message, /^page introuvable \(404\)$/);
    const refused = await checkLink(`${server.url}/robots-non`, local);
    assert.equal(refused.status, 'erreur-http');
    assert.match(refused.message, /accès refusé \(403\).*à vérifier à la main/);
    assert.match((await checkLink(`${server.url}/panne`, local)).message, /erreur du serveur \(503\)/);
  });

  it('suit les redirections, mais pas indéfiniment', async () => {
    assert.equal((await checkLink(`${server.url}/deplacee`, local)).status, 'ok');
    const loop = await checkLink(`${server.url}/boucle`, local);
    assert.equal(loop.status, 'erreur-http');
    assert.equal(loop.message, 'trop de redirections');
  });

  it('abandonne après le délai', async () => {
    const result = await checkLink(`${server.url}/lente`, { allowPrivate: true, timeoutMs: 300 });
    assert.equal(result.status, 'delai');
    assert.equal(result.message, 'ne répond pas en 0,3 s');
  });

  it('un port fermé est « injoignable »', async () => {
    const closed = await loopbackServer((_req, res) => void res.end());
    const url = closed.url;
    await closed.close();
    const result = await checkLink(`${url}/`, local);
    assert.equal(result.status, 'injoignable');
    assert.match(result.message, /connexion refusée/);
  });

  it('ne contacte jamais une adresse interne, même par redirection', async () => {
    const before = server.requests.length;
    const direct = await checkLink(`${server.url}/ok`, { timeoutMs: 1000 });
    assert.equal(direct.status, 'interne');
    assert.equal(server.requests.length, before, 'aucune requête vers 127.0.0.1');
    const named = await checkLink('https://intranet.local/', { timeoutMs: 1000 });
    assert.equal(named.status, 'interne');
    const resolved = await checkLink('https://exemple.org/', { timeoutMs: 1000, lookup: async () => ['192.168.1.10'] });
    assert.equal(resolved.status, 'interne');
    // A public-looking name (resolved to a public address) whose server redirects to 10.0.0.1:
    // the first hop is requested, the redirect is not followed.
    const calls: string[] = [];
    const viaName = await checkLink('http://public.example/vers-ailleurs', {
      timeoutMs: 1000,
      lookup: async () => ['93.184.216.34'],
      fetch: async (input, init) => {
        calls.push(String(input));
        return fetch(String(input).replace('http://public.example/', `${server.url}/`), init);
      },
    });
    assert.equal(viaName.status, 'interne');
    assert.deepEqual(calls, ['http://public.example/vers-ailleurs']);
    assert.ok(!calls.some((c) => c.includes('10.0.0.1')), 'la redirection vers 10.0.0.1 n’est pas suivie');
  });

  it('les adresses mal formées ou non web', async () => {
    assert.equal((await checkLink('pas une adresse')).status, 'invalide');
    assert.equal((await checkLink('ftp://exemple.org/', { allowPrivate: true })).status, 'invalide');
  });

  it('vérifie plusieurs adresses, chacune une fois', async () => {
    const before = server.requests.length;
    const results = await checkLinks([`${server.url}/ok`, `${server.url}/ok`, `${server.url}/absente`], { ...local, concurrency: 2 });
    assert.equal(results.size, 2);
    assert.equal(results.get(`${server.url}/ok`)?.status, 'ok');
    assert.equal(server.requests.length - before, 3, 'HEAD /ok, HEAD puis GET /absente');
  });
});

describe('adresses internes', () => {
  it('reconnaît les réseaux privés, locaux et réservés', () => {
    for (const ip of [
      '127.0.0.1',
      '10.1.2.3',
      '172.16.0.1',
      '172.31.255.255',
      '192.168.0.1',
      '169.254.169.254',
      '100.64.0.1',
      '0.0.0.0',
      '::1',
      'fd00::1',
      'fe80::1',
      '::ffff:127.0.0.1',
    ]) {
      assert.ok(isInternalAddress(ip), ip);
    }
    for (const ip of ['93.184.216.34', '172.32.0.1', '8.8.8.8', '2001:4860:4860::8888']) assert.ok(!isInternalAddress(ip), ip);
  });
});
