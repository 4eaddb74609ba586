import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { it } from 'node:test';
import fc from 'fast-check';
import { parseNoticeFile, writeNoticeFile, NoticeSyntaxError } from '../../src/notices/notice-file.ts';
import { NOTICE_KEYS } from '../../src/notices/schema.ts';
import { listNoticeFiles } from '../../src/notices/repository.ts';

it('relit puis réécrit chaque notice du dépôt sans changer un octet', () => {
  const files = listNoticeFiles();
  assert.ok(files.length > 0);
  for (const file of files) {
    const text = readFileSync(file, 'utf8');
    const { data, body } = parseNoticeFile(text);
    assert.equal(writeNoticeFile(data, body), text, `${file} n’est pas en forme canonique (npm run validate -- --fix)`);
  }
});

it('garde les dates comme du texte, quelle que soit leur forme', () => {
  const { data } = parseNoticeFile('---\nnom: X\ndate_creation: 2024-05-01\n---\n');
  assert.equal(data.date_creation, '2024-05-01');
});

it('range les clés dans l’ordre documenté et supprime les champs vides', () => {
  const text = writeNoticeFile({ licences: ['MIT'], etiquettes: [], nom: 'X', description_courte: '  ', site_web: 'https://x.org/' }, 'Corps');
  assert.equal(text, '---\nnom: X\nlicences:\n  - MIT\nsite_web: https://x.org/\n---\n\nCorps\n');
});

it('un aller-retour est stable pour n’importe quelles valeurs de texte', () => {
  const value = fc.string({ maxLength: 80 });
  fc.assert(
    fc.property(fc.record({ nom: value, description_courte: value, alternative_a: fc.array(value, { maxLength: 4 }) }), value, (data, body) => {
      const once = writeNoticeFile(data, body);
      const reread = parseNoticeFile(once);
      assert.equal(writeNoticeFile(reread.data, reread.body), once);
      for (const key of Object.keys(reread.data)) assert.ok((NOTICE_KEYS as readonly string[]).includes(key));
    }),
    { numRuns: 300 },
  );
});

it('signale en français un en-tête absent ou illisible', () => {
  assert.throws(
    () => parseNoticeFile('nom: X\n'),
    (e: Error) => e instanceof NoticeSyntaxError && /commencer par une ligne « --- »/.test(e.message),
  );
  assert.throws(
    () => parseNoticeFile('---\nnom: [x\n---\n'),
    (e: Error) => e instanceof NoticeSyntaxError && /en-tête YAML illisible \(ligne \d+\)/.test(e.message),
  );
  assert.throws(() => parseNoticeFile('---\n- a\n- b\n---\n'), /liste de clés/);
});
