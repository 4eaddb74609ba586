/**
 * The copied snippet pasted into a mini-site whose theme styles it by structure, as the
 * Framalibre theme of Scribouilli's mini-sites does (tests/fixtures/sharing/theme-mini-site.css:
 * flex card, 25 % first div, row of buttons in the last div, every link a bordered button, a
 * column on phones). Measured in Chromium at 1000 px and 390 px, on a notice with a logo, one
 * with a monogram, one with the longest name of the directory, and the basket's snippet of the
 * three; next to a 2023 card, which must be laid out the same way.
 */
import { noticeLogo } from '../../src/notices/icons.ts';
import assert from 'node:assert/strict';
import { mkdirSync, readFileSync } from 'node:fs';
import { before, describe, it } from 'node:test';
import type { Page } from 'playwright-core';
import { renderLogo } from '../../src/build/logos.ts';
import { listNoticeFiles, readNoticeFile } from '../../src/notices/repository.ts';
import { itemFromExport, writeBasket } from '../../src/sharing/basket.ts';
import { buildSnippet, type SnippetData } from '../../src/sharing/snippet.ts';
import { absolute, logoPath, snippetData } from '../../src/sharing/urls.ts';
import type { Notice } from '../../src/notices/schema.ts';
import { useSiteAndBrowser } from '../support/browser.ts';

const running = useSiteAndBrowser();
const THEME = readFileSync('tests/fixtures/sharing/theme-mini-site.css', 'utf8');
const PUBLIC = 'https://framalibre.org';

/** A notice with a logo: the test site's fixture, its logo rendered by the build's own code. */
const LOGO_FILE = 'tests/fixtures/site/notices/editeur-sur.md';
const withLogo = readNoticeFile(LOGO_FILE);
const withLogoNotice = { slug: withLogo.slug, data: withLogo.data as Notice['data'] };
const logoPng = (async () => (await renderLogo(readFileSync(`tests/fixtures/site/notices/logos/${withLogoNotice.data.logo}`))).find((o) => o.name === '.png')!.data)();

/**
 * From the directory itself: a notice with a logo when it has one (else the fixture above), one
 * without (else a notice with its logo left out), and the one with the longest name.
 */
const notices = listNoticeFiles().map(readNoticeFile);
const longestSlug = [...notices].sort((a, b) => String(b.data.nom).length - String(a.data.nom).length)[0]!.slug;
const logoSlug = notices.find((n) => n.data.logo && n.slug !== longestSlug)?.slug;
// A notice shows its monogram when it has neither a logo file nor a brand icon (simple-icons).
const monogramSlug = notices.find((n) => !noticeLogo(n as never) && n.slug !== longestSlug)?.slug;
const withoutLogo = () => {
  const notice = notices.find((n) => n.slug !== longestSlug)!;
  return snippetData({ slug: notice.slug, data: { ...(notice.data as Notice['data']), logo: undefined } }, PUBLIC);
};

/** A card as the 2023 site gave it (the one Scribouilli's documentation shows). */
const CARD_2023 = `<article class="framalibre-notice">
    <div>
      <img src="https://framalibre.org/images/logo/Scribouilli.png">
    </div>
    <div>
      <h2>Scribouilli</h2>
      <p>Créer votre petit site facilement !</p>
      <div>
        <a href="https://framalibre.org/notices/scribouilli.html">Vers la notice Framalibre</a>
        <a href="https://scribouilli.org/">Vers le site</a>
      </div>
    </div>
  </article>`;

/** The code the notice page's text box gives to copy. */
async function copiedCode(page: Page, slug: string): Promise<string> {
  await page.goto(`${running.site.url}/notices/${slug}.html`);
  return page.getByLabel('Code HTML à copier').inputValue();
}

/**
 * A mini-site page with the theme and the pasted code. Logos are answered as the public site
 * would (the fixture's rendered PNG, or the local build's file); any other request is refused:
 * the snippet must need nothing else.
 */
