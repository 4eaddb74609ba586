import assert from 'node:assert/strict';
import { it } from 'node:test';
import { comparedNotice, comparisonHtml, licenceInPlainWords } from '../../src/choosing/comparison.ts';
import { compareUrl, slugsToCompare } from '../../src/choosing/compare-url.ts';

it('dit la licence en clair : ce qu’elle demande à qui partage une version modifiée', () => {
  assert.equal(licenceInPlainWords(['AGPL-3.0-only']), 'Libre ; ses versions modifiées restent libres, même proposées en ligne (AGPL)');
  assert.equal(licenceInPlainWords(['GPL-2.0-or-later']), 'Libre ; ses versions modifiées restent libres (GPL)');
  assert.equal(licenceInPlainWords(['MPL-2.0']), 'Libre ; ses fichiers modifiés restent libres (MPL)');
  assert.equal(licenceInPlainWords(['MIT OR Apache-2.0']), 'Libre et permissive : réutilisable même dans un logiciel fermé (MIT, Apache)');
  assert.equal(licenceInPlainWords(['GPL-2.0-only WITH Classpath-exception-2.0']), 'Libre ; ses versions modifiées restent libres (GPL)');
  assert.equal(licenceInPlainWords(['MIT', 'GPL-3.0-only']), 'Libre (MIT, GPL)');
});

it('aligne les mêmes lignes pour chaque logiciel et n’invente rien', () => {
  const signal = comparedNotice(
    {
      slug: 'signal',
      nom: 'Signal',
      url: '/notices/signal.html',
      plateformes: ['Android', 'iOS'],
      langues: ['fr'],
      compte: 'Oui, lié à un numéro de téléphone',
      licences: ['AGPL-3.0-only'],
      mis_en_avant: true,
    },
    [],
  );
  const pad = comparedNotice({ slug: 'etherpad', nom: 'Etherpad <b>', url: '/notices/etherpad.html', plateformes: ['Web', 'Serveur'], licences: ['Apache-2.0'] }, [
    { nom: 'Framapad', adresse: 'https://framapad.org/', hebergeur: 'Framasoft' },
  ]);
  const html = comparisonHtml([signal, pad]);
  const rows = (card: string) => [...card.matchAll(/<dt>([^<]+)<\/dt>/g)].map((m) => m[1]);
  const [first, second] = html.split('<li class="comparaison__notice').slice(1);
  assert.deepEqual(rows(first!), rows(second!));
  assert.deepEqual(rows(first!), [
    'Ce qu’il faut',
    'Fonctionne sur',
    'Interface en français',
    'Compte nécessaire',
    'Chez un CHATON, sans rien installer',
    'Licence',
    'Utilisé chez Framasoft',
  ]);
  assert.match(first!, /Compte nécessaire<\/dt><dd>Oui, lié à un numéro de téléphone/);
  // Etherpad lists no language: said so, not guessed.
  assert.match(second!, /Interface en français<\/dt><dd><span class="compte">Non renseigné<\/span>/);
  assert.match(second!, /Rien à installer, chez Framasoft/);
  assert.match(second!, /<a href="https:\/\/framapad.org\/" rel="noopener">Framapad<\/a>, chez Framasoft/);
  assert.match(html, /Etherpad &lt;b&gt;/);
  // No notice lists its languages: the row is left out.
  assert.ok(!comparisonHtml([pad]).includes('Interface en français'));
});

it('garde la comparaison dans une adresse qui se partage', () => {
  assert.equal(compareUrl(['signal', 'element']), '/comparer/?notices=signal%2Celement');
  assert.deepEqual(slugsToCompare(new URLSearchParams('notices=signal,element,signal,../x,jami,briar,dino')), ['signal', 'element', 'jami', 'briar']);
});
