/**
 * The benchmark tools: the notice generator writes valid, reproducible notices, and the build
 * log parser still reads the lines the site section's figures come from.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, describe, it } from 'node:test';
import { generateNotices } from '../../bench/generate-notices.ts';
import { formatTable } from '../../bench/lib.ts';
import { parseBuildLog } from '../../bench/site-build.ts';

const temp = mkdtempSync(path.join(tmpdir(), 'bench-tools-'));
after(() => rmSync(temp, { recursive: true, force: true }));

describe('générateur de notices des mesures', () => {
  it('écrit des notices valides, logos compris, et toujours les mêmes', async () => {
    const first = await generateNotices({ dir: path.join(temp, 'a'), count: 150, seed: 7, logoEvery: 30 });
    await generateNotices({ dir: path.join(temp, 'b'), count: 150, seed: 7, logoEvery: 30 });
    const files = readdirSync(first.noticesDir).filter((name) => name.endsWith('.md'));
    assert.equal(files.length, 150);
    assert.equal(first.logos, 5);
    assert.equal(readdirSync(path.join(first.noticesDir, 'logos')).length, 5);
    for (const file of files) {
      assert.equal(readFileSync(path.join(first.noticesDir, file), 'utf8'), readFileSync(path.join(temp, 'b', 'notices', file), 'utf8'), file);
    }
    const result = spawnSync(process.execPath, ['scripts/validate.ts', ...files.map((file) => path.join(first.noticesDir, file))], { encoding: 'utf8' });
    assert.equal(result.status, 0, result.stdout);
    assert.match(result.stdout, /150 notice\(s\) vérifiée\(s\) : 0 erreur\(s\), 0 avertissement\(s\)/);
  });

  it('refuse de vider un dossier qu’il n’a pas créé', async () => {
    await assert.rejects(generateNotices({ dir: 'content', count: 1 }), /n’a pas été créé par ce générateur/);
  });
});

describe('lecture du journal de construction', () => {
  it('retrouve les durées des étapes', () => {
    const lines = [
      { ms: 900, text: '20:00:19 [content] Syncing content' },
      { ms: 1400, text: '20:00:20 \u001b[32m[content]\u001b[39m Synced content' },
      { ms: 1500, text: '20:00:20 \u001b[32m[types]\u001b[39m Generated 1.20s' },
      { ms: 2600, text: ' prerendering static routes ' },
      { ms: 2700, text: '20:00:21   ├─ /notices/zulip.html (+2ms) ' },
      { ms: 2800, text: '20:00:21   ├─ /notices/zulip.json (+1ms) ' },
      { ms: 2850, text: '20:00:21   ├─ /notices/gimp.html\u001b[32m (cached)\u001b[39m' },
      { ms: 2860, text: '20:00:21   ├─ /notices/gimp.json (restored)' },
      { ms: 8900, text: '20:00:21   └─ /notices/index.html (+1.5s) ' },
      { ms: 9000, text: '20:00:21 ✓ Completed in 6.2s.' },
      { ms: 9100, text: '20:00:21 [build] ✓ Completed in 1.73s.' },
      { ms: 9300, text: '20:00:21 [framalibre-build] logos : 3 produits, 97 repris du cache (180 ms)' },
      { ms: 11000, text: '20:00:22 [framalibre-build] recherche : 10442 pages indexées (1650 ms), 1 partie(s) de l’index écrite(s) sur 10, vocabulaire de correction 145 Kio' },
    ];
    assert.deepEqual(parseBuildLog(lines), {
      contentMs: 1500,
      bundleMs: 1100,
      renderMs: 6200,
      logosBuilt: 3,
      logosCached: 97,
      logosMs: 180,
      pages: 10442,
      searchMs: 1650,
      shardsBuilt: 1,
      shards: 10,
      routeMsByKind: { '/notices/*.html': 2, '/notices/*.json': 1, 'autres pages': 1500 },
      slowestRoutes: [
        { route: '/notices/index.html', ms: 1500 },
        { route: '/notices/zulip.html', ms: 2 },
        { route: '/notices/zulip.json', ms: 1 },
      ],
      renderedPages: 3,
      reusedPages: 2,
    });
  });

  it('lit une durée de rendu de plus d’une minute', () => {
    const figures = parseBuildLog([
      { ms: 100, text: ' generating static routes ' },
      { ms: 65200, text: '20:01:21 ✓ Completed in 1m 5s.' },
    ]);
    assert.equal(figures.renderMs, 65_000);
  });

  it('compte les pages d’une construction à froid, dont les lignes se mélangent (quatre pages à la fois)', () => {
    const figures = parseBuildLog([
      { ms: 100, text: ' prerendering static routes ' },
      { ms: 200, text: '14:53:14   ├─ /404.html14:53:14   ├─ /a-propos/index.html14:53:14   ├─ /notices/gimp.html (+3ms) ' },
      { ms: 300, text: ' (+2.98s) ' },
      { ms: 400, text: '14:53:15   └─ /index.html (+12ms) ' },
      { ms: 500, text: '14:53:15 ✓ Completed in 3.2s.' },
    ]);
    assert.equal(figures.renderedPages, 4);
    assert.equal(figures.reusedPages, 0);
  });

  it('aligne un tableau de résultats', () => {
    const table = formatTable([
      { jeu: 'a', 'total (s)': 12.5 },
      { jeu: 'bbb', 'total (s)': '' },
    ]).split('\n');
    assert.deepEqual(table, ['| jeu | total (s) |', '| --- | --------: |', '| a   |      12.5 |', '| bbb |           |']);
  });
});
