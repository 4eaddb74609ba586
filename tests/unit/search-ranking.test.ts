import assert from 'node:assert/strict';
import { it } from 'node:test';
import { nameMatchStrength, queryVariants, rerank } from '../../src/search/ranking.ts';
import { emptyState, pagefindFilters, paramsFromState, stateFromParams } from '../../src/search/state.ts';
import { searchNames } from '../../src/search/names.ts';

const notice = (nom: string, autresNoms: string[] = [], alternatives: string[] = []) => ({ nom, autresNoms, alternatives });

it('remonte le nom exact, puis le début de nom, puis les autres noms et les alternatives', () => {
  const pages = [notice('Orca', [], ['JAWS']), notice('LibreWolf', [], ['Google Chrome']), notice('Firefox'), notice('Luanti', ['Minetest'], ['Minecraft'])];
  assert.deepEqual(rerank('fir', pages, (p) => p).map((p) => p.nom)[0], 'Firefox');
  assert.deepEqual(rerank('minetest', pages, (p) => p).map((p) => p.nom)[0], 'Luanti');
  assert.deepEqual(rerank('minecraft', pages, (p) => p).map((p) => p.nom)[0], 'Luanti');
  assert.deepEqual(rerank('texte sans nom', pages, (p) => p).map((p) => p.nom), ['Orca', 'LibreWolf', 'Firefox', 'Luanti']);
});

it('départage par étiquette, puis par la mise en avant, sans jamais passer devant un nom', () => {
  const abiword = { ...notice('AbiWord'), etiquettes: ['Traitement de texte'] };
  const libreoffice = { ...notice('LibreOffice'), etiquettes: ['Traitement de texte'], vedette: true };
  const texte = { ...notice('Texte Libre'), etiquettes: [] };
  assert.deepEqual(rerank('traitement de texte', [abiword, libreoffice], (p) => p).map((p) => p.nom), ['LibreOffice', 'AbiWord']);
  assert.deepEqual(rerank('texte', [libreoffice, texte], (p) => p).map((p) => p.nom), ['Texte Libre', 'LibreOffice']);
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

it('indexe les noms coupés et collés', () => {
  assert.deepEqual(searchNames({ nom: 'LibreOffice' }), ['LibreOffice', 'Libre Office']);
  assert.ok(searchNames({ nom: 'Jitsi Meet' }).includes('JitsiMeet'));
  assert.ok(searchNames({ nom: 'Luanti', autres_noms: ['Minetest'] }).includes('Minetest'));
});

it('garde la recherche et les filtres dans l’adresse', () => {
  const state = emptyState();
  state.q = 'montage vidéo';
  state.filters.plateforme = ['GNU/Linux', 'Windows'];
  state.filters.licence = ['GPL-3.0-or-later'];
  const params = paramsFromState(state);
  assert.equal(params.toString(), 'q=montage+vid%C3%A9o&licence=GPL-3.0-or-later&plateforme=GNU%2FLinux&plateforme=Windows');
  assert.deepEqual(stateFromParams(params), state);
  assert.deepEqual(pagefindFilters(state), { licence: { any: ['GPL-3.0-or-later'] }, plateforme: { any: ['GNU/Linux', 'Windows'] } });
});
