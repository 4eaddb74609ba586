/**
 * Search as a visitor uses it, in Chromium, typing into the real box: quality over realistic
 * queries by family (names, proprietary tools, needs, typos, phrasing, capitals, plurals, English),
 * then each point of the journey: results that do not move, counts that match the cards, filters
 * in the right order, the phone's first screen, 320 px without overflow, focus after Enter, Back,
 * and the search without JavaScript through the server.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Page } from 'playwright-core';
import { useSiteAndBrowser } from '../support/browser.ts';
import { axeViolations } from '../support/axe.ts';
import { SEARCH_CASES, type QueryFamily } from '../support/search-queries.ts';

const running = useSiteAndBrowser();

/** The number of results the status line announces. */
async function announcedCount(page: Page): Promise<number> {
  return Number(/(\d+) logiciels? trouvés?/.exec((await page.locator('[data-etat]').textContent()) ?? '')?.[1] ?? 0);
}

const cardNames = (page: Page) => page.locator('[data-resultats] .vignette__nom').allTextContents();

async function typeQuery(page: Page, query: string): Promise<string[]> {
  const box = page.getByRole('searchbox', { name: 'Rechercher un logiciel libre' });
  await box.fill('');
  await box.pressSequentially(query);
  await page
    .locator('[data-etat]')
    .filter({ hasText: `« ${query} »` })
    .waitFor();
  return cardNames(page);
}

/** Clicks « Plus de résultats » until every result is drawn. */
async function showAll(page: Page): Promise<void> {
  const more = page.getByRole('button', { name: 'Plus de résultats' });
  while (await more.isVisible()) {
    const before = await page.locator('[data-resultats] > li').count();
    await more.click();
    await page.waitForFunction((n) => document.querySelectorAll('[data-resultats] > li').length > n, before);
  }
}

