/**
 * What a proposal can make GitLab do: nothing. Contributor text reaches the merge request as inert
 * text (the fake renders it as GitLab would and records every link, mention, reference and quick
 * action it would act on), within
 * GitLab's size limits; and the function's token, a Developer's, can open proposals but neither
 * merge them nor push to the protected main branch.
 */
import assert from 'node:assert/strict';
import { cpSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, it, type TestContext } from 'node:test';
import fc from 'fast-check';
import { issueToken } from '../../src/contribution/layers/token.ts';
import type { Proposal } from '../../src/contribution/backend.ts';
import { loadConfig } from '../../src/contribution/config.ts';
import { createGitlabBackend, GitlabBackendError } from '../../src/contribution/gitlab-backend.ts';
import { createContributionHandler } from '../../src/contribution/handler.ts';
import { mergeRequestDescription, mergeRequestTitle } from '../../src/contribution/merge-request.ts';
import { gitlabWouldExecute, startFakeGitlab, type FakeGitlabOptions } from '../support/fake-gitlab.ts';
import { SECRET, jsonRequest } from '../support/contribution.ts';

const NOW = Date.parse('2026-11-21T10:00:00Z');

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

/**
 * Every form a CommonMark + GFM renderer turns into a link, a mention or a reference, or GitLab
 * into a command — the ones a pattern on « :// » or « @word » misses included.
 */
const HOSTILE = [
  '@all',
  '@\\_nom',
  '&#64;all',
  '/merge',
  '!1',
  '~urgent',
  '%"Version 2"',
  '$12',
  '&3',
  'groupe/projet#2',
  '[la preuve](https:\\/\\/evil.example/login)',
  '[ici](//evil.example/login)',
  'www.evil.example/login',
  'ecrire@evil.example',
  '<https://evil.example/x>',
  '<a href="https://evil.example/">ici</a>',
  '![pixel](https://evil.example/p.png)',
  '[#1](https:\\/\\/framagit.org/groupe/projet/-/issues/1)',
  'https://framagit.org/groupe/projet/-/issues/4',
  '[x]\n\n[x]: https://evil.example/ref',
  '`fin` de code ``` et ~~~',
];
const NOTHING = { quickActions: [], mentions: [], references: [], links: [] };

describe('le texte des personnes n’agit pas sur GitLab', () => {
  it('le faux GitLab voit ce que chaque forme brute déclencherait (sinon les tests suivants ne prouveraient rien)', () => {
    for (const raw of HOSTILE.slice(0, -1)) {
      const seen = gitlabWouldExecute(`Texte ${raw} fin\n${raw}`, { quickActions: true });
      assert.ok(seen.quickActions.length + seen.mentions.length + seen.references.length + seen.links.length > 0, `le détecteur ne voit rien dans ${raw}`);
    }
    assert.deepEqual(gitlabWouldExecute('Bonjour @all, voir !1 et groupe/projet#2\n/merge', { quickActions: true }), {
      quickActions: ['merge'],
      mentions: ['all'],
      references: ['!1', 'groupe/projet#2'],
      links: [],
    });
  });

  it('chaque forme, dans un nom, une phrase, une liste et un message, arrive sur GitLab comme du texte', async (t) => {
    const { gitlab, handler } = await setup(t);
    // Two proposals: one proposal may hold 8 links at most, and there are more forms than that.
    for (const [index, forms] of [HOSTILE.slice(0, 15), HOSTILE.slice(15)].entries()) {
      const response = await handler(
        jsonRequest({
          nom: `Outil @all !1 groupe/projet#2 www.evil.example ${index}`,
          licences: 'GPL-3.0-or-later',
          description_courte: HOSTILE.slice(0, 10).join(' '),
          alternative_a: HOSTILE.slice(0, 4),
          message: forms.join('\n'),
          jeton: issueToken(SECRET, NOW - 60_000, 'sans-js'),
        }),
        { clientAddress: `192.0.${index}.10` },
      );
      assert.equal(response.status, 201, await response.text());
    }
    assert.equal(gitlab.state.mergeRequests.length, 2);
    for (const mr of gitlab.state.mergeRequests) assert.deepEqual(mr.executed, NOTHING, 'GitLab n’aurait rien lié, notifié, référencé ni exécuté');
    const [mr] = gitlab.state.mergeRequests;
    assert.ok(mr);
    // Still readable by a moderator: the words are there as written.
    assert.match(mr.title, /^Nouvelle notice : `Outil @all !1 groupe\/projet#2 www\.evil\.example 0`$/);
    assert.match(mr.description, /^ {4}\[la preuve\]\(https:\\\/\\\/evil\.example\/login\)$/m);
  });

  it('toute chaîne, à toute place que la personne remplit, reste du texte une fois rendue (micromark + GFM)', () => {
    const piece = fc.oneof(fc.constantFrom(...HOSTILE, '\n', '|', '`', '\\', '>', '    ', '```'), fc.string({ maxLength: 12 }));
    const text = fc.array(piece, { maxLength: 8 }).map((parts) => parts.join(''));
    fc.assert(
      fc.property(text, text, text, text, text, (nom, before, after, body, message) => {
        const description = mergeRequestDescription({
          mode: 'modification',
          slug: 'firefox',
          nom,
          siteUrl: 'https://framalibre.org',
          fields: [{ key: 'description_courte', before, after: [after, before] }],
          bodyChanged: true,
          body,
          message,
          duplicates: [{ slug: 'autre', nom: after, raisons: [before], score: 1 }],
        });
        const seen = gitlabWouldExecute(description, { quickActions: true });
        assert.deepEqual({ ...seen, links: seen.links.filter((l) => !l.startsWith('https://framalibre.org/notices/')) }, NOTHING, description);
        assert.deepEqual(gitlabWouldExecute(mergeRequestTitle('nouvelle', nom), { quickActions: false }), NOTHING);
      }),
      { numRuns: 400 },
    );
  });

  it('les limites de GitLab : titre de 255 caractères au plus, description d’1 Mio au plus', async (t) => {
    assert.ok([...mergeRequestTitle('nouvelle', 'é'.repeat(400))].length <= 255);
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
