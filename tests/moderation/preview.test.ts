import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, it } from 'node:test';
import { artifactsPreviewUrl, buildPreview, pagesPreviewUrl, previewPageUrl, rebaseCss, rebaseHtml, rebaseUrl } from '../../src/moderation/preview.ts';

describe('adresse de l’aperçu', () => {
  it('déploiement parallèle GitLab Pages : …/mr-<iid>/', () => {
    assert.equal(pagesPreviewUrl({ CI_PAGES_URL: 'https://framalibre-8c1f2a.gitlab.io', CI_MERGE_REQUEST_IID: '12' }), 'https://framalibre-8c1f2a.gitlab.io/mr-12/');
    assert.equal(pagesPreviewUrl({ CI_PAGES_URL: 'https://framasoft.gitlab.io/framalibre/', CI_MERGE_REQUEST_IID: '12' }), 'https://framasoft.gitlab.io/framalibre/mr-12/');
    // Inside the Pages job, recent GitLab versions already give the prefixed address.
    assert.equal(pagesPreviewUrl({ CI_PAGES_URL: 'https://framalibre-8c1f2a.gitlab.io/mr-12', CI_MERGE_REQUEST_IID: '12' }), 'https://framalibre-8c1f2a.gitlab.io/mr-12/');
    assert.equal(pagesPreviewUrl({ CI_MERGE_REQUEST_IID: '12' }), undefined);
  });

  it('artefacts navigables : https://<groupe>.<domaine>/-/<projet>/-/jobs/<id>/artifacts/apercu/', () => {
    const env = { CI_PAGES_DOMAIN: 'gitlab.io', CI_PROJECT_PATH: 'Framasoft/outils/framalibre', CI_PROJECT_ROOT_NAMESPACE: 'Framasoft', CI_JOB_ID: '4242' };
    assert.equal(artifactsPreviewUrl(env), 'https://framasoft.gitlab.io/-/outils/framalibre/-/jobs/4242/artifacts/apercu/');
    assert.equal(artifactsPreviewUrl({ ...env, CI_JOB_ID: undefined }), undefined);
  });

  it('les pages d’un aperçu en artefacts se nomment avec index.html', () => {
    const base = 'https://g.gitlab.io/-/p/-/jobs/1/artifacts/apercu/';
    assert.equal(previewPageUrl(base, '/', 'artefacts'), `${base}index.html`);
    assert.equal(previewPageUrl(base, '/notices/firefox.html', 'artefacts'), `${base}notices/firefox.html`);
    assert.equal(previewPageUrl('https://p.gitlab.io/mr-3/', '/', 'pages'), 'https://p.gitlab.io/mr-3/');
  });
});

describe('adresses du site ramenées sous l’aperçu', () => {
  it('réécrit les adresses relatives à la racine, pas les autres', () => {
    assert.equal(rebaseUrl('/notices/x.html', '/mr-12/', false), '/mr-12/notices/x.html');
    assert.equal(rebaseUrl('/recherche/?q=gimp#r', '/mr-12/', true), '/mr-12/recherche/index.html?q=gimp#r');
    assert.equal(rebaseUrl('/mr-12/deja.html', '/mr-12/', false), '/mr-12/deja.html', 'idempotent');
    for (const untouched of ['https://framalibre.org/', '//cdn.example/x', '#haut', 'relatif.html', 'mailto:a@b.c']) {
      assert.equal(rebaseUrl(untouched, '/mr-12/', true), untouched);
    }
  });

  it('HTML (href, src, srcset, action, data-*, redirection meta) et CSS', () => {
    const html =
      '<html><head><link rel="stylesheet" href="/_astro/a.css"><meta http-equiv="refresh" content="0; url=/notices/nouveau.html"></head>' +
      '<body><a href="/notices/">A–Z</a><a href="https://framalibre.org/">site</a><img src="/images/logo/x.png" srcset="/images/logo/x-96.webp 96w, /images/logo/x-192.webp 192w">' +
      '<form action="/recherche/" data-chemin="/recherche/"></form><div style="background:url(/fond.png)"></div></body></html>';
    const out = rebaseHtml(html, '/mr-12/', false);
    assert.ok(out.includes('href="/mr-12/_astro/a.css"'));
    assert.ok(out.includes('url=/mr-12/notices/nouveau.html'));
    assert.ok(out.includes('href="/mr-12/notices/"'));
    assert.ok(out.includes('href="https://framalibre.org/"'));
    assert.ok(out.includes('srcset="/mr-12/images/logo/x-96.webp 96w, /mr-12/images/logo/x-192.webp 192w"'));
    assert.ok(out.includes('action="/mr-12/recherche/" data-chemin="/mr-12/recherche/"'));
    assert.ok(out.includes('url(/mr-12/fond.png)'));
    assert.ok(out.includes('<meta name="robots" content="noindex">'), 'un aperçu n’est pas indexé');
    assert.equal(rebaseCss('@font-face{src:url("/fonts/a.woff2")}', '/mr-1/'), '@font-face{src:url("/mr-1/fonts/a.woff2")}');
  });

  it('copie le site construit dans apercu/', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'framalibre-apercu-'));
    try {
      const src = path.join(dir, 'client');
      mkdirSync(path.join(src, 'notices'), { recursive: true });
      mkdirSync(path.join(src, '_astro'));
      writeFileSync(path.join(src, 'index.html'), '<html><head></head><body><a href="/notices/firefox.html">Firefox</a></body></html>');
      writeFileSync(path.join(src, 'notices', 'firefox.html'), '<html><head></head><body><a href="/">Accueil</a></body></html>');
      writeFileSync(path.join(src, '_astro', 'recherche.js'), 'const u="/pagefind/pagefind.js";');
      writeFileSync(path.join(src, 'robots.txt'), 'User-agent: *\n');
      const out = path.join(dir, 'apercu');
      const result = buildPreview(src, out, 'https://g.gitlab.io/-/p/-/jobs/7/artifacts/apercu/', 'artefacts');
      assert.deepEqual(result, { pages: 2, files: 4 });
      assert.match(readFileSync(path.join(out, 'index.html'), 'utf8'), /href="\/-\/p\/-\/jobs\/7\/artifacts\/apercu\/notices\/firefox\.html"/);
      assert.match(readFileSync(path.join(out, 'notices', 'firefox.html'), 'utf8'), /href="\/-\/p\/-\/jobs\/7\/artifacts\/apercu\/index\.html"/);
      assert.equal(readFileSync(path.join(out, '_astro', 'recherche.js'), 'utf8'), 'const u="/-/p/-/jobs/7/artifacts/apercu/pagefind/pagefind.js";');
      assert.equal(readFileSync(path.join(out, 'robots.txt'), 'utf8'), 'User-agent: *\n');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
