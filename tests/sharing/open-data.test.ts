/**
 * The open data of the built site (dist/, built by `npm test`): /notices.json against the JSON
 * Schema published next to it and against the number of notice files, one JSON per notice, the
 * CSV read back, the Atom feeds against the format's required elements, the sitemap, and the
 * machine-readable data of notice pages.
 */
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, it } from 'node:test';
import { Ajv2020 } from 'ajv/dist/2020.js';
import addFormatsModule from 'ajv-formats';
import { XMLParser } from 'fast-xml-parser';
import { listNoticeFiles, readNoticeFile, slugOfFile } from '../../src/notices/repository.ts';
import { NOTICE_KEYS } from '../../src/notices/schema.ts';
import { CSV_COLUMNS, CSV_LIST_SEPARATOR, parseCsv } from '../../src/sharing/csv.ts';
import { SITE_DIR, htmlFiles, readPage, resolveUrlPath } from '../support/site.ts';

const read = (urlPath: string) => readFileSync(path.join(SITE_DIR, urlPath), 'utf8');
const json = (urlPath: string) => JSON.parse(read(urlPath));
const slugs = listNoticeFiles().map(slugOfFile);

function validator(schemaPath: string) {
  const ajv = new Ajv2020({ allErrors: true, strict: true });
  addFormats(ajv);
  return ajv.compile(json(schemaPath));
}

const addFormats = addFormatsModule as unknown as (ajv: Ajv2020) => Ajv2020;

type Exported = Record<string, unknown> & { slug: string; url: string; nom: string };
const collection = () => json('/notices.json') as { format_version: number; licence: { id: string }; generated: string; count: number; notices: Exported[] };

describe('données ouvertes : JSON', () => {
  it('/notices.json respecte le schéma JSON publié à côté de lui', () => {
    const validate = validator('/notices.schema.json');
    const data = collection();
    assert.ok(validate(data), JSON.stringify(validate.errors?.slice(0, 5), null, 2));
    assert.equal(data.format_version, 1);
    assert.equal(data.licence.id, 'CC-BY-SA-4.0');
    assert.ok(!Number.isNaN(Date.parse(data.generated)));
  });

  it('le schéma publié vient du schéma zod des notices : mêmes champs, mêmes obligations, vocabulaires compris', () => {
    const schema = json('/notices.schema.json');
    const item = schema.properties.notices.items;
    assert.deepEqual(Object.keys(item.properties).sort(), [...NOTICE_KEYS, 'slug', 'url', 'logo_url', 'description_longue'].sort());
    assert.deepEqual([...item.required].sort(), ['description_longue', 'licences', 'nom', 'slug', 'url']);
    assert.equal(item.additionalProperties, false);
    assert.equal(item.properties.description_courte.maxLength, 200);
    assert.ok(item.properties.etiquettes.items.enum.includes('navigateur-web'));
    assert.ok(
      Object.values(item.properties).every((p: any) => typeof p.description === 'string'),
      'chaque champ est décrit en français',
    );
  });

  it('contient autant de notices que de fichiers, chacune une fois, avec son slug et son adresse', () => {
    const data = collection();
    assert.equal(data.count, slugs.length);
    assert.equal(data.notices.length, slugs.length);
    assert.deepEqual(data.notices.map((n) => n.slug).sort(), [...slugs].sort());
    for (const notice of data.notices) {
      assert.match(notice.url, new RegExp(`^https?://[^/]+/notices/${notice.slug}\\.html$`));
      assert.ok(resolveUrlPath(new URL(notice.url).pathname), `page absente : ${notice.url}`);
    }
  });

  it('reprend fidèlement chaque fichier de notice, description longue en Markdown comprise', () => {
    const bySlug = new Map(collection().notices.map((n) => [n.slug, n]));
    for (const file of listNoticeFiles()) {
      const raw = readNoticeFile(file);
      const exported = bySlug.get(raw.slug)!;
      assert.equal(exported.description_longue, raw.body, raw.slug);
      for (const [key, value] of Object.entries(raw.data)) assert.deepEqual(exported[key], value, `${raw.slug} : ${key}`);
    }
  });

  it('le schéma refuse une notice inventée ou incomplète', () => {
    const validate = validator('/notices.schema.json');
    const data = collection();
    const first = data.notices[0]!;
    for (const broken of [
      { ...first, etiquettes: ['etiquette-inventee'] },
      { ...first, site_web: 'http://exemple.org/' },
      { ...first, couleur: 'rouge' },
      Object.fromEntries(Object.entries(first).filter(([key]) => key !== 'licences')),
    ]) {
      assert.equal(validate({ ...data, notices: [broken] }), false, JSON.stringify(broken).slice(0, 200));
    }
  });

  it('publie une notice par fichier /notices/<slug>.json, selon son propre schéma', () => {
    const validate = validator('/notice.schema.json');
    const bySlug = new Map(collection().notices.map((n) => [n.slug, n]));
    for (const slug of slugs) {
      const file = json(`/notices/${slug}.json`);
      assert.ok(validate(file), `${slug} : ${JSON.stringify(validate.errors?.slice(0, 3))}`);
      assert.deepEqual((file as { notice: unknown }).notice, bySlug.get(slug));
    }
  });
});

