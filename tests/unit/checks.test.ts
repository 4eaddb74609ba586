/**
 * The shared checker (src/notices/check.ts, catalogue-check.ts) and the loaders of the content
 * folder: every problem is collected, with a stable code, its file and field, in French.
 */
import assert from 'node:assert/strict';
import { cpSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, describe, it } from 'node:test';
import { checkChatons } from '../../src/notices/chatons.ts';
import { checkCatalogue, type CatalogueNotice } from '../../src/notices/catalogue-check.ts';
import { checkNotice } from '../../src/notices/check.ts';
import { DuplicateIndex, exactCollisions } from '../../src/notices/duplicates.ts';
import { checkRedirections } from '../../src/notices/redirections.ts';
import { checkSelection } from '../../src/notices/selections.ts';
import { checkVocabularies, loadVocabularies } from '../../src/notices/vocabulary.ts';
import { minimal, schema, vocabularies } from '../support/notices.ts';

const temp = mkdtempSync(path.join(tmpdir(), 'verifications-'));
after(() => rmSync(temp, { recursive: true, force: true }));
const codes = (problems: readonly { code: string }[]) => problems.map((p) => p.code);

const complete = {
  ...minimal,
  description_courte: 'Un exemple complet.',
  site_web: 'https://exemple.org/',
  etiquettes: ['bureautique', 'prise-de-notes'],
  plateformes: ['GNU/Linux'],
  langues: ['fr'],
};
const longBody = `${'Une phrase de dix mots pour remplir la description longue. '.repeat(10)}`.trim();

describe('checkNotice', () => {
  it('rassemble les erreurs de schéma, de nom et de Markdown, chacune avec son code', () => {
    const { problems } = checkNotice({ data: { nom: 'Exemple', licences: ['BUSL-1.1'], couleur: 'rouge' }, body: '<b>gras</b>', slug: 'autre' }, { schema });
    assert.deepEqual(codes(problems), ['licence-refusee', 'cle-inconnue', 'nom-de-fichier', 'html-brut', 'html-brut']);
    assert.ok(problems.every((p) => p.level === 'erreur'));
    assert.deepEqual(problems[2], { code: 'nom-de-fichier', level: 'erreur', field: 'nom', message: 'le fichier doit s’appeler « exemple.md » (dérivé du nom)' });
  });

  it('compte les lignes du texte depuis le haut du fichier quand on le lui dit', () => {
    const { problems } = checkNotice({ data: complete, body: 'Bien.\n[x](javascript:alert(1))', bodyLineOffset: 12 }, { schema });
    assert.equal(problems.find((p) => p.code === 'lien-refuse')?.message.startsWith('ligne 14 : '), true);
  });

  it('n’applique la barre éditoriale de l’annuaire qu’aux notices de l’annuaire', () => {
    const draft = { ...minimal, description_courte: 'Court.', site_web: 'https://exemple.org/', etiquettes: ['bureautique', 'prise-de-notes'] };
    assert.deepEqual(codes(checkNotice({ data: draft, body: 'Deux mots.' }, { schema }).problems), []);
    const inDirectory = checkNotice({ data: draft, body: 'Deux mots.' }, { schema, directory: true }).problems;
    assert.deepEqual(codes(inDirectory), ['plateformes-manquantes', 'langues-manquantes', 'texte-trop-court', 'texte-trop-peu-de-phrases']);
    assert.ok(inDirectory.every((p) => p.level === 'avertissement'));
    assert.equal(inDirectory[2]!.message, '2 mots : une notice de l’annuaire en compte au moins 100');
    assert.deepEqual(checkNotice({ data: complete, body: longBody }, { schema, directory: true }).problems, []);
  });
});

