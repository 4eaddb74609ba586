/**
 * The moderators' comment on GitLab, against a loopback server that answers like GitLab's Notes
 * API: one comment, found again and updated on the next run, never a second one; nothing sent
 * without a token (the report stays in the job log); a GitLab failure never fails the job.
 */
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { createGitLabClient, GitLabError } from '../../src/gitlab/client.ts';
import { REPORT_MARKER } from '../../src/moderation/report.ts';
import { fixtureRepository, git, loopbackServer, type FixtureRepository } from './support.ts';
import { startFakeGitlab, type FakeGitlab } from '../support/fake-gitlab.ts';

const TOKEN = 'glpat-jeton-de-test-secret';
const PROJECT = 'framasoft/framalibre';

describe('client des notes GitLab', () => {
  let gitlab: FakeGitlab;
  before(async () => {
    gitlab = await startFakeGitlab({ userId: 42, token: TOKEN, projectId: PROJECT, maxPerPage: 100 });
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
    gitlab.state.notes.set('12', list);

    const first = await client.upsertMergeRequestNote(12, `${REPORT_MARKER}\nversion 1`, REPORT_MARKER);
    assert.equal(first.action, 'créé');
    const second = await client.upsertMergeRequestNote(12, `${REPORT_MARKER}\nversion 2`, REPORT_MARKER);
    assert.deepEqual(second, { action: 'mis à jour', noteId: first.noteId });
    const third = await client.upsertMergeRequestNote(12, `${REPORT_MARKER}\nversion 2`, REPORT_MARKER);
    assert.deepEqual(third, { action: 'inchangé', noteId: first.noteId });

    const bot = gitlab.state.notes.get('12')!.filter((n) => n.author.id === 42);
    assert.equal(bot.length, 1, 'un seul commentaire du robot');
    assert.equal(bot[0]!.body, `${REPORT_MARKER}\nversion 2`);
    assert.equal(gitlab.state.notes.get('12')![3]!.body, `je cite ${REPORT_MARKER}`, 'le commentaire d’une personne n’est jamais modifié');
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
    assert.equal(gitlab.state.notes.get('20')!.length, 1, 'toujours un seul rapport');
  });

  it('le rapport est reconnu à son marqueur en tête, pas à l’identifiant du robot : un jeton recréé écrit au plus un rapport de plus, jamais un par passage', async () => {
    const fresh = gitlab.addToken('reporter');
    const first = createGitLabClient({ apiUrl: gitlab.apiUrl, token: fresh.token, projectId: PROJECT });
    gitlab.state.notes.set('21', [
      { id: 1, body: `${REPORT_MARKER}\nvieux rapport`, system: false, author: { id: 7, username: 'project_1_bot_ancien' } },
      { id: 2, body: `On en parle : ${REPORT_MARKER}`, system: false, author: { id: 8, username: 'moderatrice' } },
    ]);
    // The old bot's report cannot be edited by another user (403): one new report.
    assert.equal((await first.upsertMergeRequestNote(21, `${REPORT_MARKER}\nversion 1`, REPORT_MARKER)).action, 'créé');
    assert.equal((await first.upsertMergeRequestNote(21, `${REPORT_MARKER}\nversion 2`, REPORT_MARKER)).action, 'mis à jour');
    assert.equal((await first.upsertMergeRequestNote(21, `${REPORT_MARKER}\nversion 2`, REPORT_MARKER)).action, 'inchangé');
    const list = gitlab.state.notes.get('21')!;
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

  it('une redirection n’est pas suivie : le jeton n’est jamais envoyé à une autre adresse', async () => {
    const elsewhere = await loopbackServer((_req, res) => {
      res.end('[]');
    });
    const redirecting = await loopbackServer((req, res) => {
      res.writeHead(302, { location: `${elsewhere.url}${req.url}` });
      res.end();
    });
    try {
      const client = createGitLabClient({ apiUrl: `${redirecting.url}/api/v4`, token: TOKEN, projectId: PROJECT });
      await assert.rejects(client.upsertMergeRequestNote(4, `${REPORT_MARKER} x`, REPORT_MARKER), (error: unknown) => {
        assert.ok(error instanceof GitLabError);
        assert.equal(error.status, 302);
        assert.ok(!error.message.includes(TOKEN));
        return true;
      });
      assert.equal(redirecting.requests.length, 1);
      assert.equal(elsewhere.requests.length, 0, 'rien n’arrive à l’adresse de la redirection');
    } finally {
      await Promise.all([redirecting.close(), elsewhere.close()]);
    }
  });
});

describe('npm run moderation:rapport (pipeline de la merge request, sans jeton)', () => {
  let repo: FixtureRepository;
  let gitlab: FakeGitlab;
  before(async () => {
    repo = await fixtureRepository();
    gitlab = await startFakeGitlab({ userId: 42, token: TOKEN, projectId: '123' });
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
        [path.resolve('scripts/moderation/report.ts')],
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
            MODERATION_PREVIEW_URL: 'https://framasoft.gitlab.example.org/-/framalibre/-/jobs/9/artifacts/apercu/',
            MODERATION_PREVIEW_MODE: 'artefacts',
            MODERATION_CHECK_LINKS: '0',
            ...env,
          },
        },
        (error, stdout, stderr) => resolve({ code: error ? Number(error.code ?? 1) : 0, out: stdout + stderr }),
      );
    });

  it('écrit le rapport dans le journal et l’artefact, et n’écrit jamais sur GitLab, même si un jeton traîne dans l’environnement', async () => {
    const { code, out } = await run({ MODERATION_TOKEN: TOKEN });
    assert.equal(code, 0, out);
    assert.equal(gitlab.requests.length, 0, 'aucune requête vers GitLab');
    assert.ok(out.includes(REPORT_MARKER));
    assert.match(out, /## 🔎 Rapport pour la modération/);
    assert.match(out, /Le commentaire de la merge request est écrit par la tâche « rapports »/);
    assert.ok(existsSync(path.join(repo.dir, 'rapport-moderation.md')));
  });
});