describe('données ouvertes : CSV', () => {
  it('se relit en RFC 4180, une ligne par notice, les mêmes valeurs que le JSON', () => {
    const bytes = readFileSync(path.join(SITE_DIR, 'notices.csv'));
    assert.deepEqual([...bytes.subarray(0, 3)], [0xef, 0xbb, 0xbf], 'marque d’ordre des octets UTF-8');
    const text = bytes.toString('utf8');
    assert.match(text, /\r\n$/);
    const [header, ...rows] = parseCsv(text);
    assert.deepEqual(header, [...CSV_COLUMNS]);
    const data = collection();
    assert.equal(rows.length, data.count);
    for (const [i, row] of rows.entries()) {
      assert.equal(row.length, header!.length, `ligne ${i + 2}`);
      const notice = data.notices[i]!;
      const cell = (column: string): string | undefined => row[header!.indexOf(column)];
      assert.equal(cell('slug'), notice.slug);
      assert.equal(cell('nom'), notice.nom);
      assert.equal(cell('licences'), (notice.licences as string[]).join(CSV_LIST_SEPARATOR));
      assert.equal(cell('etiquettes'), ((notice.etiquettes as string[] | undefined) ?? []).join(CSV_LIST_SEPARATOR));
      assert.equal(cell('description_longue')?.replace(/^'/, ''), notice.description_longue);
      assert.equal(cell('mis_en_avant'), notice.mis_en_avant === undefined ? '' : notice.mis_en_avant ? 'oui' : 'non');
    }
  });
});

describe('flux Atom', () => {
  const parser = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: '@', isArray: (name) => ['entry', 'link', 'category'].includes(name) });
  const isAbsoluteId = (id: string) => /^(https?:\/\/[^/]+\/|tag:)/.test(id);
  const isDate = (value: string) => /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/.test(value);

  function checkFeed(urlPath: string) {
    const xml = read(urlPath);
    assert.match(xml, /^<\?xml version="1\.0" encoding="utf-8"\?>/);
    const { feed } = parser.parse(xml) as { feed: Record<string, any> };
    assert.ok(feed, `${urlPath} : pas d’élément feed`);
    assert.equal(feed['@xmlns'], 'http://www.w3.org/2005/Atom');
    assert.ok(isAbsoluteId(feed.id), `${urlPath} : id ${feed.id}`);
    assert.ok(typeof feed.title === 'string' && feed.title.length > 0);
    assert.ok(isDate(feed.updated), `${urlPath} : updated ${feed.updated}`);
    assert.ok(
      feed.link.some((l: any) => l['@rel'] === 'self' && new URL(l['@href']).pathname === urlPath),
      `${urlPath} : lien self`,
    );
    assert.ok(feed.link.some((l: any) => l['@rel'] === 'alternate'));
    assert.ok(feed.author?.name, `${urlPath} : auteur du flux`);
    const entries: any[] = feed.entry ?? [];
    const ids = new Set<string>();
    for (const entry of entries) {
      assert.ok(isAbsoluteId(entry.id) && !ids.has(entry.id), `${urlPath} : id d’entrée ${entry.id}`);
      ids.add(entry.id);
      assert.ok(typeof entry.title === 'string' && entry.title.length > 0);
      assert.ok(isDate(entry.updated), `${urlPath} : ${entry.id} updated ${entry.updated}`);
      assert.ok(entry.updated <= feed.updated);
      const link = entry.link.find((l: any) => (l['@rel'] ?? 'alternate') === 'alternate');
      assert.ok(link && resolveUrlPath(new URL(link['@href']).pathname), `${urlPath} : lien ${link?.['@href']}`);
    }
    for (let i = 1; i < entries.length; i++) assert.ok(entries[i - 1].updated >= entries[i].updated, 'les plus récentes d’abord');
    return { feed, entries };
  }

  it('le flux général suit le format Atom et liste les notices les plus récentes', () => {
    const { entries } = checkFeed('/flux/notices.xml');
    assert.equal(entries.length, Math.min(50, slugs.length));
    assert.match(readPage('/'), /<link rel="alternate" type="application\/atom\+xml" [^>]*href="\/flux\/notices\.xml"/);
  });

  it('chaque étiquette a son flux Atom, avec ses seules notices', () => {
    const { entries } = checkFeed('/flux/etiquettes/navigateur-web.xml');
    const firefox = entries.find((e) => e.title === 'Firefox');
    assert.ok(firefox, 'Firefox dans le flux « navigateur-web »');
    assert.ok(entries.every((e) => e.category.some((c: any) => c['@term'] === 'navigateur-web')));
    for (const file of readdirSync(path.join(SITE_DIR, 'flux', 'etiquettes'))) checkFeed(`/flux/etiquettes/${file}`);
  });
});