describe('index des doublons', () => {
  it('reconnaît la même adresse écrite autrement (www, .git, index.html, barre finale)', () => {
    const index = new DuplicateIndex();
    index.add('a', 'content/notices/a.md', { nom: 'Alpha', site_web: 'https://www.alpha.org/index.html', code_source: 'https://framagit.org/alpha/alpha.git' });
    const found = index.collisions('b', { nom: 'Beta', site_web: 'https://alpha.org/', code_source: 'https://framagit.org/alpha/alpha' });
    assert.deepEqual(
      found.map((c) => [c.code, c.message]),
      [
        ['doublon-site-web', 'même site web qu’une autre notice : content/notices/a.md'],
        ['doublon-code-source', 'même code source qu’une autre notice : content/notices/a.md'],
      ],
    );
    assert.deepEqual(index.collisions('a', { nom: 'Alpha' }), [], 'une notice n’est pas son propre doublon');
    assert.deepEqual(exactCollisions({ slug: 'b', data: { nom: 'ALPHA' } }, [{ slug: 'a', data: { nom: 'Alpha' } }]), [
      { field: 'nom', message: 'même nom (au slug près) qu’une autre notice : content/notices/a.md' },
    ]);
  });
});

describe('checkCatalogue', () => {
  const notice = (slug: string, data: Record<string, unknown>, body: string, directory = true): CatalogueNotice => ({
    id: `/x/${slug}.md`,
    file: `content/notices/${slug}.md`,
    slug,
    data,
    body,
    directory,
  });

  it('repère une longue phrase reprise d’une autre notice de l’annuaire', () => {
    const shared = 'Cette phrase assez longue se retrouve mot pour mot dans deux notices.';
    const a = notice('a', { nom: 'A' }, `Début. ${shared}`);
    const b = notice('b', { nom: 'B' }, `${shared} Fin.`);
    const problems = checkCatalogue({ checked: [b], all: [a, b] });
    assert.deepEqual(codes(problems), ['phrase-reprise']);
    assert.match(problems[0]!.message, /^phrase reprise de la notice « a » : « Cette phrase assez longue/);
    assert.deepEqual(checkCatalogue({ checked: [notice('b', { nom: 'B' }, shared, false)], all: [a] }), [], 'un brouillon hors de l’annuaire n’est pas concerné');
  });

  it('vérifie tout le dossier : étiquettes, mises en avant, sélections, redirections, CHATONS', () => {
    const root = path.join(temp, 'contenu');
    mkdirSync(path.join(root, 'selections'), { recursive: true });
    writeFileSync(
      path.join(root, 'selections', 'courte.md'),
      '---\ntitre: Courte\ndescription_courte: Trois notices.\nordre: 1\nnotices:\n  - a\n  - b\n  - absente\n---\n\nTrop court.\n',
    );
    writeFileSync(path.join(root, 'redirections.yaml'), '- ancien: vieux\n  nouveau: absente\n- ancien: a\n  nouveau: b\n');
    writeFileSync(
      path.join(root, 'chatons.yaml'),
      '- nom: Hébergeur\n  site_web: https://hebergeur.example.org/\n  services:\n    - logiciel: absente\n      nom: Service\n      adresse: https://service.example.org/\n',
    );
    const all = [notice('a', { nom: 'A', etiquettes: ['bureautique'] }, ''), notice('b', { nom: 'B', etiquettes: ['bureautique'] }, '')];
    const problems = checkCatalogue({ checked: all, all, scope: { vocabularies, contentRoot: root } });
    const found = new Set(codes(problems));
    for (const code of [
      'etiquette-inutilisee',
      'mises-en-avant-insuffisantes',
      'selection-notice-inconnue',
      'selection-trop-courte',
      'selection-introduction-courte',
      'selections-insuffisantes',
      'redirection-vers-inconnue',
      'redirection-masque-notice',
      'chatons-notice-inconnue',
    ]) {
      assert.ok(found.has(code), `${code} absent : ${[...found].join(', ')}`);
    }
    assert.ok(!problems.some((p) => p.field === 'bureautique'), 'bureautique est portée par deux notices');
    assert.ok(problems.every((p) => p.file && p.field && p.message && !/Invalid|Too small|Expected/.test(p.message)));
  });
});

