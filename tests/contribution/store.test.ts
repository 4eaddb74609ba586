/**
 * One contract for the two engines of shared state: memory (one process) and a real Redis on
 * loopback (several instances). The same assertions run against both.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { createMemoryStore, createRedisStore, type ContributionStore } from '../../src/contribution/store.ts';
import { startRedis, type RedisServer } from '../support/redis.ts';

let redis: RedisServer;
before(async () => {
  redis = await startRedis();
});
after(async () => {
  await redis.stop();
});

const engines: [string, () => ContributionStore][] = [
  ['mémoire', () => createMemoryStore()],
  ['Redis', () => createRedisStore(redis.url, { prefix: `test-${Math.random().toString(36).slice(2)}:` })],
];

for (const [engine, make] of engines) {
  describe(`état partagé (${engine})`, () => {
    it('prend des points jusqu’à la limite, sans compter les refus, et les rend', async () => {
      const store = make();
      const limit = { name: 'essai', points: 2, windowSeconds: 60 };
      assert.equal(await store.take(limit, 'a'), true);
      assert.equal(await store.take(limit, 'a'), true);
      assert.equal(await store.take(limit, 'a'), false);
      assert.equal(await store.used(limit, 'a'), 2, 'un refus ne compte pas');
      assert.equal(await store.take(limit, 'b'), true, 'chaque clé a sa limite');
      await store.giveBack(limit, 'a');
      assert.equal(await store.take(limit, 'a'), true);
      await store.close();
    });

    it('ne laisse passer que la limite quand vingt demandes arrivent ensemble', async () => {
      const store = make();
      const limit = { name: 'course', points: 3, windowSeconds: 60 };
      const results = await Promise.all(Array.from({ length: 20 }, () => store.take(limit, 'global')));
      assert.equal(results.filter(Boolean).length, 3);
      await store.close();
    });

    it('n’enregistre une réclamation qu’une fois et rend la première valeur', async () => {
      const store = make();
      assert.equal(await store.claim('jeton:x', 'proposition-1', 60_000), undefined);
      assert.equal(await store.claim('jeton:x', 'proposition-2', 60_000), 'proposition-1');
      assert.equal(await store.claim('jeton:y', 'proposition-2', 60_000), undefined);
      await store.close();
    });

    it('oublie une limite à la fin de sa fenêtre', async () => {
      const store = make();
      const limit = { name: 'fenetre', points: 1, windowSeconds: 1 };
      assert.equal(await store.take(limit, 'a'), true);
      assert.equal(await store.take(limit, 'a'), false);
      await new Promise((resolve) => setTimeout(resolve, 1_200));
      assert.equal(await store.take(limit, 'a'), true);
      await store.close();
    });
  });
}

it('partage les limites entre deux instances reliées au même Redis', async () => {
  const prefix = `partage-${Math.random().toString(36).slice(2)}:`;
  const first = createRedisStore(redis.url, { prefix });
  const second = createRedisStore(redis.url, { prefix });
  const limit = { name: 'disjoncteur', points: 2, windowSeconds: 60 };
  const results = await Promise.all([first, second, first, second].map((store) => store.take(limit, 'global')));
  assert.equal(results.filter(Boolean).length, 2);
  assert.equal(await first.claim('preuve:s', 'a', 60_000), undefined);
  assert.equal(await second.claim('preuve:s', 'b', 60_000), 'a', 'une solution déjà utilisée sur une instance l’est aussi sur l’autre');
  await first.close();
  await second.close();
});

it('signale un Redis injoignable au lieu de laisser passer', async () => {
  const store = createRedisStore('redis://127.0.0.1:1', { prefix: 'mort:' });
  await assert.rejects(store.take({ name: 'x', points: 1, windowSeconds: 60 }, 'a'), { name: 'StoreUnavailableError' });
  await store.close();
});
