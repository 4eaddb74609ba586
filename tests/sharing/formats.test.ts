/** The writers behind the open data, on small inputs: CSV quoting, Atom dates and escaping, sitemap routes. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { atomDate, buildAtomFeed, feedEntries, gitDates, noticeUpdated } from '../../src/sharing/atom.ts';
import { parseCsv, toCsv } from '../../src/sharing/csv.ts';
import { exportCollection, generationDate } from '../../src/sharing/export.ts';
import { jsonLdText } from '../../src/sharing/metadata.ts';
import { routePath } from '../../src/sharing/sitemap.ts';
import type { Notice } from '../../src/notices/schema.ts';

const notice = (slug: string, data: Partial<Notice['data']>): Notice => ({ slug, data: { nom: slug, licences: ['MIT'], ...data }, body: '' });

describe('CSV', () => {
  it('se relit à l’identique, guillemets, virgules et retours à la ligne compris', () => {
    fc.assert(
      fc.property(fc.array(fc.array(fc.string(), { minLength: 1, maxLength: 5 }), { minLength: 1, maxLength: 5 }), (rows) => {
        const width = rows[0]!.length;
        const square = rows.map((row) => Array.from({ length: width }, (_, i) => row[i] ?? ''));
        // A lone empty cell on a line cannot be told apart from no line at all: RFC 4180 too.
        fc.pre(!(width === 1 && square.some((row) => row[0] === '')));
        assert.deepEqual(parseCsv(toCsv(square)), square);
      }),
    );
  });
});

describe('Atom', () => {
  it('date une notice par sa modification, sa création, sinon son dernier commit git', () => {
    const git = () => new Map([['sans-date', '2025-03-04T10:00:00+01:00']]);
    assert.equal(noticeUpdated(notice('a', { date_creation: '2024-01-02', date_modification: '2025-06-07' }), git), '2025-06-07T00:00:00Z');
    assert.equal(noticeUpdated(notice('b', { date_creation: '2024-01-02' }), git), '2024-01-02T00:00:00Z');
    assert.equal(noticeUpdated(notice('sans-date', {}), git), '2025-03-04T09:00:00Z');
    assert.equal(noticeUpdated(notice('inconnue', {}), git), undefined);
    assert.equal(atomDate('2026-11-21'), '2026-11-21T00:00:00Z');
  });

  it('lit les dates des notices dans l’historique git du dépôt', () => {
    const dates = gitDates();
    if (dates.size === 0) return; // not a git checkout (an archive): the notices' own dates are used
    assert.match(dates.get('firefox') ?? '', /^\d{4}-\d{2}-\d{2}T/);
  });

  it('échappe les textes et trie les entrées, les plus récentes d’abord', () => {
    const entries = feedEntries(
      [notice('vieux', { date_modification: '2020-01-01' }), notice('neuf', { nom: 'Neuf <b>&</b>', date_modification: '2026-01-01', etiquettes: ['audio'] })],
      'https://framalibre.org',
      (id) => `Libellé ${id}`,
      () => new Map(),
    );
    assert.deepEqual(
      entries.map((e) => e.id),
      ['https://framalibre.org/notices/neuf.html', 'https://framalibre.org/notices/vieux.html'],
    );
    const xml = buildAtomFeed({
      id: 'https://x.org/f.xml',
      title: 'T',
      subtitle: 'S',
      self: 'https://x.org/f.xml',
      alternate: 'https://x.org/',
      entries,
      fallbackUpdated: '2000-01-01T00:00:00Z',
    });
    assert.match(xml, /<title>Neuf &lt;b&gt;&amp;&lt;\/b&gt;<\/title>/);
    assert.match(xml, /<feed xmlns="http:\/\/www\.w3\.org\/2005\/Atom" xml:lang="fr">\n {2}<id>https:\/\/x\.org\/f\.xml<\/id>/);
    assert.match(xml, /^ {2}<updated>2026-01-01T00:00:00Z<\/updated>$/m);
    assert.match(xml, /<category term="audio" label="Libellé audio"\/>/);
  });
});

describe('JSON', () => {
  it('date l’export, ou suit SOURCE_DATE_EPOCH pour une construction reproductible', () => {
    assert.equal(generationDate({ SOURCE_DATE_EPOCH: '1700000000' }), '2023-11-14T22:13:20Z');
    assert.match(generationDate({}), /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/);
    const data = exportCollection([notice('exemple', { logo: 'exemple.svg' })], 'https://framalibre.org', '2026-01-01T00:00:00Z');
    assert.deepEqual(Object.keys(data.notices[0]!), ['slug', 'url', 'nom', 'licences', 'logo', 'logo_url', 'description_longue']);
    assert.equal(data.notices[0]!.logo_url, 'https://framalibre.org/images/logo/exemple.png');
  });

  it('un JSON-LD ne peut pas refermer son élément script', () => {
    const text = jsonLdText({ name: '</script><script>alert(1)</script>' });
    assert.doesNotMatch(text, /<\/script/i);
    assert.deepEqual(JSON.parse(text), { name: '</script><script>alert(1)</script>' });
  });
});

describe('plan du site', () => {
  it('retrouve l’adresse de chaque sorte de page', () => {
    assert.equal(routePath('./index.astro'), '/');
    assert.equal(routePath('./a-propos/index.astro'), '/a-propos/');
    assert.equal(routePath('./404.astro'), '/404.html');
    assert.equal(routePath('./notices/[slug].astro', { slug: 'firefox' }), '/notices/firefox.html');
    assert.equal(routePath('./docs/[...chemin].astro', { chemin: 'a/b' }), '/docs/a/b.html');
  });
});
