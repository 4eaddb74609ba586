import assert from 'node:assert/strict';
import { it } from 'node:test';
import { searchNames } from '../../src/search/names.ts';
import { analyseQuery, correctionTerms, correctQuery, editDistance, nameMatchStrength, queryVariants, rank, rerank } from '../../src/search/ranking.ts';
import { licenceFamily, plainLicence } from '../../src/search/records.ts';
import { emptyState, pagefindFilters, paramsFromState, stateFromParams } from '../../src/search/state.ts';

const notice = (nom: string, autresNoms: string[] = [], alternatives: string[] = []) => ({ nom, autresNoms, alternatives });

it('remonte le nom exact, puis le début de nom, puis les autres noms et les alternatives', () => {
  const pages = [notice('Orca', [], ['JAWS']), notice('LibreWolf', [], ['Google Chrome']), notice('Firefox'), notice('Luanti', ['Minetest'], ['Minecraft'])];
  assert.deepEqual(rerank('fir', pages, (p) => p).map((p) => p.nom)[0], 'Firefox');
  assert.deepEqual(rerank('minetest', pages, (p) => p).map((p) => p.nom)[0], 'Luanti');
  assert.deepEqual(rerank('minecraft', pages, (p) => p).map((p) => p.nom)[0], 'Luanti');
  assert.deepEqual(
    rerank('texte sans nom', pages, (p) => p).map((p) => p.nom),
    ['Orca', 'LibreWolf', 'Firefox', 'Luanti'],
  );
});

it('départage par étiquette, puis par la mise en avant, sans jamais passer devant un nom', () => {
  const abiword = { ...notice('AbiWord'), etiquettes: ['Traitement de texte'] };
  const libreoffice = { ...notice('LibreOffice'), etiquettes: ['Traitement de texte'], vedette: true };
  const texte = { ...notice('Texte Libre'), etiquettes: [] };
  assert.deepEqual(
    rerank('traitement de texte', [abiword, libreoffice], (p) => p).map((p) => p.nom),
    ['LibreOffice', 'AbiWord'],
  );
  assert.deepEqual(
    rerank('texte', [libreoffice, texte], (p) => p).map((p) => p.nom),
    ['Texte Libre', 'LibreOffice'],
  );
});

it('ignore accents, casse et espaces dans les noms', () => {
  assert.equal(nameMatchStrength('libre office', notice('LibreOffice')), 100);
  assert.equal(nameMatchStrength('deja dup', notice('Déjà Dup')), 100);
  assert.ok(nameMatchStrength('emmabuntus', notice('Emmabuntüs')) >= 80);
  assert.equal(nameMatchStrength('zotero', notice('Firefox')), 0);
});

it('ôte les mots autour d’un nom de produit et propose la forme collée', () => {
  assert.deepEqual(queryVariants('  alternative à   Photoshop '), ['Photoshop']);
  assert.deepEqual(queryVariants('remplacer Microsoft Word'), ['Microsoft Word', 'MicrosoftWord']);
  assert.deepEqual(queryVariants('libre office'), ['libre office', 'libreoffice']);
  assert.deepEqual(queryVariants('logiciel libre pour remplacer WhatsApp'), ['WhatsApp']);
  assert.deepEqual(queryVariants('   '), []);
});

it('garde les mots qui portent le besoin, et reconnaît le besoin avec les mots de la modération', () => {
  const needs = { 'Vie privée': ['pisté', 'publicité'], 'Navigateur web': ['surfer'], 'Bureau à distance': ['à distance'], Visioconférence: ['réunion à distance'] };
  const analysis = analyseQuery('surfer sans être pisté', needs);
  assert.deepEqual(
    analysis.words.map((w) => w.word),
    ['surfer', 'piste'],
  );
  assert.ok(analysis.words[1]!.synonyms.some((s) => s.join(' ') === 'vie privee'));
  assert.deepEqual(analysis.needs.sort(), ['navigateur web', 'vie privee']);
  // The longer phrase wins: a meeting at a distance is not a remote desktop.
  assert.deepEqual(analyseQuery('organiser une réunion à distance', needs).needs, ['visioconference']);
  // Without need words, the label typed whole still counts.
  assert.deepEqual(analyseQuery('vie privée', {}).needs, []);
  assert.deepEqual(analyseQuery('vie privée', { 'Vie privée': [] }).needs, ['vie privee']);
});

