/**
 * The moderators' comment on GitLab, against a loopback server that answers like GitLab's Notes
 * API: one comment, found again and updated on the next run, never a second one; nothing sent
 * without a token (the report stays in the job log); a GitLab failure never fails the job.
 */
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { createGitLabClient, GitLabError } from '../../src/moderation/gitlab.ts';
import { REPORT_MARKER } from '../../src/moderation/report.ts';
import { fakeGitLab, fixtureRepository, git, type FixtureRepository } from './support.ts';

const TOKEN = 'glpat-jeton-de-test-secret';
const PROJECT = 'framasoft/framalibre';

describe('client des notes GitLab', () => {
  let gitlab: Awaited<ReturnType<typeof fakeGitLab>>;
  before(async () => {
    gitlab = await fakeGitLab({ token: TOKEN, projectId: PROJECT, perPage: 100 });
  });
  after(() => gitlab.close());

  it('crée le commentaire, puis le met à jour au lieu d’en écrire un second', async () => {
    const client = createGitLabClient({ apiUrl: gitlab.apiUrl, token: TOKEN, projectId: PROJECT });
    // 150 comments of people first, one of them quoting the marker: the bot's must be found on page 2.
    const list = Array.from({ length: 150 }, (_, i) => ({
      id: i + 1,
      body: i === 3 ? `je cite ${REPORT_MARKER}` : `message ${i}`,
      system: false,
      author: { id: 7, username: 'moderatrice' },
    }));
    gitlab.notes.set('12', list);

    const first = await client.upsertMergeRequestNote(12, `${REPORT_MARKER}\nversion 1`, REPORT_MARKER);
    assert.equal(first.action, 'créé');
    const second = await client.upsertMergeRequestNote(12, `${REPORT_MARKER}\nversion 2`, REPORT_MARKER);
    assert.deepEqual(second, { action: 'mis à jour', noteId: first.noteId });
    const third = await client.upsertMergeRequestNote(12, `${REPORT_MARKER}\nversion 2`, REPORT_MARKER);
    assert.deepEqual(third, { action: 'inchangé', noteId: first.noteId });

    const bot = gitlab.notes.get('12')!.filter((n) => n.author.id === 42);
    assert.equal(bot.length, 1, 'un seul commentaire du robot');
    assert.equal(bot[0]!.body, `${REPORT_MARKER}\nversion 2`);
    assert.equal(gitlab.notes.get('12')![3]!.body, `je cite ${REPORT_MARKER}`, 'le commentaire d’une personne n’est jamais modifié');
    const methods = gitlab.requests.map((r) => `${r.method} ${r.url.split('?')[0]}`);
    assert.equal(methods.filter((m) => m.startsWith('POST')).length, 1);
    assert.equal(methods.filter((m) => m.startsWith('PUT')).length, 1);
    assert.ok(gitlab.requests.every((r) => r.headers['private-token'] === TOKEN));
    assert.ok(
      gitlab.requests.some((r) => r.url.includes('/merge_requests/12/notes?') && r.url.includes('page=2')),
      'la deuxième page est lue',
    );
  });

  it('jeton renouvelé par « Rotate » (même robot, nouvelle valeur) : le rapport est mis à jour, pas dupliqué', async () => {
    const client = createGitLabClient({ apiUrl: gitlab.apiUrl, token: TOKEN, projectId: PROJECT });
    await client.upsertMergeRequestNote(20, `${REPORT_MARKER}\nversion 1`, REPORT_MARKER);
    const rotated = gitlab.rotate(TOKEN);
    await assert.rejects(client.upsertMergeRequestNote(20, `${REPORT_MARKER}\nversion 2`, REPORT_MARKER), /401/, 'l’ancienne valeur ne marche plus');
    const again = createGitLabClient({ apiUrl: gitlab.apiUrl, token: rotated, projectId: PROJECT });
    assert.equal((await again.upsertMergeRequestNote(20, `${REPORT_MARKER}\nversion 2`, REPORT_MARKER)).action, 'mis à jour');
    assert.equal(gitlab.notes.get('20')!.length, 1, 'toujours un seul rapport');
  });

  it('le rapport est reconnu à son marqueur en tête, pas à l’identifiant du robot : un jeton recréé écrit au plus un rapport de plus, jamais un par passage', async () => {
    const fresh = gitlab.newToken('reporter');
    const first = createGitLabClient({ apiUrl: gitlab.apiUrl, token: fresh.token, projectId: PROJECT });
    gitlab.notes.set('21', [
      { id: 1, body: `${REPORT_MARKER}\nvieux rapport`, system: false, author: { id: 7, username: 'project_1_bot_ancien' } },
      { id: 2, body: `On en parle : ${REPORT_MARKER}`, system: false, author: { id: 8, username: 'moderatrice' } },
    ]);
    // The old bot's report cannot be edited by another user (403): one new report.
    assert.equal((await first.upsertMergeRequestNote(21, `${REPORT_MARKER}\nversion 1`, REPORT_MARKER)).action, 'créé');
    assert.equal((await first.upsertMergeRequestNote(21, `${REPORT_MARKER}\nversion 2`, REPORT_MARKER)).action, 'mis à jour');
    assert.equal((await first.upsertMergeRequestNote(21, `${REPORT_MARKER}\nversion 2`, REPORT_MARKER)).action, 'inchangé');
    const list = gitlab.notes.get('21')!;
    assert.equal(list.length, 3);
    assert.equal(list[1]!.body, `On en parle : ${REPORT_MARKER}`, 'un commentaire qui cite le marqueur n’est pas un rapport');
    assert.equal(list.filter((n) => n.author.id === fresh.userId).length, 1);
  });

  it('un jeton refusé donne une erreur française qui ne cite pas le jeton', async () => {
    const client = createGitLabClient({ apiUrl: gitlab.apiUrl, token: 'mauvais-jeton', projectId: PROJECT });
    await assert.rejects(client.upsertMergeRequestNote(3, `${REPORT_MARKER} x`, REPORT_MARKER), (error: unknown) => {
      assert.ok(error instanceof GitLabError);
      assert.equal(error.status, 401);
      assert.match(error.message, /401 \(jeton absent, expiré ou révoqué\)/);
      assert.ok(!error.message.includes('mauvais-jeton'));
      return true;
    });
  });
});

