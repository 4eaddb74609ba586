import assert from 'node:assert/strict';
import { it } from 'node:test';
import fc from 'fast-check';
import { micromark } from 'micromark';
import { gfm, gfmHtml } from 'micromark-extension-gfm';
import { reusableRenderer } from '../../src/notices/micromark-parser.ts';

const OPTIONS = { extensions: [gfm()], htmlExtensions: [gfmHtml()], allowDangerousHtml: true, allowDangerousProtocol: true };

// Pieces that carry state from one document to the next if the parser were not reset:
// definitions, references to them, footnotes, lazy continuation lines, lists, tables.
const piece = fc.constantFrom(
  '[a]: https://a.example\n',
  '[a]',
  '[a][]',
  '[^1]',
  '[^1]: note\n',
  '> cité\nsuite paresseuse\n',
  '- point\n  suite\n',
  '| a | b |\n| - | - |\n| 1 | 2 |\n',
  'www.exemple.org ',
  'x@exemple.org ',
  '<a href="https://h.example">h</a>',
  '\n\n',
  '*',
  '`',
  'texte ',
);

it('un analyseur réutilisé rend chaque document comme micromark le rend seul, quels que soient les précédents', () => {
  const render = reusableRenderer(OPTIONS);
  fc.assert(
    fc.property(
      fc.array(
        fc.array(piece, { maxLength: 8 }).map((parts) => parts.join('')),
        { minLength: 2, maxLength: 5 },
      ),
      (documents) => {
        for (const markdown of documents) assert.equal(render(markdown), micromark(markdown, OPTIONS), JSON.stringify(markdown));
      },
    ),
    { numRuns: 300 },
  );
});

it('une définition d’un document ne fait pas un lien dans le suivant', () => {
  const render = reusableRenderer(OPTIONS);
  render('[a]: https://a.example\n');
  assert.equal(render('[a]'), '<p>[a]</p>');
});
