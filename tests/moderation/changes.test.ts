import assert from 'node:assert/strict';
import { mkdirSync, renameSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import sharp from 'sharp';
import { GitError, mergeRequestChanges } from '../../src/moderation/git.ts';
import { fixtureRepository, git, type FixtureRepository } from './support.ts';

describe('ce que change une merge request (git)', () => {
  let repo: FixtureRepository;
  before(async () => {
    repo = await fixtureRepository();
  });
  after(() => repo.cleanup());

  it('ajouts, modification, suppression, anciennes et nouvelles versions', () => {
    const { notices, otherFiles } = mergeRequestChanges({ cwd: repo.dir, base: repo.base });
    assert.deepEqual(
      notices.map((n) => [n.kind, n.path]),
      [
        ['ajout', 'content/notices/logiciel-douteux.md'],
        ['ajout', 'content/notices/lybre-office.md'],
        ['modification', 'content/notices/firefox.md'],
        ['suppression', 'content/notices/gimp.md'],
      ],
    );
    const lybre = notices.find((n) => n.slug === 'lybre-office')!;
    assert.deepEqual(lybre.logosChanged, ['lybre-office.png'], 'le logo ajouté est rattaché à sa notice');
    assert.equal(lybre.oldText, undefined);
    assert.match(notices.find((n) => n.slug === 'gimp')!.oldText!, /^---\nnom: GIMP/);
    assert.deepEqual(otherFiles, []);
  });

  it('renommage, logo remplacé seul, fichiers hors des notices', async () => {
    const notices = path.join(repo.dir, 'content', 'notices');
    renameSync(path.join(notices, 'libreoffice.md'), path.join(notices, 'libreoffice-suite.md'));
    await sharp({ create: { width: 256, height: 256, channels: 3, background: '#ff0000' } })
      .png()
      .toFile(path.join(notices, 'logos', 'lybre-office.png'));
    mkdirSync(path.join(repo.dir, 'scripts'));
    writeFileSync(path.join(repo.dir, 'scripts', 'malin.sh'), 'echo hop\n');
    git(repo.dir, 'add', '-A');
    git(repo.dir, 'commit', '-q', '-m', 'suite');
    const { notices: changes, otherFiles } = mergeRequestChanges({ cwd: repo.dir, base: repo.head });
    assert.deepEqual(
      changes.map((n) => [n.kind, n.path, n.oldPath]),
      [
        ['modification', 'content/notices/lybre-office.md', undefined],
        ['renommage', 'content/notices/libreoffice-suite.md', 'content/notices/libreoffice.md'],
      ],
    );
    assert.deepEqual(changes[0]!.logosChanged, ['lybre-office.png']);
    assert.equal(changes[0]!.oldText, changes[0]!.newText, 'le texte de la notice ne change pas');
    assert.deepEqual(otherFiles, ['scripts/malin.sh']);
  });

  it('commit de base absent : message français', () => {
    assert.throws(
      () => mergeRequestChanges({ cwd: repo.dir, base: '0123456789abcdef0123456789abcdef01234567' }),
      (error: unknown) => error instanceof GitError && /commit de base 0123456789ab est introuvable.*GIT_DEPTH/.test(error.message),
    );
  });
});
