/**
 * A rule written once (src/notices/check.ts, catalogue-check.ts) is enforced everywhere with the
 * same French words: for each family of rules, the same input is refused by `npm run validate`
 * (the command, --json), by the contribution function (in-process, a real git repository), by
 * the awesome-selfhosted importer (an entry skipped with the validator's message), by the form's
 * live check in Chromium (the built site, as a person types) and in the moderators' report.
 * Positions differ by nature and are left out of the comparison: a list item (« élément 1 : »)
 * and a body line (« ligne 12 : » counts from the top of the file, or of the form's text box).
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { execFileSync } from 'node:child_process';
import { after, describe, it } from 'node:test';
import type { Browser } from 'playwright-core';
import { collectReport } from '../src/moderation/report.ts';
import { importAwesomeSelfhosted } from '../src/import/awesome-selfhosted/index.ts';
import { dumpYaml, writeNoticeFile } from '../src/notices/notice-file.ts';
import { listNoticeFiles } from '../src/notices/repository.ts';
import { slugify } from '../src/notices/slug.ts';
import { vocabularyIds } from '../src/notices/vocabulary.ts';
import { launchBrowser } from './support/browser.ts';
import { jsonRequest, makeRepo, makeSite } from './support/contribution.ts';
import { startSite, type RunningSite } from './support/server.ts';
import { vocabularies } from './support/notices.ts';

const temp = mkdtempSync(path.join(tmpdir(), 'regles-partout-'));
after(() => rmSync(temp, { recursive: true, force: true }));
const site = makeSite();
after(() => rmSync(site.repo, { recursive: true, force: true }));

/** The message without its position, which each adapter counts from where its reader looks. */
const rule = (message: string) => message.replace(/^(élément \d+|ligne \d+) : /, '');

/** What every adapter is given: a notice as a person would write it. */
interface Input {
  nom: string;
  licences: string[];
  description_courte: string;
  site_web: string;
  etiquettes: string[];
  texte: string;
}

const base = (n: number, extra: Partial<Input> = {}): Input => ({
  nom: `Outil Regle ${n}`,
  licences: ['GPL-3.0-or-later'],
  description_courte: 'Un outil pour vérifier que chaque règle parle partout pareil.',
  site_web: `https://outil-regle-${n}.example.org/`,
  etiquettes: ['bureautique', 'prise-de-notes'],
  texte: 'Une description simple.',
  ...extra,
});

/** `npm run validate -- --json FILE`: the errors, as fields and messages. */
function validator(input: Input): { code: string; field: string; message: string }[] {
  const dir = mkdtempSync(path.join(temp, 'validateur-'));
  const { texte, ...data } = input;
  const file = path.join(dir, `${slugify(input.nom)}.md`);
  writeFileSync(file, writeNoticeFile({ ...data, plateformes: ['GNU/Linux'] }, texte));
  const result = spawnSync(process.execPath, ['scripts/validate.ts', '--json', file], { encoding: 'utf8' });
  assert.equal(result.status, 1, result.stdout + result.stderr);
  return JSON.parse(result.stdout).erreurs;
}

let client = 0;
/** The contribution function: the refusal's fields and messages (the form names the body « texte »). */
async function handler(input: Input): Promise<{ field: string; message: string }[]> {
  const response = await site.handler(jsonRequest({ ...input, plateformes: ['GNU/Linux'], message: '', jeton: site.token() }), { clientAddress: `198.51.100.${++client}` });
  const body = (await response.json()) as { ok: boolean; erreurs: { champ: string; message: string }[] };
  assert.equal(body.ok, false, JSON.stringify(body));
  return body.erreurs.map((e) => ({ field: e.champ === 'texte' ? 'texte de la notice' : e.champ, message: e.message }));
}

/** The importer on a one-entry awesome-selfhosted checkout: why the entry was skipped. */
function importer(entry: Record<string, unknown>): { reason: string; detail: string } {
  const dir = mkdtempSync(path.join(temp, 'source-'));
  mkdirSync(path.join(dir, 'software'));
  for (const file of ['licenses.yml', 'licenses-nonfree.yml']) copyFileSync(path.join('tests/fixtures/awesome-selfhosted', file), path.join(dir, file));
  writeFileSync(path.join(dir, 'software', 'entree.yml'), dumpYaml({ platforms: ['PHP'], tags: ['Groupware', 'Wikis'], ...entry }));
  const result = importAwesomeSelfhosted({ sourceDir: dir, vocabulary: vocabularyIds(vocabularies), referenceFiles: listNoticeFiles(), today: '2026-11-21' });
  assert.equal(result.notices.length, 0, 'l’entrée a été importée');
  const [skip] = result.skipped;
  return { reason: skip!.reason, detail: skip!.detail };
}

