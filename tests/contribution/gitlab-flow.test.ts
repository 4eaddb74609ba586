/**
 * The whole path in production mode: the handler built from the environment like a deployment
 * (CONTRIBUTION_BACKEND=gitlab), a proposal, a merge request on a GitLab that answers like the
 * documented REST API — and the token nowhere in what the contributor or the logs see.
 */
import assert from 'node:assert/strict';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { createHandlerFromEnv } from '../../src/contribution/setup.ts';
import { issueToken } from '../../src/contribution/layers/token.ts';
import type { ContributionHandler } from '../../src/contribution/handler.ts';
import { startFakeGitlab, type FakeGitlab } from '../support/fake-gitlab.ts';
import { formRequest, makeRepo } from '../support/contribution.ts';

const SECRET = 'un-secret-de-production-suffisamment-long-0123456789';
let gitlab: FakeGitlab;
let handler: ContributionHandler;
const logs: string[] = [];
const originalLog = console.log;

/** A function on the fake GitLab, configured from the environment as in production. */
const gitlabHandler = (env: Record<string, string> = {}) =>
  createHandlerFromEnv({
    CONTRIBUTION_BACKEND: 'gitlab',
    GITLAB_URL: gitlab.url,
    GITLAB_TOKEN: gitlab.token,
    GITLAB_PROJECT_ID: gitlab.projectId,
    CONTRIBUTION_SECRET: SECRET,
    FRAMALIBRE_CONTENT: path.join(makeRepo(), 'content'),
    ...env,
  });

describe('contribution vers GitLab', () => {
  before(async () => {
    gitlab = await startFakeGitlab({ featureFlags: [{ name: 'contributions-fermees', active: false }] });
    console.log = (...args: unknown[]) => logs.push(args.join(' '));
    handler = gitlabHandler({ SITE_URL: 'https://framalibre.example' });
  });
  after(async () => {
    console.log = originalLog;
    await gitlab?.close();
  });

  it('ouvre une demande de fusion lisible, avec ses étiquettes, sans jamais montrer le jeton', async () => {
    const fields = {
      nom: 'Agenda Partagé',
      licences: 'AGPL-3.0-or-later',
      site_web: 'https://agenda.example.org/',
      etiquettes: ['travail-en-equipe', 'auto-hebergement'],
      message: 'Utilisé par notre association.',
      jeton: issueToken(SECRET, Date.now() - 10_000, 'sans-js'),
    };
    const response = await handler(formRequest(fields), { clientAddress: '192.0.2.1' });
    const page = await response.text();
    assert.equal(response.status, 201, page);
    const [mr] = gitlab.state.mergeRequests;
    assert.ok(mr);
    assert.equal(mr.title, 'Nouvelle notice : `Agenda Partagé`');
    assert.deepEqual([...mr.labels].sort(), ['contribution anonyme', 'nouvelle notice']);
    assert.equal(mr.remove_source_branch, true);
    assert.match(mr.description, /\n {4}Utilisé par notre association\.\n/);
    assert.match(page, new RegExp(`href="${mr.web_url.replace(/[/.]/g, '\\$&')}"`));
    const files = gitlab.state.trees.get(mr.source_branch)!;
    assert.ok(files.has('content/notices/agenda-partage.md'));
    // Again (a double click): the same merge request, not a second one.
    assert.equal((await handler(formRequest(fields), { clientAddress: '192.0.2.1' })).status, 200);
    assert.equal(gitlab.state.mergeRequests.length, 1);
    assert.ok(!page.includes(gitlab.token));
    assert.ok(!logs.join('\n').includes(gitlab.token));
  });

  it('se ferme quand les modérateurs activent le drapeau, après expiration du cache', async () => {
    gitlab.state.featureFlags.get('contributions-fermees')!.active = true;
    const fresh = gitlabHandler();
    const status = await (await fresh(new Request('http://localhost/api/contribuer'))).json();
    assert.equal(status.ouvert, false);
  });

  it('ne se verrouille jamais en silence : réglage « Feature flags » coupé (403) ou drapeau renommé (404), le formulaire dit pourquoi et le journal aussi, une fois', async () => {
    const status = async (h: ContributionHandler) => (await h(new Request('http://localhost/api/contribuer'))).json();
    gitlab.state.featureFlags.get('contributions-fermees')!.active = false;

    // The project's Feature flags setting switched off: GitLab answers 403 to every flag read.
    gitlab.state.featureFlagsEnabled = false;
    logs.length = 0;
    const locked = gitlabHandler();
    for (let i = 0; i < 3; i++) {
      const answer = await status(locked);
      assert.equal(answer.ouvert, false);
      assert.equal(answer.raison, 'drapeau-illisible');
    }
    const form = await locked(new Request('http://localhost/api/contribuer?notice=', { headers: { accept: 'text/html' } }));
    assert.match(await form.text(), /Impossible de vérifier pour le moment si les contributions sont ouvertes/);
    const flagLogs = logs.filter((line) => line.includes('interrupteur de la modération illisible'));
    assert.equal(flagLogs.length, 1, 'une ligne par intervalle, pas une par visite');
    assert.match(flagLogs[0]!, /403/);
    gitlab.state.featureFlagsEnabled = true;

    // The flag renamed or deleted: the form stays closed rather than reopen silently, and says so.
    const renamed = gitlabHandler({ GITLAB_FEATURE_FLAG: 'ancien-nom-du-drapeau' });
    const answer = await status(renamed);
    assert.equal(answer.ouvert, false);
    assert.equal(answer.raison, 'drapeau-absent');
    assert.match(answer.message, /introuvable sur la forge/);
    assert.ok(logs.some((line) => line.includes('interrupteur de la modération introuvable')));
  });

  it('refuse de démarrer avec une configuration incomplète, en français', () => {
    assert.throws(
      () => createHandlerFromEnv({ CONTRIBUTION_BACKEND: 'gitlab', GITLAB_URL: 'framagit.org' }),
      (error: Error) =>
        /GITLAB_URL : doit être une adresse comme https:\/\/framagit\.org/.test(error.message) &&
        /GITLAB_TOKEN : obligatoire avec CONTRIBUTION_BACKEND=gitlab/.test(error.message) &&
        /CONTRIBUTION_SECRET : obligatoire en production/.test(error.message),
    );
  });
});
