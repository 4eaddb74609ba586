/**
 * Sharing in Chromium: the « Copier pour mon mini-site » button puts the snippet on the
 * clipboard (and falls back to selecting it), the snippet looks right pasted alone into a blank
 * page, and the basket « Ma sélection » adds, reorders, removes, copies and survives a reload.
 */
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { before, describe, it } from 'node:test';
import type { BrowserContext, Page } from 'playwright-core';
import { axeViolations } from '../support/axe.ts';
import { useSiteAndBrowser } from '../support/browser.ts';

const running = useSiteAndBrowser();

/** The site's CSP stays on (the scripts must work under it), except to inject axe. */
async function newPage(
  options: { clipboard?: boolean; javaScript?: boolean; dark?: boolean; axe?: boolean } = {},
): Promise<{ context: BrowserContext; page: Page; foreign: string[] }> {
  const context = await running.browser.newContext({
    viewport: { width: 390, height: 844 },
    bypassCSP: options.axe ?? false,
    javaScriptEnabled: options.javaScript ?? true,
    colorScheme: options.dark ? 'dark' : 'light',
  });
  if (options.clipboard) await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: running.site.url });
  const page = await context.newPage();
  const foreign: string[] = [];
  page.on('request', (request) => {
    if (!request.url().startsWith(running.site.url) && !request.url().startsWith('data:')) foreign.push(request.url());
  });
  return { context, page, foreign };
}

const clipboard = (page: Page) => page.evaluate(() => navigator.clipboard.readText());

