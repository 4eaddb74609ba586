/** The one-element monograms of the long lists take their colours from the same palette as the SVG ones. */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { MONOGRAM_COLOURS, monogram, monogramColourIndex } from '../../src/notices/monogram.ts';

describe('monogrammes des longues listes', () => {
  it('long-lists.css donne à chaque classe la couleur de la palette, dans le même ordre', () => {
    const css = readFileSync('src/styles/long-lists.css', 'utf8');
    MONOGRAM_COLOURS.forEach((colour, index) => {
      assert.match(css, new RegExp(`\\.monogramme--${index} \\{\\s*background: ${colour};`), `couleur ${index}`);
    });
    assert.doesNotMatch(css, new RegExp(`\\.monogramme--${MONOGRAM_COLOURS.length} `));
  });

  it('la classe d’une notice est celle de la couleur de son monogramme SVG', () => {
    for (const nom of ['Firefox', 'GIMP', 'LibreOffice Writer', 'Zim']) {
      assert.equal(MONOGRAM_COLOURS[monogramColourIndex(monogram(nom).colour)], monogram(nom).colour);
    }
  });
});
