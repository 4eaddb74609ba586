/**
 * Recall of everyday needs: for each need of tests/support/need-queries.ts, how many of the
 * notices that answer it (listed by hand) the search shows among its first results: the box's
 * own engine over the built index, run as the server runs it (src/search/on-server/), without a
 * browser (tests/browser/search-needs.test.ts types them in the box). « First results » is the first ten, or,
 * for a need that more than ten notices answer (« gérer mon agenda » at 1,287 notices), the first
 * as many as it has answers: every answer can then fit, best first. Prints the figure and the
 * misses; fails below RECALL_FLOOR (95 %, the aim) on the needs the content was worked
 * for, and below FRESH_RECALL_FLOOR on a second set held out from that work.
 */
import assert from 'node:assert/strict';
import { it } from 'node:test';
import { startServerSearch } from '../../src/search/on-server/engine-thread.ts';
import { emptyState } from '../../src/search/state.ts';
import { FRESH_NEED_CASES, FRESH_RECALL_FLOOR, NEED_CASES, type NeedCase, RECALL_FLOOR } from '../support/need-queries.ts';
import { SITE_DIR } from '../support/site.ts';

const search = startServerSearch(SITE_DIR);

/** The share of the answers shown among the first max(10, answers) results, printed with the misses. */
async function recall(cases: readonly NeedCase[], title: string): Promise<number> {
  let wanted = 0;
  let found = 0;
  const misses: string[] = [];
  for (const { need, answers } of cases) {
    const answer = await search({ ...emptyState(), q: need });
    assert.ok(answer, `« ${need} » : pas de réponse`);
    const top = answer.entries.slice(0, Math.max(10, answers.length)).map((entry) => entry.data.meta.title ?? '');
    const missing = answers.filter((name) => !top.includes(name));
    wanted += answers.length;
    found += answers.length - missing.length;
    if (missing.length > 0) misses.push(`« ${need} » : manquent ${missing.join(', ')} (premiers : ${top.join(', ')})`);
  }
  const share = found / wanted;
  console.log(`${title} : rappel parmi les max(10, réponses) premiers : ${(share * 100).toFixed(1)} % (${found}/${wanted} notices, ${cases.length} besoins)`);
  for (const miss of misses) console.log(miss);
  return share;
}

it('montre parmi les premiers résultats les notices qui répondent à un besoin (rappel ≥ 95 %)', async () => {
  const share = await recall(NEED_CASES, 'besoins travaillés');
  assert.ok(NEED_CASES.length >= 20);
  assert.ok(share >= RECALL_FLOOR, `rappel de ${(share * 100).toFixed(1)} %, sous ${RECALL_FLOOR * 100} %`);
});

it('garde ce rappel sur des besoins que personne n’a travaillés (rappel ≥ 80 %)', async () => {
  const share = await recall(FRESH_NEED_CASES, 'besoins réservés');
  assert.ok(FRESH_NEED_CASES.length >= 8);
  assert.ok(share >= FRESH_RECALL_FLOOR, `rappel de ${(share * 100).toFixed(1)} %, sous ${FRESH_RECALL_FLOOR * 100} %`);
});
