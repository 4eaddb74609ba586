/**
 * A visitor on a phone (390 px wide) opens a notice in Chromium: everything the notice holds is
 * visible and readable, in light and dark mode, with and without JavaScript, without any request
 * to another host, and without accessibility violations.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Page } from 'playwright-core';
import { useSiteAndBrowser } from '../support/browser.ts';
import { listNoticeFiles, slugOfFile } from '../../src/notices/repository.ts';
import { axeViolations } from '../support/axe.ts';

const running = useSiteAndBrowser();

async function phonePage(options: { dark?: boolean; javaScript?: boolean; axe?: boolean } = {}): Promise<{ page: Page; foreign: string[] }> {
  const context = await running.browser.newContext({
    // axe is injected by the test; the page's own CSP rightly refuses foreign scripts.
    bypassCSP: options.axe ?? false,
    viewport: { width: 390, height: 844 },
    deviceScaleFactor: 2,
    colorScheme: options.dark ? 'dark' : 'light',
    javaScriptEnabled: options.javaScript ?? true,
  });
  const page = await context.newPage();
  const foreign: string[] = [];
  page.on('request', (request) => {
    if (!request.url().startsWith(running.site.url) && !request.url().startsWith('data:')) foreign.push(request.url());
  });
  return { page, foreign };
}

describe('une notice sur un téléphone', () => {
  it('montre tout ce que contient la notice, sans défilement horizontal', async () => {
    const { page, foreign } = await phonePage();
    await page.goto(`${running.site.url}/notices/firefox.html`);
    await page.getByRole('heading', { level: 1, name: 'Firefox' }).waitFor();
    for (const text of ['Licence publique Mozilla, version 2.0', 'Plateformes', 'Langues', 'français', 'Étiquettes', 'Alternative à', 'Mise à jour']) {
      assert.ok(await page.getByText(text, { exact: false }).first().isVisible(), `« ${text} » n’est pas visible`);
    }
    assert.ok(
      await page
        .getByRole('img', { name: /Firefox/ })
        .first()
        .isVisible(),
      'ni logo ni monogramme',
    );
    assert.ok(await page.getByRole('link', { name: 'Navigateur web' }).isVisible());
    const edit = page.getByRole('link', { name: 'Proposer une modification' });
    assert.equal(await edit.getAttribute('href'), '/contribuer/?notice=firefox');
    const widths = await page.evaluate(() => ({ scroll: document.documentElement.scrollWidth, view: window.innerWidth }));
    assert.ok(widths.scroll <= widths.view, `la page déborde : ${widths.scroll} px pour ${widths.view} px`);
    await page.screenshot({ path: 'test-results/notice-390.png', fullPage: true });
    assert.deepEqual(foreign, []);
  });

  it('montre dans le premier écran le logo, le nom, la phrase, la licence, les plateformes et le site', async () => {
    const { page } = await phonePage();
    // Long names, long one-liners, many platforms, several licences, monogram or logo.
    for (const slug of ['firefox', 'libreoffice', 'etherpad', 'the-battle-for-wesnoth', 'notepad-plus-plus']) {
      await page.goto(`${running.site.url}/notices/${slug}.html`);
      const inFirstScreen = async (what: string, locator: ReturnType<Page['locator']>) => {
        const box = await locator.first().boundingBox();
        assert.ok(box, `${slug} : ${what} absent`);
        assert.ok(box.y >= 0 && box.y + box.height <= 844, `${slug} : ${what} hors du premier écran (${Math.round(box.y + box.height)} px)`);
      };
      await inFirstScreen('le nom', page.locator('h1'));
      await inFirstScreen('le logo', page.locator('.notice__tete .logo'));
      await inFirstScreen('la phrase', page.locator('.notice .chapo'));
      await inFirstScreen('la licence', page.locator('.essentiel').getByText(/^Libre \(/));
      await inFirstScreen('les plateformes', page.locator('.essentiel__plateformes'));
      await inFirstScreen('le lien du site', page.locator('.liens-principaux a').first());
      // The long text comes after, not before.
      const body = await page.locator('.notice__corps').boundingBox();
      const licence = await page.locator('.essentiel').boundingBox();
      assert.ok(body && licence && body.y > licence.y, `${slug} : le texte long passe avant l’essentiel`);
      await page.screenshot({ path: `test-results/notice-premier-ecran-${slug}.png` });
    }
  });

  it('ne déborde jamais d’un écran de téléphone, quelle que soit la notice', async () => {
    const { page } = await phonePage({ javaScript: false });
    const overflowing: string[] = [];
    for (const file of listNoticeFiles()) {
      const slug = slugOfFile(file);
      await page.goto(`${running.site.url}/notices/${slug}.html`);
      const width = await page.evaluate(() => document.documentElement.scrollWidth);
      if (width > 390) overflowing.push(`${slug} (${width} px)`);
    }
    assert.deepEqual(overflowing, []);
  });

  it('suit une étiquette puis revient à la liste A–Z', async () => {
    const { page } = await phonePage();
    await page.goto(`${running.site.url}/notices/firefox.html`);
    await page.getByRole('link', { name: 'Navigateur web' }).click();
    await page.getByRole('heading', { level: 1, name: 'Navigateur web' }).waitFor();
    assert.ok(await page.getByRole('link', { name: 'Firefox' }).isVisible());
    await page.getByRole('link', { name: 'Toutes les notices' }).click();
    await page.getByRole('heading', { level: 1, name: /de A à Z/ }).waitFor();
    await page.getByRole('link', { name: 'Lettre Z' }).click();
    await page.waitForFunction(() => Math.abs(document.getElementById('z')!.getBoundingClientRect().top) < 5);
    // The cards below the screen are drawn as they come near it (content-visibility): scrolled to, Zotero shows.
    const zotero = page.locator('#z').locator('xpath=..').getByRole('link', { name: 'Zotero' });
    await zotero.scrollIntoViewIfNeeded();
    assert.ok(await zotero.isVisible());
  });

  it('se lit sans JavaScript', async () => {
    const { page } = await phonePage({ javaScript: false });
    await page.goto(`${running.site.url}/notices/firefox.html`);
    assert.ok(await page.getByRole('heading', { level: 1, name: 'Firefox' }).isVisible());
    assert.ok(await page.getByText('Licence publique Mozilla').first().isVisible());
  });

  for (const dark of [false, true]) {
    it(`respecte les règles d’accessibilité WCAG 2.1 AA en mode ${dark ? 'sombre' : 'clair'}`, async () => {
      const { page } = await phonePage({ dark, axe: true });
      for (const path of ['/notices/firefox.html', '/', '/notices/', '/etiquettes/', '/licences/', '/a-propos/', '/404.html']) {
        await page.goto(`${running.site.url}${path}`);
        assert.deepEqual(await axeViolations(page), [], `${path} : ${JSON.stringify(await axeViolations(page))}`);
      }
    });
  }

  it('montre la page 404 pour une adresse inconnue', async () => {
    const { page } = await phonePage();
    const response = await page.goto(`${running.site.url}/notices/nexiste-pas.html`);
    assert.equal(response?.status(), 404);
    assert.ok(await page.getByRole('heading', { name: 'Page introuvable' }).isVisible());
  });
});
