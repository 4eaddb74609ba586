import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { minimal, problemsOf } from '../support/notices.ts';

/** Asserts exactly one problem, on `field`, whose message matches `pattern`. */
function expectProblem(data: Record<string, unknown>, field: string, pattern: RegExp) {
  const problems = problemsOf(data);
  assert.ok(problems.length > 0, `aucun problème signalé pour ${JSON.stringify(data)}`);
  const match = problems.find((p) => p.field === field && pattern.test(p.message));
  assert.ok(match, `attendu « ${field} : ${pattern} », obtenu ${JSON.stringify(problems)}`);
}

describe('schéma des notices', () => {
  it('accepte une notice réduite à nom et licences', () => {
    assert.deepEqual(problemsOf(minimal), []);
  });

  it('accepte une notice complète', () => {
    assert.deepEqual(
      problemsOf({
        ...minimal,
        autres_noms: ['Ancien nom'],
        description_courte: 'Une phrase.',
        site_web: 'https://exemple.org/',
        code_source: 'https://framagit.org/a/b',
        logo: 'exemple.svg',
        plateformes: ['GNU/Linux', 'Android'],
        langues: ['fr', 'pt-BR'],
        etiquettes: ['bureautique', 'tableur'],
        alternative_a: ['Microsoft Excel'],
        createurices: ['Camille'],
        mis_en_avant: true,
        lien_wikipedia: 'https://fr.wikipedia.org/wiki/LibreOffice',
        identifiant_wikidata: 'Q10135',
        date_creation: '2024-02-29',
        date_modification: '2026-11-21',
      }),
      [],
    );
  });

  it('exige nom et licences', () => {
    expectProblem({ licences: ['MIT'] }, 'nom', /champ obligatoire/);
    expectProblem({ nom: 'X' }, 'licences', /champ obligatoire/);
    expectProblem({ nom: '   ', licences: ['MIT'] }, 'nom', /ne doit pas être vide/);
    expectProblem({ nom: 'X', licences: [] }, 'licences', /au moins une licence/);
  });

  it('refuse les clés inconnues en les nommant', () => {
    expectProblem({ ...minimal, couleur: 'rouge' }, 'couleur', /clé inconnue : « couleur »/);
    // `slug` would silently become the id in an Astro glob() collection
    expectProblem({ ...minimal, slug: 'autre' }, 'slug', /clé inconnue/);
  });

  it('limite description_courte à 200 caractères', () => {
    assert.deepEqual(problemsOf({ ...minimal, description_courte: 'a'.repeat(200) }), []);
    expectProblem({ ...minimal, description_courte: 'a'.repeat(201) }, 'description_courte', /200 caractères au plus/);
  });

  it('refuse les licences non libres, inconnues ou ambiguës, avec une suggestion', () => {
    expectProblem({ ...minimal, licences: ['BUSL-1.1'] }, 'licences', /n’est pas une licence libre/);
    expectProblem({ ...minimal, licences: ['CC-BY-NC-4.0'] }, 'licences', /n’est pas une licence libre/);
    expectProblem({ ...minimal, licences: ['GPLv3'] }, 'licences', /vouliez-vous dire « GPL-3.0-or-later »/);
    expectProblem({ ...minimal, licences: ['Apache 2'] }, 'licences', /vouliez-vous dire « Apache-2.0 »/);
    expectProblem({ ...minimal, licences: ['GPL-2.0'] }, 'licences', /ambigu.*GPL-2.0-only/);
    expectProblem({ ...minimal, licences: ['MIT', 'MIT'] }, 'licences', /doublon/);
  });

  it('accepte les expressions SPDX libres, y compris FSF seule et exceptions', () => {
    for (const licence of ['MIT OR Apache-2.0', 'GPL-2.0-or-later WITH Classpath-exception-2.0', 'CECILL-B', 'WTFPL', 'BUSL-1.1 OR MIT']) {
      assert.deepEqual(problemsOf({ ...minimal, licences: [licence] }), [], licence);
    }
    expectProblem({ ...minimal, licences: ['MIT AND BUSL-1.1'] }, 'licences', /BUSL-1.1/);
  });

  it('n’accepte que des adresses https, jamais javascript:', () => {
    for (const url of ['javascript:alert(1)', 'http://exemple.org', 'exemple.org', 'https://localhost', 'data:text/html,x', 'https://user:pw@exemple.org/']) {
      expectProblem({ ...minimal, site_web: url }, 'site_web', /https:\/\//);
      expectProblem({ ...minimal, code_source: url }, 'code_source', /https:\/\//);
    }
    expectProblem({ ...minimal, lien_wikipedia: 'https://exemple.org/wiki/X' }, 'lien_wikipedia', /Wikipédia/);
  });

  it('vérifie plateformes et étiquettes contre leurs vocabulaires', () => {
    expectProblem({ ...minimal, plateformes: ['Linux'] }, 'plateformes', /« Linux » n’est pas une plateforme connue.*GNU\/Linux/);
    expectProblem({ ...minimal, etiquettes: ['navigateurs'] }, 'etiquettes', /« navigateurs » n’est pas dans le vocabulaire/);
  });

  it('vérifie langues, logo, Wikidata, booléen et dates', () => {
    expectProblem({ ...minimal, langues: ['français'] }, 'langues', /code de langue/);
    expectProblem({ ...minimal, logo: '../../etc/passwd.png' }, 'logo', /sans dossier/);
    expectProblem({ ...minimal, logo: 'logo.gif' }, 'logo', /png, jpg, jpeg, webp, svg/);
    expectProblem({ ...minimal, identifiant_wikidata: '698' }, 'identifiant_wikidata', /Q698/);
    expectProblem({ ...minimal, mis_en_avant: 'oui' }, 'mis_en_avant', /true ou false/);
    expectProblem({ ...minimal, date_creation: '2024-02-30' }, 'date_creation', /n’est pas une date qui existe/);
    expectProblem({ ...minimal, date_modification: '21/11/2026' }, 'date_modification', /AAAA-MM-JJ/);
  });

  it('numérote l’élément fautif d’une liste', () => {
    expectProblem({ ...minimal, plateformes: ['Windows', 'Amiga'] }, 'plateformes', /^élément 2 : /);
  });
});