async function miniSite(page: Page, code: string, withTheme = true): Promise<string[]> {
  const requested: string[] = [];
  await page.unrouteAll();
  await page.goto('about:blank'); // a fresh document: not the site's, whose CSP would refuse the theme and the logos
  await page.route('**/*', async (route) => {
    const url = route.request().url();
    requested.push(url);
    if (url === absolute(logoPath(withLogoNotice.data.logo)!, PUBLIC) || url === `${PUBLIC}/images/logo/Scribouilli.png`) {
      return route.fulfill({ contentType: 'image/png', body: await logoPng });
    }
    if (url.startsWith(`${PUBLIC}/images/logo/`)) {
      const local = await fetch(`${running.site.url}${new URL(url).pathname}`);
      if (local.ok) return route.fulfill({ contentType: 'image/png', body: Buffer.from(await local.arrayBuffer()) });
    }
    return route.abort();
  });
  await page.setContent(
    `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Mon mini-site</title>${withTheme ? `<style>${THEME}</style>` : ''}</head><body><h1>Mes logiciels</h1>${code}</body></html>`,
  );
  await page.waitForFunction(() => [...document.images].every((img) => img.complete));
  return requested;
}

type Box = { left: number; right: number; top: number; bottom: number; width: number; height: number };
interface CardReport {
  structure: string;
  name: string;
  linkTexts: string[];
  strayText: string[];
  drawnAsButton: string[];
  logoLoaded: boolean;
  /** Content widths (without padding) of the first div and of the article. */
  firstContent: number;
  articleContent: number;
  article: Box;
  first: Box;
  second: Box;
  logo: Box;
  h2: Box;
  p: Box | null;
  links: Box[];
}

/** Structure and geometry of every card of the page, read from the browser. */
function readCards(page: Page): Promise<CardReport[]> {
  return page.evaluate(() => {
    const box = (el: Element) => {
      const r = el.getBoundingClientRect();
      return { left: r.left, right: r.right, top: r.top, bottom: r.bottom, width: r.width, height: r.height };
    };
    const shape = (el: Element): string => `${el.tagName.toLowerCase()}${el.children.length > 0 && el.tagName !== 'svg' ? `(${[...el.children].map(shape).join(',')})` : ''}`;
    return [...document.querySelectorAll('article.framalibre-notice')].map((article) => {
      const [first, second] = [...article.children];
      const logo = first!.firstElementChild!;
      const row = second!.querySelector(':scope > div')!;
      const links = [...article.querySelectorAll('a')];
      // Anything else with a border or a background would read as one more button.
      const drawnAsButton = [...article.querySelectorAll('*')]
        .filter((el) => {
          const style = getComputedStyle(el);
          const bordered = ['Top', 'Right', 'Bottom', 'Left'].some(
            (side) => style.getPropertyValue(`border-${side.toLowerCase()}-style`) !== 'none' && parseFloat(style.getPropertyValue(`border-${side.toLowerCase()}-width`)) > 0,
          );
          return bordered || (style.backgroundColor !== 'rgba(0, 0, 0, 0)' && style.backgroundColor !== 'transparent');
        })
        .map((el) => el.textContent?.trim() || el.tagName);
      return {
        structure: shape(article),
        name: second!.querySelector('h2')?.textContent ?? '',
        linkTexts: links.map((a) => a.textContent ?? ''),
        strayText: [...row.childNodes].filter((n) => n.nodeType === Node.TEXT_NODE && n.textContent!.trim() !== '').map((n) => n.textContent!.trim()),
        drawnAsButton,
        logoLoaded: logo instanceof HTMLImageElement ? logo.complete && logo.naturalWidth > 0 : true,
        firstContent: first!.clientWidth - parseFloat(getComputedStyle(first!).paddingLeft) - parseFloat(getComputedStyle(first!).paddingRight),
        articleContent: article.clientWidth,
        article: box(article),
        first: box(first!),
        second: box(second!),
        logo: box(logo),
        h2: box(second!.querySelector('h2')!),
        p: second!.querySelector('p') ? box(second!.querySelector('p')!) : null,
        links: links.map(box),
      };
    });
  });
}

const inside = (inner: Box, outer: Box) => inner.left >= outer.left - 0.5 && inner.right <= outer.right + 0.5 && inner.top >= outer.top - 0.5 && inner.bottom <= outer.bottom + 0.5;

