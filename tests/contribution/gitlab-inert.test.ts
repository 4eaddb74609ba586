/**
 * What a proposal can make GitLab do: nothing. Contributor text reaches the merge request as inert
 * text (the fake records every mention, reference and quick action GitLab would act on), within
 * GitLab's size limits; and the function's token, a Developer's, can open proposals but neither
 * merge them nor push to the protected main branch.
 */
import assert from 'node:assert/strict';
import { cpSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, it, type TestContext } from 'node:test';
import { issueToken } from '../../src/contribution/layers/token.ts';
import type { Proposal } from '../../src/contribution/backend.ts';
import { loadConfig } from '../../src/contribution/config.ts';
import { createGitlabBackend, GitlabBackendError } from '../../src/contribution/gitlab-backend.ts';
import { createContributionHandler } from '../../src/contribution/handler.ts';
import { mergeRequestDescription, mergeRequestTitle } from '../../src/contribution/merge-request.ts';
import { gitlabWouldExecute, startFakeGitlab, type FakeGitlabOptions } from '../support/fake-gitlab.ts';
import { SECRET, jsonRequest } from '../support/contribution.ts';

const NOW = Date.parse('2026-11-21T10:00:00Z');
const HOSTILE = ['@all', '/merge', '!1', 'groupe/projet#2'];

async function setup(t: TestContext, options: FakeGitlabOptions = {}) {
  const gitlab = await startFakeGitlab({ files: { 'content/notices/firefox.md': '---\nnom: Firefox\nlicences:\n  - MPL-2.0\n---\n' }, ...options });
  t.after(() => gitlab.close());
  const deployed = mkdtempSync(path.join(tmpdir(), 'framalibre-deploye-'));
  cpSync('content', path.join(deployed, 'content'), { recursive: true });
  const backend = createGitlabBackend({ url: gitlab.url, token: gitlab.token, projectId: gitlab.projectId, retryBaseMs: 5, attempts: 2 });
  const handler = createContributionHandler({
    config: loadConfig({ CONTRIBUTION_SECRET: SECRET }),
    backend,
    contentRoot: path.join(deployed, 'content'),
    siteUrl: 'http://127.0.0.1:9',
    now: () => NOW,
  });
  return { gitlab, backend, handler };
}

const api = (gitlab: { url: string; projectId: string }, route: string) => `${gitlab.url}/api/v4/projects/${encodeURIComponent(gitlab.projectId)}${route}`;

