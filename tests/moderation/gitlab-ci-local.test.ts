/**
 * The merge request's validation job, run for real by gitlab-ci-local (shell executor, no Docker,
 * no network) in a throwaway repository: a proposal with a non-free licence makes the job fail
 * with the French message; a good proposal passes. Then a hostile branch: no secret, no Pages. The repository reuses this project's
 * node_modules (symlink + FRAMALIBRE_REUSE_NODE_MODULES=1): no `npm ci` inside.
 */
import assert from 'node:assert/strict';
import { execFile, spawnSync } from 'node:child_process';
import { chmodSync, copyFileSync, cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { FIXTURES, git } from './support.ts';
import { startFakeGitlab, type FakeGitlab } from '../support/fake-gitlab.ts';

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
        'FRAMALIBRE_REUSE_NODE_MODULES=1',
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

/**
 * What a hostile branch gets. GitLab runs the pipeline definition named by the project's « CI/CD
 * configuration file » setting: pointed at the configuration project, it is the default branch's
 * .gitlab-ci.yml (.gitlab/ci/projet-de-configuration.yml), whatever the pushed branch contains.
 * gitlab-ci-local stands for that setting with `--file` (the default branch's file, kept outside
 * the branch's tree). MODERATION_TOKEN is defined as the operator defines it, scoped to the
 * « moderation » environment; that it is also protected (given only to protected refs) is
 * GitLab's rule, which gitlab-ci-local does not implement: the merge request pipeline is run here
 * as if its ref were protected, to show that the environment scope alone keeps the token away.
 */
describe('gitlab-ci-local : une branche qui change .gitlab-ci.yml ou les scripts de package.json', () => {
  const SECRET = 'glpat-secret-de-moderation-0123456789';
  let dir: string;
  let base: string;
  let binDir: string;
  let gitlab: FakeGitlab;
  const TRUSTED = '.configuration-du-projet/framalibre.yml';

  before(async () => {
    dir = mkdtempSync(path.join(tmpdir(), 'framalibre-gcl-piege-'));
    for (const file of ['.gitlab-ci.yml', 'package.json', 'tsconfig.json']) copyFileSync(path.join(ROOT, file), path.join(dir, file));
    for (const folder of ['scripts', 'src', '.gitlab/ci']) cpSync(path.join(ROOT, folder), path.join(dir, folder), { recursive: true });
    mkdirSync(path.join(dir, 'content'));
    for (const vocabulary of ['etiquettes.yaml', 'plateformes.yaml']) copyFileSync(path.join(ROOT, 'content', vocabulary), path.join(dir, 'content', vocabulary));
    cpSync(path.join(FIXTURES, 'avant', 'notices'), path.join(dir, 'content', 'notices'), { recursive: true });
    writeFileSync(path.join(dir, '.gitignore'), 'node_modules\n.gitlab-ci-local/\n.configuration-du-projet/\n.gitlab-ci-local-variables.yml\ndist/\npublic/\n');
    symlinkSync(path.join(ROOT, 'node_modules'), path.join(dir, 'node_modules'), 'dir');
    git(dir, 'init', '-q', '-b', 'main');
    git(dir, 'add', '-A');
    git(dir, 'commit', '-q', '-m', 'base');
    base = git(dir, 'rev-parse', 'HEAD');
    git(dir, 'remote', 'add', 'origin', 'https://gitlab.example.org/framasoft/framalibre.git');
    git(dir, 'update-ref', 'refs/remotes/origin/main', base);
    git(dir, 'symbolic-ref', 'refs/remotes/origin/HEAD', 'refs/remotes/origin/main');

    // The hostile branch: its own pipeline (a job that prints the token, a `pages` job) and npm
    // scripts that print the token from inside the jobs the trusted pipeline does run.
    git(dir, 'checkout', '-q', '-b', 'contribution/piege');
    writeFileSync(
      path.join(dir, '.gitlab-ci.yml'),
      [
        'fuite:',
        '  script:',
        '    - echo "FUITE=$MODERATION_TOKEN"',
        'pages:',
        '  script:',
        '    - mkdir -p public && echo pirate > public/index.html',
        '  artifacts:',
        '    paths: [public]',
        '',
      ].join('\n'),
    );
    const pkg = JSON.parse(readFileSync(path.join(dir, 'package.json'), 'utf8'));
    const leak = (job: string) => `node -e "console.log('${job}-VOIT=' + (process.env.MODERATION_TOKEN || 'absent'))"`;
    pkg.scripts['moderation:valider'] = leak('VALIDATION');
    pkg.scripts['moderation:rapport'] = leak('RAPPORT');
    writeFileSync(path.join(dir, 'package.json'), `${JSON.stringify(pkg, null, 2)}\n`);
    git(dir, 'add', '-A');
    git(dir, 'commit', '-q', '-m', 'proposition piégée');

    // The default branch's file, as the configuration project includes it.
    mkdirSync(path.join(dir, '.configuration-du-projet'));
    writeFileSync(path.join(dir, TRUSTED), git(dir, 'show', `${base}:.gitlab-ci.yml`));
    // The project's CI/CD variable, scoped like the guide says (gitlab-ci-local's variables file).
    writeFileSync(path.join(dir, '.gitlab-ci-local-variables.yml'), `MODERATION_TOKEN:\n  values:\n    moderation: ${SECRET}\n`);

    binDir = mkdtempSync(path.join(tmpdir(), 'framalibre-gcl-bin-'));
    if (spawnSync('sh', ['-c', 'command -v rsync'], { encoding: 'utf8' }).status !== 0) {
      writeFileSync(path.join(binDir, 'rsync'), '#!/bin/sh\nexit 0\n');
      chmodSync(path.join(binDir, 'rsync'), 0o755);
    }
    gitlab = await startFakeGitlab({ userId: 42, token: SECRET, projectId: '123' });
  });
  after(async () => {
    await gitlab.close();
    rmSync(dir, { recursive: true, force: true });
    rmSync(binDir, { recursive: true, force: true });
  });

  /** gitlab-ci-local in `dir`, asynchronously (the fake GitLab answers from this process). */
  const gcl = (args: string[]) =>
    new Promise<{ code: number; out: string; stdout: string }>((resolve) => {
      execFile(
        process.execPath,
        [path.join(ROOT, 'node_modules/gitlab-ci-local/dist/index.js'), '--no-color', ...args],
        {
          cwd: dir,
          encoding: 'utf8',
          timeout: 180_000,
          maxBuffer: 64 * 1024 * 1024,
          env: {
            ...process.env,
            PATH: [binDir, path.join(ROOT, 'node_modules/.bin'), process.env.PATH].join(path.delimiter),
            GCL_IGNORE_PREDEFINED_VARS: 'CI_PIPELINE_SOURCE,CI_COMMIT_BRANCH,CI_COMMIT_REF_PROTECTED,CI_API_V4_URL,CI_PROJECT_ID,CI_DEFAULT_BRANCH',
            NO_COLOR: '1',
          },
        },
        (error, stdout, stderr) => resolve({ code: error ? Number(error.code ?? 1) : 0, out: `${stdout}\n${stderr}`, stdout }),
      );
    });
  const mergeRequest = ['--unset-variable', 'CI_COMMIT_BRANCH', '--variable', 'CI_PIPELINE_SOURCE=merge_request_event', '--variable', 'CI_MERGE_REQUEST_IID=7'];
  const listed = async (args: string[]) => {
    const { code, out, stdout } = await gcl(['--list-json', ...args]);
    assert.equal(code, 0, out);
    return (JSON.parse(stdout.slice(stdout.indexOf('\n[') + 1)) as { name: string; when: string }[])
      .filter((j) => j.when !== 'never')
      .map((j) => j.name)
      .sort();
  };

  it('sans le réglage « CI/CD configuration file », la branche décide de tout : c’est ce que le réglage empêche', async () => {
    git(dir, 'checkout', '-q', 'contribution/piege');
    const jobs = await listed(mergeRequest);
    assert.ok(jobs.includes('fuite') && jobs.includes('pages'), jobs.join(', '));
  });

  it('avec le réglage, son pipeline de merge request est celui de main : ni sa tâche « fuite », ni Pages, ni tâche à jeton', async () => {
    git(dir, 'checkout', '-q', 'contribution/piege');
    const expected = ['apercu', 'construction', 'installation', 'rapport', 'tests', 'validation'];
    assert.deepEqual(await listed(['--file', TRUSTED, ...mergeRequest]), expected);
    // Even if the ref were protected (a merge request between protected branches).
    assert.deepEqual(await listed(['--file', TRUSTED, ...mergeRequest, '--variable', 'CI_COMMIT_REF_PROTECTED=true']), expected);
  });

  it('ses scripts npm tournent dans les tâches de main, mais n’y voient pas MODERATION_TOKEN', async () => {
    git(dir, 'checkout', '-q', 'contribution/piege');
    const { code, out } = await gcl([
      '--file',
      TRUSTED,
      '--force-shell-executor',
      ...mergeRequest,
      '--variable',
      'CI_COMMIT_REF_PROTECTED=true',
      '--variable',
      `CI_MERGE_REQUEST_DIFF_BASE_SHA=${base}`,
      '--variable',
      'FRAMALIBRE_REUSE_NODE_MODULES=1',
      'validation',
      'rapport',
    ]);
    // The branch's code did run (its scripts replaced ours)…
    assert.match(out, /VALIDATION-VOIT=absent/, out);
    assert.match(out, /RAPPORT-VOIT=absent/, out);
    // …without the secret, in any form.
    assert.ok(!out.includes(SECRET), 'le jeton n’apparaît nulle part');
    assert.doesNotMatch(out, /FUITE=/);
    assert.equal(code, 0, out);
  });

  it('sur main protégée, le pipeline de confiance publie Pages, et seule la tâche planifiée « rapports » reçoit le jeton', async () => {
    git(dir, 'checkout', '-q', 'main');
    const pushJobs = await listed(['--file', TRUSTED, '--variable', 'CI_PIPELINE_SOURCE=push', '--variable', 'CI_COMMIT_REF_PROTECTED=true']);
    assert.deepEqual(pushJobs, ['construction', 'installation', 'pages', 'tests', 'validation']);

    // The Pages job itself, on a built site standing in for the construction job's artifact.
    mkdirSync(path.join(dir, 'dist', 'client'), { recursive: true });
    writeFileSync(path.join(dir, 'dist', 'client', 'index.html'), '<!doctype html><title>Framalibre</title>');
    const pages = await gcl([
      '--file',
      TRUSTED,
      '--force-shell-executor',
      '--no-needs',
      '--variable',
      'CI_PIPELINE_SOURCE=push',
      '--variable',
      'CI_COMMIT_REF_PROTECTED=true',
      'pages',
    ]);
    assert.match(pages.out, /Publication de 1 pages\./, pages.out);
    assert.ok(existsSync(path.join(dir, 'public', 'index.html')));

    // The scheduled report job: the token reaches GitLab (here, the fake one), from main's code.
    const scheduled = await gcl([
      '--file',
      TRUSTED,
      '--force-shell-executor',
      '--variable',
      'CI_PIPELINE_SOURCE=schedule',
      '--variable',
      'CI_COMMIT_REF_PROTECTED=true',
      '--variable',
      'CI_DEFAULT_BRANCH=main',
      '--variable',
      `CI_API_V4_URL=${gitlab.apiUrl}`,
      '--variable',
      'CI_PROJECT_ID=123',
      '--variable',
      // The old name of FRAMALIBRE_REUSE_NODE_MODULES, still read (without it, `npm ci` would run).
      'FRAMALIBRE_REUTILISER_NODE_MODULES=1',
      'rapports',
    ]);
    assert.match(scheduled.out, /0 merge request\(s\) ouverte\(s\) vers main/, scheduled.out);
    const asked = gitlab.requests.filter((r) => r.url.includes('/merge_requests?'));
    assert.equal(asked.length, 1, scheduled.out);
    assert.equal(asked[0]!.headers['private-token'], SECRET);
    assert.ok(!scheduled.out.includes(SECRET), 'masqué dans le journal : le script ne l’écrit jamais');
  });
});