/** What must hold for one card under the theme. */
function checkCard(card: CardReport, layout: 'desktop' | 'phone', label: string, linksInOneRow = true): void {
  const where = `${label} (${card.name}, ${layout}) : ${JSON.stringify(card)}`;
  assert.match(card.structure, /^article\(div\((img|svg)\),div\(h2,(p,)?div\(a,a\)\)\)$/, where);
  assert.deepEqual(card.strayText, [], where);
  assert.equal(card.links.length, 2, where);
  assert.ok(card.logoLoaded, where);
  assert.ok(card.logo.width >= 48 && card.logo.height >= 48, where);
  assert.ok(Math.abs(card.logo.width - card.logo.height) < 1, `logo déformé : ${where}`);
  if (layout === 'desktop') {
    // The logo column is a quarter of the card (plus its padding), on the left; the text column takes the rest.
    assert.ok(Math.abs(card.firstContent - card.articleContent / 4) < 1.5 && card.second.width > card.first.width, where);
    assert.ok(card.first.right <= card.second.left + 0.5, where);
    assert.ok(card.logo.right < card.h2.left, where);
    assert.ok(card.logo.top < card.second.bottom && card.logo.bottom > card.second.top, where);
  } else {
    assert.ok(card.first.bottom <= card.second.top + 0.5, where);
    assert.ok(card.logo.bottom < card.h2.top, where);
  }
  assert.ok(inside(card.logo, card.first), where);
  assert.ok(inside(card.h2, card.second), where);
  if (card.p) assert.ok(inside(card.p, card.second) && card.p.top >= card.h2.bottom - 0.5, where);
  // The two links: one row, side by side, under the sentence, inside the text column.
  const [a, b] = card.links as [Box, Box];
  if (linksInOneRow) assert.ok(Math.abs(a.top - b.top) < 1 && a.right < b.left, `liens sur deux lignes : ${where}`);
  for (const link of card.links) assert.ok(inside(link, card.second) && link.top >= (card.p ?? card.h2).bottom - 0.5, where);
  // Exactly the two links look like buttons: no attribution or separator drawn as a third one.
  assert.deepEqual(card.drawnAsButton.sort(), [...card.linkTexts].sort(), where);
}

