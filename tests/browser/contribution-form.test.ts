/**
 * A person fills the contribution form in Chromium: a new notice and a correction with
 * JavaScript, a new notice without JavaScript (the server asks for a confirmation), and the
 * closed state. The proposals land as branches of a real temporary git repository.
 */
import { MIN_FILL_MS, type TokenKind } from '../../src/contribution/layers/token.ts';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import { launchBrowser } from '../support/browser.ts';
import { makeRepo } from '../support/contribution.ts';
import { startSite, type RunningSite } from '../support/server.ts';

let browser: Browser;
let site: RunningSite;
let closedSite: RunningSite;
let repo: string;
const branches = () => execFileSync('git', ['-C', repo, 'for-each-ref', '--format=%(refname:short)', 'refs/heads/contribution/'], { encoding: 'utf8' }).split('\n').filter(Boolean);
const git = (...args: string[]) => execFileSync('git', ['-C', repo, ...args], { encoding: 'utf8' });

/** The server refuses forms sent sooner than a few seconds after they were handed out (longer without JavaScript). */
const readingTime = (page: Page, kind: TokenKind = 'js') => page.waitForTimeout(MIN_FILL_MS[kind] + 500);

describe('formulaire de contribution', () => {
  before(async () => {
    repo = makeRepo();
    browser = await launchBrowser();
    site = await startSite({ CONTRIBUTION_LOCAL_REPO: repo, CONTRIBUTION_SECRET: 'x'.repeat(40) });
    closedSite = await startSite({ CONTRIBUTION_LOCAL_REPO: repo, CONTRIBUTION_CLOSED: '1' });
  });
  after(async () => {
    await browser?.close();
    await site?.stop();
    await closedSite?.stop();
  });

  it('propose une nouvelle notice avec JavaScript, en signalant les erreurs pendant la saisie', async () => {
    const page = await browser.newPage({ viewport: { width: 390, height: 844 } });
    await page.goto(`${site.url}/contribuer/`);
    await page.getByLabel('Nom du logiciel').fill('Calculette Libre');
    await page.getByLabel('Site officiel').fill('http://calculette.example.org');
    await page.getByLabel('Description en une phrase').click();
    const siteError = page.locator('[data-erreur="site_web"]');
    await siteError.filter({ hasText: 'commençant par https://' }).waitFor();
    await page.getByLabel('Site officiel').fill('https://calculette.example.org/');
    await siteError.waitFor({ state: 'hidden' });
    await page.getByLabel('Ajouter une licence courante').selectOption('GPL-3.0-or-later');
    assert.equal(await page.getByLabel(/Licence\(s\)/).inputValue(), 'GPL-3.0-or-later');
    await page.getByLabel('Description en une phrase').fill('Une calculatrice simple pour l’école.');
    await page.getByRole('checkbox', { name: 'Éducation' }).check();
    await page.getByRole('checkbox', { name: 'Sciences' }).check();
    await page.getByRole('checkbox', { name: 'GNU/Linux', exact: true }).check();
    await page.getByLabel('Description longue').fill('Elle fait les quatre opérations et garde un historique.');
    await page.screenshot({ path: 'test-results/contribuer-390.png', fullPage: true });
    await readingTime(page);
    await page.getByRole('button', { name: 'Envoyer la proposition' }).click();
    await page.getByRole('heading', { name: 'Merci pour votre proposition !' }).waitFor();
    const text = await page.locator('main').innerText();
    const branch = branches().find((b) => b.startsWith('contribution/calculette-libre-'));
    assert.ok(branch, branches().join(', '));
    assert.ok(text.includes(branch), text);
    assert.match(git('show', `${branch}:content/notices/calculette-libre.md`), /etiquettes:\n {2}- sciences\n {2}- education|etiquettes:\n {2}- education\n {2}- sciences/);
  });

  it('propose une correction d’une notice existante, qui ne change que ce qui a été modifié', async () => {
    const page = await browser.newPage({ viewport: { width: 390, height: 844 } });
    await page.goto(`${site.url}/contribuer/?notice=gimp`);
    await page.getByRole('heading', { name: 'Modifier la notice « GIMP »' }).waitFor();
    assert.equal(await page.getByLabel('Nom du logiciel').inputValue(), 'GIMP');
    assert.equal(await page.getByRole('checkbox', { name: 'Photo' }).isChecked(), true);
    await page.getByLabel('Description en une phrase').fill('Logiciel libre de retouche d’images et de création graphique.');
    await readingTime(page);
    await page.getByRole('button', { name: 'Envoyer la proposition' }).click();
    await page.getByRole('heading', { name: 'Merci pour votre proposition !' }).waitFor();
    const branch = branches().find((b) => b.startsWith('contribution/gimp-'))!;
    const changed = git('diff', '--unified=0', 'main', branch)
      .split('\n')
      .filter((l) => /^[+-][^+-]/.test(l));
    assert.deepEqual(
      changed.filter((l) => !/^[+-](description_courte|date_modification): /.test(l)),
      [],
    );
  });

  it('une correction faite d’après la page publiée garde ce qui a été fusionné depuis sur main', async () => {
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    await page.goto(`${site.url}/contribuer/?notice=inkscape`);
    await page.getByRole('heading', { name: 'Modifier la notice « Inkscape »' }).waitFor();
    // Meanwhile a moderator merges another change into main: the published page does not show it.
    const file = 'content/notices/inkscape.md';
    const merged = git('show', `main:${file}`).replace(/^site_web: .*$/m, 'site_web: https://inkscape.org/fr/');
    writeFileSync(path.join(repo, file), merged);
    git('-c', 'user.name=Modération', '-c', 'user.email=moderation@example.org', 'commit', '-q', '-am', 'Fusion : nouvelle adresse du site');
    await page.getByLabel('Description en une phrase').fill('Logiciel libre de dessin vectoriel, pour les logos, les schémas et les illustrations.');
    await readingTime(page);
    await page.getByRole('button', { name: 'Envoyer la proposition' }).click();
    await page.getByRole('heading', { name: 'Merci pour votre proposition !' }).waitFor();
    const branch = branches().find((b) => b.startsWith('contribution/inkscape-'))!;
    const proposed = git('show', `${branch}:${file}`);
    assert.match(proposed, /^site_web: https:\/\/inkscape\.org\/fr\/$/m, 'la fusion faite entre-temps est gardée');
    assert.match(proposed, /^description_courte: Logiciel libre de dessin vectoriel, pour les logos/m);
  });

  it('fonctionne sans JavaScript, avec une étape de confirmation', async () => {
    const context = await browser.newContext({ javaScriptEnabled: false, viewport: { width: 390, height: 844 } });
    const page = await context.newPage();
    await page.goto(`${site.url}/contribuer/`);
    await page.getByLabel('Nom du logiciel').fill('Bloc Notes Sans Script');
    await page.getByLabel(/Licence\(s\)/).fill('MIT');
    await page.getByLabel('Description longue').fill('Un texte écrit sans JavaScript, qui ne doit pas se perdre.');
    await page.getByRole('button', { name: 'Envoyer la proposition' }).click();
    await page.getByText('Relisez votre proposition puis envoyez-la').first().waitFor();
    assert.equal(await page.getByLabel('Nom du logiciel').inputValue(), 'Bloc Notes Sans Script');
    assert.equal(await page.getByLabel('Description longue').inputValue(), 'Un texte écrit sans JavaScript, qui ne doit pas se perdre.');
    await readingTime(page, 'sans-js');
    await page.getByRole('button', { name: 'Envoyer la proposition' }).click();
    await page.getByRole('heading', { name: 'Merci pour votre proposition !' }).waitFor();
    assert.ok(branches().some((b) => b.startsWith('contribution/bloc-notes-sans-script-')));
  });

  it('annonce la fermeture et propose un autre moyen de contribuer', async () => {
    const page = await browser.newPage();
    await page.goto(`${closedSite.url}/contribuer/`);
    const message = page.locator('[data-fermee]');
    await message.waitFor();
    assert.match(await message.innerText(), /momentanément fermées.*contact\.framasoft\.org/s);
    assert.equal(await page.getByRole('button', { name: 'Envoyer la proposition' }).isDisabled(), true);
  });
});
