/**
 * Builds a tiny site from tests/fixtures/site: a notice whose body tries to run code, an SVG logo
 * with a script and a tracker, a renamed notice. Nothing hostile may survive into the pages.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import sharp from 'sharp';
import { readPage } from '../support/site.ts';

// Inside the project: the server bundle Astro writes next to the pages resolves node_modules from there.
mkdirSync('test-results', { recursive: true });
const out = mkdtempSync(path.resolve('test-results', 'fixture-build-'));
const site = path.join(out, 'client');
// Astro only finds its content store in a cache folder under node_modules.
const cache = path.resolve('node_modules/.astro-tests', path.basename(out));

describe('site construit depuis des notices hostiles', () => {
  before(() => {
    const result = spawnSync('astro', ['build', '--silent'], {
      encoding: 'utf8',
      env: { ...process.env, FRAMALIBRE_CONTENT: 'tests/fixtures/site', FRAMALIBRE_OUT_DIR: out, FRAMALIBRE_CACHE_DIR: cache },
    });
    assert.equal(result.status, 0, result.stderr + result.stdout);
  });
  after(() => {
    rmSync(out, { recursive: true, force: true });
    rmSync(cache, { recursive: true, force: true });
  });

  it('ne laisse aucun code du corps d’une notice s’exécuter', () => {
    const html = readPage('/notices/notice-hostile.html', site);
    const body = html.slice(html.indexOf('notice__corps'), html.indexOf('</article>'));
    assert.doesNotMatch(body, /<script|<img\b|\son[a-z]+="|href="javascript:|href="data:|src="https?:/i);
    // The image became a plain link: following it is the reader's choice, nothing loads by itself.
    assert.match(body, /<a href="https:\/\/pisteur\.example\/pixel\.gif" rel="nofollow noopener ugc">pixel<\/a>/);
    assert.match(body, /&lt;script&gt;/); // shown as text, so the moderators can see it
  });

  it('rastérise le logo SVG et ne publie jamais le SVG lui-même', async () => {
    const logos = readdirSync(path.join(site, 'images', 'logo'));
    assert.deepEqual(logos.sort(), ['editeur-sur-192.webp', 'editeur-sur-96.webp', 'editeur-sur.png']);
    const meta = await sharp(path.join(site, 'images', 'logo', 'editeur-sur.png')).metadata();
    assert.equal(meta.format, 'png');
    assert.equal(meta.width, 256);
    const page = readPage('/notices/editeur-sur.html', site);
    assert.match(page, /<img class="logo" src="\/images\/logo\/editeur-sur\.png" width="96" height="96" alt="Logo de Éditeur sûr"/);
    assert.match(page, /srcset="\/images\/logo\/editeur-sur-96\.webp 1x, \/images\/logo\/editeur-sur-192\.webp 2x"/);
  });

  it('garde une redirection pour l’ancien nom d’une notice', () => {
    const html = readPage('/notices/ancien-nom.html', site);
    assert.match(html, /<meta http-equiv="refresh" content="0; url=\/notices\/editeur-sur\.html"/);
    assert.match(html, /rel="canonical" href="https:\/\/framalibre\.org\/notices\/editeur-sur\.html"/);
  });

  it('reprend les logos du cache au build suivant', () => {
    const result = spawnSync('astro', ['build'], {
      encoding: 'utf8',
      env: { ...process.env, FRAMALIBRE_CONTENT: 'tests/fixtures/site', FRAMALIBRE_OUT_DIR: out, FRAMALIBRE_CACHE_DIR: cache },
    });
    assert.equal(result.status, 0);
    assert.match(result.stdout, /logos : 0 produits, 1 repris du cache/);
    assert.ok(existsSync(path.join(site, 'images', 'logo', 'editeur-sur.png')));
  });
});