let browser: Browser | undefined;
let running: RunningSite | undefined;
after(async () => {
  await browser?.close();
  await running?.stop();
});

/** The form's live check in Chromium, on the built site: the messages shown next to `field` as the person types. */
async function liveCheck(input: Input, field: string): Promise<string[]> {
  browser ??= await launchBrowser();
  running ??= await startSite({ CONTRIBUTION_LOCAL_REPO: makeRepo() });
  const page = await browser.newPage();
  try {
    await page.goto(`${running.url}/contribuer/`);
    await page.locator('#champ-nom').fill(input.nom);
    await page.locator('#champ-licences').fill(input.licences.join('\n'));
    await page.locator('#champ-description_courte').fill(input.description_courte);
    await page.locator('#champ-site_web').fill(input.site_web);
    await page.locator('#champ-texte').fill(input.texte);
    // Leaving a field checks it (and every field already touched).
    await page.locator('#champ-message').focus();
    const error = page.locator(`[data-erreur="${field === 'texte de la notice' ? 'texte' : field}"]`);
    await error.waitFor({ state: 'visible' });
    return (await error.innerText()).split(' ; ');
  } finally {
    await page.close();
  }
}

/** The moderators' report on a merge request that adds the notice: the problems it lists for `field`. */
async function reportProblems(input: Input, field: string): Promise<string[]> {
  const repo = makeRepo();
  const git = (...args: string[]) => execFileSync('git', ['-C', repo, '-c', 'user.name=T', '-c', 'user.email=t@example.org', ...args], { encoding: 'utf8' }).trim();
  const base = git('rev-parse', 'HEAD');
  const { texte, ...data } = input;
  writeFileSync(path.join(repo, 'content/notices', `${slugify(input.nom)}.md`), writeNoticeFile({ ...data, plateformes: ['GNU/Linux'] }, texte));
  git('add', '-A');
  git('commit', '-q', '-m', 'proposition');
  const report = await collectReport({ cwd: repo, base });
  return report.problems.filter((p) => p.field === field && p.level === 'erreur').map((p) => p.message);
}

/** The one problem of `field` the validator gives, then the same from the handler. */
async function sameRefusal(input: Input, field: string): Promise<{ code: string; message: string }> {
  const fromValidator = validator(input).filter((p) => p.field === field);
  assert.equal(fromValidator.length, 1, JSON.stringify(fromValidator));
  const expected = fromValidator[0]!;
  const fromHandler = (await handler(input)).filter((p) => p.field === field);
  assert.deepEqual(
    fromHandler.map((p) => rule(p.message)),
    [rule(expected.message)],
  );
  return expected;
}

