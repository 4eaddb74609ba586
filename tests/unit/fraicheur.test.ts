/**
 * The data files behind « Dernière version », « Projet archivé » and « Licence vérifiée »: what
 * the pages get from them (never an exception), and what `npm run validate` says about them.
 */
import assert from 'node:assert/strict';
import { cpSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, it } from 'node:test';
import { activityLabel, activityOf, activityProblems, parseActivity } from '../../src/notices/activity.ts';
import { checkCatalogue } from '../../src/notices/catalogue-check.ts';
import { licenceCheckOf, licenceCheckProblems, parseLicenceChecks } from '../../src/notices/licence-checks.ts';
import { loadVocabularies } from '../../src/notices/vocabulary.ts';

const contentWith = (files: Record<string, string>) => {
  const root = mkdtempSync(path.join(tmpdir(), 'fraicheur-'));
  for (const [name, text] of Object.entries(files)) writeFileSync(path.join(root, name), text);
  return root;
};

describe('activité des dépôts vue par les pages', () => {
  const root = contentWith({
    'activite.yaml': [
      'gimp: {depot: https://gitlab.gnome.org/GNOME/gimp, derniere_version: {nom: GIMP_3_0_4, date: 2026-03-12}, derniere_activite: 2026-11-30, archive: false, releve_le: 2026-12-07}',
      'calme: {derniere_activite: 2025-01-15, archive: false, releve_le: 2026-12-07}',
      'archive: {derniere_activite: 2022-02-02, archive: true, releve_le: 2026-12-07}',
      'ancien: {derniere_activite: 2026-01-15, archive: false, releve_le: 2026-08-01}',
      'casse: {archive: peut-être, releve_le: 2026-12-07}',
      '',
    ].join('\n'),
  });
  const now = new Date('2026-12-20T00:00:00Z');

  it('dit la dernière version, sinon la dernière activité, ou « Projet archivé »', () => {
    assert.equal(activityLabel(activityOf('gimp', { root, now })!), 'Dernière version : mars 2026');
    assert.equal(activityLabel(activityOf('calme', { root, now })!), 'Dernière activité : janvier 2025');
    assert.equal(activityLabel(activityOf('archive', { root, now })!), 'Projet archivé');
  });

  it('ne montre rien de périmé, d’un autre dépôt, de malformé ou d’absent', () => {
    assert.equal(activityOf('ancien', { root, now }), undefined, 'relevé de plus de deux mois');
    assert.equal(activityOf('gimp', { root, now, codeSource: 'https://github.com/GNOME/gimp' }), undefined, 'la notice a changé de dépôt');
    assert.ok(activityOf('gimp', { root, now, codeSource: 'https://gitlab.gnome.org/GNOME/gimp.git' }), 'même dépôt écrit autrement');
    assert.equal(activityOf('casse', { root, now }), undefined);
    assert.equal(activityOf('inconnu', { root, now }), undefined);
    assert.equal(activityOf('gimp', { root: contentWith({}), now }), undefined, 'fichier absent');
    assert.equal(activityOf('gimp', { root: contentWith({ 'activite.yaml': 'gimp: [\n' }), now }), undefined, 'fichier illisible');
  });

  it('signale au validateur les entrées malformées (erreur) et les notices inconnues (avertissement)', () => {
    const problems = activityProblems(new Set(['gimp', 'calme', 'archive', 'ancien', 'casse']), path.join(root, 'activite.yaml'));
    assert.deepEqual(
      problems.map((p) => [p.code, p.level, p.field]),
      [['activite-entree-invalide', 'erreur', 'casse : archive']],
    );
    const unknown = activityProblems(new Set(['gimp']), path.join(root, 'activite.yaml')).filter((p) => p.code === 'activite-notice-inconnue');
    assert.deepEqual(
      unknown.map((p) => [p.level, p.field]),
      [
        ['avertissement', 'calme'],
        ['avertissement', 'archive'],
        ['avertissement', 'ancien'],
      ],
    );
    assert.match(unknown[0]!.file, /activite\.yaml$/);
    assert.deepEqual(
      parseActivity('- une liste\n').problems.map((p) => p.code),
      ['activite-illisible'],
    );
  });
});

