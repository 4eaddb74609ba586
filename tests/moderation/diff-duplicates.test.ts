import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, it } from 'node:test';
import { compactDiff, diffLines, diffNotices } from '../../src/moderation/diff.ts';
import { findPossibleDuplicates, nameSimilarity, normalizeUrl } from '../../src/notices/duplicates.ts';
import { FIXTURES } from './support.ts';

const fixture = (...parts: string[]) => readFileSync(path.join(FIXTURES, ...parts), 'utf8');

describe('différences champ par champ', () => {
  it('lit les deux versions avec le lecteur du projet et ne garde que ce qui change', () => {
    const diff = diffNotices(fixture('avant', 'notices', 'firefox.md'), fixture('apres', 'notices', 'firefox.md'));
    assert.deepEqual(
      diff.fields.map((f) => [f.field, f.kind]),
      [
        ['description_courte', 'modifié'],
        ['site_web', 'modifié'],
        ['plateformes', 'modifié'],
        ['alternative_a', 'modifié'],
        ['date_modification', 'modifié'],
      ],
    );
    const plateformes = diff.fields.find((f) => f.field === 'plateformes')!;
    assert.deepEqual(plateformes.added, ['Android']);
    assert.deepEqual(plateformes.removed, []);
    assert.equal(diff.body?.lines.filter((l) => l.op !== ' ').length, 2);
  });

  it('une nouvelle notice : tous ses champs, dans l’ordre documenté', () => {
    const diff = diffNotices(undefined, fixture('bonne', 'inkscape.md'));
    assert.deepEqual(
      diff.fields.map((f) => f.field),
      ['nom', 'description_courte', 'licences', 'site_web', 'code_source', 'plateformes', 'langues', 'etiquettes', 'alternative_a', 'date_creation', 'date_modification'],
    );
    assert.ok(diff.fields.every((f) => f.kind === 'ajouté'));
  });

  it('champ retiré, clé inconnue, dates gardées en texte', () => {
    const before = '---\nnom: A\nlicences:\n  - MIT\nsite_web: https://a.example.org/\ndate_creation: 2024-05-01\n---\n';
    const after = '---\nnom: A\nlicences:\n  - MIT\ncouleur: bleu\ndate_creation: 2024-05-02\n---\n';
    const diff = diffNotices(before, after);
    assert.deepEqual(diff.fields, [
      { field: 'site_web', kind: 'retiré', before: 'https://a.example.org/' },
      { field: 'date_creation', kind: 'modifié', before: '2024-05-01', after: '2024-05-02' },
      { field: 'couleur', kind: 'ajouté', after: 'bleu' },
    ]);
  });

  it('un en-tête illisible est dit, pas lancé', () => {
    const diff = diffNotices(undefined, '---\nnom: [oups\n---\n');
    assert.equal(diff.unreadable?.version, 'après');
    assert.match(diff.unreadable!.reason, /en-tête YAML illisible/);
  });

  it('diff de lignes et version compacte', () => {
    const lines = diffLines('a\nb\nc\nd\ne', 'a\nb\nC\nd\ne\nf');
    assert.deepEqual(compactDiff(lines, 0), ['- c', '+ C', '  …', '+ f']);
  });
});

describe('doublons possibles', () => {
  const others = [
    {
      slug: 'libreoffice',
      data: { nom: 'LibreOffice', site_web: 'https://www.libreoffice.org/', code_source: 'https://git.libreoffice.org/core', identifiant_wikidata: 'Q10135' },
    },
    { slug: 'luanti', data: { nom: 'Luanti', autres_noms: ['Minetest'], code_source: 'https://github.com/luanti-org/luanti' } },
    { slug: 'firefox', data: { nom: 'Firefox', site_web: 'https://www.mozilla.org/fr/firefox/' } },
    { slug: 'thunderbird', data: { nom: 'Thunderbird', site_web: 'https://www.thunderbird.net/' } },
    { slug: 'nextcloud', data: { nom: 'Nextcloud', site_web: 'https://nextcloud.com/', code_source: 'https://github.com/nextcloud/server' } },
  ];

  it('nom replié identique, ancien nom, nom proche, nom prolongé', () => {
    assert.deepEqual(findPossibleDuplicates({ slug: 'libre-office', data: { nom: 'Libre Office' } }, others)[0]?.raisons, ['même nom, aux espaces et à la ponctuation près']);
    assert.match(findPossibleDuplicates({ slug: 'minetest', data: { nom: 'Minetest' } }, others)[0]!.raisons[0]!, /« Minetest » est déjà l’un des noms/);
    assert.equal(findPossibleDuplicates({ slug: 'thunderbrid', data: { nom: 'Thunderbrid' } }, others)[0]?.slug, 'thunderbird');
    assert.deepEqual(findPossibleDuplicates({ slug: 'firefox-esr', data: { nom: 'Firefox ESR' } }, others)[0]?.raisons, ['l’un des noms contient l’autre']);
  });

  it('même site, même dépôt (à .git près), même Wikidata', () => {
    const result = findPossibleDuplicates(
      { slug: 'lo', data: { nom: 'LO', site_web: 'https://libreoffice.org', code_source: 'https://git.libreoffice.org/core.git', identifiant_wikidata: 'Q10135' } },
      others,
    );
    assert.deepEqual(result[0]?.raisons, ['même site web', 'même dépôt de code source', 'même élément Wikidata']);
    assert.equal(result[0]?.score, 1);
    assert.equal(normalizeUrl('https://www.Exemple.org/Logiciel/'), 'exemple.org/logiciel');
  });

  it('même domaine, mais pas sur une forge partagée', () => {
    assert.match(
      findPossibleDuplicates({ slug: 'nc-talk', data: { nom: 'Talk', site_web: 'https://nextcloud.com/talk/' } }, others)[0]!.raisons[0]!,
      /même domaine \(nextcloud\.com\)/,
    );
    assert.deepEqual(findPossibleDuplicates({ slug: 'autre', data: { nom: 'Autre', site_web: 'https://github.com/autre/autre' } }, others), []);
  });

  it('rien pour un logiciel sans rapport, ni pour la notice elle-même', () => {
    assert.deepEqual(findPossibleDuplicates({ slug: 'inkscape', data: { nom: 'Inkscape', site_web: 'https://inkscape.org/' } }, others), []);
    assert.deepEqual(findPossibleDuplicates({ slug: 'firefox', data: { nom: 'Firefox', site_web: 'https://www.mozilla.org/fr/firefox/' } }, others), []);
    assert.ok(nameSimilarity('GIMP', 'Gimp') === 1);
    assert.ok(nameSimilarity('Krita', 'Kdenlive') < 0.5);
  });
});
