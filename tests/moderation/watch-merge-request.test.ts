/**
 * The veille proposes content/activite.yaml on the branch veille/activite with GitLab's push
 * options for a merge request, and never touches the default branch. Run against a local bare
 * repository standing for GitLab (it records the push options it receives).
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync, mkdirSync, chmodSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, it } from 'node:test';
import { git } from './support.ts';

const script = path.resolve('scripts/moderation/watch-merge-request.sh');

function setup() {
  const dir = mkdtempSync(path.join(tmpdir(), 'veille-mr-'));
  const remote = path.join(dir, 'gitlab.git');
  git(dir, 'init', '-q', '--bare', '-b', 'main', remote);
  git(remote, 'config', 'receive.advertisePushOptions', 'true');
  const hook = path.join(remote, 'hooks', 'pre-receive');
  writeFileSync(
    hook,
    '#!/bin/sh\ni=0\nwhile [ "$i" -lt "$GIT_PUSH_OPTION_COUNT" ]; do eval "echo \\$GIT_PUSH_OPTION_$i" >> "$GIT_DIR/options"; i=$((i+1)); done\ncat >> "$GIT_DIR/refs-received"\n',
  );
  chmodSync(hook, 0o755);
  const work = path.join(dir, 'checkout');
  git(dir, 'clone', '-q', remote, work);
  mkdirSync(path.join(work, 'content'));
  writeFileSync(path.join(work, 'content', 'activite.yaml'), 'gimp: {archive: false, releve_le: 2026-11-30}\n');
  git(work, '-c', 'user.name=t', '-c', 'user.email=t@t', 'add', '.');
  git(work, '-c', 'user.name=t', '-c', 'user.email=t@t', 'commit', '-q', '-m', 'départ');
  git(work, 'push', '-q', 'origin', 'HEAD:main');
  const main = git(remote, 'rev-parse', 'main').trim();
  const run = (env: Record<string, string>) =>
    spawnSync('bash', [script], { cwd: work, encoding: 'utf8', env: { ...process.env, CI_REPOSITORY_URL: remote, CI_DEFAULT_BRANCH: 'main', ...env } });
  return { remote, work, main, run };
}

describe('la veille propose content/activite.yaml par merge request', () => {
  it('pousse la branche veille/activite avec les options de merge request, jamais main', () => {
    const { remote, work, main, run } = setup();
    writeFileSync(path.join(work, 'content', 'activite.yaml'), 'gimp: {archive: true, releve_le: 2026-12-07}');
    const result = run({ MODERATION_WATCH_TOKEN: 'jeton-secret' });
    assert.equal(result.status, 0, result.stderr);
    assert.match(result.stdout, /proposé sur la branche veille\/activite/);
    assert.doesNotMatch(result.stdout + result.stderr, /jeton-secret/);
    assert.equal(git(remote, 'rev-parse', 'main').trim(), main, 'main inchangée');
    assert.equal(git(remote, 'show', 'veille/activite:content/activite.yaml'), 'gimp: {archive: true, releve_le: 2026-12-07}');
    const options = readFileSync(path.join(remote, 'options'), 'utf8');
    assert.match(options, /^merge_request\.create$/m);
    assert.match(options, /^merge_request\.target=main$/m);
    assert.match(options, /^merge_request\.label=veille des notices$/m);
  });

  it('ne fait rien sans jeton ou sans changement', () => {
    const { remote, work, run } = setup();
    assert.match(run({}).stdout, /MODERATION_WATCH_TOKEN absent/);
    // The old name still works.
    assert.match(run({ VEILLE_TOKEN: 'x' }).stdout, /inchangé : pas de merge request/);
    writeFileSync(path.join(work, 'content', 'activite.yaml'), 'autre: {archive: true, releve_le: 2026-12-07}\n');
    assert.equal(run({}).status, 0);
    const both = run({ MODERATION_WATCH_TOKEN: 'un', VEILLE_TOKEN: 'deux' });
    assert.equal(both.status, 0, 'la veille ne fait jamais échouer la tâche');
    assert.match(both.stderr, /MODERATION_WATCH_TOKEN et son ancien nom VEILLE_TOKEN sont toutes deux définies, avec des valeurs différentes/);
    assert.equal(spawnSync('git', ['rev-parse', '--verify', '-q', 'veille/activite'], { cwd: remote }).status, 1, 'aucune branche poussée');
  });
});