describe('recherche', () => {
  it(`trouve le bon logiciel dans les trois premiers résultats pour ${SEARCH_CASES.length} requêtes de visiteurs`, async () => {
    const page = await running.browser.newPage({ viewport: { width: 390, height: 844 } });
    await page.goto(`${running.site.url}/`);
    const byFamily = new Map<QueryFamily, { hits: number; total: number }>();
    const misses: string[] = [];
    for (const { query, expected, family } of SEARCH_CASES) {
      const names = await typeQuery(page, query);
      const hit = expected.some((name) => names.slice(0, 3).includes(name));
      const tally = byFamily.get(family) ?? { hits: 0, total: 0 };
      tally.total++;
      if (hit) tally.hits++;
      else misses.push(`  [${family}] « ${query} » → ${names.slice(0, 5).join(', ') || 'rien'} (attendu : ${expected.join(' ou ')})`);
      byFamily.set(family, tally);
    }
    const rate = (hits: number, total: number) => Math.round((hits / total) * 1000) / 10;
    const all = [...byFamily.values()].reduce((a, b) => ({ hits: a.hits + b.hits, total: a.total + b.total }));
    const typos = [...byFamily]
      .filter(([f]) => f.startsWith('faute'))
      .map(([, t]) => t)
      .reduce((a, b) => ({ hits: a.hits + b.hits, total: a.total + b.total }));
    console.log(`taux de réussite par famille : ${[...byFamily].map(([f, t]) => `${f} ${rate(t.hits, t.total)} % (${t.hits}/${t.total})`).join(' · ')}`);
    console.log(`ensemble ${rate(all.hits, all.total)} % ; fautes de frappe ${rate(typos.hits, typos.total)} %${misses.length ? `\nmanqués :\n${misses.join('\n')}` : ''}`);
    assert.ok(rate(all.hits, all.total) >= 95, `ensemble ${rate(all.hits, all.total)} % < 95 %\n${misses.join('\n')}`);
    assert.ok(rate(typos.hits, typos.total) >= 90, `fautes de frappe ${rate(typos.hits, typos.total)} % < 90 %\n${misses.join('\n')}`);
  });

  it('corrige une faute de frappe avec le vocabulaire de l’annuaire, chargé seulement quand il le faut', async () => {
    const page = await running.browser.newPage({ viewport: { width: 390, height: 844 } });
    const vocabulary: string[] = [];
    page.on('request', (request) => {
      if (request.url().includes('vocabulaire')) vocabulary.push(request.url());
    });
    await page.goto(`${running.site.url}/`);
    await typeQuery(page, 'firefox');
    assert.deepEqual(vocabulary, [], 'une requête qui trouve ne charge pas le vocabulaire');
    const names = await typeQuery(page, 'firefxo');
    assert.equal(names[0], 'Firefox');
    const suggestion = page.locator('[data-correction]');
    assert.match((await suggestion.textContent()) ?? '', /Vouliez-vous dire Firefox ?/);
    assert.equal(await suggestion.getByRole('link', { name: 'Firefox' }).getAttribute('href'), '/recherche/?q=Firefox');
    assert.equal(vocabulary.length, 1);
  });

  it('marque les notices mises en avant dans les résultats, sans les répéter', async () => {
    const page = await running.browser.newPage({ viewport: { width: 390, height: 844 } });
    await page.goto(`${running.site.url}/`);
    const names = await typeQuery(page, 'photoshop');
    assert.equal(names[0], 'GIMP');
    assert.equal(new Set(names).size, names.length, 'aucun logiciel deux fois');
    const gimp = page.locator('[data-resultats] > li').first();
    assert.equal(await gimp.locator('.badge-vedette').textContent(), 'Conseillé par Framasoft');
    assert.equal(await page.locator('.recherche .mis-en-avant').count(), 0, 'pas d’encart au-dessus des résultats');
    // The home page's own featured section gives way to the results while searching.
    assert.equal(await page.locator('#mis-en-avant').isVisible(), false);
  });

  it('montre sur chaque carte le logo ou le monogramme, les plateformes et la licence en clair', async () => {
    const page = await running.browser.newPage({ viewport: { width: 390, height: 844 } });
    await page.goto(`${running.site.url}/`);
    await typeQuery(page, 'vlc');
    const card = page.locator('[data-resultats] > li').first();
    assert.equal(await card.locator('.vignette__nom').textContent(), 'VLC');
    assert.equal(await card.locator('.logo').count(), 1);
    const facts = (await card.locator('.resultat__faits').textContent()) ?? '';
    assert.match(facts, /GNU\/Linux · .*Windows/);
    assert.match(facts, /Libre \(.*GPL.*\)/);
    assert.match((await card.locator('.resultat__besoin').textContent()) ?? '', /S’installe comme une application \(GNU\/Linux/);
    await typeQuery(page, 'alternative à photoshop');
    assert.match((await page.locator('[data-resultats] > li').first().locator('.resultat__alternative').textContent()) ?? '', /Alternative à Adobe Photoshop/);
  });

  it('dessine les résultats en une fois : le premier ne bouge plus une fois affiché', async () => {
    const page = await running.browser.newPage({ viewport: { width: 390, height: 844 } });
    await page.goto(`${running.site.url}/`);
    // Cold: the first keystrokes load Pagefind; positions are sampled from the first drawing on.
    const positions = await page.evaluate(
      () =>
        new Promise<number[]>((resolve) => {
          const list = document.querySelector('[data-resultats]')!;
          const samples: number[] = [];
          const start = () => {
            const timer = setInterval(() => {
              const first = list.querySelector('li');
              samples.push(first ? Math.round(first.getBoundingClientRect().top + window.scrollY) : -1);
            }, 50);
            setTimeout(() => {
              clearInterval(timer);
              resolve(samples);
            }, 1000);
          };
          new MutationObserver((_, observer) => {
            if (list.querySelector('li')) {
              observer.disconnect();
              start();
            }
          }).observe(list, { childList: true });
          const input = document.querySelector<HTMLInputElement>('#recherche-q')!;
          input.value = 'mot de passe';
          input.dispatchEvent(new Event('input', { bubbles: true }));
        }),
    );
    // A loaded machine fires fewer timers in that second: a few samples suffice to see a move.
    assert.ok(positions.length >= 4, `${positions.length} relevés`);
    assert.equal(new Set(positions).size, 1, `positions du premier résultat : ${positions.join(', ')}`);
  });

  it('compte exactement les cartes affichées, en tête comme dans chaque filtre, et seulement des notices', async () => {
    const page = await running.browser.newPage({ viewport: { width: 1024, height: 900 } });
    await page.goto(`${running.site.url}/recherche/`);
    for (const query of ['vidéo', 'navigateur', 'photo']) {
      await typeQuery(page, query);
      await showAll(page);
      const announced = await announcedCount(page);
      const hrefs = await page.locator('[data-resultats] .vignette__nom').evaluateAll((links) => links.map((a) => a.getAttribute('href') ?? ''));
      assert.equal(hrefs.length, announced, `« ${query} » : ${announced} annoncés, ${hrefs.length} cartes`);
      assert.ok(
        hrefs.every((href) => /^\/notices\/[^/]+\.html$/.test(href)),
        hrefs.join(' '),
      );
    }
    // Each platform's count is the number of cards ticking it shows.
    await typeQuery(page, 'vidéo');
    await page.getByText('Filtrer', { exact: true }).click();
    const platforms = page.getByRole('group', { name: 'Plateformes' }).locator('label');
    const labels = await platforms.allTextContents();
    for (const label of labels.slice(0, 3)) {
      const [, value, count] = /^(.+) \((\d+)\)$/.exec(label.trim())!;
      await page.getByRole('group', { name: 'Plateformes' }).getByLabel(value!, { exact: false }).first().check();
      await page.waitForURL((url) => url.searchParams.getAll('plateforme').includes(value!));
      await page.waitForFunction((n) => new RegExp(`^${n} logiciels? trouvés?`).test(document.querySelector('[data-etat]')?.textContent ?? ''), Number(count));
      await showAll(page);
      assert.equal(await page.locator('[data-resultats] > li').count(), Number(count), `${value} (${count})`);
      await page.getByRole('group', { name: 'Plateformes' }).getByLabel(value!, { exact: false }).first().uncheck();
      await page.waitForURL((url) => !url.searchParams.getAll('plateforme').includes(value!));
    }
  });

  it('range les filtres : ce qu’il faut, plateformes, puis étiquettes, puis licences par leur nom français', async () => {
    const page = await running.browser.newPage({ viewport: { width: 1024, height: 900 } });
    await page.goto(`${running.site.url}/recherche/`);
    await typeQuery(page, 'vidéo');
    await page.getByText('Filtrer', { exact: true }).click();
    assert.deepEqual(await page.locator('[data-facettes] legend').allTextContents(), ['Ce qu’il faut', 'Plateformes', 'Étiquettes', 'Licences']);
    assert.ok((await page.getByRole('group', { name: 'Ce qu’il faut' }).locator('.facette__valeur').allTextContents()).includes('Rien à installer'));
    const licences = await page.getByRole('group', { name: 'Licences' }).locator('.facette__valeur').allTextContents();
    assert.ok(licences.length > 0);
    assert.ok(
      licences.every((name) => !/-(only|or-later)$|^[A-Z0-9.]+-\d/.test(name)),
      licences.join(' | '),
    );
    assert.ok(
      licences.some((name) => name.startsWith('Licence publique générale GNU')),
      licences.join(' | '),
    );
  });

  it('filtre, garde tout dans l’adresse et revient en arrière', async () => {
    const page = await running.browser.newPage({ viewport: { width: 1024, height: 900 } });
    await page.goto(`${running.site.url}/recherche/`);
    await typeQuery(page, 'vidéo');
    const total = await announcedCount(page);
    await page.getByText('Filtrer', { exact: true }).click();
    await page
      .getByRole('group', { name: 'Plateformes' })
      .getByLabel(/^Android/)
      .check();
    await page.waitForURL(/plateforme=Android/);
    await page.waitForFunction((n) => !document.querySelector('[data-etat]')?.textContent?.startsWith(`${n} `), total);
    const filtered = await announcedCount(page);
    assert.ok(filtered > 0 && filtered < total, `${filtered} sur ${total}`);
    assert.ok((await cardNames(page)).includes('VLC'));

    // A shared link opens the same search, boxes ticked.
    const shared = page.url();
    const other = await running.browser.newPage();
    await other.goto(shared);
    await other.locator('[data-etat]').filter({ hasText: '« vidéo »' }).waitFor();
    assert.deepEqual(await cardNames(other), await cardNames(page));
    assert.equal(
      await other
        .getByRole('group', { name: 'Plateformes' })
        .getByLabel(/^Android/)
        .isChecked(),
      true,
    );

    await page.goBack();
    await page.waitForURL((url) => !url.search.includes('plateforme='));
    await page.waitForFunction(() => !document.querySelector('input[name="plateforme"]:checked'));
  });

  it('sur un téléphone, montre la case et le premier résultat dans le premier écran', async () => {
    const page = await running.browser.newPage({ viewport: { width: 390, height: 844 } });
    await page.goto(`${running.site.url}/`);
    await typeQuery(page, 'firefox');
    const box = await page.getByRole('searchbox').boundingBox();
    const first = await page.locator('[data-resultats] .vignette__nom').first().boundingBox();
    assert.ok(box && box.y + box.height <= 844, `case en ${box?.y}`);
    assert.ok(first && first.y + first.height <= 844, `premier résultat en ${first?.y}`);
    const nav = await page.locator('.nav ul').boundingBox();
    assert.ok(nav && nav.height < 60, `menu sur ${nav?.height} px`);
  });

  it('ne déborde pas à 320 px, sur aucun type de page', async () => {
    const page = await running.browser.newPage({ viewport: { width: 320, height: 640 } });
    const paths = [
      '/',
      '/recherche/?q=vid%C3%A9o',
      '/notices/',
      '/notices/libreoffice.html',
      '/notices/the-battle-for-wesnoth.html',
      '/etiquettes/',
      '/etiquettes/montage-video.html',
      '/alternatives/',
      '/alternatives/adobe-photoshop.html',
      '/licences/',
      '/contribuer/',
      '/a-propos/',
      '/donnees/',
      '/chatons/',
      '/selection/',
      '/selections/',
      '/page-absente',
    ];
    const wide: string[] = [];
    for (const path of paths) {
      await page.goto(`${running.site.url}${path}`);
      if (path.includes('?q=')) await page.locator('[data-etat]').filter({ hasText: '»' }).waitFor();
      const width = await page.evaluate(() => document.documentElement.scrollWidth);
      if (width > 320) wide.push(`${path} : ${width} px`);
    }
    assert.deepEqual(wide, []);
  });

  it('après Entrée, le focus va au premier résultat et y reste', async () => {
    const page = await running.browser.newPage({ viewport: { width: 390, height: 844 } });
    await page.goto(`${running.site.url}/`);
    const box = page.getByRole('searchbox');
    await box.pressSequentially('gimp');
    await box.press('Enter');
    await page.waitForFunction(() => document.activeElement?.classList.contains('vignette__nom'));
    await page.waitForTimeout(1000);
    assert.equal(await page.evaluate(() => document.activeElement?.textContent), 'GIMP');
  });

  it('Retour rend la recherche, les filtres, les résultats déjà affichés et la position', async () => {
    const page = await running.browser.newPage({ viewport: { width: 390, height: 844 } });
    await page.goto(`${running.site.url}/recherche/?q=vid%C3%A9o&plateforme=GNU%2FLinux`);
    await page.locator('[data-etat]').filter({ hasText: '« vidéo »' }).waitFor();
    await showAll(page);
    const names = await cardNames(page);
    assert.ok(names.length > 5, names.join(', '));
    const target = page.locator('[data-resultats] .vignette__nom').nth(Math.min(names.length - 1, 12));
    await target.scrollIntoViewIfNeeded();
    await page.mouse.wheel(0, 50);
    await page.waitForTimeout(300);
    const scrolled = await page.evaluate(() => window.scrollY);
    await target.click();
    await page.waitForURL(/\/notices\//);
    await page.goBack();
    await page.locator('[data-etat]').filter({ hasText: '« vidéo »' }).waitFor();
    await page.waitForFunction((n) => document.querySelectorAll('[data-resultats] > li').length === n, names.length);
    assert.equal(await page.getByRole('searchbox').inputValue(), 'vidéo');
    assert.deepEqual(await cardNames(page), names);
    assert.equal(
      await page
        .getByRole('group', { name: 'Plateformes' })
        .getByLabel(/^GNU\/Linux/)
        .isChecked(),
      true,
    );
    await page.waitForFunction((y) => Math.abs(window.scrollY - y) < 5, scrolled);
  });

  it('se parcourt au clavier et annonce les résultats', async () => {
    const page = await running.browser.newPage();
    await page.goto(`${running.site.url}/`);
    await typeQuery(page, 'gimp');
    await page.keyboard.press('ArrowDown');
    assert.equal(await page.evaluate(() => document.activeElement?.textContent), 'GIMP');
    assert.match((await page.locator('[data-etat]').textContent()) ?? '', /logiciels? trouvés? pour «\sgimp\s»/);
  });

  it('propose quoi essayer et de proposer le logiciel quand rien ne correspond', async () => {
    const page = await running.browser.newPage();
    await page.goto(`${running.site.url}/`);
    await typeQuery(page, 'zzxqw');
    assert.match((await page.locator('[data-etat]').textContent()) ?? '', /Aucun logiciel trouvé pour «\szzxqw\s»/);
    const link = page.getByRole('link', { name: 'Proposez-le' });
    assert.equal(await link.getAttribute('href'), '/contribuer/?nom=zzxqw');
  });

  it('sans JavaScript, le serveur répond avec les résultats, les mots tapés et les filtres', async () => {
    const context = await running.browser.newContext({ javaScriptEnabled: false, viewport: { width: 390, height: 844 } });
    const page = await context.newPage();
    await page.goto(`${running.site.url}/`);
    await page.getByRole('searchbox').fill('photoshop');
    await page.getByRole('button', { name: 'Rechercher' }).click();
    await page.waitForURL(/\/recherche\/\?q=photoshop/);
    assert.equal(await page.getByRole('searchbox').inputValue(), 'photoshop');
    assert.equal((await cardNames(page))[0], 'GIMP');
    assert.match((await page.locator('[data-etat]').textContent()) ?? '', /logiciels? trouvés? pour «[\s\u202f]photoshop[\s\u202f]»/);

    await page.goto(`${running.site.url}/recherche/?q=firefxo`);
    assert.equal((await cardNames(page))[0], 'Firefox');
    assert.ok(await page.getByRole('link', { name: 'Firefox', exact: true }).first().isVisible());

    await page.goto(`${running.site.url}/recherche/?q=vid%C3%A9o`);
    const total = await announcedCount(page);
    await page.getByText('Filtrer', { exact: true }).click();
    const android = page.getByRole('group', { name: 'Plateformes' }).getByLabel(/^Android/);
    const expected = Number(/\((\d+)\)/.exec((await page.getByRole('group', { name: 'Plateformes' }).locator('label', { hasText: 'Android' }).textContent()) ?? '')?.[1]);
    await android.check();
    await page.getByRole('button', { name: 'Appliquer les filtres' }).click();
    await page.waitForURL(/plateforme=Android/);
    assert.equal(await announcedCount(page), expected);
    assert.equal(await page.locator('[data-resultats] > li').count(), expected);
    assert.ok(expected < total);
    await context.close();
  });

  it('un lien partagé montre au premier affichage, avec ou sans JavaScript, ce que la case montre pour les mêmes mots', async () => {
    const withoutScript = await running.browser.newContext({ javaScriptEnabled: false, viewport: { width: 390, height: 844 } });
    const linkPage = await withoutScript.newPage();
    const boxPage = await running.browser.newPage({ viewport: { width: 390, height: 844 } });
    await boxPage.goto(`${running.site.url}/recherche/`);
    const spaces = (text: string | null) => (text ?? '').replace(/\s+/g, ' ').trim();
    // A name, a slip of the finger, a proprietary tool, a need in words, English.
    for (const query of ['gimp', 'firefxo', 'photoshop', 'gérer mon agenda', 'password manager', 'montage vidéo']) {
      await linkPage.goto(`${running.site.url}/recherche/?q=${encodeURIComponent(query)}`);
      const typed = await typeQuery(boxPage, query);
      await showAll(boxPage);
      assert.deepEqual(await cardNames(linkPage), await cardNames(boxPage), query);
      assert.ok(typed.length > 0, query);
      assert.equal(spaces(await linkPage.locator('[data-etat]').textContent()), spaces(await boxPage.locator('[data-etat]').textContent()), query);
      assert.equal(spaces(await linkPage.locator('[data-alternatives]').textContent()), spaces(await boxPage.locator('[data-alternatives]').textContent()), query);
    }
    await withoutScript.close();
  });

  it('garde les résultats dessinés par le serveur sans chercher à nouveau, et les prolonge à la demande', async () => {
    const page = await running.browser.newPage({ viewport: { width: 390, height: 844 } });
    const index: string[] = [];
    page.on('request', (request) => {
      if (new URL(request.url()).pathname.startsWith('/pagefind/')) index.push(request.url());
    });
    await page.goto(`${running.site.url}/recherche/?q=photoshop`);
    assert.equal((await cardNames(page))[0], 'GIMP');
    await page.waitForLoadState('networkidle');
    assert.deepEqual(index, [], 'les résultats sont déjà là : l’index n’est pas chargé');

    // A listing by filters alone holds more notices than the page draws: « Plus de résultats » goes on from there.
    await page.goto(`${running.site.url}/recherche/?plateforme=GNU%2FLinux`);
    const drawn = await page.locator('[data-resultats] > li').count();
    const total = await announcedCount(page);
    assert.ok(drawn < total, `${drawn} cartes dessinées sur ${total}`);
    await page.getByRole('button', { name: 'Plus de résultats' }).click();
    await page.waitForFunction((n) => document.querySelectorAll('[data-resultats] > li').length > n, drawn);
    const names = await cardNames(page);
    assert.equal(new Set(names).size, names.length, 'aucun logiciel deux fois');
    assert.equal(await page.evaluate(() => document.activeElement?.textContent), names[drawn]);
  });

  for (const dark of [false, true]) {
    it(`affiche des résultats accessibles (WCAG 2.1 AA, mode ${dark ? 'sombre' : 'clair'}), filtres ouverts, correction et page sans JavaScript comprises`, async () => {
      // axe is injected by the test; the page's own CSP rightly refuses foreign scripts.
      const context = await running.browser.newContext({ bypassCSP: true, viewport: { width: 390, height: 844 }, colorScheme: dark ? 'dark' : 'light' });
      const page = await context.newPage();
      await page.goto(`${running.site.url}/recherche/`);
      await typeQuery(page, 'photshop');
      await page.getByText('Filtrer', { exact: true }).click();
      assert.deepEqual(await axeViolations(page), []);
      await page.goto(`${running.site.url}/recherche/?q=vid%C3%A9o&plateforme=Android`);
      assert.deepEqual(await axeViolations(page), []);
      await context.close();
    });
  }

  it('respecte la politique de sécurité du contenu (Pagefind compris)', async () => {
    const page = await running.browser.newPage();
    const violations: string[] = [];
    page.on('console', (message) => {
      if (/Content.Security.Policy|CSP/i.test(message.text())) violations.push(message.text());
    });
    await page.goto(`${running.site.url}/`);
    await typeQuery(page, 'firefox');
    await typeQuery(page, 'firefxo');
    assert.deepEqual(violations, []);
  });
});