describe('partage dans Chromium', () => {
  before(() => mkdirSync('test-results', { recursive: true }));

  it('« Copier pour mon mini-site » copie l’extrait et l’annonce aux lecteurs d’écran', async () => {
    const { context, page, foreign } = await newPage({ clipboard: true });
    await page.goto(`${running.site.url}/notices/firefox.html`);
    const code = await page.getByLabel('Code HTML à copier').inputValue();
    assert.match(code, /^<article class="framalibre-notice" lang="fr" title="Notice Framalibre, licence CC BY-SA 4\.0">/);
    assert.match(code, /href="https:\/\/framalibre\.org\/notices\/firefox\.html"/);
    await page.getByRole('button', { name: 'Copier pour mon mini-site' }).click();
    await page.getByRole('status').filter({ hasText: 'Code copié' }).waitFor();
    assert.equal(await clipboard(page), code);
    assert.deepEqual(foreign, []);
    await context.close();
  });

  it('sélectionne le code quand le presse-papiers est refusé', async () => {
    const { context, page } = await newPage();
    await page.addInitScript(() => {
      Object.defineProperty(navigator, 'clipboard', { value: { writeText: () => Promise.reject(new DOMException('refusé', 'NotAllowedError')) } });
    });
    await page.goto(`${running.site.url}/notices/firefox.html`);
    await page.getByRole('button', { name: 'Copier pour mon mini-site' }).click();
    await page
      .getByRole('status')
      .filter({ hasText: /Code copié|Copie automatique impossible/ })
      .waitFor();
    const selection = await page.evaluate(() => {
      const box = document.activeElement as HTMLTextAreaElement;
      return { id: box.id, start: box.selectionStart, end: box.selectionEnd, length: box.value.length };
    });
    assert.deepEqual(selection, { id: 'extrait-firefox', start: 0, end: selection.length, length: selection.length });
    await context.close();
  });

  it('sans JavaScript, le code reste lisible et sélectionnable, et la sélection s’explique', async () => {
    const { context, page } = await newPage({ javaScript: false });
    await page.goto(`${running.site.url}/notices/firefox.html`);
    assert.ok(await page.getByLabel('Code HTML à copier').isVisible());
    assert.equal(await page.getByRole('button', { name: 'Copier pour mon mini-site' }).count(), 0);
    assert.equal(await page.getByRole('button', { name: 'Ajouter à ma sélection' }).count(), 0);
    await page.goto(`${running.site.url}/selection/`);
    assert.ok(await page.getByText('Cette page a besoin de JavaScript').isVisible());
    await context.close();
  });

  it('l’extrait collé seul dans une page vierge se lit correctement', async () => {
    const { context, page } = await newPage();
    await page.goto(`${running.site.url}/notices/zotero.html`);
    const code = await page.getByLabel('Code HTML à copier').inputValue();
    // The blank page is offline: nothing may be needed but the logo, hot-linked from the directory
    // at its stable address (served here from the built site).
    await page.route('**/*', async (route) => {
      const url = new URL(route.request().url());
      if (url.origin !== 'https://framalibre.org' || !url.pathname.startsWith('/images/logo/')) return route.abort();
      const response = await fetch(`${running.site.url}${url.pathname}`);
      return route.fulfill({ status: response.status, contentType: 'image/png', body: Buffer.from(await response.arrayBuffer()) });
    });
    await page.goto('about:blank'); // a page of its own, without the directory's CSP
    await page.setContent(`<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Mon mini-site</title></head><body>${code}</body></html>`);
    // The logo has a width and no height (themes shrink it): it takes its height once loaded.
    await page.waitForFunction(() => [...document.images].every((img) => img.complete));
    assert.ok(await page.getByRole('heading', { level: 2, name: 'Zotero' }).isVisible());
    assert.ok(await page.getByRole('img', { name: /Zotero/ }).isVisible());
    const box = await page.getByRole('img', { name: /Zotero/ }).boundingBox();
    assert.ok(box && box.width === 96 && box.height === 96, JSON.stringify(box));
    assert.equal(await page.getByRole('link', { name: 'Notice Framalibre de Zotero' }).getAttribute('href'), 'https://framalibre.org/notices/zotero.html');
    assert.ok(await page.getByRole('link', { name: 'Site officiel de Zotero' }).isVisible());
    assert.equal(await page.getByRole('link').count(), 2); // the attribution adds no link
    assert.equal(await page.locator('article.framalibre-notice').getAttribute('title'), 'Notice Framalibre, licence CC BY-SA 4.0');
    const widths = await page.evaluate(() => ({ scroll: document.documentElement.scrollWidth, view: window.innerWidth }));
    assert.ok(widths.scroll <= widths.view, JSON.stringify(widths));
    assert.equal(await page.locator('article.framalibre-notice').getAttribute('lang'), 'fr');
    await page.screenshot({ path: 'test-results/extrait-seul.png' });
    await context.close();
  });

  it('« Ma sélection » : ajouter, réordonner au clavier, retirer, copier, et tout retrouver après rechargement', async () => {
    const { context, page, foreign } = await newPage({ clipboard: true });
    // From notice pages…
    for (const slug of ['firefox', 'zotero']) {
      await page.goto(`${running.site.url}/notices/${slug}.html`);
      await page.getByRole('button', { name: 'Ajouter à ma sélection' }).click();
      await page.getByRole('button', { name: 'Retirer de ma sélection' }).waitFor();
    }
    await page.locator('#extrait-zotero-annonce').filter({ hasText: 'Zotero ajouté à votre sélection (2 logiciels).' }).waitFor();
    assert.equal(await page.getByRole('link', { name: 'Voir ma sélection (2 logiciels)' }).getAttribute('href'), '/selection/');
    // …and from a list.
    await page.goto(`${running.site.url}/etiquettes/navigateur-web.html`);
    const listButton = page.getByRole('button', { name: 'Ajouter Tor Browser à ma sélection' });
    await listButton.click();
    await page.getByRole('button', { name: 'Retirer Tor Browser de ma sélection' }).waitFor();
    assert.ok(await page.getByRole('button', { name: 'Retirer Firefox de ma sélection' }).isVisible());

    await page.goto(`${running.site.url}/selection/`);
    const names = () => page.locator('[data-selection-liste] > li .vignette__nom').allTextContents();
    assert.deepEqual(await names(), ['Firefox', 'Zotero', 'Tor Browser']);
    assert.equal(await page.getByRole('button', { name: 'Monter Firefox' }).isDisabled(), true);

    // Keyboard: focus « Monter Tor Browser » and press Enter twice; focus follows the notice.
    await page.getByRole('button', { name: 'Monter Tor Browser' }).focus();
    await page.keyboard.press('Enter');
    assert.deepEqual(await names(), ['Firefox', 'Tor Browser', 'Zotero']);
    assert.equal(await page.evaluate(() => document.activeElement?.getAttribute('aria-label')), 'Monter Tor Browser');
    await page.keyboard.press('Enter');
    assert.deepEqual(await names(), ['Tor Browser', 'Firefox', 'Zotero']);
    assert.equal(await page.evaluate(() => document.activeElement?.getAttribute('aria-label')), 'Descendre Tor Browser');
    await page.getByRole('status').filter({ hasText: 'Tor Browser est maintenant en position 1 sur 3.' }).waitFor();

    await page.reload();
    assert.deepEqual(await names(), ['Tor Browser', 'Firefox', 'Zotero']);

    await page.getByRole('button', { name: 'Copier le code HTML' }).click();
    await page.getByRole('status').filter({ hasText: 'Code copié' }).waitFor();
    const html = await clipboard(page);
    assert.equal(html.match(/<article class="framalibre-notice"/g)?.length, 3);
    assert.ok(html.indexOf('<h2>Tor Browser</h2>') < html.indexOf('<h2>Firefox</h2>') && html.indexOf('<h2>Firefox</h2>') < html.indexOf('<h2>Zotero</h2>'));
    assert.doesNotMatch(html, /<script/);
    for (const url of html.matchAll(/\s(?:href|src)="([^"]*)"/g)) assert.match(url[1]!, /^https:\/\//);

    await page.getByRole('button', { name: 'Copier la liste Markdown' }).click();
    await page.getByRole('status').filter({ hasText: 'Liste Markdown copiée' }).waitFor();
    assert.deepEqual(
      (await clipboard(page)).split('\n').map((line) => /^- \[([^\]]+)\]\((https:\/\/[^)]+)\)/.exec(line)?.slice(1)),
      [
        ['Tor Browser', 'https://framalibre.org/notices/tor-browser.html'],
        ['Firefox', 'https://framalibre.org/notices/firefox.html'],
        ['Zotero', 'https://framalibre.org/notices/zotero.html'],
      ],
    );

    await page.getByRole('button', { name: 'Retirer Firefox' }).click();
    assert.deepEqual(await names(), ['Tor Browser', 'Zotero']);
    assert.equal(await page.evaluate(() => document.activeElement?.getAttribute('aria-label')), 'Retirer Zotero');
    await page.reload();
    assert.deepEqual(await names(), ['Tor Browser', 'Zotero']);
    const widths = await page.evaluate(() => ({ scroll: document.documentElement.scrollWidth, view: window.innerWidth }));
    assert.ok(widths.scroll <= widths.view, JSON.stringify(widths));
    await page.screenshot({ path: 'test-results/ma-selection-390.png', fullPage: true });

    await page.getByRole('button', { name: 'Vider la sélection' }).click();
    assert.ok(await page.getByText('Votre sélection est vide.').isVisible());
    assert.deepEqual(foreign, []);
    await context.close();
  });

  for (const dark of [false, true]) {
    it(`les pages de partage respectent WCAG 2.1 AA en mode ${dark ? 'sombre' : 'clair'}`, async () => {
      const { context, page } = await newPage({ dark, axe: true });
      await page.goto(`${running.site.url}/notices/firefox.html`);
      await page.getByRole('button', { name: 'Ajouter à ma sélection' }).click(); // so that /selection/ has content
      await page.getByRole('button', { name: 'Retirer de ma sélection' }).waitFor();
      for (const path of ['/notices/etherpad.html', '/selection/', '/donnees/', '/chatons/', '/etiquettes/navigateur-web.html']) {
        await page.goto(`${running.site.url}${path}`);
        assert.deepEqual(await axeViolations(page), [], path);
        const widths = await page.evaluate(() => ({ scroll: document.documentElement.scrollWidth, view: window.innerWidth }));
        assert.ok(widths.scroll <= widths.view, `${path} déborde : ${JSON.stringify(widths)}`);
      }
      await context.close();
    });
  }
});
