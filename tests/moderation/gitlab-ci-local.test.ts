/**
 * The merge request's validation job, run for real by gitlab-ci-local (shell executor, no Docker,
 * no network) in a throwaway repository: a proposal with a non-free licence makes the job fail
 * with the French message; a good proposal passes. The repository reuses this project's
 * node_modules (symlink + FRAMALIBRE_REUTILISER_NODE_MODULES=1): no `npm ci` inside.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { chmodSync, copyFileSync, cpSync, existsSync, mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { FIXTURES, git } from './support.ts';

const ROOT = process.cwd();

describe('gitlab-ci-local : la tâche « validation » d’une merge request', () => {
  let dir: string;
  let base: string;
  let binDir: string;

  before(() => {
    dir = mkdtempSync(path.join(tmpdir(), 'framalibre-gcl-'));
    // What the job needs: the pipeline, the npm scripts, the code, and a small directory.
    for (const file of ['.gitlab-ci.yml', 'package.json', 'tsconfig.json']) copyFileSync(path.join(ROOT, file), path.join(dir, file));
    for (const folder of ['scripts', 'src', '.gitlab/ci']) cpSync(path.join(ROOT, folder), path.join(dir, folder), { recursive: true });
    mkdirSync(path.join(dir, 'content'));
    for (const vocabulary of ['etiquettes.yaml', 'plateformes.yaml']) copyFileSync(path.join(ROOT, 'content', vocabulary), path.join(dir, 'content', vocabulary));
    cpSync(path.join(FIXTURES, 'avant', 'notices'), path.join(dir, 'content', 'notices'), { recursive: true });
    writeFileSync(path.join(dir, '.gitignore'), 'node_modules\n.gitlab-ci-local/\n');
    symlinkSync(path.join(ROOT, 'node_modules'), path.join(dir, 'node_modules'), 'dir');

    git(dir, 'init', '-q', '-b', 'main');
    git(dir, 'add', '-A');
    git(dir, 'commit', '-q', '-m', 'base');
    base = git(dir, 'rev-parse', 'HEAD');
    // A remote that is never contacted: gitlab-ci-local only reads its name and origin/HEAD.
    git(dir, 'remote', 'add', 'origin', 'https://gitlab.example.org/framasoft/framalibre.git');
    git(dir, 'update-ref', 'refs/remotes/origin/main', base);
    git(dir, 'symbolic-ref', 'refs/remotes/origin/HEAD', 'refs/remotes/origin/main');

    // gitlab-ci-local copies the tree with rsync for its Docker executor even when every job
    // runs in the shell; where rsync is missing, a no-op stands in (the copy is never used).
    binDir = mkdtempSync(path.join(tmpdir(), 'framalibre-gcl-bin-'));
    const hasRsync = spawnSync('sh', ['-c', 'command -v rsync'], { encoding: 'utf8' }).status === 0;
    if (!hasRsync) {
      writeFileSync(path.join(binDir, 'rsync'), '#!/bin/sh\nexit 0\n');
      chmodSync(path.join(binDir, 'rsync'), 0o755);
    }
  });
  after(() => {
    rmSync(dir, { recursive: true, force: true });
    rmSync(binDir, { recursive: true, force: true });
  });

  /** Commits `notice` on a branch from the base and runs the job as a merge request would. */
  function runValidation(branch: string, notice: string) {
    git(dir, 'checkout', '-q', '-B', branch, base);
    copyFileSync(notice, path.join(dir, 'content', 'notices', path.basename(notice)));
    git(dir, 'add', '-A');
    git(dir, 'commit', '-q', '-m', `proposition ${branch}`);
    const result = spawnSync(
      process.execPath,
      [
        path.join(ROOT, 'node_modules/gitlab-ci-local/dist/index.js'),
        '--force-shell-executor',
        '--no-color',
        '--unset-variable',
        'CI_COMMIT_BRANCH',
        '--variable',
        'CI_PIPELINE_SOURCE=merge_request_event',
        '--variable',
        'CI_MERGE_REQUEST_IID=7',
        '--variable',
        `CI_MERGE_REQUEST_DIFF_BASE_SHA=${base}`,
        '--variable',
        'FRAMALIBRE_REUTILISER_NODE_MODULES=1',
        'validation',
      ],
      {
        cwd: dir,
        encoding: 'utf8',
        timeout: 120_000,
        env: {
          ...process.env,
          // The job's `npm run` finds Node 24 in node_modules/.bin, as on a developer's machine.
          PATH: [binDir, path.join(ROOT, 'node_modules/.bin'), process.env.PATH].join(path.delimiter),
          GCL_IGNORE_PREDEFINED_VARS: 'CI_PIPELINE_SOURCE,CI_COMMIT_BRANCH',
          NO_COLOR: '1',
        },
      },
    );
    return { code: result.status, out: `${result.stdout}\n${result.stderr}` };
  }

  it('échoue sur une notice à licence non libre, avec le message français', () => {
    const { code, out } = runValidation('proposition-douteuse', path.join(FIXTURES, 'apres', 'notices', 'logiciel-douteux.md'));
    assert.notEqual(code, 0, out);
    assert.match(out, /Notices ajoutées ou modifiées par la merge request : 1/);
    assert.match(out, /ERREUR content\/notices\/logiciel-douteux\.md : licences : élément 1 : « BUSL-1\.1 » n’est pas une licence libre/);
    assert.match(out, /FAIL\s+validation/);
  });

  it('passe sur une bonne notice', () => {
    const { code, out } = runValidation('proposition-inkscape', path.join(FIXTURES, 'bonne', 'inkscape.md'));
    assert.equal(code, 0, out);
    assert.match(out, /ajout\s+content\/notices\/inkscape\.md/);
    assert.match(out, /1 notice\(s\) vérifiée\(s\) : 0 erreur\(s\)/);
    assert.match(out, /PASS\s+validation/);
    assert.ok(!existsSync(path.join(dir, '.gitlab-ci-local', 'builds', 'validation')), 'le job a tourné dans le dépôt (exécuteur shell), sans copie');
  });
});