describe('chargeurs du contenu', () => {
  it('une sélection mal formée donne tous ses problèmes, en français', () => {
    const file = path.join(temp, 'mauvaise.md');
    writeFileSync(file, '---\ndescription_courte: ""\nordre: deux\nnotices:\n  - Pas Un Slug\nauteur: moi\n---\n');
    const { selection, problems } = checkSelection(file);
    assert.equal(selection, undefined);
    const messages = problems.map((p) => `${p.field} : ${p.message}`);
    for (const expected of [
      'auteur : clé inconnue',
      'titre : champ obligatoire',
      'description_courte : ne doit pas être vide',
      'ordre : doit être un nombre entier',
      'notices : élément 1 : doit être le slug d’une notice',
      'notices : au moins trois notices',
    ]) {
      assert.ok(
        messages.some((m) => m.startsWith(expected)),
        `${expected} absent : ${messages.join(' | ')}`,
      );
    }
  });

  it('les redirections donnent toutes leurs entrées fautives', () => {
    const file = path.join(temp, 'redirections.yaml');
    writeFileSync(file, '- ancien: Majuscules\n  nouveau: ok\n- ancien: ok\n- ancien: a\n  nouveau: b\n  raison: renommé\n');
    const { problems } = checkRedirections(file);
    assert.deepEqual(
      problems.map((p) => `${p.field} : ${p.message}`),
      [
        'entrée 1 : ancien : doit être un slug (minuscules, chiffres, tirets)',
        'entrée 2 : nouveau : champ obligatoire',
        'entrée 3 : clé inconnue : raison (clés possibles : ancien, nouveau)',
      ],
    );
  });

  it('les vocabulaires donnent toutes leurs entrées fautives, sans s’arrêter à la première', () => {
    const dir = path.join(temp, 'vocabulaire');
    mkdirSync(dir);
    cpSync('content/plateformes.yaml', path.join(dir, 'plateformes.yaml'));
    writeFileSync(
      path.join(dir, 'etiquettes.yaml'),
      '- id: Bureautique\n  libelle: Bureautique\n  description: Bureau.\n- id: ok\n  libelle: ""\n  description: Bien.\n- id: navigateur-web\n  libelle: Navigateur web\n  description: Naviguer.\n- id: navigateurs-web\n  libelle: Navigateurs web\n  description: Naviguer encore.\n',
    );
    const { problems } = checkVocabularies(dir);
    assert.deepEqual(
      problems.map((p) => `${p.field} : ${p.message}`),
      [
        'entrée 1 : id : identifiant en minuscules et tirets',
        'entrée 2 : libelle : ne doit pas être vide',
        'navigateurs-web : « navigateurs-web » est trop proche de « navigateur-web »',
      ],
    );
    assert.throws(() => loadVocabularies(dir), /entrée 1 : id : identifiant en minuscules et tirets\n.*entrée 2 : libelle/s);
  });

  it('CHATONS : un hébergeur mal formé ne cache pas les problèmes des autres', () => {
    const text =
      '- nom: Sans site\n  services: []\n- nom: Bon\n  site_web: https://bon.example.org/\n  services:\n    - logiciel: absente\n      nom: Pad\n      adresse: https://pad.example.org/\n';
    const { hosts, problems } = checkChatons(text, new Set(['etherpad']));
    assert.deepEqual(hosts, []);
    assert.deepEqual(
      problems.map((p) => `${p.code} | ${p.field} | ${p.message}`),
      [
        'chatons-champ-invalide | hébergeur 1 (Sans site) : site_web | champ obligatoire',
        'chatons-champ-invalide | hébergeur 1 (Sans site) : services | au moins un service',
        'chatons-notice-inconnue | hébergeur 2 (Bon) : services : élément 1 (Pad) : logiciel | la notice « absente » n’existe pas (content/notices/absente.md)',
      ],
    );
  });
});
