/**
 * The mini-site snippet and the basket's rules, without a browser: the markup people paste into
 * their pages (the 2023 shape, absolute URLs, meaningful alt, no script, everything escaped), the
 * Markdown list, and the printed handout's markup and QR codes (decoded back with jsQR).
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { addToBasket, BASKET_KEY, moveInBasket, parseBasket, readBasket, removeFromBasket, writeBasket } from '../../src/sharing/basket.ts';
import { buildMarkdownList, buildSnippet, buildSnippets, localise, type SnippetData } from '../../src/sharing/snippet.ts';
import { snippetData } from '../../src/sharing/urls.ts';
import { buildHandout, HANDOUT_DEFAULT_TITLE, handoutTitle } from '../../src/sharing/handout.ts';
import { qrModules, qrSvg } from '../../src/sharing/qr.ts';
import jsQR from 'jsqr';
import sharp from 'sharp';

const SITE = 'https://framalibre.org';
const firefox = snippetData(
  {
    slug: 'firefox',
    data: { nom: 'Firefox', licences: ['MPL-2.0'], description_courte: 'Navigateur web indépendant.', site_web: 'https://www.mozilla.org/fr/firefox/', logo: 'firefox.png' },
  },
  SITE,
);
const sansLogo = snippetData({ slug: 'zim', data: { nom: 'Zim', licences: ['GPL-2.0-or-later'], description_courte: 'Wiki de bureau.' } }, SITE);
const options = { siteUrl: `${SITE}/` };

/** Every URL of a piece of markup. */
const urlsOf = (html: string) => [...html.matchAll(/\s(?:href|src)="([^"]*)"/g)].map((m) => m[1]!);

