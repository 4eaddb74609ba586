/**
 * The built site (dist/, built by `npm test` before the tests run): the pages a visitor expects
 * exist, every internal link resolves, and no page asks anything of another host.
 */
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
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
