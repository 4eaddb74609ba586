/**
 * `npm test` itself on a fresh machine: what it says when a Debian package is missing, and the
 * dependency rule it enforces (.dependency-cruiser.mjs) refusing an import the wrong way.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { chmodSync, copyFileSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, describe, it } from 'node:test';
import { missingPackages } from '../scripts/preflight.ts';

const work = mkdtempSync(path.join(tmpdir(), 'framalibre-test-command-'));
after(() => rmSync(work, { recursive: true, force: true }));

/** A folder holding fake executables of these names. */
function binDir(name: string, programs: readonly string[]): string {
  const dir = path.join(work, name);
  mkdirSync(dir, { recursive: true });
  for (const program of programs) {
    writeFileSync(path.join(dir, program), '#!/bin/sh\nexit 0\n');
    chmodSync(path.join(dir, program), 0o755);
  }
  return dir;
}

describe('npm test sur une machine neuve', () => {
  it('nomme les paquets Debian qui manquent, et rien quand tout est là', () => {
    const full = binDir('full', ['chromium', 'redis-server', 'git', 'rsync']);
    assert.deepEqual(missingPackages({ PATH: full, CHROMIUM_PATH: path.join(full, 'chromium') }), []);
    const empty = binDir('empty', []);
    assert.deepEqual(missingPackages({ PATH: empty, CHROMIUM_PATH: path.join(empty, 'chromium') }), ['chromium', 'redis-server', 'git', 'rsync']);
    // A file that cannot be run does not count.
    const broken = binDir('broken', ['git']);
    chmodSync(path.join(broken, 'git'), 0o644);
    assert.deepEqual(missingPackages({ PATH: `${broken}${path.delimiter}${full}`, CHROMIUM_PATH: path.join(full, 'chromium') }), []);
    assert.deepEqual(missingPackages({ PATH: broken, CHROMIUM_PATH: path.join(full, 'chromium') }), ['redis-server', 'git', 'rsync']);
  });

  it('sans apt-get, s’arrête avant la construction avec la commande à lancer', () => {
    const some = binDir('some', ['chromium', 'git']);
    const result = spawnSync(process.execPath, ['scripts/test.ts'], {
      encoding: 'utf8',
      env: { PATH: some, CHROMIUM_PATH: path.join(some, 'chromium'), HOME: work },
    });
    assert.equal(result.status, 1);
    assert.deepEqual(result.stdout.trim().split('\n'), [
      'Il manque redis-server, rsync pour les tests : lancez « sudo apt-get update && sudo apt-get install -y redis-server rsync », puis npm test.',
      '0 passed, 1 failed',
    ]);
  });

  it('un CHROMIUM_PATH qui ne mène à rien est nommé tel quel', () => {
    const all = binDir('all', ['redis-server', 'git', 'rsync', 'apt-get']);
    const result = spawnSync(process.execPath, ['scripts/test.ts'], { encoding: 'utf8', env: { PATH: all, CHROMIUM_PATH: '/nulle/part/chromium', HOME: work } });
    assert.equal(result.status, 1);
    assert.match(result.stdout, /^CHROMIUM_PATH=\/nulle\/part\/chromium n’est pas un exécutable/);
  });
});

describe('la règle des dépendances (dependency-cruiser)', () => {
  it('refuse qu’une notice importe la construction, accepte l’inverse', () => {
    const tree = path.join(work, 'arbre');
    mkdirSync(path.join(tree, 'src', 'notices'), { recursive: true });
    mkdirSync(path.join(tree, 'src', 'build'), { recursive: true });
    copyFileSync('.dependency-cruiser.mjs', path.join(tree, '.dependency-cruiser.mjs'));
    writeFileSync(path.join(tree, 'tsconfig.json'), '{ "compilerOptions": { "allowImportingTsExtensions": true, "noEmit": true } }\n');
    writeFileSync(path.join(tree, 'src', 'build', 'logos.ts'), 'export const size = 256;\n');
    const depcruise = path.resolve('node_modules/.bin/depcruise');
    const check = () => spawnSync(depcruise, ['src', '--config', '.dependency-cruiser.mjs'], { cwd: tree, encoding: 'utf8' });

    writeFileSync(path.join(tree, 'src', 'notices', 'schema.ts'), 'export const name = 1;\n');
    writeFileSync(path.join(tree, 'src', 'build', 'pages.ts'), "import { name } from '../notices/schema.ts';\nexport const page = name;\n");
    assert.equal(check().status, 0);

    writeFileSync(path.join(tree, 'src', 'notices', 'schema.ts'), "import { size } from '../build/logos.ts';\nexport const name = size;\n");
    const refused = check();
    assert.notEqual(refused.status, 0);
    assert.match(refused.stdout, /etage-0-notices: src\/notices\/schema\.ts → src\/build\/logos\.ts/);
  });
});
