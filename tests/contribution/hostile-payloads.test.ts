/**
 * Property-based: random and hostile payloads (markup, path tricks, YAML tricks, huge fields,
 * broken bodies) never cause a server error and never produce a proposal from invalid input;
 * whatever is accepted is a valid notice under content/notices/.
 */
import assert from 'node:assert/strict';
import { it } from 'node:test';
import fc from 'fast-check';
import { parseNoticeFile } from '../../src/notices/notice-file.ts';
import { findUnsafeMarkdown } from '../../src/notices/markdown.ts';
import { formRequest, jsonRequest, makeSite } from '../support/contribution.ts';
import { problemsOf } from '../support/notices.ts';

const hostile = fc.oneof(
  fc.string({ maxLength: 60 }),
  fc.constantFrom(
    '<script>alert(1)</script>', '"><img src=x onerror=alert(1)>', 'javascript:alert(1)', '../../../etc/passwd', '..\\..\\windows',
    '---\nnom: autre\n---', '!!js/function "function(){}"', '&anchor *anchor', '{ a: [b, c] }', '? complex key', '%YAML 1.2',
    'https://bit.ly/x', 'http://exemple.org', 'MIT', 'GPL-3.0-or-later', 'BUSL-1.1', 'Firefox', 'GNU/Linux', 'bureautique', 'fr',
    '\u0000\u0007\u001b[31m', '‮gnp.exe', 'a'.repeat(5000), '日本語のソフト', '🦊', 'Q42', '2026-02-30',
  ),
);
const fieldNames = fc.constantFrom(
  'nom', 'licences', 'description_courte', 'site_web', 'code_source', 'plateformes', 'langues', 'etiquettes', 'alternative_a',
  'createurices', 'autres_noms', 'lien_wikipedia', 'identifiant_wikidata', 'texte', 'message', 'notice', 'logo', 'mis_en_avant',
  'date_creation', '__proto__', 'constructor', 'slug', 'site_internet_2',
);

it('ne renvoie jamais d’erreur serveur et ne propose jamais une notice invalide', async () => {
  const site = makeSite({ env: { CONTRIBUTION_MAX_PAR_HEURE: '100000' } });
  let client = 0;
  await fc.assert(
    fc.asyncProperty(fc.dictionary(fieldNames, fc.array(hostile, { minLength: 1, maxLength: 3 }), { maxKeys: 8 }), fc.boolean(), async (fields, asJson) => {
      const before = site.branches().length;
      const payload = { ...fields, jeton: [site.token()] };
      const request = asJson ? jsonRequest(payload) : formRequest(payload);
      const response = await site.handler(request, { clientAddress: `10.0.${Math.floor(++client / 250)}.${client % 250}` });
      await response.text();
      assert.ok(response.status < 500, `statut ${response.status}`);
      const after = site.branches();
      if (response.status >= 300) {
        assert.equal(after.length, before, 'une proposition refusée a créé une branche');
        return;
      }
      const branch = after.find((b) => !site.branches().slice(0, before).includes(b)) ?? after.at(-1)!;
      for (const file of site.git('diff', '--name-only', 'main', branch).split('\n')) {
        assert.match(file, /^content\/notices\/(logos\/)?[a-z0-9]+(-[a-z0-9]+)*\.(md|png)$/);
        if (!file.endsWith('.md')) continue;
        const notice = parseNoticeFile(site.show(branch, file));
        assert.deepEqual(problemsOf(notice.data), []);
        assert.deepEqual(findUnsafeMarkdown(notice.body), []);
        assert.equal(notice.data.mis_en_avant, undefined, 'une proposition anonyme a mis une notice en avant');
      }
    }),
    { numRuns: Number(process.env.FUZZ_RUNS ?? 150) },
  );
  // The generator rarely builds a valid notice by chance: the next test exercises acceptance.
});

it('accepte des notices valides aux textes quelconques, sans jamais sortir de content/notices', async () => {
  const site = makeSite({ env: { CONTRIBUTION_MAX_PAR_HEURE: '100000' } });
  let client = 0;
  const name = fc.string({ minLength: 1, maxLength: 40 }).filter((s) => /[a-z0-9]/i.test(s));
  await fc.assert(
    fc.asyncProperty(name, fc.string({ maxLength: 300 }), fc.string({ maxLength: 150 }), async (nom, texte, description) => {
      const response = await site.handler(
        formRequest({ nom, licences: 'MIT', texte, description_courte: description, jeton: site.token() }),
        { clientAddress: `10.1.${Math.floor(++client / 250)}.${client % 250}` },
      );
      await response.text();
      assert.ok(response.status < 500, `statut ${response.status}`);
    }),
    { numRuns: 60 },
  );
  for (const branch of site.branches()) {
    for (const file of site.git('diff', '--name-only', 'main', branch).split('\n')) {
      assert.match(file, /^content\/notices\/[a-z0-9]+(-[a-z0-9]+)*\.md$/);
      const notice = parseNoticeFile(site.show(branch, file));
      assert.deepEqual(problemsOf(notice.data), [], file);
    }
  }
  assert.ok(site.branches().length > 10, 'trop peu de propositions valides acceptées pour que le test dise quelque chose');
});