describe('extrait « Copier pour mon mini-site »', () => {
  it('a la forme de 2023 : article > div (logo) + div (h2, phrase, div de deux liens), attribution sans lien de plus', () => {
    const html = buildSnippet(firefox, options);
    assert.equal(
      html,
      [
        '<article class="framalibre-notice" lang="fr" title="Notice Framalibre, licence CC BY-SA 4.0">',
        '  <!-- Notice Framalibre (https://framalibre.org/), licence CC BY-SA 4.0 : https://creativecommons.org/licenses/by-sa/4.0/deed.fr -->',
        '  <div>',
        '    <img src="https://framalibre.org/images/logo/firefox.png" width="96" alt="Logo de Firefox" loading="lazy">',
        '  </div>',
        '  <div>',
        '    <h2>Firefox</h2>',
        '    <p>Navigateur web indépendant.</p>',
        '    <div>',
        '      <a href="https://framalibre.org/notices/firefox.html" aria-label="Notice Framalibre de Firefox">Notice Framalibre</a>',
        '      <a href="https://www.mozilla.org/fr/firefox/" aria-label="Site officiel de Firefox">Site officiel</a>',
        '    </div>',
        '  </div>',
        '</article>',
      ].join('\n'),
    );
    assert.equal(html.match(/<a /g)?.length, 2);
  });

  it('prend le code source comme second lien quand le logiciel n’a pas de site', () => {
    const espeak = snippetData({ slug: 'espeak-ng', data: { nom: 'eSpeak NG', licences: ['GPL-3.0-or-later'], code_source: 'https://github.com/espeak-ng/espeak-ng' } }, SITE);
    const html = buildSnippet(espeak, options);
    assert.match(
      html,
      /<div>\n {6}<a href="https:\/\/framalibre\.org\/notices\/espeak-ng\.html"[^>]*>Notice Framalibre<\/a>\n {6}<a href="https:\/\/github\.com\/espeak-ng\/espeak-ng" aria-label="Code source de eSpeak NG">Code source<\/a>\n {4}<\/div>/,
    );
  });

  it('n’a que des adresses absolues, aucun script, aucun style ni gestionnaire d’événement', () => {
    for (const html of [buildSnippet(firefox, options), buildSnippet(sansLogo, options)]) {
      for (const url of urlsOf(html)) assert.match(url, /^https:\/\//, url);
      assert.doesNotMatch(html, /<script|<style|\sstyle=|\son[a-z]+=|javascript:/i);
    }
  });

  it('suit SITE_URL pour ses adresses', () => {
    const html = buildSnippet(snippetData({ slug: 'firefox', data: { nom: 'Firefox', licences: ['MPL-2.0'], logo: 'firefox.svg' } }, 'https://annuaire.example.org'), {
      siteUrl: 'https://annuaire.example.org/',
    });
    assert.match(html, /src="https:\/\/annuaire\.example\.org\/images\/logo\/firefox\.png"/);
    assert.match(html, /href="https:\/\/annuaire\.example\.org\/notices\/firefox\.html"/);
  });

  it('montre le monogramme du site, avec un nom accessible, quand la notice n’a pas de logo', () => {
    const html = buildSnippet(sansLogo, options);
    assert.doesNotMatch(html, /<img/);
    assert.match(html, / {2}<div>\n {4}<svg width="96" height="96" viewBox="0 0 96 96" role="img" aria-label="Monogramme de Zim">/);
    assert.match(html, />Z<\/text>/);
  });

  it('échappe tout ce qui vient d’une notice', () => {
    const hostile: SnippetData = {
      slug: 'x',
      nom: '<script>alert(1)</script> & "co"',
      description_courte: '<img src=x onerror=alert(1)>',
      url: `${SITE}/notices/x.html`,
      site_web: 'javascript:alert(1)',
      logo_url: 'https://framalibre.org/images/logo/x.png" onerror="alert(1)',
    };
    const html = buildSnippet(hostile, options);
    assert.doesNotMatch(html, /<script|<img src=x|javascript:|"\sonerror=/);
    assert.match(html, /&lt;script&gt;alert\(1\)&lt;\/script&gt; &amp; &quot;co&quot;/);
    assert.doesNotMatch(html, /Site officiel/); // a non-http address is not a link
    assert.doesNotMatch(buildSnippet({ ...hostile, site_web: '//evil.example/' }, options), /evil/); // nor a protocol-relative one
  });

  it('met plusieurs notices bout à bout dans l’ordre donné', () => {
    const html = buildSnippets([sansLogo, firefox], options);
    assert.equal(html.match(/<article class="framalibre-notice"/g)?.length, 2);
    assert.ok(html.indexOf('<h2>Zim</h2>') < html.indexOf('<h2>Firefox</h2>'));
  });

  it('produit une liste Markdown avec des liens absolus', () => {
    assert.equal(
      buildMarkdownList([firefox, { ...sansLogo, nom: 'Zim [wiki]', description_courte: 'Un *wiki* de bureau.' }]),
      '- [Firefox](https://framalibre.org/notices/firefox.html) : Navigateur web indépendant.\n' +
        '- [Zim \\[wiki\\]](https://framalibre.org/notices/zim.html) : Un \\*wiki\\* de bureau.',
    );
  });

  it('rend les adresses du site relatives pour l’aperçu affiché sur le site', () => {
    const local = localise(firefox, `${SITE}/`);
    assert.equal(local.url, '/notices/firefox.html');
    assert.equal(local.logo_url, '/images/logo/firefox.png');
    assert.equal(local.site_web, 'https://www.mozilla.org/fr/firefox/');
  });
});

describe('panier « Ma sélection » (règles)', () => {
  const memory = () => {
    const values = new Map<string, string>();
    return { getItem: (k: string) => values.get(k) ?? null, setItem: (k: string, v: string) => void values.set(k, v), values };
  };

  it('ajoute sans doublon, retire, déplace dans les bornes et relit ce qu’il a écrit', () => {
    const storage = memory();
    let list = addToBasket([], firefox);
    list = addToBasket(list, sansLogo);
    list = addToBasket(list, { ...firefox, nom: 'Firefox (nouveau nom)' });
    assert.deepEqual(
      list.map((n) => n.nom),
      ['Firefox (nouveau nom)', 'Zim'],
    );
    list = moveInBasket(list, 'zim', -1);
    assert.deepEqual(
      list.map((n) => n.slug),
      ['zim', 'firefox'],
    );
    assert.deepEqual(
      moveInBasket(list, 'zim', -1).map((n) => n.slug),
      ['zim', 'firefox'],
    );
    writeBasket(storage, list);
    assert.deepEqual(readBasket(storage), list);
    assert.deepEqual(
      removeFromBasket(list, 'zim').map((n) => n.slug),
      ['firefox'],
    );
    assert.ok(storage.values.has(BASKET_KEY));
  });

  it('ignore une valeur abîmée ou modifiée à la main', () => {
    assert.deepEqual(parseBasket('{pas du json'), []);
    assert.deepEqual(parseBasket('{"notices": 3}'), []);
    assert.deepEqual(
      parseBasket(
        JSON.stringify({
          notices: [
            { slug: '../x', nom: 'X', url: 'https://a.org/' },
            { slug: 'ok', nom: 'Ok', url: 'https://a.org/', logo_url: 42 },
            { slug: 'ok', nom: 'Doublon', url: 'https://a.org/' },
          ],
        }),
      ),
      [{ slug: 'ok', nom: 'Ok', description_courte: undefined, url: 'https://a.org/', site_web: undefined, code_source: undefined, logo_url: undefined }],
    );
  });
});

describe('fiche imprimée de « Ma sélection » (balisage et codes QR)', () => {
  it('dessine un code QR en SVG qu’un lecteur de codes relit, y compris pour une longue adresse', async () => {
    for (const url of ['https://framalibre.org/notices/zim.html', `https://annuaire.example.org/notices/${'un-nom-tres-long-'.repeat(6)}fin.html`]) {
      const svg = qrSvg(url, `Code QR : ${url}`);
      assert.match(svg, /^<svg viewBox="0 0 (\d+) \1"[^>]* role="img" aria-label="Code QR : https:/);
      const { data, info } = await sharp(Buffer.from(svg), { density: 288 }).ensureAlpha().raw().toBuffer({ resolveWithObject: true });
      assert.equal(jsQR(new Uint8ClampedArray(data.buffer, data.byteOffset, data.length), info.width, info.height)?.data, url);
    }
    assert.throws(() => qrModules('https://exemple.org/é'), /non ASCII/);
  });

  it('écrit l’adresse absolue de chaque notice, charge les logos depuis le site et échappe tout', () => {
    const html = buildHandout([firefox, { ...sansLogo, nom: '<b>Zim</b>', description_courte: 'Wiki & "bureau"' }], {
      title: handoutTitle('  Atelier   <script>  '),
      siteUrl: `${SITE}/`,
    });
    assert.match(html, /<h1 class="fiche__titre" data-fiche-titre>Atelier &lt;script&gt;<\/h1>/);
    assert.match(html, /<img src="\/images\/logo\/firefox\.png" width="64" height="64" alt="">/);
    assert.match(html, /<p class="fiche__adresse">https:\/\/framalibre\.org\/notices\/firefox\.html<\/p>/);
    assert.match(html, /aria-label="Code QR de la notice de Firefox : https:\/\/framalibre\.org\/notices\/firefox\.html"/);
    assert.match(html, /<h2>&lt;b&gt;Zim&lt;\/b&gt;<\/h2><p>Wiki &amp; &quot;bureau&quot;<\/p>/);
    assert.doesNotMatch(html, /<script|<b>/);
    assert.equal(handoutTitle('   '), HANDOUT_DEFAULT_TITLE);
  });
});
