/**
 * « Ma sélection » printed as a workshop handout, in Chromium with the site's CSP on: A4 page
 * count (a real PDF from Chromium's print), every notice's address written out, QR codes that a
 * decoder (jsQR, on a screenshot of the printed layout) reads back as those addresses, the typed
 * title, and no menu, link, field or button on paper.
 */
import assert from 'node:assert/strict';
import { mkdirSync, writeFileSync } from 'node:fs';
import { before, describe, it } from 'node:test';
import jsQR from 'jsqr';
import type { Page } from 'playwright-core';
import sharp from 'sharp';
import { listNoticeFiles, readNoticeFile } from '../../src/notices/repository.ts';
import { itemFromExport, writeBasket } from '../../src/sharing/basket.ts';
import type { SnippetData } from '../../src/sharing/snippet.ts';
import { useSiteAndBrowser } from '../support/browser.ts';

const running = useSiteAndBrowser();

/** The longest one-liners of the directory: the handout's worst case for its page count. */
const longest = listNoticeFiles()
  .map(readNoticeFile)
  .sort((a, b) => String(b.data.description_courte ?? '').length - String(a.data.description_courte ?? '').length)
  .map((n) => n.slug);

/** The basket as the « Ajouter » buttons of lists fill it, from /notices/<slug>.json. */
async function basketOf(slugs: readonly string[]): Promise<{ items: SnippetData[]; storage: [string, string][] }> {
  const items = await Promise.all(
    slugs.map(async (slug) => itemFromExport(((await (await fetch(`${running.site.url}/notices/${slug}.json`)).json()) as { notice: Record<string, unknown> }).notice)!),
  );
  const values = new Map<string, string>();
  writeBasket({ getItem: (k) => values.get(k) ?? null, setItem: (k, v) => void values.set(k, v) }, items);
  return { items, storage: [...values] };
}

async function openSelection(slugs: readonly string[], deviceScaleFactor = 1) {
  const { items, storage } = await basketOf(slugs);
  const context = await running.browser.newContext({ viewport: { width: 1000, height: 900 }, deviceScaleFactor });
  const page = await context.newPage();
  const foreign: string[] = [];
  page.on('request', (request) => {
    if (!request.url().startsWith(running.site.url) && !request.url().startsWith('data:')) foreign.push(request.url());
  });
  await page.addInitScript((entries) => {
    // « Imprimer » opens the browser's print dialog; here it only counts.
    window.print = () => void ((window as unknown as { printed: number }).printed = ((window as unknown as { printed?: number }).printed ?? 0) + 1);
    const violations: string[] = [];
    (window as unknown as { cspViolations: string[] }).cspViolations = violations;
    document.addEventListener('securitypolicyviolation', (event) => violations.push(`${event.violatedDirective} ${event.blockedURI}`));
    if (!sessionStorage.getItem('seeded')) {
      for (const [key, value] of entries) localStorage.setItem(key, value);
      sessionStorage.setItem('seeded', 'oui');
    }
  }, storage);
  await page.goto(`${running.site.url}/selection/`);
  await page
    .locator('[data-selection-liste] > li')
    .nth(items.length - 1)
    .waitFor();
  return { context, page, items, foreign };
}

/** Pages of a PDF made by Chromium: its page tree's count, checked against the page objects. */
function pdfPageCount(pdf: Buffer): number {
  const text = pdf.toString('latin1');
  const objects = text.match(/\/Type\s*\/Page(?![a-zA-Z])/g)?.length ?? 0;
  const counts = [...text.matchAll(/\/Type\s*\/Pages\b[^>]*?\/Count\s+(\d+)/g)].map((m) => Number(m[1]));
  assert.ok(objects > 0 && counts.includes(objects), `PDF illisible : ${objects} pages, /Count ${counts}`);
  return objects;
}

/** Every control a person could see and use, once the page is laid out for print. */
function visibleControls(page: Page): Promise<string[]> {
  return page.evaluate(() =>
    [...document.querySelectorAll('a[href], button, input, textarea, select, summary, [tabindex]:not([tabindex="-1"]), [contenteditable]')]
      .filter((el) => el.checkVisibility({ visibilityProperty: true, opacityProperty: true }) && el.getBoundingClientRect().width > 0)
      .map((el) => `${el.tagName.toLowerCase()} « ${(el.textContent ?? '').trim().slice(0, 40)} »`),
  );
}

