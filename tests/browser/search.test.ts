/**
 * Search as a visitor uses it, in Chromium, typing into the real box of the home page: names,
 * prefixes, proprietary tools, French needs, accents dropped. Each query names the notice that
 * must appear among the first three results.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Page } from 'playwright-core';
import { useSiteAndBrowser } from '../support/browser.ts';
import { QUERIES } from '../support/search-queries.ts';

const running = useSiteAndBrowser();



/** The number of results the status line announces. */
async function announcedCount(page: Page): Promise<number> {
  return Number(/(\d+) logiciels? trouvés?/.exec((await page.locator('[data-etat]').textContent()) ?? '')?.[1] ?? 0);
}

async function typeQuery(page: Page, query: string): Promise<string[]> {
  const box = page.getByRole('searchbox', { name: 'Rechercher un logiciel libre' });
  await box.fill('');
  await box.pressSequentially(query);
  await page.locator('[data-etat]').filter({ hasText: `« ${query} »` }).waitFor();
  return page.locator('[data-resultats] .vignette__nom').allTextContents();
}

describe('recherche', () => {

  it(`trouve le bon logiciel dans les trois premiers résultats pour ${QUERIES.length} requêtes de visiteurs`, async () => {
    const page = await running.browser.newPage({ viewport: { width: 390, height: 844 } });
    await page.goto(`${running.site.url}/`);
    const misses: string[] = [];
    for (const [query, expected] of QUERIES) {
      const names = await typeQuery(page, query);
      if (!names.slice(0, 3).includes(expected)) misses.push(`« ${query} » → ${names.slice(0, 5).join(', ') || 'rien'} (attendu : ${expected})`);
    }
    assert.deepEqual(misses, []);
  });

  it('montre les notices mises en avant qui correspondent, à part des autres résultats', async () => {
    const page = await running.browser.newPage({ viewport: { width: 390, height: 844 } });
    await page.goto(`${running.site.url}/`);
    await typeQuery(page, 'photoshop');
    const box = page.getByRole('region', { name: 'Les membres de Framasoft utilisent…' });
    assert.deepEqual(await box.locator('.vignette__nom').allTextContents(), ['GIMP']);
    // The home page's own featured section gives way to the results while searching.
    assert.equal(await page.locator('#mis-en-avant').isVisible(), false);
  });

  it('filtre par étiquette, licence et plateforme, garde tout dans l’adresse et revient en arrière', async () => {
    const page = await running.browser.newPage({ viewport: { width: 1024, height: 900 } });
    await page.goto(`${running.site.url}/recherche/`);
    await typeQuery(page, 'vidéo');
    const total = await announcedCount(page);
    await page.getByText('Filtrer').click();
    await page.getByRole('group', { name: 'Plateformes' }).getByLabel(/^Android/).check();
    await page.waitForURL(/plateforme=Android/);
    await page.waitForFunction((n) => !document.querySelector('[data-etat]')?.textContent?.startsWith(`${n} `), total);
    const filtered = await announcedCount(page);
    assert.ok(filtered > 0 && filtered < total, `${filtered} sur ${total}`);
    assert.ok((await page.locator('[data-resultats] .vignette__nom').allTextContents()).includes('VLC'));
    await page.getByRole('group', { name: 'Licences' }).getByLabel(/^GPL-2\.0-or-later/).check();
    await page.waitForURL(/licence=GPL-2\.0-or-later/);
    await page.waitForFunction((n) => !document.querySelector('[data-etat]')?.textContent?.startsWith(`${n} `), filtered);
    const both = await page.locator('[data-resultats] .vignette__nom').allTextContents();
    assert.ok(both.length > 0 && (await announcedCount(page)) < filtered);

    // A shared link opens the same search, boxes ticked.
    const shared = page.url();
    const other = await running.browser.newPage();
    await other.goto(shared);
    await other.locator('[data-etat]').filter({ hasText: '« vidéo »' }).waitFor();
    assert.deepEqual(await other.locator('[data-resultats] .vignette__nom').allTextContents(), both);
    assert.equal(await other.getByRole('group', { name: 'Plateformes' }).getByLabel(/^Android/).isChecked(), true);

    await page.goBack();
    await page.waitForURL((url) => !url.search.includes('licence='));
    await page.waitForFunction(() => !(document.querySelector('input[name="licence"]:checked')));
    await page.getByRole('button', { name: 'Effacer les filtres' }).click();
    await page.waitForURL((url) => !url.search.includes('plateforme='));
  });

  it('se parcourt au clavier et annonce les résultats', async () => {
    const page = await running.browser.newPage();
    await page.goto(`${running.site.url}/`);
    await typeQuery(page, 'gimp');
    await page.keyboard.press('ArrowDown');
    const focused = await page.evaluate(() => document.activeElement?.textContent);
    assert.equal(focused, 'GIMP');
    assert.match((await page.locator('[data-etat]').textContent()) ?? '', /logiciels? trouvés? pour « gimp »/);
  });

  it('propose quoi essayer et de proposer le logiciel quand rien ne correspond', async () => {
    const page = await running.browser.newPage();
    await page.goto(`${running.site.url}/`);
    await typeQuery(page, 'zzxqw');
    assert.match((await page.locator('[data-etat]').textContent()) ?? '', /Aucun logiciel trouvé pour « zzxqw »/);
    const link = page.getByRole('link', { name: 'Proposez-le' });
    assert.equal(await link.getAttribute('href'), '/contribuer/?nom=zzxqw');
  });

  it('sans JavaScript, le formulaire mène à une page utile', async () => {
    const context = await running.browser.newContext({ javaScriptEnabled: false });
    const page = await context.newPage();
    await page.goto(`${running.site.url}/`);
    await page.getByRole('searchbox').fill('photoshop');
    await page.getByRole('button', { name: 'Rechercher' }).click();
    await page.waitForURL(/\/recherche\/\?q=photoshop/);
    assert.ok(await page.getByRole('link', { name: 'toutes les notices de A à Z' }).first().isVisible());
    assert.ok(await page.getByRole('link', { name: 'les alternatives aux logiciels privateurs' }).isVisible());
  });

  it('respecte la politique de sécurité du contenu (Pagefind compris)', async () => {
    const page = await running.browser.newPage();
    const violations: string[] = [];
    page.on('console', (message) => {
      if (/Content.Security.Policy|CSP/i.test(message.text())) violations.push(message.text());
    });
    await page.goto(`${running.site.url}/`);
    await typeQuery(page, 'firefox');
    assert.deepEqual(violations, []);
  });
});
