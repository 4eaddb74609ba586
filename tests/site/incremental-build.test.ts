/**
 * Incremental builds (experimental.incrementalBuild, keys from src/build/cache-keys.ts): after a
 * change, exactly the pages that show what changed are rendered again, the others are copied from
 * the previous build, and the result is the same, byte for byte, as a build from scratch.
 *
 * The site is built from a copy of the project (src/, astro.config.ts…) in test-results/, so that
 * the test can edit the layout's code without touching the worktree; node_modules is found by
 * walking up to the repository's. Which pages were rendered or reused is read from Astro's build
 * log (« ├─ /page (+3ms) » when rendered, « (cached) » or « (restored) » when reused).
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { generateNotices } from '../../bench/generate-notices.ts';
import { parseNoticeFile, writeNoticeFile } from '../../src/notices/notice-file.ts';
import { slugify } from '../../src/notices/slug.ts';
import { relatedNotices } from '../../src/notices/catalogue.ts';
import { launchBrowser } from '../support/browser.ts';
import { startSite } from '../support/server.ts';
import { readPage } from '../support/site.ts';

const ASTRO = path.resolve('node_modules/astro/bin/astro.mjs');
mkdirSync('test-results', { recursive: true });
const work = mkdtempSync(path.resolve('test-results', 'incremental-'));
const project = path.join(work, 'projet');
const content = path.join(work, 'contenu');
const out = path.join(work, 'sortie');
// Astro keeps its content store and the incremental cache there; tests use node_modules/.astro-tests.
const cache = path.resolve('node_modules/.astro-tests', path.basename(work));
const site = path.join(out, 'client');

interface BuildLog {
  rendered: Set<string>;
  reused: Set<string>;
  /** Shards of the search index Pagefind wrote, out of how many (« 1 partie(s) … écrite(s) sur 3 »). */
  shards: { written: number; total: number };
}

