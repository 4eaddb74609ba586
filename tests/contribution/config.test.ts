/**
 * Renamed environment variables (src/shared/env.ts): the new name is read, the old one still
 * works when the new one is absent, and both set to different values stop the function with a
 * French message naming both. The same for the shell of .gitlab-ci.yml (scripts/env-aliases.ts).
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { describe, it } from 'node:test';
import { ConfigError, loadConfig } from '../../src/contribution/config.ts';
import { RENAMED_VARIABLES, readVariable } from '../../src/shared/env.ts';

describe('variables renommées : le nouveau nom, l’ancien en alias', () => {
  it('lit le nouveau nom', () => {
    const config = loadConfig({ CONTRIBUTION_CLOSED: '1', CONTRIBUTION_MAX_PER_HOUR: '7' });
    assert.equal(config.closedByEnvironment, true);
    assert.equal(config.maxPerHour, 7);
  });

  it('lit l’ancien nom quand le nouveau est absent', () => {
    const config = loadConfig({ CONTRIBUTIONS_FERMEES: 'oui', CONTRIBUTION_MAX_PAR_HEURE: '9' });
    assert.equal(config.closedByEnvironment, true);
    assert.equal(config.maxPerHour, 9);
    assert.equal(loadConfig({}).closedByEnvironment, false);
  });

  it('accepte les deux noms quand ils disent la même chose', () => {
    assert.equal(loadConfig({ CONTRIBUTION_MAX_PER_HOUR: '5', CONTRIBUTION_MAX_PAR_HEURE: '5' }).maxPerHour, 5);
  });

  it('refuse les deux noms avec des valeurs différentes, en les nommant tous les deux', () => {
    assert.throws(
      () => loadConfig({ CONTRIBUTION_CLOSED: '', CONTRIBUTIONS_FERMEES: '1', CONTRIBUTION_MAX_PER_HOUR: '5', CONTRIBUTION_MAX_PAR_HEURE: '6' }),
      (error: unknown) => {
        assert.ok(error instanceof ConfigError);
        assert.match(error.message, /CONTRIBUTION_CLOSED et son ancien nom CONTRIBUTIONS_FERMEES sont toutes deux définies, avec des valeurs différentes/);
        assert.match(error.message, /CONTRIBUTION_MAX_PER_HOUR et son ancien nom CONTRIBUTION_MAX_PAR_HEURE/);
        return true;
      },
    );
  });

  it('chaque ancien nom est différent de tout nouveau nom', () => {
    const news = new Set(Object.keys(RENAMED_VARIABLES));
    for (const [name, alias] of Object.entries(RENAMED_VARIABLES)) {
      assert.ok(!news.has(alias), `${alias} est aussi un nouveau nom`);
      assert.match(name, /^(CONTRIBUTION|MODERATION|FRAMALIBRE|BENCH)_[A-Z_]+$/, `${name} suit la règle de nommage`);
    }
    assert.equal(readVariable({ APERCU_URL: 'https://a.example/' }, 'MODERATION_PREVIEW_URL'), 'https://a.example/');
  });

  it('le shell de .gitlab-ci.yml reçoit le nouveau nom, ou un refus clair', () => {
    const run = (env: Record<string, string>) =>
      spawnSync(process.execPath, ['scripts/env-aliases.ts', 'FRAMALIBRE_SCHEDULE', 'FRAMALIBRE_REUSE_NODE_MODULES'], {
        encoding: 'utf8',
        env: { PATH: process.env.PATH ?? '', ...env },
      });
    const old = run({ FRAMALIBRE_PLANIFIE: "veille d'hiver", FRAMALIBRE_REUSE_NODE_MODULES: '1' });
    assert.equal(old.status, 0, old.stderr);
    const shell = spawnSync('bash', ['-c', `eval "$1"; printf '%s|%s' "$FRAMALIBRE_SCHEDULE" "$FRAMALIBRE_REUSE_NODE_MODULES"`, 'bash', old.stdout], { encoding: 'utf8' });
    assert.equal(shell.stdout, "veille d'hiver|1");
    const both = run({ FRAMALIBRE_SCHEDULE: 'rapports', FRAMALIBRE_PLANIFIE: 'veille' });
    assert.equal(both.status, 1);
    assert.equal(both.stdout, '');
    assert.match(both.stderr, /FRAMALIBRE_SCHEDULE et son ancien nom FRAMALIBRE_PLANIFIE sont toutes deux définies/);
  });
});