describe('npm run moderation:publier-rapports (pipeline planifié de la branche protégée)', () => {
  let repo: FixtureRepository;
  let trusted: string;
  let gitlab: FakeGitlab;
  let secretDir: string;
  before(async () => {
    repo = await fixtureRepository();
    // GitLab keeps every merge request's head under refs/merge-requests/<iid>/head.
    git(repo.dir, 'update-ref', 'refs/merge-requests/5/head', repo.head);
    // The job's checkout: the default branch at the base commit, « origin » being the project.
    trusted = mkdtempSync(path.join(tmpdir(), 'framalibre-confiance-'));
    git(trusted, 'clone', '-q', repo.dir, '.');
    git(trusted, 'checkout', '-q', '--detach', repo.base);
    secretDir = mkdtempSync(path.join(tmpdir(), 'framalibre-secret-'));
    writeFileSync(path.join(secretDir, 'secret.txt'), 'SECRET-DU-RUNNER\n');
    gitlab = await startFakeGitlab({ userId: 42, token: TOKEN, projectId: '123' });
    gitlab.addMergeRequest({
      iid: 5,
      title: 'Nouvelle notice',
      sha: repo.head,
      baseSha: repo.base,
      targetBranch: 'main',
      pipelines: [
        {
          id: 77,
          sha: repo.head,
          status: 'success',
          project_id: 123,
          web_url: 'https://gitlab.example.org/framasoft/framalibre/-/pipelines/77',
          jobs: [
            { id: 901, name: 'apercu', status: 'success' },
            { id: 902, name: 'rapport', status: 'success' },
          ],
        },
      ],
    });
  });
  after(async () => {
    await gitlab.close();
    repo.cleanup();
    rmSync(trusted, { recursive: true, force: true });
    rmSync(secretDir, { recursive: true, force: true });
  });

  const run = (env: Record<string, string | undefined> = {}) =>
    new Promise<{ code: number; out: string }>((resolve) => {
      execFile(
        process.execPath,
        [path.resolve('scripts/moderation/publish-reports.ts')],
        {
          cwd: trusted,
          encoding: 'utf8',
          timeout: 60_000,
          env: {
            PATH: process.env.PATH,
            HOME: process.env.HOME,
            MODERATION_TOKEN: TOKEN,
            CI_COMMIT_REF_PROTECTED: 'true',
            CI_DEFAULT_BRANCH: 'main',
            CI_PROJECT_ID: '123',
            CI_API_V4_URL: gitlab.apiUrl,
            CI_PROJECT_URL: 'https://gitlab.example.org/framasoft/framalibre',
            CI_PROJECT_PATH: 'framasoft/framalibre',
            CI_PROJECT_ROOT_NAMESPACE: 'framasoft',
            CI_PAGES_DOMAIN: 'pages.example.org',
            CI_PAGES_URL: 'https://framasoft.pages.example.org/framalibre',
            // The old name of MODERATION_CHECK_LINKS, still read.
            FRAMALIBRE_VERIFIER_LIENS: '0',
            ...env,
          },
        },
        (error, stdout, stderr) => resolve({ code: error ? Number(error.code ?? 1) : 0, out: stdout + stderr }),
      );
    });

  it('lit la merge request comme des données et écrit un seul commentaire, avec l’aperçu de son pipeline', async () => {
    const first = await run();
    assert.equal(first.code, 0, first.out);
    assert.match(first.out, /!5 : créé/);
    const notes = gitlab.state.notes.get('5') ?? [];
    assert.equal(notes.length, 1, first.out);
    const body = notes[0]!.body;
    assert.ok(body.startsWith(REPORT_MARKER), 'le marqueur reste en tête');
    assert.ok(body.includes(`<!-- framalibre-rapport-version: ${repo.head} pipeline=77-success apercu=901-success -->`));
    // The rules of the default branch judged the proposal: the non-free licence is refused.
    assert.match(body, /BUSL-1\.1/);
    assert.ok(body.includes('https://framasoft.pages.example.org/-/framalibre/-/jobs/901/artifacts/apercu/'), 'aperçu : l’artefact de la tâche « apercu »');
    assert.ok(!first.out.includes(TOKEN), 'le jeton n’apparaît pas dans le journal');
    assert.equal(
      git(trusted, 'worktree', 'list', '--porcelain')
        .split('\n')
        .filter((l) => l.startsWith('worktree ')).length,
      1,
      'copie de travail supprimée',
    );
  });

  it('au passage suivant, sans nouvelle version : rien n’est réécrit ; une nouvelle version : le même commentaire est mis à jour', async () => {
    const before = gitlab.requests.filter((r) => r.method !== 'GET').length;
    const again = await run();
    assert.match(again.out, /!5 : déjà à jour/);
    assert.equal(gitlab.requests.filter((r) => r.method !== 'GET').length, before, 'aucune écriture');

    // A new version with a symbolic link to a file of the runner: written as a plain file, never followed.
    git(repo.dir, 'checkout', '-q', '--detach', repo.head);
    symlinkSync(path.join(secretDir, 'secret.txt'), path.join(repo.dir, 'content', 'notices', 'lien.md'));
    git(repo.dir, 'add', '-A');
    git(repo.dir, 'commit', '-q', '-m', 'lien');
    const newHead = git(repo.dir, 'rev-parse', 'HEAD');
    git(repo.dir, 'update-ref', 'refs/merge-requests/5/head', newHead);
    const mr = gitlab.state.mergeRequests[0]!;
    mr.sha = newHead;
    mr.pipelines!.unshift({ id: 78, sha: newHead, status: 'running', project_id: 123, web_url: 'https://gitlab.example.org/p/-/pipelines/78', jobs: [] });

    const third = await run();
    assert.match(third.out, /!5 : mis à jour/);
    const notes = gitlab.state.notes.get('5')!;
    assert.equal(notes.length, 1, 'toujours un seul commentaire');
    assert.ok(notes[0]!.body.includes(newHead));
    assert.match(notes[0]!.body, /pipeline de la merge request n’est pas terminé/);
    assert.ok(notes[0]!.body.includes('lien.md'), 'le fichier ajouté est dans le rapport');
    assert.ok(!notes[0]!.body.includes('SECRET-DU-RUNNER'), 'le lien symbolique n’est pas suivi');
  });

  it('un commentaire qui imite le rapport (marqueur et ligne de version recopiés) ne le remplace pas', async () => {
    git(repo.dir, 'update-ref', 'refs/merge-requests/6/head', repo.head);
    gitlab.addMergeRequest({ iid: 6, title: 'Autre', sha: repo.head, baseSha: repo.base, targetBranch: 'main', pipelines: [] });
    const imitation = `${REPORT_MARKER}\n<!-- framalibre-rapport-version: ${repo.head} pipeline=aucun apercu=aucun -->\n✅ Tout est valide.`;
    gitlab.state.notes.set('6', [{ id: 1, body: imitation, system: false, author: { id: 7, username: 'quelquun' } }]);
    const { out } = await run();
    assert.match(out, /!6 : créé/, out);
    const notes = gitlab.state.notes.get('6')!;
    assert.equal(notes.length, 2);
    assert.equal(notes[0]!.body, imitation, 'le commentaire d’une personne n’est pas modifié');
    assert.equal(notes[1]!.author.id, 42, 'le rapport du robot est écrit à côté');
    assert.match(notes[1]!.body, /BUSL-1\.1/);
  });

  it('hors d’une branche protégée ou sans jeton : rien n’est lu ni écrit', async () => {
    const before = gitlab.requests.length;
    const unprotected = await run({ CI_COMMIT_REF_PROTECTED: 'false' });
    assert.equal(unprotected.code, 0);
    assert.match(unprotected.out, /Refusé : cette tâche ne tourne que sur la branche par défaut protégée/);
    const tokenless = await run({ MODERATION_TOKEN: undefined });
    assert.match(tokenless.out, /MODERATION_TOKEN absent : aucun rapport publié/);
    assert.equal(gitlab.requests.length, before);
  });
});