describe('plan du site et données des pages', () => {
  it('le sitemap liste chaque page indexable, et seulement des pages qui existent', () => {
    const sitemap = read('/sitemap.xml');
    const locs = [...sitemap.matchAll(/<loc>([^<]+)<\/loc>/g)].map((m) => new URL(m[1]!).pathname);
    assert.equal(new Set(locs).size, locs.length, 'pas de doublon');
    for (const loc of locs) {
      const file = resolveUrlPath(loc);
      assert.ok(file, `absent : ${loc}`);
      assert.doesNotMatch(readFileSync(file, 'utf8'), /<meta name="robots" content="noindex"/, loc);
    }
    const listed = new Set(locs);
    const missing = htmlFiles()
      .map((file) => '/' + path.relative(SITE_DIR, file).replace(/(^|\/)index\.html$/, '$1'))
      .filter((page) => page !== '/404.html' && !/<meta name="robots" content="noindex"/.test(readPage(page)))
      .filter((page) => !listed.has(page));
    assert.deepEqual(missing, []);
    for (const slug of slugs) assert.ok(listed.has(`/notices/${slug}.html`), slug);
    assert.match(read('/robots.txt'), /^Sitemap: https?:\/\/[^/]+\/sitemap\.xml$/m);
  });

  it('une page de notice porte OpenGraph et un SoftwareApplication schema.org', () => {
    const html = readPage('/notices/firefox.html');
    assert.match(html, /<meta property="og:title" content="Firefox">/);
    assert.match(html, /<meta property="og:url" content="https?:\/\/[^"]+\/notices\/firefox\.html">/);
    const ld = JSON.parse(/<script type="application\/ld\+json">([^<]*)<\/script>/.exec(html)![1]!);
    assert.equal(ld['@context'], 'https://schema.org');
    assert.equal(ld['@type'], 'SoftwareApplication');
    assert.equal(ld.name, 'Firefox');
    assert.equal(ld.license, 'https://spdx.org/licenses/MPL-2.0.html');
    assert.match(ld.mainEntityOfPage, /\/notices\/firefox\.html$/);
  });

  it('une notice proposée par un CHATON le dit, et la page /chatons/ liste les services', () => {
    const etherpad = readPage('/notices/etherpad.html');
    assert.match(etherpad, /Utiliser sans installer, chez un CHATON/);
    assert.match(etherpad, /<a href="https:\/\/framapad\.org\/"[^>]*><strong>Framapad<\/strong><\/a>, chez Framasoft/);
    assert.doesNotMatch(readPage('/notices/gimp.html'), /chez un CHATON/);
    const chatons = readPage('/chatons/');
    assert.match(chatons, /href="\/notices\/etherpad\.html">Etherpad</);
  });

  it('la page /donnees/ documente le format, la licence et les fichiers', () => {
    const html = readPage('/donnees/');
    for (const text of ['format_version', 'CC-BY-SA-4.0', 'href="/notices.json"', 'href="/notices.schema.json"', 'href="/notices.csv"', 'href="/flux/notices.xml"', 'RFC 4180']) {
      assert.ok(html.includes(text), text);
    }
  });
});