describe('le texte des personnes n’agit pas sur GitLab', () => {
  it('@all, /merge, !1 et groupe/projet#2 dans un nom, une phrase de présentation et un message arrivent comme du texte inerte', async (t) => {
    const { gitlab, handler } = await setup(t);
    const response = await handler(
      jsonRequest({
        nom: 'Outil @all !1 groupe/projet#2',
        licences: 'GPL-3.0-or-later',
        description_courte: '/merge tout de suite, @all et groupe/projet#2 et !1 et https://gitlab.example.org/g/p/-/issues/3',
        message: ['Bonjour @all', '/merge', '/label ~urgent', 'voir !1 et groupe/projet#2 et #3', '```', '/assign @moderatrice', '```'].join('\n'),
        jeton: issueToken(SECRET, NOW - 60_000, 'sans-js'),
      }),
      { clientAddress: '192.0.2.10' },
    );
    assert.equal(response.status, 201, await response.text());
    const [mr] = gitlab.state.mergeRequests;
    assert.ok(mr);
    assert.deepEqual(mr.executed, { quickActions: [], mentions: [], references: [] }, 'GitLab n’aurait rien notifié, référencé ni exécuté');
    // Still readable by a moderator: the words are there, the message is a quotation.
    assert.match(mr.title, /^Nouvelle notice : Outil @\u200ball !\u200b1 groupe\/projet#\u200b2$/);
    assert.match(mr.description, /^> Bonjour @\u200ball$/m);
    assert.match(mr.description, /^> \/merge$/m);
    const message = mr.description.split('### Message de la personne')[1]!.split('###')[0]!.trim();
    assert.ok(
      message.split('\n').every((line) => line.startsWith('>')),
      message,
    );
  });

  it('le faux GitLab voit bien ce qu’un texte brut déclencherait (sinon le test précédent ne prouverait rien)', () => {
    const raw = `Bonjour @all, voir !1 et groupe/projet#2\n/merge\n> /close\n\`/assign @x\`\n\\@moderateurs`;
    assert.deepEqual(gitlabWouldExecute(raw, { quickActions: true }), { quickActions: ['merge'], mentions: ['all', 'moderateurs'], references: ['!1', 'groupe/projet#2'] });
  });

  it('chaque chaîne écrite par la personne passe par l’aide de neutralisation', () => {
    const description = mergeRequestDescription({
      mode: 'modification',
      slug: 'firefox',
      nom: 'Firefox @all',
      siteUrl: 'https://framalibre.org',
      fields: HOSTILE.map((value, i) => ({ key: `champ${i}`, before: `${value} avant`, after: [value, `${value}-bis`] })),
      bodyChanged: true,
      body: '/merge',
      message: HOSTILE.join('\n'),
      duplicates: [{ slug: 'autre', nom: 'Autre @all', raisons: ['même nom'], score: 1 }],
    });
    assert.deepEqual(gitlabWouldExecute(description, { quickActions: true }), { quickActions: [], mentions: [], references: [] });
    assert.deepEqual(gitlabWouldExecute(mergeRequestTitle('nouvelle', HOSTILE.join(' ')), { quickActions: false }), { quickActions: [], mentions: [], references: [] });
  });

  it('les limites de GitLab : titre de 255 caractères au plus, description d’1 Mio au plus', async (t) => {
    assert.equal([...mergeRequestTitle('nouvelle', 'é'.repeat(400))].length, 255);
    const { gitlab, backend } = await setup(t);
    const proposal: Proposal = {
      branch: 'contribution/trop-long-0123456789',
      title: 'x'.repeat(256),
      description: 'ok',
      commitMessage: 'x',
      files: [{ path: 'content/notices/trop-long.md', content: 'x', action: 'create' }],
      labels: [],
    };
    await assert.rejects(backend.open(proposal), /255 caractères/);
    await assert.rejects(backend.open({ ...proposal, title: 'ok', description: 'é'.repeat(600_000) }), /1 Mio/);
    assert.equal(gitlab.requests.length, 0, 'refusé avant tout appel');
    // The fake answers as GitLab does if it got there anyway.
    const answer = await fetch(api(gitlab, '/merge_requests'), {
      method: 'POST',
      headers: { 'private-token': gitlab.token, 'content-type': 'application/json' },
      body: JSON.stringify({ source_branch: 'main', target_branch: 'autre', title: 'x'.repeat(256) }),
    });
    assert.equal(answer.status, 422, 'branche cible absente : 422 (errors[:base])');
  });
});

describe('les rôles : le jeton de la fonction propose mais ne publie pas', () => {
  const proposal: Proposal = {
    branch: 'contribution/exemple-0123456789',
    title: 'Nouvelle notice : Exemple',
    description: 'Proposition.',
    commitMessage: 'Nouvelle notice : Exemple',
    files: [{ path: 'content/notices/exemple.md', content: '---\nnom: Exemple\n---\n', action: 'create' }],
    labels: ['contribution anonyme'],
  };

  it('un jeton Developer ouvre la proposition mais ne peut pas la fusionner (main protégée, fusion réservée aux Maintainers)', async (t) => {
    const { gitlab, backend } = await setup(t);
    const result = await backend.open(proposal);
    assert.equal(result.alreadyExisted, false);
    const merge = (token: string) => fetch(api(gitlab, '/merge_requests/1/merge'), { method: 'PUT', headers: { 'private-token': token } });
    assert.equal((await merge(gitlab.token)).status, 401, 'can_be_merged_by? refusé au Developer');
    assert.equal(gitlab.state.trees.get('main')!.has('content/notices/exemple.md'), false);
    // Pushing straight to main is refused too.
    const direct = await fetch(api(gitlab, '/repository/commits'), {
      method: 'POST',
      headers: { 'private-token': gitlab.token, 'content-type': 'application/json' },
      body: JSON.stringify({ branch: 'main', commit_message: 'direct', actions: [{ action: 'create', file_path: 'content/notices/direct.md', content: 'x' }] }),
    });
    assert.equal(direct.status, 403);
    assert.match((await direct.json()).message, /You are not allowed to push into this branch/);
    // A moderator (Maintainer) merges.
    const moderator = gitlab.addToken('maintainer', 'moderatrice');
    assert.equal((await merge(moderator.token)).status, 200);
    assert.equal(gitlab.state.trees.get('main')!.has('content/notices/exemple.md'), true);
  });

  it('un jeton Reporter (celui du rapport) ne peut rien pousser : erreur 403 claire, sans le jeton', async (t) => {
    const { gitlab } = await setup(t);
    const reporter = gitlab.addToken('reporter', 'robot-rapport');
    const backend = createGitlabBackend({ url: gitlab.url, token: reporter.token, projectId: gitlab.projectId, retryBaseMs: 5 });
    await assert.rejects(backend.open(proposal), (error: unknown) => {
      assert.ok(error instanceof GitlabBackendError);
      assert.equal(error.status, 403);
      assert.match(error.message, /GitLab a refusé l’accès \(403\) en créant le commit : le jeton n’a pas les droits nécessaires/);
      assert.ok(!error.message.includes(reporter.token));
      return true;
    });
    assert.equal(gitlab.state.mergeRequests.length, 0);
  });
});
