/** French spacing at render: signs never start a line, code and addresses are left alone. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { frenchTypography, frenchSpacing, NARROW_NBSP as N } from '../../src/shared/typography.ts';

describe('frenchSpacing', () => {
  it('met une espace fine insécable avant ; : ! ? et dans les guillemets', () => {
    assert.equal(frenchSpacing('Vraiment ? Oui ! Voici : ceci ; cela'), `Vraiment${N}? Oui${N}! Voici${N}: ceci${N}; cela`);
    assert.equal(frenchSpacing('« Bureautique »'), `«${N}Bureautique${N}»`);
    assert.equal(frenchSpacing('«Collé»'), `«${N}Collé${N}»`);
    assert.equal(frenchSpacing('déjà\u00a0: insécable'), `déjà${N}: insécable`);
  });

  it('n’ajoute rien dans une heure, une adresse ou un texte déjà juste', () => {
    for (const text of ['à 10:30', 'https://exemple.org/?q=a', 'C:\\Programmes', 'Wow!', `Déjà${N}?`]) assert.equal(frenchSpacing(text), text);
  });
});

describe('frenchTypography', () => {
  it('ne touche qu’au texte, jamais aux balises, attributs, scripts, styles ni code', () => {
    const html =
      '<a href="https://x.org/?a=1" title="Note : ceci">Lien ?</a><script>if (a ? b : c) {}</script><style>a:hover { color: red ; }</style><code>a ? b : c</code><pre>x : y</pre><textarea>Texte : brut</textarea><!-- a : b -->';
    const out = frenchTypography(html);
    assert.equal(out, html.replace('Lien ?', `Lien${N}?`));
  });

  it('traite le texte entre deux éléments', () => {
    assert.equal(frenchTypography('<p><a href="/x">Proposer</a> ? Et « <em>ceci</em> »</p>'), `<p><a href="/x">Proposer</a>${N}? Et «${N}<em>ceci</em>${N}»</p>`);
  });
});