describe('npm run moderation:rapport', () => {
  let repo: FixtureRepository;
  let gitlab: Awaited<ReturnType<typeof fakeGitLab>>;
  before(async () => {
    repo = await fixtureRepository();
    gitlab = await fakeGitLab({ token: TOKEN, projectId: '123' });
  });
  after(async () => {
    await gitlab.close();
    repo.cleanup();
  });

  /** Runs the script in the fixture repository (asynchronously: the fake GitLab lives in this process). */
  const run = (env: Record<string, string | undefined>) =>
    new Promise<{ code: number; out: string }>((resolve) => {
      execFile(
        process.execPath,
        [path.resolve('scripts/moderation/rapport.ts')],
        {
          cwd: repo.dir,
          encoding: 'utf8',
          timeout: 60_000,
          env: {
            PATH: process.env.PATH,
            HOME: process.env.HOME,
            CI_MERGE_REQUEST_DIFF_BASE_SHA: repo.base,
            CI_MERGE_REQUEST_IID: '5',
            CI_PROJECT_ID: '123',
            CI_API_V4_URL: gitlab.apiUrl,
            CI_COMMIT_SHA: repo.head,
            CI_PROJECT_URL: 'https://gitlab.example.org/framasoft/framalibre',
            APERCU_URL: 'https://framasoft.gitlab.example.org/-/framalibre/-/jobs/9/artifacts/apercu/',
            APERCU_MODE: 'artefacts',
            FRAMALIBRE_VERIFIER_LIENS: '0',
            ...env,
          },
        },
        (error, stdout, stderr) => resolve({ code: error ? Number(error.code ?? 1) : 0, out: stdout + stderr }),
      );
    });

  it('sans jeton : rien n’est envoyé, le rapport est dans le journal, la tâche réussit', async () => {
    const { code, out } = await run({ MODERATION_TOKEN: undefined });
    assert.equal(code, 0, out);
    assert.equal(gitlab.requests.length, 0, 'aucune requête vers GitLab');
    assert.ok(out.includes(REPORT_MARKER));
    assert.match(out, /## 🔎 Rapport pour la modération/);
    assert.match(out, /MODERATION_TOKEN absent : le rapport n’est pas publié/);
    assert.ok(existsSync(path.join(repo.dir, 'rapport-moderation.md')));
  });

  it('avec jeton : un commentaire, mis à jour au passage suivant', async () => {
    const first = await run({ MODERATION_TOKEN: TOKEN });
    assert.equal(first.code, 0, first.out);
    assert.match(first.out, /Commentaire de modération créé sur la merge request !5/);
    assert.equal(gitlab.notes.get('5')?.length, 1);
    const posted = gitlab.notes.get('5')![0]!;
    assert.equal(posted.body, readFileSync(path.join(repo.dir, 'rapport-moderation.md'), 'utf8'));
    assert.ok(!first.out.includes(TOKEN), 'le jeton n’apparaît pas dans le journal');

    // A new version of the proposal: the same comment is updated.
    git(repo.dir, 'rm', '-q', 'content/notices/logiciel-douteux.md');
    git(repo.dir, 'commit', '-q', '-m', 'retrait');
    const second = await run({ MODERATION_TOKEN: TOKEN, CI_COMMIT_SHA: git(repo.dir, 'rev-parse', 'HEAD') });
    assert.equal(second.code, 0, second.out);
    assert.match(second.out, /Commentaire de modération mis à jour sur la merge request !5/);
    assert.equal(gitlab.notes.get('5')?.length, 1, 'toujours un seul commentaire');
    assert.ok(!gitlab.notes.get('5')![0]!.body.includes('Logiciel douteux'));
    assert.equal(gitlab.requests.filter((r) => r.method === 'POST').length, 1);
    assert.equal(gitlab.requests.filter((r) => r.method === 'PUT').length, 1);
  });

  it('GitLab injoignable : un avertissement, la tâche réussit quand même', async () => {
    const { code, out } = await run({ MODERATION_TOKEN: TOKEN, CI_API_V4_URL: 'http://127.0.0.1:9/api/v4' });
    assert.equal(code, 0, out);
    assert.match(out, /avertissement : commentaire non publié : .*GitLab injoignable/);
  });
});