/** Builds the copied project; returns the pages Astro rendered and those it took from its cache. */
function build(outDir = out, cacheDir = cache, extraEnv: NodeJS.ProcessEnv = {}): BuildLog {
  const result = spawnSync(process.execPath, [ASTRO, 'build'], {
    cwd: project,
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
    env: {
      ...process.env,
      FRAMALIBRE_CONTENT: content,
      FRAMALIBRE_OUT_DIR: outDir,
      FRAMALIBRE_CACHE_DIR: cacheDir,
      FRAMALIBRE_INCREMENTAL: '1',
      // 24 notices cut into three shards, as 10,000 would be into twenty.
      FRAMALIBRE_SEARCH_SHARD_DOCUMENTS: '8',
      SOURCE_DATE_EPOCH: '1790000000',
      ASTRO_TELEMETRY_DISABLED: '1',
      NO_COLOR: '1',
      ...extraEnv,
    },
  });
  assert.equal(result.status, 0, result.stderr + result.stdout);
  const output = `${result.stdout}\n${result.stderr}`.replace(/\u001b\[[0-9;]*m/g, '');
  const shards = /(\d+) partie\(s\) de l’index écrite\(s\) sur (\d+)/.exec(output);
  assert.ok(shards, `index de recherche absent du journal :\n${output}`);
  const log: BuildLog = { rendered: new Set(), reused: new Set(), shards: { written: Number(shards[1]), total: Number(shards[2]) } };
  for (const line of output.split('\n')) {
    const match = /[├└]─ (\S+) (.*)$/.exec(line);
    if (!match) continue;
    if (/\((cached|restored)\)/.test(match[2]!)) log.reused.add(match[1]!);
    else if (/\(\+[0-9.]+m?s\)/.test(match[2]!)) log.rendered.add(match[1]!);
  }
  assert.ok(log.rendered.size + log.reused.size > 0, `aucune page dans le journal :\n${result.stdout}`);
  return log;
}

/** One hash for a whole folder: every file's path and bytes. */
function treeHash(dir: string): string {
  const hasher = createHash('sha256');
  const files: string[] = [];
  const walk = (current: string) => {
    for (const entry of readdirSync(current, { withFileTypes: true })) {
      const full = path.join(current, entry.name);
      if (entry.isDirectory()) walk(full);
      else files.push(full);
    }
  };
  walk(dir);
  for (const file of files.sort()) {
    hasher
      .update(path.relative(dir, file))
      .update('\0')
      .update(createHash('sha256').update(readFileSync(file)).digest('hex'))
      .update('\n');
  }
  return hasher.digest('hex');
}

/** Builds the same content from scratch elsewhere: the incremental output must be the same, byte for byte. */
function assertSameAsCold(label: string): void {
  const coldOut = path.join(work, 'sortie-froide');
  const coldCache = `${cache}-froid`;
  rmSync(coldOut, { recursive: true, force: true });
  rmSync(coldCache, { recursive: true, force: true });
  try {
    const cold = build(coldOut, coldCache);
    assert.equal(cold.reused.size, 0);
    assert.equal(cold.shards.written, cold.shards.total, 'à froid, toutes les parties de l’index sont écrites');
    assert.equal(treeHash(path.join(coldOut, 'client')), treeHash(site), `${label} : construction incrémentale et construction à froid doivent donner les mêmes octets`);
  } finally {
    rmSync(coldOut, { recursive: true, force: true });
    rmSync(coldCache, { recursive: true, force: true });
  }
}

/** What the search box answers on the built site (served as `npm start` does) for `query`: the cards' names. */
async function searchOnSite(query: string): Promise<{ status: string; names: string[] }> {
  const running = await startSite({}, out);
  const browser = await launchBrowser();
  try {
    const page = await browser.newPage();
    await page.goto(`${running.url}/recherche/?q=${encodeURIComponent(query)}`);
    await page.waitForFunction(() => /trouvé/.test(document.querySelector('[data-etat]')?.textContent ?? ''));
    return {
      status: (await page.locator('[data-etat]').textContent()) ?? '',
      names: await page.locator('[data-resultats] .vignette__nom').allTextContents(),
    };
  } finally {
    await browser.close();
    await running.stop();
  }
}

function noticeFile(slug: string): string {
  return path.join(content, 'notices', `${slug}.md`);
}

function editNotice(slug: string, change: (data: Record<string, unknown>) => void): Record<string, unknown> {
  const { data, body } = parseNoticeFile(readFileSync(noticeFile(slug), 'utf8'));
  change(data);
  writeFileSync(noticeFile(slug), writeNoticeFile(data, body));
  return data;
}

function editFile(file: string, from: string | RegExp, to: string): void {
  const text = readFileSync(file, 'utf8');
  const next = text.replace(from, to);
  assert.notEqual(next, text, `${file} : « ${from} » introuvable`);
  writeFileSync(file, next);
}

/** The notices whose « Logiciels proches » list `slug`, as the notice pages compute them. */
function noticesListing(slug: string): string[] {
  const dir = path.join(content, 'notices');
  const all = readdirSync(dir)
    .filter((f) => f.endsWith('.md'))
    .map((f) => ({ slug: f.slice(0, -3), ...parseNoticeFile(readFileSync(path.join(dir, f), 'utf8')) }));
  return all
    .filter((other) => other.slug !== slug && relatedNotices(other as never, all as never[], slugify).some((n: { slug: string }) => n.slug === slug))
    .map((other) => `/notices/${other.slug}.html`);
}

/**
 * The pages that show a notice: its own two, its étiquettes (page and feed), alternatives,
 * selections, the notices that list it as close, and the lists of every notice's card (A–Z, licences).
 */
function pagesShowing(slug: string, data: Record<string, unknown>, selections: Record<string, string[]>): string[] {
  return [
    ...CARD_LISTS,
    `/notices/${slug}.html`,
    ...noticesListing(slug),
    `/notices/${slug}.json`,
    ...((data.etiquettes as string[] | undefined) ?? []).flatMap((id) => [`/etiquettes/${id}.html`, `/flux/etiquettes/${id}.xml`]),
    ...((data.alternative_a as string[] | undefined) ?? []).map((nom) => `/alternatives/${slugify(nom)}.html`),
    ...Object.entries(selections)
      .filter(([, slugs]) => slugs.includes(slug))
      .map(([id]) => `/selections/${id}.html`),
  ].sort();
}

/** The pages made of the cards of every notice, keyed like the others although each has a single path. */
const CARD_LISTS = ['/notices/index.html', '/licences/index.html'];

/** The keyed pages (those Astro may reuse) among `pages`. */
const keyedOf = (pages: Set<string>, keyed: Set<string>) => [...pages].filter((page) => keyed.has(page)).sort();

describe('constructions incrémentales', () => {
  let slugs: string[];
  let keyed: Set<string>;
  const selections = { premiers: [] as string[] };

  before(async () => {
    for (const entry of ['src', 'public', 'astro.config.ts', 'tsconfig.json', 'package.json', 'package-lock.json']) {
      cpSync(entry, path.join(project, entry), { recursive: true });
    }
    await generateNotices({ dir: content, count: 24, seed: 7, logoEvery: 0, today: '2026-11-21' });
    slugs = readdirSync(path.join(content, 'notices'))
      .filter((f) => f.endsWith('.md'))
      .map((f) => f.slice(0, -3))
      .sort();
    selections.premiers = slugs.slice(0, 3);
    mkdirSync(path.join(content, 'selections'));
    writeFileSync(
      path.join(content, 'selections', 'premiers.md'),
      `---\ntitre: Les premiers\ndescription_courte: Trois notices pour commencer.\nordre: 1\nnotices:\n${selections.premiers.map((s) => `  - ${s}\n`).join('')}---\n\nUne introduction.\n`,
    );
    writeFileSync(path.join(content, 'redirections.yaml'), `- ancien: ancien-nom\n  nouveau: ${slugs[5]}\n`);
    writeFileSync(
      path.join(content, 'chatons.yaml'),
      `- nom: Hébergeur d’essai\n  site_web: https://hebergeur.example/\n  services:\n    - logiciel: ${slugs[6]}\n      nom: Service d’essai\n      adresse: https://service.example/\n`,
    );
  });
  after(() => {
    rmSync(work, { recursive: true, force: true });
    rmSync(cache, { recursive: true, force: true });
  });

  it('rend tout à froid, puis ne rend plus aucune page à clé quand rien n’a changé, à l’octet près', () => {
    const cold = build();
    assert.equal(cold.reused.size, 0, 'cache vide : tout doit être rendu');
    assert.deepEqual(cold.shards, { written: 3, total: 3 });
    const before = treeHash(site);
    // Started another way (the shell's `_` differs): must not change the code hash of the pages.
    const again = build(out, cache, { _: '/usr/bin/npm' });
    keyed = again.reused;
    // Every page of getStaticPaths(): notices (page and JSON), étiquettes, feeds, alternatives, selection, redirect.
    for (const page of [`/notices/${slugs[0]}.html`, `/notices/${slugs[0]}.json`, '/notices/ancien-nom.html', '/selections/premiers.html', ...CARD_LISTS]) {
      assert.ok(keyed.has(page), `${page} aurait dû être repris`);
    }
    assert.ok(
      [...keyed].some((p) => p.startsWith('/etiquettes/')) && [...keyed].some((p) => p.startsWith('/flux/etiquettes/')) && [...keyed].some((p) => p.startsWith('/alternatives/')),
    );
    assert.deepEqual(keyedOf(again.rendered, keyed), [], 'aucune page à clé ne doit être rendue');
    assert.equal(again.shards.written, 0, 'aucune partie de l’index ne doit être réécrite');
    assert.equal(treeHash(site), before, 'dist/client doit être identique à l’octet près');
  });

  it('deux sorties qui partagent un cache : construire la seconde ne change rien à la première', () => {
    const first = treeHash(site);
    // Another checkout: the same notices but one, built into its own folder with the same cache.
    const otherContent = path.join(work, 'contenu-2');
    const otherOut = path.join(work, 'sortie-2');
    cpSync(content, otherContent, { recursive: true });
    const slug = slugs[2]!;
    const file = path.join(otherContent, 'notices', `${slug}.md`);
    const { data, body } = parseNoticeFile(readFileSync(file, 'utf8'));
    data.description_courte = 'Description de l’autre copie de travail.';
    writeFileSync(file, writeNoticeFile(data, body));
    try {
      const other = build(otherOut, cache, { FRAMALIBRE_CONTENT: otherContent });
      assert.ok(other.rendered.has(`/notices/${slug}.html`));
      assert.match(readPage(`/notices/${slug}.html`, path.join(otherOut, 'client')), /Description de l’autre copie de travail/);
      assert.equal(treeHash(site), first, 'la première sortie ne doit pas changer');
      assert.doesNotMatch(readPage(`/notices/${slug}.html`, site), /l’autre copie de travail/);
      // Built again from its own notices, the first folder is what it was, the shared cache notwithstanding.
      build();
      assert.equal(treeHash(site), first, 'reconstruite, la première sortie redonne les mêmes octets');
    } finally {
      rmSync(otherOut, { recursive: true, force: true });
      rmSync(otherContent, { recursive: true, force: true });
    }
  });

  it('après une notice modifiée, ne rend que ses pages et celles qui la listent, n’écrit que sa partie de l’index, et donne les octets d’une construction à froid', async () => {
    const slug = slugs[1]!; // in the selection too
    const data = editNotice(slug, (d) => {
      d.description_courte = 'Une description changée pour le test de construction incrémentale, zorglubienne.';
    });
    const log = build();
    assert.deepEqual(keyedOf(log.rendered, keyed), pagesShowing(slug, data, selections));
    assert.deepEqual(log.shards, { written: 1, total: 3 }, 'seule la partie de l’index qui tient la notice est réécrite');
    assert.match(readPage(`/notices/${slug}.html`, site), /Une description changée pour le test/);
    assert.match(readPage(`/selections/premiers.html`, site), /Une description changée pour le test/);
    assertSameAsCold('notice modifiée');
    // The search box finds the notice by its new words right away.
    const found = await searchOnSite('zorglubienne');
    assert.deepEqual(found.names, [data.nom], found.status);
  });

  it('ne rend pas la page de redirection quand seule la description de la notice visée change', () => {
    const target = slugs[5]!;
    const data = editNotice(target, (d) => {
      d.description_courte = 'Autre description.';
    });
    const log = build();
    // The redirect page shows the target's name only: a new one-liner does not concern it.
    assert.deepEqual(keyedOf(log.rendered, keyed), pagesShowing(target, data, selections));
  });

  it('après un texte de notice corrigé, garde les listes de toutes les notices (A–Z, licences), qui n’en montrent que les vignettes', () => {
    const slug = slugs[8]!;
    const { data, body } = parseNoticeFile(readFileSync(noticeFile(slug), 'utf8'));
    writeFileSync(noticeFile(slug), writeNoticeFile(data, `${body}\n\nUne phrase ajoutée au texte, sans toucher aux champs.`));
    const log = build();
    assert.ok(log.rendered.has(`/notices/${slug}.html`), 'la page de la notice aurait dû être rendue');
    assert.match(readPage(`/notices/${slug}.html`, site), /Une phrase ajoutée au texte/);
    for (const page of CARD_LISTS) assert.ok(log.reused.has(page), `${page} aurait dû être reprise`);
    assertSameAsCold('texte de notice corrigé');
  });

  it('rend toutes les pages de notices quand le vocabulaire change, et seulement les pages qui le montrent', () => {
    const vocabulary = path.join(content, 'etiquettes.yaml');
    const first = /libelle: (.+)/.exec(readFileSync(vocabulary, 'utf8'))!;
    editFile(vocabulary, first[0], `libelle: ${first[1]!.slice(0, 30)} modifiée`);
    const log = build();
    const rendered = keyedOf(log.rendered, keyed);
    for (const slug of slugs) assert.ok(rendered.includes(`/notices/${slug}.html`), `/notices/${slug}.html aurait dû être rendue`);
    // The JSON of a notice holds étiquette ids, not labels; the redirect page shows no label.
    for (const page of [`/notices/${slugs[0]}.json`, '/notices/ancien-nom.html']) assert.ok(log.reused.has(page), `${page} aurait dû être reprise`);
    assertSameAsCold('vocabulaire changé');
  });

  it('rend la page d’une notice quand ses services CHATONS changent', () => {
    editFile(path.join(content, 'chatons.yaml'), 'Service d’essai', 'Service d’essai renommé');
    const log = build();
    const rendered = keyedOf(log.rendered, keyed);
    assert.ok(rendered.includes(`/notices/${slugs[6]}.html`));
    assert.match(readPage(`/notices/${slugs[6]}.html`, site), /Service d’essai renommé/);
    for (const page of [`/notices/${slugs[6]}.json`, '/selections/premiers.html']) assert.ok(log.reused.has(page), `${page} aurait dû être reprise`);
    assertSameAsCold('CHATONS changés');
  });

  it('rend les pages qui montrent des logos quand les correspondances d’icônes changent', () => {
    // A reviewed mapping gives the first notice a brand icon: its page and the lists show it.
    writeFileSync(path.join(content, 'icones.yaml'), `correspondances:\n  ${slugs[0]}: firefoxbrowser\nexclusions: []\n`);
    const log = build();
    const rendered = keyedOf(log.rendered, keyed);
    assert.ok(rendered.includes(`/notices/${slugs[0]}.html`), 'la page de la notice aurait dû être rendue');
    assert.match(readPage(`/notices/${slugs[0]}.html`, site), /\/images\/logo\//);
    assertSameAsCold('icônes changées');
  });

  it('ajoute une notice : ses pages, sa partie de l’index, les mêmes octets qu’à froid, et la recherche la trouve aussitôt', async () => {
    const { data, body } = parseNoticeFile(readFileSync(noticeFile(slugs[3]!), 'utf8'));
    data.nom = 'Zorglubix Studio';
    delete data.autres_noms;
    data.description_courte = 'Une notice ajoutée pour le test de construction incrémentale.';
    writeFileSync(noticeFile('zorglubix-studio'), writeNoticeFile(data, body));
    const log = build();
    assert.ok(log.rendered.has('/notices/zorglubix-studio.html') && log.rendered.has('/notices/zorglubix-studio.json'));
    assert.deepEqual(log.shards, { written: 1, total: 3 });
    assertSameAsCold('notice ajoutée');
    const found = await searchOnSite('zorglubix');
    assert.deepEqual(found.names, ['Zorglubix Studio'], found.status);
  });

  it('renomme une notice : nouvelle page, page de redirection, index à jour, les mêmes octets qu’à froid', async () => {
    const old = slugs[4]!;
    const { data, body } = parseNoticeFile(readFileSync(noticeFile(old), 'utf8'));
    data.nom = 'Nouveau Nom Essai';
    delete data.autres_noms;
    writeFileSync(noticeFile('nouveau-nom-essai'), writeNoticeFile(data, body));
    rmSync(noticeFile(old));
    writeFileSync(path.join(content, 'redirections.yaml'), `${readFileSync(path.join(content, 'redirections.yaml'), 'utf8')}- ancien: ${old}\n  nouveau: nouveau-nom-essai\n`);
    const log = build();
    assert.ok(log.rendered.has('/notices/nouveau-nom-essai.html') && log.rendered.has(`/notices/${old}.html`));
    assert.match(readPage(`/notices/${old}.html`, site), /nouveau-nom-essai\.html/);
    assert.ok(log.shards.written >= 1 && log.shards.written <= 2, `parties écrites : ${log.shards.written}`);
    assertSameAsCold('notice renommée');
    const found = await searchOnSite('nouveau nom essai');
    assert.equal(found.names[0], 'Nouveau Nom Essai', found.status);
  });

  it('rend les pages de notices quand le nom d’une licence change (code de src/notices/licences.ts)', () => {
    const withMit = slugs.find((slug) => /licences:\n( {2}- .*\n)* {2}- MIT\n/.test(readFileSync(noticeFile(slug), 'utf8')));
    assert.ok(withMit, 'une notice sous licence MIT');
    editFile(path.join(project, 'src/notices/licences.ts'), `MIT: 'Licence MIT',`, `MIT: 'Licence MIT (nom changé)',`);
    const log = build();
    const rendered = keyedOf(log.rendered, keyed);
    for (const slug of slugs) assert.ok(rendered.includes(`/notices/${slug}.html`), `/notices/${slug}.html aurait dû être rendue`);
    assert.match(readPage(`/notices/${withMit}.html`, site), /Licence MIT \(nom changé\)/);
  });

  it('rend les pages de notices quand le rendu de leur texte change (code de src/notices/markdown.ts), comme une construction à froid', () => {
    // The notices read from content/ are kept in the build cache (src/notices/notice-store.ts):
    // a change to the code that renders them must not leave the old HTML there.
    editFile(
      path.join(project, 'src/notices/markdown.ts'),
      'const html = renderSafely(markdown);',
      `const html = renderSafely(markdown).replace('<p>', '<p data-rendu="nouveau">');`,
    );
    const log = build();
    const rendered = keyedOf(log.rendered, keyed);
    for (const slug of slugs) assert.ok(rendered.includes(`/notices/${slug}.html`), `/notices/${slug}.html aurait dû être rendue`);
    assert.match(readPage(`/notices/${slugs[0]}.html`, site), /<p data-rendu="nouveau">/);
    assertSameAsCold('rendu du texte changé');
  });

  it('rend les « Logiciels proches » selon le code qui les choisit (src/notices/catalogue.ts), comme une construction à froid', () => {
    // The lists are kept in the build cache (src/build/related-cache.ts) while the notices' fields
    // that decide them stay the same: a change to the rule must compute them again.
    editFile(path.join(project, 'src/notices/catalogue.ts'), 'slugOf: (name: string) => string, limit = 6): T[] {', 'slugOf: (name: string) => string, limit = 2): T[] {');
    const log = build();
    const rendered = keyedOf(log.rendered, keyed);
    for (const slug of slugs) assert.ok(rendered.includes(`/notices/${slug}.html`), `/notices/${slug}.html aurait dû être rendue`);
    assertSameAsCold('règle des logiciels proches changée');
  });

  it('supprime les pages d’une notice supprimée, comme une construction à froid', () => {
    const slug = slugs[10]!;
    rmSync(noticeFile(slug));
    const log = build();
    assert.ok(!log.rendered.has(`/notices/${slug}.html`) && !log.reused.has(`/notices/${slug}.html`));
    for (const page of [`/notices/${slug}.html`, `/notices/${slug}.json`]) assert.ok(!existsSync(path.join(site, page)), `${page} aurait dû disparaître`);
    assertSameAsCold('notice supprimée');
  });

  it('rend les pages qui utilisent la feuille de style quand elle change (nouvelle adresse du fichier CSS)', () => {
    const stylesheet = (html: string) => /<link rel="stylesheet" href="([^"]+\.css)"/.exec(html)?.[1];
    const before = stylesheet(readPage(`/notices/${slugs[0]}.html`, site));
    assert.ok(before, 'feuille de style liée');
    editFile(path.join(project, 'src/styles/global.css'), /^body \{\n {2}margin: 0;/m, 'body {\n  margin: 0;\n  word-spacing: 0.01em;');
    const log = build();
    assert.ok(log.rendered.has(`/notices/${slugs[0]}.html`) && log.rendered.has('/selections/premiers.html'));
    const after = stylesheet(readPage(`/notices/${slugs[0]}.html`, site));
    assert.notEqual(after, before);
    assert.match(readFileSync(path.join(site, after!), 'utf8'), /word-spacing/);
    assert.equal(stylesheet(readPage('/selections/premiers.html', site)), after);
  });

  it('rend toutes les pages quand le code de la mise en page change', () => {
    editFile(path.join(project, 'src/components/Layout.astro'), 'Sans pisteur, sans publicité', 'Sans pisteur (mise en page changée), sans publicité');
    const log = build();
    const rendered = keyedOf(log.rendered, keyed);
    for (const page of keyed) {
      if (!log.rendered.has(page) && !log.reused.has(page)) continue; // gone with the deleted notice
      // No layout there: JSON, feeds, redirect pages (the old slugs, one renamed by a test above).
      if (page.endsWith('.json') || page.endsWith('.xml') || page === '/notices/ancien-nom.html' || page === `/notices/${slugs[4]}.html`) continue;
      assert.ok(rendered.includes(page), `${page} aurait dû être rendue`);
    }
    assert.match(readPage('/selections/premiers.html', site), /mise en page changée/);
    assert.ok(log.reused.has(`/notices/${slugs[0]}.json`), 'le JSON d’une notice n’utilise pas la mise en page');
  });
});
