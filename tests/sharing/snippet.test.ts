/**
 * The mini-site snippet and the basket's rules, without a browser: the markup people paste into
 * their pages (absolute URLs, meaningful alt, no script, everything escaped) and the Markdown list.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { addToBasket, BASKET_KEY, moveInBasket, parseBasket, readBasket, removeFromBasket, writeBasket } from '../../src/sharing/basket.ts';
import { buildMarkdownList, buildSnippet, buildSnippets, localise, type SnippetData } from '../../src/sharing/snippet.ts';
import { monogram } from '../../src/notices/monogram.ts';
import { snippetData } from '../../src/sharing/urls.ts';

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
  it('est un article framalibre-notice avec logo, nom en h2, phrase, lien vers la notice et vers le site', () => {
    const html = buildSnippet(firefox, options);
    assert.match(html, /^<article class="framalibre-notice" lang="fr">/);
    assert.match(html, /<\/article>$/);
    assert.match(html, /<img src="https:\/\/framalibre\.org\/images\/logo\/firefox\.png" width="64" height="64" alt="Logo de Firefox">/);
    assert.match(html, /<h2>Firefox<\/h2>/);
    assert.match(html, /<p>Navigateur web indépendant\.<\/p>/);
    assert.match(html, /<a href="https:\/\/framalibre\.org\/notices\/firefox\.html">Lire la notice de Firefox sur Framalibre<\/a>/);
    assert.match(html, /<a href="https:\/\/www\.mozilla\.org\/fr\/firefox\/">Site officiel de Firefox<\/a>/);
    assert.match(html, /<small>Notice <a href="https:\/\/framalibre\.org\/">Framalibre<\/a>, licence <a href="https:\/\/creativecommons\.org\/licenses\/by-sa\/4\.0\/deed\.fr">CC BY-SA 4\.0<\/a><\/small>/);
  });

  it('n’a que des adresses absolues, aucun script, aucun style ni gestionnaire d’événement', () => {
    for (const html of [buildSnippet(firefox, options), buildSnippet(sansLogo, options)]) {
      for (const url of urlsOf(html)) assert.match(url, /^https:\/\//, url);
      assert.doesNotMatch(html, /<script|<style|\sstyle=|\son[a-z]+=|javascript:/i);
    }
  });

  it('suit SITE_URL pour ses adresses', () => {
    const html = buildSnippet(snippetData({ slug: 'firefox', data: { nom: 'Firefox', licences: ['MPL-2.0'], logo: 'firefox.svg' } }, 'https://annuaire.example.org'), { siteUrl: 'https://annuaire.example.org/' });
    assert.match(html, /src="https:\/\/annuaire\.example\.org\/images\/logo\/firefox\.png"/);
    assert.match(html, /href="https:\/\/annuaire\.example\.org\/notices\/firefox\.html"/);
  });

  it('montre le monogramme du site, avec un nom accessible, quand la notice n’a pas de logo', () => {
    const html = buildSnippet(sansLogo, options);
    assert.doesNotMatch(html, /<img/);
    assert.match(html, /<svg width="64" height="64" viewBox="0 0 96 96" role="img" aria-label="Monogramme de Zim">/);
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
    assert.deepEqual(list.map((n) => n.nom), ['Firefox (nouveau nom)', 'Zim']);
    list = moveInBasket(list, 'zim', -1);
    assert.deepEqual(list.map((n) => n.slug), ['zim', 'firefox']);
    assert.deepEqual(moveInBasket(list, 'zim', -1).map((n) => n.slug), ['zim', 'firefox']);
    writeBasket(storage, list);
    assert.deepEqual(readBasket(storage), list);
    assert.deepEqual(removeFromBasket(list, 'zim').map((n) => n.slug), ['firefox']);
    assert.ok(storage.values.has(BASKET_KEY));
  });

  it('ignore une valeur abîmée ou modifiée à la main', () => {
    assert.deepEqual(parseBasket('{pas du json'), []);
    assert.deepEqual(parseBasket('{"notices": 3}'), []);
    assert.deepEqual(
      parseBasket(JSON.stringify({ notices: [{ slug: '../x', nom: 'X', url: 'https://a.org/' }, { slug: 'ok', nom: 'Ok', url: 'https://a.org/', logo_url: 42 }, { slug: 'ok', nom: 'Doublon', url: 'https://a.org/' }] })),
      [{ slug: 'ok', nom: 'Ok', description_courte: undefined, url: 'https://a.org/', site_web: undefined, logo_url: undefined }],
    );
  });
});