describe('« Ma sélection » imprimée en fiche pour un atelier', () => {
  before(() => mkdirSync('test-results', { recursive: true }));

  it('cinq notices : une page A4 avec le titre tapé, chaque adresse écrite, des codes QR qui la redonnent, aucun bouton', async () => {
    const { context, page, items, foreign } = await openSelection(longest.slice(0, 5), 3);
    // On screen: the title field and « Imprimer ».
    const print = page.getByRole('button', { name: 'Imprimer', exact: true });
    assert.ok(await print.isVisible());
    await print.click();
    assert.equal(await page.evaluate(() => (window as unknown as { printed?: number }).printed), 1);
    await page.getByLabel('Titre de la fiche').fill('Atelier « Libérer son ordinateur » — médiathèque');
    await page.screenshot({ path: 'test-results/selection-fiche-ecran-1000.png', fullPage: true });
    // While printing, the document's title (page header, PDF file name) is the handout's.
    const titles = await page.evaluate(() => {
      window.dispatchEvent(new Event('beforeprint'));
      const printing = document.title;
      window.dispatchEvent(new Event('afterprint'));
      return [printing, document.title];
    });
    assert.deepEqual(titles, ['Atelier « Libérer son ordinateur » — médiathèque', 'Ma sélection — Framalibre']);

    await page.emulateMedia({ media: 'print' });
    await page.screenshot({ path: 'test-results/selection-fiche-impression.png', fullPage: true });
    assert.deepEqual(await visibleControls(page), []);
    assert.deepEqual(await page.evaluate(() => [...document.querySelectorAll('header, nav, footer, h1')].filter((el) => el.checkVisibility()).map((el) => el.tagName)), ['H1']);
    const text = await page.evaluate(() => document.body.innerText);
    assert.match(text, /^Atelier « Libérer son ordinateur » — médiathèque/);
    assert.doesNotMatch(text, /Ma sélection|Copier|Imprimer|Vider/);
    for (const item of items) {
      assert.ok(text.includes(item.nom), item.nom);
      assert.ok(text.includes(item.url), `adresse absente : ${item.url}`);
      assert.match(item.url, /^https:\/\/framalibre\.org\/notices\/[a-z0-9-]+\.html$/);
    }

    // Each QR code, as the printed layout draws it, decodes to the address written next to it.
    const printed = page.locator('.fiche__element');
    assert.equal(await printed.count(), items.length);
    for (let i = 0; i < items.length; i++) {
      const element = printed.nth(i);
      assert.equal(await element.locator('.fiche__adresse').textContent(), items[i]!.url);
      const qr = element.locator('.fiche__qr svg');
      const box = (await qr.boundingBox())!;
      assert.ok(box.width >= 90 && Math.abs(box.width - box.height) < 1, JSON.stringify(box)); // ≥ 24 mm on paper
      const shot = await qr.screenshot();
      const { data, info } = await sharp(shot).ensureAlpha().raw().toBuffer({ resolveWithObject: true });
      const decoded = jsQR(new Uint8ClampedArray(data.buffer, data.byteOffset, data.length), info.width, info.height);
      assert.equal(decoded?.data, items[i]!.url);
    }

    const pdf = await page.pdf({ format: 'A4', preferCSSPageSize: true });
    writeFileSync('test-results/selection-fiche-5.pdf', pdf);
    assert.equal(pdfPageCount(pdf), 1);
    assert.deepEqual(await page.evaluate(() => (window as unknown as { cspViolations: string[] }).cspViolations), []);
    assert.deepEqual(foreign, []);

    // The title is kept for the next visit.
    await page.emulateMedia({ media: 'screen' });
    await page.reload();
    assert.equal(await page.getByLabel('Titre de la fiche').inputValue(), 'Atelier « Libérer son ordinateur » — médiathèque');
    await context.close();
  });

  it('dix notices aux phrases les plus longues : deux pages A4 au plus, sans titre tapé', async () => {
    const { context, page, items } = await openSelection(longest.slice(0, 10));
    await page.emulateMedia({ media: 'print' });
    assert.equal(await page.locator('.fiche__qr svg').count(), 10);
    assert.equal(await page.locator('.fiche__titre').textContent(), 'Des logiciels libres à découvrir');
    const text = await page.evaluate(() => document.body.innerText);
    for (const item of items) assert.ok(text.includes(item.url), item.url);
    const pdf = await page.pdf({ format: 'A4', preferCSSPageSize: true });
    writeFileSync('test-results/selection-fiche-10.pdf', pdf);
    assert.ok(pdfPageCount(pdf) <= 2, `${pdfPageCount(pdf)} pages`);
    await context.close();
  });

  it('sans JavaScript, l’impression reste la page elle-même, sans menu', async () => {
    const context = await running.browser.newContext({ javaScriptEnabled: false });
    const page = await context.newPage();
    await page.goto(`${running.site.url}/selection/`);
    await page.emulateMedia({ media: 'print' });
    assert.ok(await page.getByText('Cette page a besoin de JavaScript').isVisible());
    assert.equal(await page.getByRole('navigation').isVisible(), false);
    await context.close();
  });
});
