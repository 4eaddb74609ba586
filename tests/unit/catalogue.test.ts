/** How the pages order and relate notices: recommended first, « Logiciels proches », usages. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { featuredFirst, groupProductsByEtiquette, proprietaryProducts, relatedNotices, type CatalogueNotice } from '../../src/notices/catalogue.ts';
import { slugify } from '../../src/notices/slug.ts';

const notice = (nom: string, data: Partial<CatalogueNotice['data']> = {}): CatalogueNotice => ({ slug: slugify(nom), data: { nom, licences: ['MIT'], ...data } });

describe('featuredFirst', () => {
  it('met les notices conseillées en tête, puis les autres de A à Z', () => {
    const list = [notice('AbiWord'), notice('Calligra'), notice('LibreOffice', { mis_en_avant: true }), notice('Gnumeric'), notice('écrivain', { mis_en_avant: true })];
    assert.deepEqual(
      featuredFirst(list).map((n) => n.data.nom),
      ['écrivain', 'LibreOffice', 'AbiWord', 'Calligra', 'Gnumeric'],
    );
  });
});

describe('relatedNotices', () => {
  const firefox = notice('Firefox', { etiquettes: ['navigateur-web', 'vie-privee'], alternative_a: ['Google Chrome'] });
  const all = [
    firefox,
    notice('LibreWolf', { etiquettes: ['navigateur-web', 'vie-privee'], alternative_a: ['Google Chrome'] }),
    notice('Tor Browser', { etiquettes: ['navigateur-web', 'vie-privee'] }),
    notice('uBlock Origin', { etiquettes: ['vie-privee'], mis_en_avant: true }),
    notice('Privacy Badger', { etiquettes: ['vie-privee'] }),
    notice('Chromium libre', { alternative_a: ['google chrome'] }),
    notice('GIMP', { etiquettes: ['retouche-photo'] }),
  ];

  it('classe par alternative commune, puis par étiquettes communes, sans la notice elle-même', () => {
    const names = relatedNotices(firefox, all, slugify).map((n) => n.data.nom);
    assert.deepEqual(names, ['LibreWolf', 'Chromium libre', 'Tor Browser', 'uBlock Origin', 'Privacy Badger']);
  });

  it('laisse de côté ce qui ne partage rien, et s’arrête à la limite', () => {
    assert.ok(!relatedNotices(firefox, all, slugify).some((n) => n.data.nom === 'GIMP'));
    assert.equal(relatedNotices(firefox, all, slugify, 2).length, 2);
    assert.deepEqual(relatedNotices(notice('Seul', { etiquettes: ['jeu'] }), all, slugify), []);
  });
});

describe('groupProductsByEtiquette', () => {
  it('range chaque produit sous l’étiquette que partagent le plus ses remplaçants', () => {
    const notices = [
      notice('GIMP', { etiquettes: ['retouche-photo', 'dessin'], alternative_a: ['Adobe Photoshop'] }),
      notice('Krita', { etiquettes: ['dessin'], alternative_a: ['Adobe Photoshop', 'Clip Studio Paint'] }),
      notice('LibreOffice', { etiquettes: ['bureautique'], alternative_a: ['Microsoft Word'] }),
      notice('Sans étiquette', { alternative_a: ['Truc'] }),
    ];
    const groups = groupProductsByEtiquette(proprietaryProducts(notices, slugify), ['bureautique', 'retouche-photo', 'dessin']);
    assert.deepEqual(
      groups.map((g) => [g.etiquette, g.products.map((p) => p.nom)]),
      [
        ['bureautique', ['Microsoft Word']],
        ['dessin', ['Adobe Photoshop', 'Clip Studio Paint']],
        [undefined, ['Truc']],
      ],
    );
  });

  it('préfère l’étiquette précise à l’étiquette générale', () => {
    const notices = [
      notice('Organic Maps', { etiquettes: ['vie-privee', 'cartographie'], alternative_a: ['Google Maps'] }),
      notice('OsmAnd', { etiquettes: ['cartographie', 'vie-privee'], alternative_a: ['Google Maps'] }),
      notice('Signal', { etiquettes: ['vie-privee', 'messagerie-instantanee'], alternative_a: ['WhatsApp'] }),
      notice('uBlock Origin', { etiquettes: ['vie-privee'], alternative_a: ['AdBlock Plus'] }),
    ];
    const groups = groupProductsByEtiquette(proprietaryProducts(notices, slugify), ['vie-privee', 'messagerie-instantanee', 'cartographie']);
    assert.deepEqual(
      groups.map((g) => [g.etiquette, g.products.map((p) => p.nom)]),
      [
        ['vie-privee', ['AdBlock Plus']],
        ['messagerie-instantanee', ['WhatsApp']],
        ['cartographie', ['Google Maps']],
      ],
    );
  });
});
