/**
 * The built site (dist/, built by `npm test` before the tests run): the pages a visitor expects
 * exist, every internal link resolves, and no page asks anything of another host.
 */
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, it } from 'node:test';
import { listNoticeFiles, slugOfFile } from '../../src/notices/repository.ts';
import { SITE_DIR, htmlFiles, linksOf, readPage, resolveUrlPath } from '../support/site.ts';

/** Routes served by the function, not by files. */
// On-demand routes of the node server (the no-JS search results are checked through the server by tests/browser/search.test.ts).
const DYNAMIC = [/^\/api\//, /^\/recherche\/resultats/];

describe('site construit', () => {
  it('contient les pages attendues', () => {
    for (const page of ['/', '/notices/', '/etiquettes/', '/licences/', '/alternatives/', '/a-propos/', '/recherche/', '/contribuer/', '/404.html']) {
      assert.ok(resolveUrlPath(page), `page absente : ${page}`);
    }
    for (const file of listNoticeFiles()) {
      assert.ok(resolveUrlPath(`/notices/${slugOfFile(file)}.html`), `notice absente : ${slugOfFile(file)}`);
    }
    assert.ok(resolveUrlPath('/etiquettes/navigateur-web.html'));
    assert.ok(resolveUrlPath('/alternatives/google-chrome.html'));
  });

  it('chaque lien interne mène à une page ou un fichier existant', () => {
    const broken: string[] = [];
    for (const file of htmlFiles()) {
      const from = '/' + path.relative(SITE_DIR, file);
      for (const link of linksOf(readPage(from))) {
        if (!link.startsWith('/') || link.startsWith('//')) continue;
        if (DYNAMIC.some((pattern) => pattern.test(link))) continue;
        if (!resolveUrlPath(link)) broken.push(`${from} → ${link}`);
      }
    }
    assert.deepEqual(broken.slice(0, 20), [], `${broken.length} lien(s) cassé(s)`);
  });

  it('aucune page ne charge de ressource depuis un autre site', () => {
    for (const file of htmlFiles()) {
      const html = readPage('/' + path.relative(SITE_DIR, file));
      const external = [...html.matchAll(/<(script|img|source|link|iframe)\b[^>]*\s(src|srcset|href)="(https?:)?\/\/[^"]*"[^>]*>/g)]
        .map((m) => m[0])
        .filter((tag) => !/^<link\b/.test(tag) || /rel="(stylesheet|preload|icon|modulepreload)"/.test(tag));
      assert.deepEqual(external, [], file);
      assert.doesNotMatch(html, /@import|url\(https?:/);
    }
  });

  it('une page de notice montre tout ce qu’elle contient', () => {
    const html = readPage('/notices/firefox.html');
    assert.match(html, /<h1[^>]*>Firefox<\/h1>/);
    assert.match(html, /Licence publique Mozilla, version 2\.0/);
    assert.match(html, /href="https:\/\/spdx\.org\/licenses\/MPL-2\.0\.html"/);
    assert.match(html, /href="\/etiquettes\/navigateur-web\.html"/);
    assert.match(html, /href="\/contribuer\/\?notice=firefox"[^>]*>Proposer une modification/);
    assert.match(html, /<time datetime="\d{4}-\d{2}-\d{2}">/);
    assert.match(html, /français/);
    assert.match(html, /Monogramme de Firefox|Logo de Firefox/);
  });

  it('la liste A–Z et la page des licences montrent chaque notice en une vignette légère, logo ou monogramme en un seul élément', () => {
    const notices = listNoticeFiles().length;
    for (const page of ['/notices/', '/licences/']) {
      const html = readPage(page);
      const cards = [...html.matchAll(/<div class="vignette">/g)].length;
      assert.ok(cards >= notices, `${page} : ${cards} vignettes pour ${notices} notices`);
      // One element per monogram (long-lists.css colours it), none of the SVG ones (three elements).
      assert.doesNotMatch(html, /logo--monogramme/, page);
      assert.match(html, /<span class="logo monogramme monogramme--[0-7]( monogramme--deux)?" aria-hidden="true">[^<]{1,2}<\/span>/, page);
      assert.match(html, /<ul class="liste-notices liste-notices--large liste-notices--longue">/, page);
      // A logo is its WebP rendition alone, without <picture> and <source>.
      assert.match(html, /<img class="logo" src="\/images\/logo\/firefox-96\.webp" width="48" height="48" alt(="")? loading="lazy" decoding="async">/, page);
      assert.doesNotMatch(html, /<picture/, page);
    }
    // Other lists keep the SVG monogram and do not load the long lists' stylesheet.
    assert.doesNotMatch(readPage('/etiquettes/navigateur-web.html'), /monogramme--[0-7]/);
  });

  it('met en avant les notices choisies sur l’accueil', () => {
    const html = readPage('/');
    assert.match(html, /Les membres de Framasoft utilisent…/);
    assert.match(html, /href="\/notices\/firefox\.html"/);
    assert.match(html, /<input[^>]*type="search"/);
  });

  it('classe toutes les notices de A à Z avec un index des lettres', () => {
    const html = readPage('/notices/');
    assert.match(html, /href="#a"/);
    assert.ok(html.indexOf('>Audacity<') < html.indexOf('>Zotero<'));
    assert.equal(existsSync(path.join(SITE_DIR, 'pagefind', 'pagefind.js')), true);
  });
});

/** Elements that hold code, data or decoration rather than prose. */
const NON_PROSE = /<(script|style|svg|textarea|pre|code|kbd|samp|template)\b[\s\S]*?<\/\1\s*>|<!--[\s\S]*?-->/gi;
/** Elements that sit inside a line of text: a letter on each side of one of them is one word. */
const INLINE = 'a|abbr|b|cite|em|i|mark|q|small|span|strong|time|sup|sub';

function prose(html: string): string {
  const body = html.slice(Math.max(0, html.indexOf('<body')));
  // The brand « Frama<span>libre</span> » is one word on purpose; the hidden block of a notice
  // holds search data (one span per value), never shown.
  return body
    .replace(NON_PROSE, ' ')
    .replace(/<a class="marque"[\s\S]*?<\/a>/, ' ')
    .replace(/<div hidden[^>]*>[\s\S]*?<\/div>/g, ' ');
}

describe('typographie des pages construites', () => {
  it('aucun mot n’est collé au texte d’un autre élément', () => {
    const glued = new RegExp(`(\\p{L}{2})((?:</?(?:${INLINE})\\b[^>]*>)+)(\\p{L}{2})`, 'gu');
    const found: string[] = [];
    for (const file of htmlFiles()) {
      const page = '/' + path.relative(SITE_DIR, file);
      for (const m of prose(readPage(page)).matchAll(glued)) found.push(`${page} : « ${m[1]}${m[2]!.replace(/<[^>]*>/g, '|')}${m[3]} »`);
    }
    assert.deepEqual(found.slice(0, 20), [], `${found.length} mot(s) collé(s)`);
  });

  it('une espace insécable précède ; : ! ? et entoure les guillemets, dans le texte visible', () => {
    const found: string[] = [];
    for (const file of htmlFiles()) {
      const page = '/' + path.relative(SITE_DIR, file);
      const text = prose(readPage(page))
        .replace(/<[^>]*>/g, '')
        .replace(/&nbsp;/g, '\u00a0');
      for (const m of text.matchAll(/.{0,20}(?: [;:!?»]|« ).{0,20}/g)) found.push(`${page} : « ${m[0].trim()} »`);
    }
    assert.deepEqual(found.slice(0, 20), [], `${found.length} espace(s) ordinaire(s) avant un signe double`);
  });

  it('les textes d’À propos et des licences ne perdent plus leurs espaces', () => {
    const text = (page: string) =>
      prose(readPage(page))
        .replace(/<[^>]*>/g, '')
        .replace(/\s+/g, ' ');
    assert.match(text('/a-propos/'), /formulaire de contribution demande/);
    assert.match(text('/a-propos/'), /Données ouvertes explique/);
    assert.match(text('/licences/'), /l’OSI ou la FSF/);
  });
});

describe('logos et CHATONS du site construit', () => {
  it('au moins 80 % des notices ont un vrai logo, publié à l’adresse stable, partout où la notice apparaît', () => {
    const data = JSON.parse(readPage('/notices.json')) as { notices: { slug: string; nom: string; logo_url?: string }[] };
    const withLogo = data.notices.filter((n) => n.logo_url);
    const share = withLogo.length / data.notices.length;
    console.log(`logos : ${withLogo.length} notices sur ${data.notices.length} (${Math.round(share * 100)} %)`);
    assert.ok(share >= 0.8, `${withLogo.length}/${data.notices.length} notices ont un logo`);
    for (const notice of withLogo) {
      const pathname = new URL(notice.logo_url!).pathname;
      assert.match(pathname, /^\/images\/logo\/[^/]+\.png$/);
      const file = resolveUrlPath(pathname);
      assert.ok(file, `logo absent : ${pathname}`);
      const png = readFileSync(file);
      assert.equal(png.subarray(1, 4).toString('latin1'), 'PNG', pathname);
      assert.deepEqual([png.readUInt32BE(16), png.readUInt32BE(20)], [256, 256], pathname);
    }
    // The same logo on the notice page, in cards, in the snippet and in the feed.
    assert.match(readPage('/notices/firefox.html'), /<img class="logo" src="\/images\/logo\/firefox\.png"[^>]*alt="Logo de Firefox"/);
    assert.match(readPage('/etiquettes/navigateur-web.html'), /src="\/images\/logo\/firefox\.png"/);
    assert.match(readPage('/notices/firefox.html'), /&lt;img src=&quot;https?:\/\/[^&]+\/images\/logo\/firefox\.png&quot;/);
    assert.match(readPage('/flux/notices.xml'), /<media:thumbnail xmlns:media="http:\/\/search\.yahoo\.com\/mrss\/" url="https?:\/\/[^"]+\/images\/logo\/[^"]+\.png"/);
    // Without an icon, the monogram stays.
    const monogram = data.notices.find((n) => !n.logo_url)!;
    assert.match(readPage(`/notices/${monogram.slug}.html`), new RegExp(`aria-label="Monogramme de ${monogram.nom.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}"`));
    // A logo file added to the notice wins over any icon, under the same stable address.
    assert.equal(new URL(data.notices.find((n) => n.slug === 'zim')!.logo_url!).pathname, '/images/logo/zim.png');
    assert.match(readPage('/a-propos/'), /simple-icons[\s\S]*CC0/);
  });

  it('la page CHATONS présente au moins 15 hébergeurs et 40 services, et les notices y renvoient', () => {
    const html = readPage('/chatons/');
    const hosts = [...html.matchAll(/<section class="chatons__hebergeur"/g)].length;
    const services = [...html.matchAll(/<tr>\s*<td><a href="https:\/\//g)].length;
    assert.ok(hosts >= 15, `${hosts} hébergeurs`);
    assert.ok(services >= 40, `${services} services`);
    for (const slug of ['etherpad', 'jitsi-meet', 'mastodon', 'peertube', 'nextcloud']) {
      assert.match(readPage(`/notices/${slug}.html`), /Utiliser sans installer, chez un CHATON/, slug);
    }
  });
});
