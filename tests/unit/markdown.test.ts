import assert from 'node:assert/strict';
import { it } from 'node:test';
import fc from 'fast-check';
import { findUnsafeMarkdown, renderNoticeBody } from '../../src/notices/markdown.ts';

const hostile = [
  '<script>alert(1)</script>',
  '<img src=x onerror=alert(1)>',
  '[clic](javascript:alert(1))',
  '[clic](JaVaScRiPt:alert(1))',
  '<javascript:alert(1)>',
  '[a][r]\n\n[r]: data:text/html;base64,PHNjcmlwdD4=',
  '![pisteur](https://pisteur.example/pixel.gif)',
  '<iframe src="https://exemple.org"></iframe>',
  '<a href="https://x.org" onclick="alert(1)">x</a>',
];

it('ne laisse passer ni HTML brut, ni lien non http(s), ni image', () => {
  for (const markdown of hostile) {
    const html = renderNoticeBody(markdown);
    // Escaped text (&lt;img …&gt;) is harmless; what matters is that no tag or address is active.
    assert.doesNotMatch(html, /<(script|img|iframe)\b|<[a-z][^>]*\son[a-z]+=|(href|src)="(?!https?:)/i, `${markdown} → ${html}`);
  }
});

it('signale chaque construction neutralisée avec sa ligne', () => {
  for (const markdown of hostile) assert.ok(findUnsafeMarkdown(markdown).length > 0, markdown);
  const problems = findUnsafeMarkdown('Premier paragraphe.\n\nSecond <b>gras</b>.');
  assert.equal(problems[0]?.line, 3);
  assert.match(problems[0]?.message ?? '', /HTML brut interdit/);
  assert.deepEqual(findUnsafeMarkdown('Du **gras**, une [adresse](https://exemple.org/) et `<code>`.'), []);
});

it('rend le Markdown courant et marque les liens externes', () => {
  const html = renderNoticeBody('## Titre\n\n- un\n- **deux**\n\n[lien](https://exemple.org/)');
  assert.match(html, /<h3>Titre<\/h3>/);
  assert.match(html, /<li><strong>deux<\/strong><\/li>/);
  assert.match(html, /<a href="https:\/\/exemple.org\/" rel="nofollow noopener ugc">lien<\/a>/);
});

it('aucun texte, même hostile, ne produit de balise active', () => {
  const pieces = fc.constantFrom('<', '>', 'script', 'img', ' src=x', ' onerror=', 'javascript:', '[', ']', '(', ')', '"', "'", '\n', 'a', '!', '&', 'on', '=');
  fc.assert(
    fc.property(
      fc.array(pieces, { maxLength: 40 }).map((parts) => parts.join('')),
      (markdown) => {
        const html = renderNoticeBody(markdown);
        assert.doesNotMatch(html, /<(script|img|iframe|svg|object)\b/i);
        assert.doesNotMatch(html, /<[a-z][^>]*\son[a-z]+=/i);
        assert.doesNotMatch(html, /href="(?!https?:)/i);
      },
    ),
    { numRuns: 500 },
  );
});