it('remonte toutes les notices de l’étiquette qui répond au besoin, celles qui le disent en premier', () => {
  const needs = { 'Sondages et formulaires': ['questionnaire'] };
  const pages = [
    { ...notice('Framadate'), etiquettes: ['Sondages et formulaires'], description: 'Trouver une date commune' },
    { ...notice('LimeSurvey'), etiquettes: ['Sondages et formulaires'], description: 'Créer des questionnaires en ligne' },
    { ...notice('Ark'), etiquettes: ['Outils système'], description: 'Archives', text: 'créer une archive' },
  ];
  const names = rank('créer un questionnaire', pages, (p) => p, needs).map((r) => r.item.nom);
  assert.deepEqual(names, ['LimeSurvey', 'Framadate']);
  // Without the words of the need, the étiquette's notices that do not say it are missed.
  assert.deepEqual(
    rank('créer un questionnaire', pages, (p) => p).map((r) => r.item.nom),
    ['LimeSurvey'],
  );
});

it('écarte les notices qui ne font qu’effleurer la requête (seuil de pertinence)', () => {
  const kdenlive = { ...notice('Kdenlive'), etiquettes: ['Montage vidéo', 'Vidéo'], description: 'Logiciel de montage vidéo' };
  const kicad = { ...notice('KiCad'), etiquettes: ['Conception technique'], description: 'Conception de circuits électroniques', text: 'le montage des composants' };
  const names = rank('montage vidéo', [kicad, kdenlive], (p) => p).map((r) => r.item.nom);
  assert.deepEqual(names, ['Kdenlive']);
  // A name always stays, even when its text says nothing else.
  assert.deepEqual(
    rank('kicad', [kicad, kdenlive], (p) => p).map((r) => r.item.nom),
    ['KiCad'],
  );
});

it('mesure les fautes de frappe, inversions comprises', () => {
  assert.equal(editDistance('firefxo', 'firefox'), 1);
  assert.equal(editDistance('thundrbird', 'thunderbird'), 1);
  assert.equal(editDistance('nexcloud', 'nextcloud'), 1);
  assert.equal(editDistance('abc', 'xyzuvw', 2), 3);
});

it('corrige la requête avec le vocabulaire de l’annuaire', () => {
  const terms = correctionTerms([
    { nom: 'Firefox', autresNoms: [], alternatives: ['Google Chrome'], etiquettes: ['Navigateur web'] },
    { nom: 'LibreOffice', autresNoms: [], alternatives: ['Microsoft Word'], etiquettes: ['Traitement de texte'] },
    { nom: 'GIMP', autresNoms: [], alternatives: ['Adobe Photoshop'], etiquettes: ['Montage vidéo'] },
  ]);
  assert.equal(correctQuery('firefxo', terms), 'Firefox');
  assert.equal(correctQuery('libreofis', terms), 'LibreOffice');
  assert.equal(correctQuery('photshop', terms), 'Photoshop');
  assert.equal(correctQuery('montage vido', terms), 'Montage vidéo');
  assert.equal(correctQuery('firefox', terms), undefined, 'rien à corriger');
  assert.equal(correctQuery('gmi', terms), undefined, 'trop court pour deviner');
  assert.equal(correctQuery('zzxqw', terms), undefined);
});

it('dit la licence en clair', () => {
  assert.equal(licenceFamily('GPL-3.0-or-later'), 'GPL');
  assert.equal(licenceFamily('BSD-3-Clause'), 'BSD');
  assert.equal(licenceFamily('CECILL-2.1'), 'CeCILL');
  assert.equal(plainLicence(['GPL-2.0-or-later']), 'Libre (GPL)');
  assert.equal(plainLicence(['MPL-2.0 OR Apache-2.0']), 'Libre (MPL, Apache)');
  assert.equal(plainLicence(['GPL-2.0-only WITH Classpath-exception-2.0']), 'Libre (GPL)');
});

it('indexe les noms coupés et collés', () => {
  assert.deepEqual(searchNames({ nom: 'LibreOffice' }), ['LibreOffice', 'Libre Office']);
  assert.ok(searchNames({ nom: 'Jitsi Meet' }).includes('JitsiMeet'));
  assert.ok(searchNames({ nom: 'Luanti', autres_noms: ['Minetest'] }).includes('Minetest'));
});

it('garde la recherche et les filtres dans l’adresse', () => {
  const state = emptyState();
  state.q = 'montage vidéo';
  state.filters.plateforme = ['GNU/Linux', 'Windows'];
  state.filters.licence = ['Licence MIT'];
  const params = paramsFromState(state);
  assert.equal(params.toString(), 'q=montage+vid%C3%A9o&plateforme=GNU%2FLinux&plateforme=Windows&licence=Licence+MIT');
  assert.deepEqual(stateFromParams(params), state);
  assert.deepEqual(pagefindFilters(state), { plateforme: { all: ['GNU/Linux', 'Windows'] }, licence: { all: ['Licence MIT'] } });
});
