/**
 * Property-based, 20,000 generated submissions a run (FUZZ_RUNS to change it): random and hostile
 * payloads — markup, path and YAML tricks, invisible characters, huge and repeated fields, broken
 * bodies, bodies the client stops sending halfway, edits of missing notices — in every encoding
 * (URL-encoded form, multipart, JSON, raw bytes), mixed into otherwise
 * valid proposals so that many are accepted. Whatever the input: no 5xx, no unhandled rejection,
 * no file outside content/notices/, no `mis_en_avant`, and every accepted notice passes the
 * checks of `npm run validate` (exact duplicates of the directory included).
 */
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, it } from 'node:test';
import fc from 'fast-check';
import type { ContributionBackend, Proposal } from '../../src/contribution/backend.ts';
import { exactCollisions } from '../../src/notices/duplicates.ts';
import { parseNoticeFile } from '../../src/notices/notice-file.ts';
import { listNoticeFiles, readNoticeFile, slugOfFile } from '../../src/notices/repository.ts';
import { validateNoticeFiles } from '../../src/notices/validation.ts';
import { vocabularyIds } from '../../src/notices/vocabulary.ts';
import { makeSite } from '../support/contribution.ts';
import { vocabularies } from '../support/notices.ts';

const RUNS = Number(process.env.FUZZ_RUNS ?? 20_000);

const unhandled: unknown[] = [];
const onUnhandled = (reason: unknown) => unhandled.push(reason);
before(() => process.on('unhandledRejection', onUnhandled));
after(() => process.off('unhandledRejection', onUnhandled));

const hostile = fc.oneof(
  fc.string({ maxLength: 40 }),
  fc.string({ unit: 'binary', maxLength: 20 }),
  fc.constantFrom(
    '<script>alert(1)</script>',
    '"><img src=x onerror=alert(1)>',
    'javascript:alert(1)',
    '../../../etc/passwd',
    '..\\..\\windows',
    '/etc/passwd',
    '---\nnom: autre\n---',
    '!!js/function "function(){}"',
    '&anchor *anchor',
    '{ a: [b, c] }',
    '? complex key',
    '%YAML 1.2',
    'mis_en_avant: true',
    'https://bit.ly/x',
    'http://exemple.org',
    'https://exemple.org/ \u2066x\u2069',
    'MIT',
    'GPL-3.0-or-later',
    'BUSL-1.1',
    '+',
    'toString',
    '__proto__',
    'Firefox',
    'GNU/Linux',
    'bureautique',
    'fr',
    '\u0000',
    '\u0007\u001b[31m',
    '\u202egnp.exe',
    'a\u200bb',
    'ligne\nligne',
    'a\r\nb',
    '\uFEFF',
    'a'.repeat(5000),
    '+'.repeat(60),
    '日本語のソフト',
    '🦊',
    'Q42',
    '2026-02-30',
    '@all',
    '/merge',
    '!1',
    'groupe/projet#2',
  ),
);
const fieldNames = fc.constantFrom(
  'nom',
  'licences',
  'description_courte',
  'site_web',
  'code_source',
  'plateformes',
  'langues',
  'etiquettes',
  'alternative_a',
  'createurices',
  'autres_noms',
  'lien_wikipedia',
  'identifiant_wikidata',
  'texte',
  'message',
  'notice',
  'logo',
  'mis_en_avant',
  'date_creation',
  'date_modification',
  '__proto__',
  'constructor',
  'slug',
  'site_internet_2',
  'preuve',
  'jeton',
  'logo_fichier',
);
/** A valid proposal to start from: the hostile fields are mixed into it. */
const base = fc.record({
  nom: fc.stringMatching(/^[A-Za-zÀ-ÿ][A-Za-zÀ-ÿ0-9 .+-]{0,30}$/),
  licences: fc.constantFrom('MIT', 'GPL-3.0-or-later', 'AGPL-3.0-only', 'Apache-2.0 OR MIT'),
  site_web: fc.webUrl({ validSchemes: ['https'] }),
  plateformes: fc.subarray(['GNU/Linux', 'Windows', 'Android', 'Web']),
  texte: fc.string({ maxLength: 200 }),
  // Sometimes an edit: of a notice that exists, or not, from a version that exists, or not.
  notice: fc.constantFrom('', '', '', 'firefox', 'logiciel-absent', '../firefox'),
  version: fc.constantFrom('', 'f'.repeat(40), 'pas-une-version'),
});
const encoding = fc.constantFrom('urlencoded', 'multipart', 'json', 'raw', 'coupe');

/** A body the client stops sending halfway (the connection closes): as Astro's node adapter passes it, an async iterable. */
async function closedEarly(request: Request): Promise<Request> {
  const bytes = new Uint8Array(await request.arrayBuffer());
  async function* halfThenClosed() {
    yield bytes.subarray(0, Math.floor(bytes.length / 2));
    throw Object.assign(new Error('aborted'), { code: 'ECONNRESET' });
  }
  return new Request(request.url, { method: 'POST', headers: request.headers, body: halfThenClosed() as unknown as BodyInit, duplex: 'half' } as RequestInit);
}

