import assert from 'node:assert/strict';
import { it } from 'node:test';
import { checkNeeds, loadNeedWords, validateNeeds } from '../../src/notices/needs.ts';
import { loadVocabularies } from '../../src/notices/vocabulary.ts';

const etiquettes = [
  { id: 'prise-de-notes', libelle: 'Prise de notes', description: 'Noter.' },
  { id: 'sondage', libelle: 'Sondages et formulaires', description: 'Sonder.' },
  { id: 'nouvelle', libelle: 'Nouvelle', description: 'Ajoutée sans mots.' },
];

it('lit les mots des besoins, et accepte une étiquette sans mots', () => {
  const text = 'prise-de-notes:\n  - bloc-notes\n  - pense-bête\nsondage:\n';
  const { words, problems } = checkNeeds(text, etiquettes, 'content/besoins.yaml');
  assert.deepEqual(problems, []);
  assert.deepEqual(words.get('prise-de-notes'), ['bloc-notes', 'pense-bête']);
});

it('refuse une étiquette inconnue et un mot qui ne mène à rien, en nommant le fichier et la ligne', () => {
  const text = ['prise-de-notes:', '  - bloc-notes', '  - de la', 'questionaire:', '  - formulaire', 'sondage:', '  - sondage', '  - sondages'].join('\n');
  const { problems } = checkNeeds(text, etiquettes, 'content/besoins.yaml');
  const byCode = new Map(problems.map((p) => [p.code, p]));
  assert.equal(byCode.get('besoins-mot-vide')?.field, 'ligne 3 (prise-de-notes)');
  assert.equal(byCode.get('besoins-etiquette-inconnue')?.field, 'ligne 4 (questionaire)');
  assert.match(byCode.get('besoins-etiquette-inconnue')!.message, /l’étiquette « questionaire » n’existe pas/);
  assert.equal(byCode.get('besoins-mot-double')?.field, 'ligne 8 (sondage)');
  assert.equal(byCode.get('besoins-mot-double')?.level, 'avertissement');
  assert.ok(problems.every((p) => p.file === 'content/besoins.yaml'));
  assert.deepEqual(
    checkNeeds('- une liste', etiquettes, 'f').problems.map((p) => p.code),
    ['besoins-illisible'],
  );
});

it('le fichier de l’annuaire est valide et donne des mots à chaque étiquette qui en a', () => {
  const vocabularies = loadVocabularies();
  assert.deepEqual(
    validateNeeds(vocabularies.etiquettes).filter((p) => p.level === 'erreur'),
    [],
  );
  const needs = loadNeedWords(vocabularies.etiquettes);
  assert.equal(Object.keys(needs).length, vocabularies.etiquettes.length);
  assert.ok(needs['Sondages et formulaires']!.includes('questionnaire'));
});