describe('une règle, les mêmes mots partout', () => {
  it('schéma (licence) : validateur, fonction de contribution et import refusent pareil', async () => {
    const { code, message } = await sameRefusal(base(1, { licences: ['Sendmail'] }), 'licences');
    assert.equal(code, 'licence-refusee');
    assert.match(message, /« Sendmail » n’est pas une licence libre/);
    const skip = importer({ name: 'Outil Regle 1', licenses: ['Sendmail'], website_url: 'https://outil-regle-1.example.org/' });
    assert.equal(skip.reason, 'licence-non-reconnue');
    assert.ok(skip.detail.includes(rule(message)), skip.detail);
  });

  it('caractères (champ d’une ligne) : un caractère invisible est refusé partout', async () => {
    const { code, message } = await sameRefusal(base(2, { description_courte: 'Un outil\u200b pour tout faire.' }), 'description_courte');
    assert.equal(code, 'champ-invalide');
    assert.match(message, /caractère invisible ou de contrôle \(U\+200B\)/);
    const skip = importer({ name: 'Outil Regle 2', description: 'A tool\u200b for everything.', licenses: ['MIT'], website_url: 'https://outil-regle-2.example.org/' });
    assert.equal(skip.reason, 'notice-invalide');
    assert.ok(skip.detail.includes(`description_courte : ${message}`), skip.detail);
  });

  it('nom et adresse : un nom qui donnerait une adresse trop longue est refusé partout', async () => {
    const nom = `Outil ${'vraiment-tres-long '.repeat(4)}et plus`;
    const { code, message } = await sameRefusal(base(3, { nom }), 'nom');
    assert.equal(code, 'nom-inutilisable');
    assert.match(message, /donnerait une adresse de \d+ caractères \(80 au plus\)/);
    const skip = importer({ name: nom, licenses: ['MIT'], website_url: 'https://outil-regle-3.example.org/' });
    assert.equal(skip.reason, 'nom-inutilisable');
    assert.equal(skip.detail, message);
  });

  it('Markdown et caractères du texte : refusés partout, ligne comptée où on la lit', async () => {
    const { code, message } = await sameRefusal(base(4, { texte: 'Premier paragraphe.\n\nUn texte\u200b caché.' }), 'texte de la notice');
    assert.equal(code, 'caractere-interdit');
    assert.match(message, /^ligne \d+ : contient un caractère invisible/);
    // The importer writes the upstream categories into the body: a hidden character there.
    const skip = importer({ name: 'Outil Regle 4', licenses: ['MIT'], website_url: 'https://outil-regle-4.example.org/', tags: ['Groupware\u200b'] });
    assert.equal(skip.reason, 'notice-invalide');
    assert.match(skip.detail, /^texte de la notice : ligne \d+ : /);
    assert.ok(skip.detail.includes(rule(message)), skip.detail);
  });

  it('liens : un raccourcisseur dans site_web est refusé partout, sur ce champ, et compté comme le lit un moteur de rendu', async () => {
    const { code, message } = await sameRefusal(base(6, { site_web: 'https://bit.ly/outil-regle' }), 'site_web');
    assert.equal(code, 'lien-raccourci');
    assert.match(message, /lien raccourci \(bit\.ly\)/);
    // In the long text, a link a renderer makes although « :// » is escaped is counted as well.
    const escapedInput = base(7, { texte: 'Voir [la page](https:\\/\\/t.co/abc) pour en savoir plus.' });
    const escaped = validator(escapedInput).filter((p) => p.field === 'texte de la notice');
    assert.deepEqual(
      escaped.map((p) => p.code),
      ['lien-refuse', 'lien-raccourci'],
    );
    assert.deepEqual(
      (await handler(escapedInput)).filter((p) => p.field === 'texte de la notice').map((p) => rule(p.message)),
      escaped.map((p) => rule(p.message)),
    );
    const skip = importer({ name: 'Outil Regle 6', licenses: ['MIT'], website_url: 'https://bit.ly/outil-regle' });
    assert.equal(skip.reason, 'notice-invalide');
    assert.ok(skip.detail.includes(message), skip.detail);
    assert.deepEqual(await reportProblems(base(6, { site_web: 'https://bit.ly/outil-regle' }), 'site_web'), [message]);
  });

  it('le contrôle pendant la saisie, dans le navigateur, dit la même chose que le serveur', async () => {
    for (const [input, field] of [
      [base(8, { nom: '!!!' }), 'nom'],
      [base(9, { nom: `Outil ${'x'.repeat(80)}` }), 'nom'],
      [base(10, { site_web: 'https://bit.ly/outil-regle' }), 'site_web'],
      [base(11, { licences: ['Sendmail'] }), 'licences'],
    ] as const) {
      const { message } = await sameRefusal(input, field);
      assert.deepEqual((await liveCheck(input, field)).map(rule), [rule(message)], `${field} : ${input.nom}`);
    }
    assert.deepEqual(await reportProblems(base(12, { nom: `Outil ${'x'.repeat(80)}` }), 'nom'), [validator(base(12, { nom: `Outil ${'x'.repeat(80)}` }))[0]!.message]);
  });

  it('doublons : la même adresse, écrite autrement, est reconnue partout (un seul normaliseur)', async () => {
    // Firefox's site is https://www.mozilla.org/fr/firefox/ : same place without « www. », with « index.html ».
    const input = base(5, { site_web: 'https://mozilla.org/fr/firefox/index.html' });
    const fromValidator = validator(input).filter((p) => p.field === 'site_web');
    assert.deepEqual(
      fromValidator.map((p) => [p.code, p.message]),
      [['doublon-site-web', 'même site web qu’une autre notice : content/notices/firefox.md']],
    );
    const response = await site.handler(jsonRequest({ ...input, plateformes: ['GNU/Linux'], jeton: site.token() }), { clientAddress: '198.51.100.250' });
    assert.equal(response.status, 409);
    const body = (await response.json()) as { erreurs: { champ: string; message: string }[] };
    assert.deepEqual(body.erreurs, [{ champ: 'site_web', message: fromValidator[0]!.message }]);
    const skip = importer({ name: 'Outil Regle 5', licenses: ['MIT'], website_url: input.site_web });
    assert.deepEqual(skip, { reason: 'deja-dans-l-annuaire', detail: fromValidator[0]!.message });
  });
});