function encode(kind: string, fields: Record<string, string[]>, raw: Uint8Array, rawType: string): Request {
  const url = 'http://localhost:4321/api/contribuer';
  if (kind === 'coupe') return encode('multipart', fields, raw, rawType);
  if (kind === 'json') return new Request(url, { method: 'POST', body: JSON.stringify(fields), headers: { 'content-type': 'application/json' } });
  if (kind === 'raw') return new Request(url, { method: 'POST', body: raw as Uint8Array<ArrayBuffer>, headers: { 'content-type': rawType } });
  if (kind === 'urlencoded') {
    const params = new URLSearchParams();
    for (const [key, values] of Object.entries(fields)) for (const value of values) params.append(key, value);
    return new Request(url, { method: 'POST', body: params, headers: { 'content-type': 'application/x-www-form-urlencoded' } });
  }
  const form = new FormData();
  for (const [key, values] of Object.entries(fields)) for (const value of values) form.append(key, value);
  return new Request(url, { method: 'POST', body: form });
}

it(`${RUNS} envois hostiles : jamais d’erreur serveur, jamais de notice invalide acceptée`, async () => {
  // A backend that records what would be committed: the property is about the function.
  const opened: Proposal[] = [];
  const recorder: ContributionBackend = { name: 'local', open: async (proposal) => (opened.push(proposal), { branch: proposal.branch, alreadyExisted: false }) };
  const site = makeSite({ env: { CONTRIBUTION_MAX_PER_HOUR: '1000000' }, backend: () => recorder });
  let client = 0;
  const statuses = new Map<number, number>();
  await fc.assert(
    fc.asyncProperty(
      base,
      fc.dictionary(fieldNames, fc.array(hostile, { minLength: 1, maxLength: 3 }), { maxKeys: 4 }),
      encoding,
      fc.uint8Array({ maxLength: 300 }),
      fc.constantFrom('application/json', 'multipart/form-data; boundary=x', 'application/x-www-form-urlencoded', 'text/plain', ''),
      async (valid, mutations, kind, raw, rawType) => {
        const fields: Record<string, string[]> = {
          ...Object.fromEntries(Object.entries(valid).map(([k, v]) => [k, Array.isArray(v) ? v : [v]])),
          ...mutations,
          jeton: [site.token()],
        };
        if (mutations.jeton) fields.jeton = mutations.jeton;
        const before = opened.length;
        const address = ++client;
        const request = encode(kind, fields, raw, rawType);
        // One network per submission: the per-network limits are tested elsewhere (networks.test.ts).
        const response = await site.handler(kind === 'coupe' ? await closedEarly(request) : request, {
          clientAddress: `${10 + ((address >> 16) & 127)}.${(address >> 8) & 255}.${address & 255}.1`,
        });
        await response.text();
        statuses.set(response.status, (statuses.get(response.status) ?? 0) + 1);
        assert.ok(response.status < 500, `statut ${response.status} pour ${kind} ${JSON.stringify(fields).slice(0, 300)}`);
        if (response.status >= 300) assert.equal(opened.length, before, 'une proposition refusée a été ouverte');
      },
    ),
    { numRuns: RUNS },
  );
  assert.deepEqual(unhandled, [], 'promesse rejetée sans traitement');

  // Every accepted notice, written to disk, passes the validator's checks.
  const reference = listNoticeFiles().map((file) => ({ slug: slugOfFile(file), data: readNoticeFile(file).data }));
  const dir = mkdtempSync(path.join(tmpdir(), 'framalibre-fuzz-'));
  const ids = vocabularyIds(vocabularies);
  for (const [index, proposal] of opened.entries()) {
    for (const file of proposal.files) {
      assert.match(file.path, /^content\/notices\/(logos\/)?[a-z0-9]+(-[a-z0-9]+)*\.(md|png)$/);
      if (!file.path.endsWith('.md')) continue;
      const text = String(file.content);
      const notice = parseNoticeFile(text);
      assert.equal(notice.data.mis_en_avant, undefined, 'une proposition anonyme a mis une notice en avant');
      const slug = path.basename(file.path, '.md');
      const copy = path.join(dir, String(index), `${slug}.md`);
      mkdirSync(path.dirname(copy), { recursive: true });
      writeFileSync(copy, text);
      const errors = (await validateNoticeFiles([copy], ids)).filter((p) => p.level === 'erreur');
      assert.deepEqual(errors, [], text);
      assert.deepEqual(
        exactCollisions({ slug, data: notice.data }, reference).filter((p) => p.field !== 'nom' || proposal.files[0]!.action === 'create'),
        [],
        text,
      );
    }
  }
  console.log(`${RUNS} envois : ${opened.length} propositions ouvertes ; statuts ${JSON.stringify(Object.fromEntries([...statuses].sort()))}`);
  assert.ok(opened.length > RUNS / 20, `trop peu de propositions acceptées (${opened.length}) pour que le test dise quelque chose`);
});
