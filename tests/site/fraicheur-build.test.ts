/**
 * A notice page says how alive the software is (content/activite.yaml), when a person last
 * reviewed the notice, and where its licence was checked (content/licences-verifiees.yaml) — and a
 * broken data file only hides those lines: the build goes on. Built from a copy of the small
 * fixture site (tests/fixtures/site), with data dated today so that it is never stale.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { readPage } from '../support/site.ts';

mkdirSync('test-results', { recursive: true });
const work = mkdtempSync(path.resolve('test-results', 'fraicheur-build-'));
const today = new Date().toISOString().slice(0, 10);

function build(name: string, files: Record<string, string>): string {
  const content = path.join(work, name, 'content');
  cpSync('tests/fixtures/site', content, { recursive: true });
  const notice = path.join(content, 'notices', 'editeur-sur.md');
  writeFileSync(
    notice,
    readFileSync(notice, 'utf8')
      .replace('date_modification: 2026-11-21\n', 'date_modification: 2026-11-21\ndate_relecture: 2026-12-01\n')
      .replace('logo: editeur-sur.svg\n', 'logo: editeur-sur.svg\ncode_source: https://framagit.org/exemple/editeur-sur\n'),
  );
  const hostile = path.join(content, 'notices', 'notice-hostile.md');
  writeFileSync(hostile, readFileSync(hostile, 'utf8').replace('nom: Notice hostile\n', 'nom: Notice hostile\ndate_modification: 2026-10-02\n'));
  for (const [file, text] of Object.entries(files)) writeFileSync(path.join(content, file), text);
  const out = path.join(work, name, 'dist');
  const result = spawnSync('astro', ['build', '--silent'], {
    encoding: 'utf8',
    env: { ...process.env, FRAMALIBRE_CONTENT: content, FRAMALIBRE_OUT_DIR: out, FRAMALIBRE_CACHE_DIR: path.resolve('node_modules/.astro-tests', path.basename(work), name) },
  });
  assert.equal(result.status, 0, result.stderr + result.stdout);
  return path.join(out, 'client');
}

/** The page's text as a visitor reads it (tags removed, French spaces as plain ones). */
function visibleText(urlPath: string, site: string): string {
  const html = readPage(urlPath, site);
  return html
    .slice(html.indexOf('<main'))
    .replace(/<[^>]+>/g, ' ')
    .replace(/&#39;|&rsquo;/g, '’')
    .replace(/[\s\u00a0\u202f]+/g, ' ');
}

describe('fraîcheur sur la page d’une notice', () => {
  let withData: string;
  let broken: string;
  before(() => {
    withData = build('avec-donnees', {
      'activite.yaml': [
        'editeur-sur:',
        '  depot: https://framagit.org/exemple/editeur-sur',
        '  derniere_version: {nom: v2.4.1, date: 2026-03-12}',
        '  derniere_activite: 2026-11-30',
        '  archive: false',
        `  releve_le: ${today}`,
        `notice-hostile: {archive: true, derniere_activite: 2023-05-04, releve_le: ${today}}`,
        `notice-disparue: {archive: false, releve_le: ${today}}`,
        '',
      ].join('\n'),
      'licences-verifiees.yaml': 'editeur-sur:\n  source: paquet Debian editeur-sur 1.0-1, fichier copyright\n  licence_lue: GPL-3+\n  verifie_le: 2026-12-07\n',
    });
    broken = build('donnees-cassees', {
      'activite.yaml': 'editeur-sur: [pas fermé\n  archive: oui\n',
      'licences-verifiees.yaml': '- ceci\n- n’est pas\n- le bon format\n',
    });
  });
  after(() => {
    rmSync(work, { recursive: true, force: true });
    rmSync(path.resolve('node_modules/.astro-tests', path.basename(work)), { recursive: true, force: true });
  });

  it('dit la dernière version, la relecture et la vérification de la licence', () => {
    const text = visibleText('/notices/editeur-sur.html', withData);
    assert.match(text, /Dernière version mars 2026 \(v2\.4\.1\)/);
    assert.match(text, /Notice relue le 1(er)? décembre 2026/);
    assert.match(text, /Licence vérifiée le 7 décembre 2026 \(paquet Debian editeur-sur 1\.0-1, fichier copyright\)/);
    assert.doesNotMatch(text, /Projet archivé/);
  });

  it('annonce un projet archivé en tête de page, et dit quand la relecture manque', () => {
    const text = visibleText('/notices/notice-hostile.html', withData);
    assert.match(text, /Projet archivé : ses auteurs ont archivé son dépôt de code/);
    assert.match(text, /Dernière activité mai 2023/);
    assert.ok(text.indexOf('Projet archivé') < text.indexOf('Fiche'), 'avant le texte de la notice');
    assert.match(text, /Notice mise à jour le 2 octobre 2026 \(date de relecture non renseignée\)/);
    assert.doesNotMatch(text, /Licence vérifiée/);
  });

  it('un fichier de données cassé ne casse pas le site : les lignes disparaissent', () => {
    const text = visibleText('/notices/editeur-sur.html', broken);
    assert.doesNotMatch(text, /Dernière version|Dernière activité|Projet archivé|Licence vérifiée/);
    assert.match(text, /Notice relue le 1(er)? décembre 2026/, 'la date de relecture vient de la notice elle-même');
  });
});
