import assert from 'node:assert/strict';
import { it } from 'node:test';
import fc from 'fast-check';
import { checkLicence, describeLicence, frenchLicenceName, licenceIds } from '../../src/notices/licences.ts';

it('donne les noms français des licences courantes', () => {
  assert.equal(frenchLicenceName('GPL-3.0-or-later'), 'Licence publique générale GNU, version 3 ou ultérieure');
  assert.equal(frenchLicenceName('MPL-2.0'), 'Licence publique Mozilla, version 2.0');
  assert.equal(frenchLicenceName('EUPL-1.2'), 'Licence publique de l’Union européenne, version 1.2');
  // Without a French name, the official SPDX name rather than a bare id.
  assert.equal(frenchLicenceName('NCSA'), 'University of Illinois/NCSA Open Source License');
});

it('décrit une expression en français, avec un lien par licence', () => {
  const parts = describeLicence('MPL-2.0 OR Apache-2.0');
  assert.equal(parts.map((p) => p.text).join(''), 'Licence publique Mozilla, version 2.0 ou Licence Apache, version 2.0');
  assert.deepEqual(
    parts.filter((p) => p.url).map((p) => p.url),
    ['https://spdx.org/licenses/MPL-2.0.html', 'https://spdx.org/licenses/Apache-2.0.html'],
  );
  assert.match(
    describeLicence('GPL-2.0-or-later WITH Classpath-exception-2.0')
      .map((p) => p.text)
      .join(''),
    /avec l’exception Classpath/,
  );
});

it('liste les identifiants d’une expression', () => {
  assert.deepEqual(licenceIds('(MIT OR Apache-2.0) AND BSD-3-Clause'), ['MIT', 'Apache-2.0', 'BSD-3-Clause']);
  assert.deepEqual(licenceIds('pas une licence'), []);
});

it('répond en français à n’importe quel texte au lieu de planter', () => {
  for (const input of ['+', '', '   ', '(', 'MIT OR', 'WITH', 'AND MIT']) {
    const result = checkLicence(input);
    assert.equal(result.ok, false, input);
    assert.match(result.message ?? '', /licence|SPDX/, input);
  }
  fc.assert(
    fc.property(fc.string({ maxLength: 30 }), (input) => typeof checkLicence(input).ok === 'boolean'),
    { numRuns: 2000 },
  );
});

it('dit la licence en mots simples pour le haut de la notice', async () => {
  const { plainLicence, licenceFamily } = await import('../../src/notices/licences.ts');
  assert.equal(plainLicence(['GPL-3.0-or-later']), 'Libre (GPL)');
  assert.equal(plainLicence(['MPL-2.0']), 'Libre (MPL)');
  assert.equal(plainLicence(['GPL-2.0-or-later', 'MIT']), 'Libre (GPL, MIT)');
  assert.equal(plainLicence(['LGPL-2.1-only OR MPL-1.1']), 'Libre (LGPL, MPL)');
  assert.equal(plainLicence(['AGPL-3.0-only', 'AGPL-3.0-or-later']), 'Libre (AGPL)');
  assert.equal(licenceFamily('CC0-1.0'), 'domaine public');
  assert.equal(licenceFamily('NCSA'), 'NCSA');
});
