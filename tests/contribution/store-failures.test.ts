/**
 * The shared store failing never loses a person's text (issue 19): with Redis killed, every
 * answer is a 503 that gives the text back (JSON and HTML, the no-JavaScript edit form too); a
 * Redis that stalls is cut off after a short timeout instead of holding the request; and the
 * function recovers by itself once Redis is back. A real redis-server on loopback.
 */
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { loadConfig } from '../../src/contribution/config.ts';
import { createContributionHandler, type ContributionHandler } from '../../src/contribution/handler.ts';
import { createLocalBackend } from '../../src/contribution/local-backend.ts';
import { createRedisStore, type ContributionStore } from '../../src/contribution/store.ts';
import { SECRET, formRequest, jsonRequest, makeRepo } from '../support/contribution.ts';
import { type RedisServer, startRedis } from '../support/redis.ts';
import { issueToken } from '../../src/contribution/layers/token.ts';

const NOW = Date.parse('2026-11-21T10:00:00Z');
let counter = 0;
const fields = () => ({ nom: `Outil Panne ${++counter}`, licences: 'MIT', texte: `Texte à ne pas perdre ${counter}`, jeton: issueToken(SECRET, NOW - 60_000, 'sans-js') });

describe('l’état partagé tombe : le texte est toujours rendu', () => {
  let redis: RedisServer;
  let store: ContributionStore;
  let handler: ContributionHandler;
  before(async () => {
    redis = await startRedis();
    const repo = makeRepo();
    store = createRedisStore(redis.url, { prefix: 'pannes:' });
    handler = createContributionHandler({
      config: loadConfig({ CONTRIBUTION_SECRET: SECRET, CONTRIBUTION_LOCAL_REPO: repo }),
      backend: createLocalBackend({ repo }),
      contentRoot: path.join(repo, 'content'),
      siteUrl: 'https://framalibre.example',
      store,
      now: () => NOW,
    });
  });
  after(async () => {
    await store.close();
    await redis.stop();
  });

  const send = (request: Request, i: number) => handler(request, { clientAddress: `192.0.2.${i}` });

  it('Redis arrêté, puis relancé : 503 avec le texte (JSON, formulaire, page de modification), puis tout repart seul', async () => {
    assert.equal((await send(formRequest(fields()), 1)).status, 201);
    await redis.stop();

    const json = await send(jsonRequest(fields()), 2);
    assert.equal(json.status, 503);
    const body = await json.json();
    assert.equal(body.code, 'etat-indisponible');
    assert.match(body.proposition.texte[0], /Texte à ne pas perdre/);

    const page = await send(formRequest(fields()), 3);
    assert.equal(page.status, 503);
    assert.match(page.headers.get('content-type') ?? '', /text\/html/);
    assert.match(await page.text(), /<textarea[^>]*name="texte"[^>]*>Texte à ne pas perdre/);

    const edit = await handler(new Request('https://framalibre.example/api/contribuer?notice=firefox', { headers: { accept: 'text/html' } }));
    assert.equal(edit.status, 503);
    assert.match(edit.headers.get('content-type') ?? '', /text\/html/, 'le formulaire sans JavaScript reçoit une page, pas du JSON');

    redis = await startRedis(redis.port);
    let status = 0;
    // ioredis reconnects by itself; the first requests may still see the old connection fail.
    for (let attempt = 0; attempt < 20 && status !== 201; attempt++) {
      status = (await send(formRequest(fields()), 10 + attempt)).status;
      if (status !== 201) await new Promise((resolve) => setTimeout(resolve, 250));
    }
    assert.equal(status, 201, 'la fonction repart d’elle-même quand Redis revient');
  });

  it('Redis qui ne répond plus (DEBUG SLEEP) : la requête est coupée avant son réveil, le texte rendu', async () => {
    let awake = false;
    const sleeping = new Promise<void>((resolve) =>
      execFile('redis-cli', ['-p', String(redis.port), 'DEBUG', 'SLEEP', '4'], () => {
        awake = true;
        resolve();
      }),
    );
    await new Promise((resolve) => setTimeout(resolve, 200));
    const response = await send(jsonRequest(fields()), 40);
    assert.equal(awake, false, 'la réponse n’a pas attendu que Redis se réveille');
    assert.equal(response.status, 503);
    assert.match((await response.json()).proposition.texte[0], /Texte à ne pas perdre/);
    await sleeping;
  });
});
