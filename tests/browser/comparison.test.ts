/**
 * Choosing in Chromium: /alternatives/<produit>.html compares the free alternatives side by side,
 * legible at 390 px and 1280 px (no horizontal overflow, aligned rows), without JavaScript, on paper
 * (print emulation), WCAG 2.1 AA clean; the basket's « Comparer » opens the same comparison at a
 * shareable address; the home page reaches a comparison through « Je veux quitter… ».
 */
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { before, describe, it } from 'node:test';
import type { Page } from 'playwright-core';
import { axeViolations } from '../support/axe.ts';
import { useSiteAndBrowser } from '../support/browser.ts';

const running = useSiteAndBrowser();

async function newPage(width: number, options: { javaScript?: boolean } = {}): Promise<Page> {
  const context = await running.browser.newContext({ viewport: { width, height: 900 }, javaScriptEnabled: options.javaScript ?? true, bypassCSP: true });
  const page = await context.newPage();
  page.on('request', (request) => {
    assert.ok(request.url().startsWith(running.site.url) || request.url().startsWith('data:'), `requête vers l’extérieur : ${request.url()}`);
  });
  return page;
}

/** The page is no wider than the screen: nothing to scroll sideways. */
const overflow = (page: Page) => page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);

/** Each card's row names, and the top of each row, card by card. */
const cards = (page: Page, scope = '.carte') =>
  page.locator(`${scope} .comparaison__notice`).evaluateAll((items) =>
    items.map((item) => ({
      name: item.querySelector('.comparaison__nom')?.textContent ?? '',
      rows: [...item.querySelectorAll('dt')].map((dt) => dt.textContent ?? ''),
      tops: [...item.querySelectorAll('.comparaison__ligne')].map((row) => Math.round(row.getBoundingClientRect().top)),
      left: Math.round(item.getBoundingClientRect().left),
      top: Math.round(item.getBoundingClientRect().top),
    })),
  );