describe('licences vérifiées (content/licences-verifiees.yaml)', () => {
  const text = [
    '# Vérification des licences des notices',
    'gimp:',
    '  source: "paquet Debian gimp 2.10.34-1, fichier copyright (« Files: * »)"',
    '  licence_lue: GPL-3+',
    '  verifie_le: 2026-12-07',
    'inkscape:',
    '  source: paquet Debian inkscape 1.2.2-2, fichier copyright (« Files: * »)',
    '  licence_lue: GPL-2+',
    '  verifie_le: 2026-12-07',
    'krita:',
    '  source: paquet Debian krita',
    '  verifie_le: 2026-12-07',
    'gimp:',
    '  source: autre lecture',
    '  licence_lue: GPL-3+',
    '  verifie_le: 2026-12-06',
    'fantome:',
    '  source: paquet Debian fantome',
    '  licence_lue: MIT',
    '  verifie_le: 2026-12-07',
    '',
  ].join('\n');

  it('nomme l’entrée fautive et lit les autres', () => {
    const { entries, problems } = parseLicenceChecks(text);
    assert.deepEqual([...entries.keys()], ['gimp', 'fantome']);
    assert.equal(entries.get('gimp')!.source, 'paquet Debian gimp 2.10.34-1, fichier copyright (« Files: * »)');
    assert.deepEqual(
      problems.map((p) => [p.code, p.level, p.field]),
      [
        ['licence-verifiee-illisible', 'erreur', 'inkscape'],
        ['licence-verifiee-invalide', 'erreur', 'krita : licence_lue'],
        ['licence-verifiee-double', 'erreur', 'gimp'],
      ],
    );
    assert.match(problems[0]!.message, /ligne 7.*entre guillemets droits/);
    assert.match(problems[1]!.message, /champ obligatoire/);
    assert.match(problems[2]!.message, /lignes 2 et 13/);
  });

  it('une notice inconnue est une erreur ; la page lit l’entrée valide', () => {
    const root = contentWith({ 'licences-verifiees.yaml': text });
    const problems = licenceCheckProblems(new Set(['gimp', 'inkscape', 'krita']), path.join(root, 'licences-verifiees.yaml'));
    const unknown = problems.find((p) => p.code === 'licence-verifiee-notice-inconnue');
    assert.deepEqual([unknown?.level, unknown?.field], ['erreur', 'fantome']);
    assert.equal(licenceCheckOf('gimp', root)?.licence_lue, 'GPL-3+');
    assert.equal(licenceCheckOf('krita', root), undefined);
    assert.equal(licenceCheckOf('gimp', contentWith({ 'licences-verifiees.yaml': ': : :\n' })), undefined);
  });
});

it('npm run validate voit les deux fichiers (contrôles de l’annuaire entier)', () => {
  const root = mkdtempSync(path.join(tmpdir(), 'fraicheur-annuaire-'));
  cpSync('tests/fixtures/site', root, { recursive: true });
  writeFileSync(path.join(root, 'activite.yaml'), 'supprimee: {archive: false, releve_le: 2026-12-07}\n');
  writeFileSync(path.join(root, 'licences-verifiees.yaml'), 'editeur-sur:\n  source: paquet Debian editeur-sur\n');
  const problems = checkCatalogue({
    checked: [],
    all: [{ id: 'a', file: 'a', slug: 'editeur-sur', data: {}, body: '', directory: true }],
    scope: { vocabularies: loadVocabularies(root), contentRoot: root },
  });
  const mine = problems.filter((p) => /activite|licence-verifiee/.test(p.code)).map((p) => [p.code, p.level, p.file.endsWith('.yaml') ? path.basename(p.file) : p.file, p.field]);
  assert.deepEqual(mine, [
    ['activite-notice-inconnue', 'avertissement', 'activite.yaml', 'supprimee'],
    ['licence-verifiee-invalide', 'erreur', 'licences-verifiees.yaml', 'editeur-sur : licence_lue'],
    ['licence-verifiee-invalide', 'erreur', 'licences-verifiees.yaml', 'editeur-sur : verifie_le'],
  ]);
});

it('la date de relecture est réservée à la modération : le formulaire la refuse', async () => {
  const { draftFromFields } = await import('../../src/contribution/draft.ts');
  const { schema } = await import('../support/notices.ts');
  assert.throws(
    () =>
      draftFromFields(
        schema,
        new Map([
          ['nom', ['Essai']],
          ['date_relecture', ['2026-12-07']],
        ]),
      ),
    /Le champ « date_relecture » est réservé à la modération/,
  );
});
