/** The concurrency pool shared by the link checks, the logo encoding and the benchmarks. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { mapLimit } from '../../src/shared/pool.ts';

describe('mapLimit', () => {
  it('traite chaque élément une fois, jamais plus de `limit` à la fois, et rend les résultats dans l’ordre des éléments', async () => {
    const items = Array.from({ length: 12 }, (_, i) => i);
    let running = 0;
    let busiest = 0;
    const seen: number[] = [];
    // Later items finish first: the order of the results must still be the items' order.
    const results = await mapLimit(items, 3, async (item) => {
      seen.push(item);
      running++;
      busiest = Math.max(busiest, running);
      for (let tick = 0; tick < 12 - item; tick++) await Promise.resolve();
      running--;
      return item * 10;
    });
    assert.deepEqual(
      results,
      items.map((i) => i * 10),
    );
    assert.deepEqual(
      [...seen].sort((a, b) => a - b),
      items,
    );
    assert.equal(busiest, 3);
  });

  it('rend une liste vide sans rien lancer, et l’échec d’une tâche fait échouer l’ensemble', async () => {
    assert.deepEqual(await mapLimit([], 4, async () => assert.fail('aucune tâche')), []);
    await assert.rejects(
      mapLimit(['a', 'b', 'c'], 2, async (item) => {
        if (item === 'b') throw new Error('b a échoué');
        return item;
      }),
      /b a échoué/,
    );
  });
});