describe('choisir dans Chromium', () => {
  before(() => mkdirSync('test-results', { recursive: true }));

  for (const width of [390, 1280]) {
    it(`compare les alternatives à WhatsApp côte à côte, lisibles à ${width} px et conformes WCAG 2.1 AA`, async () => {
      const page = await newPage(width);
      await page.goto(`${running.site.url}/alternatives/whatsapp.html`);
      assert.equal(await page.getByRole('heading', { name: 'Lequel choisir ?' }).count(), 1);
      assert.match((await page.locator('.choisir__texte').textContent()) ?? '', /Signal/);
      const found = await cards(page);
      assert.ok(found.length >= 5, `${found.length} cartes`);
      assert.equal(found[0]!.name, 'Signal', 'la notice conseillée par Framasoft vient en tête');
      for (const card of found) {
        assert.deepEqual(card.rows, found[0]!.rows, `${card.name} a les mêmes lignes que ${found[0]!.name}`);
      }
      assert.deepEqual(found[0]!.rows, [
        'Ce qu’il faut',
        'Fonctionne sur',
        'Interface en français',
        'Compte nécessaire',
        'Chez un CHATON, sans rien installer',
        'Licence',
        'Utilisé chez Framasoft',
      ]);
      assert.equal(await overflow(page), 0, 'rien ne dépasse sur le côté');
      // Text stays legible: no row squeezed under 12 px or narrower than a few words.
      const narrowest = await page.locator('.comparaison__ligne dd').evaluateAll((dds) => Math.min(...dds.map((dd) => dd.getBoundingClientRect().width)));
      assert.ok(narrowest >= 150, `colonne la plus étroite : ${narrowest} px`);
      if (width === 1280) {
        // Side by side, and each row at the same height across the cards of a line.
        const firstLine = found.filter((c) => c.top === found[0]!.top);
        assert.ok(firstLine.length >= 3, `${firstLine.length} cartes sur la première ligne`);
        for (const card of firstLine) assert.deepEqual(card.tops, firstLine[0]!.tops, `lignes alignées entre ${firstLine[0]!.name} et ${card.name}`);
      }
      await page.screenshot({ path: `test-results/alternatives-whatsapp-${width}.png`, fullPage: width === 1280 });
      assert.deepEqual(await axeViolations(page), []);
      await page.context().close();
    });
  }

  it('se lit sans JavaScript et s’imprime', async () => {
    const page = await newPage(390, { javaScript: false });
    await page.goto(`${running.site.url}/alternatives/zoom.html`);
    const found = await cards(page);
    assert.ok(found.length >= 4);
    assert.match((await page.locator('.comparaison__notice').first().textContent()) ?? '', /Rien à installer, chez Chapril, Evolix ou 2 autres hébergeurs CHATONS/);
    await page.emulateMedia({ media: 'print' });
    await page.setViewportSize({ width: 794, height: 1123 });
    assert.equal(await page.locator('nav.nav').isVisible(), false, 'le menu ne s’imprime pas');
    assert.equal(await page.getByRole('heading', { name: 'Lequel choisir ?' }).isVisible(), true);
    const printed = await cards(page);
    assert.equal(printed.filter((c) => c.top === printed[0]!.top).length, 2, 'deux cartes par ligne sur la feuille');
    assert.equal(await overflow(page), 0);
    const pdf = await page.pdf({ format: 'A4' });
    assert.ok(pdf.length > 10_000);
    await page.context().close();
  });

  it('« Comparer » dans la sélection ouvre la même comparaison, à une adresse qui se partage et s’imprime avec la fiche', async () => {
    const page = await newPage(390);
    for (const slug of ['signal', 'element', 'jami']) {
      await page.goto(`${running.site.url}/notices/${slug}.html`);
      await page.getByRole('button', { name: 'Ajouter à ma sélection' }).click();
      await page.getByRole('button', { name: 'Retirer de ma sélection' }).waitFor();
    }
    await page.goto(`${running.site.url}/selection/`);
    await page.getByRole('link', { name: 'Comparer ces 3 logiciels' }).click();
    await page.waitForURL(/\/comparer\/\?notices=signal%2Celement%2Cjami$/);
    await page.locator('.comparaison__notice').nth(2).waitFor();
    assert.equal(await page.getByRole('heading', { level: 1 }).textContent(), 'Comparer Signal, Element et Jami');
    const found = await cards(page);
    assert.deepEqual(
      found.map((c) => c.name),
      ['Signal', 'Element', 'Jami'],
    );
    assert.equal(await overflow(page), 0);
    assert.deepEqual(await axeViolations(page), []);
    // Shared: the address alone, in a browser that never saw the basket.
    const other = await newPage(1280);
    await other.goto(page.url());
    await other.locator('.comparaison__notice').nth(2).waitFor();
    const shared = await cards(other);
    assert.equal(shared.filter((c) => c.top === shared[0]!.top).length, 3, 'côte à côte sur un grand écran');
    await other.emulateMedia({ media: 'print' });
    assert.equal(await other.locator('.fiche .comparaison__notice').count(), 3, 'la comparaison est imprimée');
    assert.equal(await other.locator('.fiche .fiche__element').count(), 3, 'avec la fiche d’atelier et ses codes QR');
    assert.equal(await other.locator('[data-comparer-imprimer]').isVisible(), false);
    await other.context().close();
    await page.context().close();
  });

  it('la page d’accueil mène à une comparaison d’un seul geste, par « Je veux quitter… »', async () => {
    const page = await newPage(390);
    await page.goto(`${running.site.url}/`);
    const section = page.getByRole('region', { name: 'Je veux quitter…' });
    await section.getByRole('link', { name: 'WhatsApp' }).click();
    await page.waitForURL(/\/alternatives\/whatsapp\.html$/);
    assert.ok((await page.locator('.comparaison__notice').count()) >= 5);
    await page.context().close();
  });
});
