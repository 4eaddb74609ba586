/**
 * The recall of everyday needs in the search box itself (Pagefind's candidates, then the ranking),
 * with the needs of tests/support/need-queries.ts: the box must show among its first results (ten,
 * or as many as a need has answers when it has more) the notices that answer each need, as the
 * server page does (tests/unit/search-recall.test.ts).
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { useSiteAndBrowser } from '../support/browser.ts';
import { NEED_CASES, RECALL_FLOOR } from '../support/need-queries.ts';

const running = useSiteAndBrowser();

describe('besoins dans la case de recherche', () => {
  it('montre parmi les premiers résultats les notices qui répondent à un besoin (rappel ≥ 95 %)', async () => {
    const page = await running.browser.newPage({ viewport: { width: 1280, height: 900 } });
    await page.goto(`${running.site.url}/recherche/`);
    const box = page.getByRole('searchbox', { name: 'Rechercher un logiciel libre' });
    let wanted = 0;
    let found = 0;
    for (const { need, answers } of NEED_CASES) {
      await box.fill(need);
      await page
        .locator('[data-etat]')
        .filter({ hasText: `« ${need} »` })
        .waitFor();
      const top = (await page.locator('[data-resultats] > li .vignette__nom').allTextContents()).slice(0, Math.max(10, answers.length));
      const missing = answers.filter((name) => !top.includes(name));
      wanted += answers.length;
      found += answers.length - missing.length;
      if (missing.length > 0) console.log(`« ${need} » : manquent ${missing.join(', ')} (premiers : ${top.join(', ')})`);
    }
    console.log(`rappel dans la case (max(10, réponses) premiers) : ${((found / wanted) * 100).toFixed(1)} % (${found}/${wanted})`);
    assert.ok(found / wanted >= RECALL_FLOOR, `rappel de ${((found / wanted) * 100).toFixed(1)} %`);
    await page.close();
  });
});