describe('extrait collé dans un mini-site au thème Framalibre', () => {
  before(() => mkdirSync('test-results', { recursive: true }));
  const widths = [
    { width: 1000, layout: 'desktop' },
    { width: 390, layout: 'phone' },
  ] as const;

  for (const { width, layout } of widths) {
    it(`à ${width} px : logo, monogramme et nom long gardent la forme de 2023, comme une carte de 2023`, async () => {
      const context = await running.browser.newContext({ viewport: { width, height: 900 } });
      const page = await context.newPage();
      const codes = [
        { label: 'avec logo', code: logoSlug ? await copiedCode(page, logoSlug) : buildSnippet(snippetData(withLogoNotice, PUBLIC), { siteUrl: `${PUBLIC}/` }) },
        { label: 'monogramme', code: monogramSlug ? await copiedCode(page, monogramSlug) : buildSnippet(withoutLogo(), { siteUrl: `${PUBLIC}/` }) },
        { label: 'nom long', code: await copiedCode(page, longestSlug) },
      ];
      assert.match(codes[0]!.code, /<img src="https:\/\/framalibre\.org\/images\/logo\/[^"]+\.png"/);
      assert.match(codes[1]!.code, /<svg [^>]*aria-label="Monogramme de /);
      for (const { label, code } of codes) {
        const requested = await miniSite(page, `${CARD_2023}\n${code}`);
        assert.ok(
          requested.every((url) => url.startsWith(`${PUBLIC}/images/logo/`)),
          `${label} : ${requested.join(', ')}`,
        );
        const [old, card] = await readCards(page);
        checkCard(card!, layout, label);
        // (the 2023 link texts are longer: on a phone they wrap, ours must not)
        checkCard(old!, layout, 'carte de 2023', layout === 'desktop');
        // Old and new cards side by side look alike: same columns.
        assert.ok(Math.abs(old!.second.left - card!.second.left) < 1 && Math.abs(old!.first.width - card!.first.width) < 1, label);
        const scroll = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
        assert.ok(scroll <= 0, `${label} déborde de ${scroll} px`);
        await page.screenshot({ path: `test-results/extrait-theme-${label.replace(/\s/g, '-')}-${width}.png`, fullPage: true });
      }
      await context.close();
    });
  }

  it('le code de « Ma sélection » pour trois notices : trois cartes de la même forme, dans l’ordre, à 1000 et 390 px', async () => {
    const context = await running.browser.newContext({ viewport: { width: 1000, height: 900 } });
    const page = await context.newPage();
    // The basket as the « Ajouter » buttons fill it: the notice page's data, or /notices/<slug>.json.
    const exported = async (slug: string) =>
      itemFromExport(((await (await fetch(`${running.site.url}/notices/${slug}.json`)).json()) as { notice: Record<string, unknown> }).notice)!;
    const basket: SnippetData[] = [
      logoSlug ? await exported(logoSlug) : snippetData(withLogoNotice, PUBLIC),
      monogramSlug ? await exported(monogramSlug) : withoutLogo(),
      await exported(longestSlug),
    ];
    const values = new Map<string, string>();
    writeBasket({ getItem: (k) => values.get(k) ?? null, setItem: (k, v) => void values.set(k, v) }, basket);
    await page.addInitScript(
      (entries) => {
        for (const [key, value] of entries) window.localStorage.setItem(key, value);
      },
      [...values],
    );
    await page.goto(`${running.site.url}/selection/`);
    const code = await page.locator('#selection-html').inputValue();
    assert.equal(code.match(/<article class="framalibre-notice"/g)?.length, 3);
    for (const { width, layout } of widths) {
      await page.setViewportSize({ width, height: 900 });
      await miniSite(page, code);
      const cards = await readCards(page);
      assert.deepEqual(
        cards.map((c) => c.name),
        basket.map((n) => n.nom),
      );
      cards.forEach((card, i) => checkCard(card, layout, `sélection, carte ${i + 1}`));
      for (let i = 1; i < cards.length; i++) assert.ok(cards[i]!.article.top >= cards[i - 1]!.article.bottom, `cartes superposées à ${width} px`);
      await page.screenshot({ path: `test-results/extrait-theme-selection-${width}.png`, fullPage: true });
    }
    await context.close();
  });

  it('dans la colonne étroite d’un mini-site, le logo rétrécit avec la colonne sans se déformer', async () => {
    const context = await running.browser.newContext({ viewport: { width: 1000, height: 900 } });
    const page = await context.newPage();
    const code = buildSnippet(snippetData(withLogoNotice, PUBLIC), { siteUrl: `${PUBLIC}/` });
    await miniSite(page, `<main style="max-width: 440px">${code}</main>`);
    const [card] = await readCards(page);
    checkCard(card!, 'desktop', 'colonne étroite', false); // (this narrow, any two buttons wrap, the 2023 ones too)
    assert.ok(card!.logo.width < 96, JSON.stringify(card!.logo)); // the theme's max-width applies…
    assert.ok(Math.abs(card!.logo.width - card!.logo.height) < 1, JSON.stringify(card!.logo)); // …and the logo stays square
    await context.close();
  });

  it('sans le thème (styles par défaut du navigateur), l’extrait reste une petite carte lisible', async () => {
    const context = await running.browser.newContext({ viewport: { width: 390, height: 844 } });
    const page = await context.newPage();
    await miniSite(page, buildSnippet(snippetData(withLogoNotice, PUBLIC), { siteUrl: `${PUBLIC}/` }), false);
    const [card] = await readCards(page);
    // Logo, then name, sentence and links one under the other; a small logo, no border anywhere.
    assert.ok(card!.logo.width === 96 && card!.logo.height === 96, JSON.stringify(card!.logo));
    assert.ok(card!.logo.bottom <= card!.h2.top && card!.h2.bottom <= card!.p!.top && card!.p!.bottom <= card!.links[0]!.top, JSON.stringify(card));
    assert.deepEqual(card!.drawnAsButton, []);
    assert.ok(card!.article.height < 400, JSON.stringify(card!.article));
    await page.screenshot({ path: 'test-results/extrait-sans-theme-390.png', fullPage: true });
    await context.close();
  });
});
