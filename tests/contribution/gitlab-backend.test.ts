/**
 * The `gitlab` contribution backend against a loopback server that answers like GitLab's REST API
 * (tests/support/fake-gitlab.ts): one commit and one merge request per proposal, never two; 400
 * branch exists and 409 merge request exists treated as "already done"; retries with backoff on
 * 429/5xx/timeouts, bounded (gitbeaker's own retries are off); a hanging GitLab never hangs the
 * contributor; the moderators' feature flag, cached; and the token nowhere.
 */
import assert from 'node:assert/strict';
import { inspect } from 'node:util';
import { describe, it, type TestContext } from 'node:test';
import { BackendUnavailableError, StaleFileError, type Proposal } from '../../src/contribution/backend.ts';
import { createGitlabBackend, GitlabBackendError, type GitlabBackendOptions } from '../../src/contribution/gitlab-backend.ts';
import { startFakeGitlab, type FakeGitlab, type FakeGitlabOptions } from '../support/fake-gitlab.ts';

const PNG = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0x00, 0xff, 0xfe, 0x80, 0x7f]);

function proposal(overrides: Partial<Proposal> = {}): Proposal {
  return {
    branch: 'contribution/nouvelle-notice-exemple-3f2a9c',
    title: 'Nouvelle notice : Exemple',
    description: '## Proposition anonyme\n\n- **Nom** : Exemple\n\nMessage : « merci ! »',
    commitMessage: 'Nouvelle notice : Exemple (contribution anonyme)',
    files: [
      { path: 'content/notices/exemple.md', content: '---\nnom: Exemple\n---\nTexte é à ç.\n', action: 'create' },
      { path: 'content/notices/existante.md', content: '---\nnom: Existante\n---\nModifiée.\n', action: 'update' },
      { path: 'public/logos/exemple.png', content: PNG, action: 'create' },
    ],
    labels: ['contribution anonyme', 'nouvelle notice'],
    ...overrides,
  };
}

async function setup(t: TestContext, fakeOptions: FakeGitlabOptions = {}, backendOptions: Partial<GitlabBackendOptions> = {}) {
  const gitlab = await startFakeGitlab({
    files: { 'content/notices/existante.md': '---\nnom: Existante\n---\nAvant.\n' },
    ...fakeOptions,
  });
  t.after(() => gitlab.close());
  const logs: string[] = [];
  const backend = createGitlabBackend({
    url: gitlab.url,
    token: gitlab.token,
    projectId: gitlab.projectId,
    timeoutMs: 2_000,
    retryBaseMs: 10,
    log: (line) => logs.push(line),
    ...backendOptions,
  });
  return { gitlab, backend, logs };
}

/** The token must not be anywhere in what an error carries or prints. */
function assertNoToken(value: unknown, token: string) {
  const texts = [inspect(value, { depth: 10, showHidden: true }), JSON.stringify(value) ?? '', String(value)];
  if (value instanceof Error) texts.push(value.message, value.stack ?? '');
  for (const text of texts) assert.ok(!text.includes(token), `le jeton apparaît dans : ${text.slice(0, 200)}`);
}

async function rejection(promise: Promise<unknown>): Promise<GitlabBackendError> {
  try {
    await promise;
  } catch (error) {
    assert.ok(error instanceof BackendUnavailableError, `BackendUnavailableError attendue, reçu ${inspect(error)}`);
    assert.ok(error instanceof GitlabBackendError);
    return error;
  }
  assert.fail('une erreur était attendue');
}

const posts = (gitlab: FakeGitlab, what: 'repository/commits' | 'merge_requests') => gitlab.requestsTo('POST', new RegExp(`/${what.replace('/', '\\/')}$`));

describe('backend GitLab : ouverture d’une proposition', () => {
  it('ouvre un seul commit (tous les fichiers, bonnes actions, base64 pour le binaire) depuis la branche par défaut, puis une merge request', async (t) => {
    const { gitlab, backend, logs } = await setup(t);
    const p = proposal();
    const result = await backend.open(p);

    assert.equal(result.alreadyExisted, false);
    assert.equal(result.branch, p.branch);
    assert.equal(result.url, `${gitlab.url}/${gitlab.projectId}/-/merge_requests/1`);

    assert.equal(gitlab.state.commits.length, 1);
    const commit = gitlab.state.commits[0]!;
    assert.equal(commit.branch, p.branch);
    assert.equal(commit.parentId, gitlab.state.branches.get('main'), 'le commit part de la branche par défaut');
    assert.equal(commit.message, p.commitMessage);
    assert.deepEqual(
      commit.actions.map((a) => [a.action, a.file_path, a.encoding]),
      [
        ['create', 'content/notices/exemple.md', 'text'],
        ['update', 'content/notices/existante.md', 'text'],
        ['create', 'public/logos/exemple.png', 'base64'],
      ],
    );
    assert.equal(commit.actions[2]!.content, Buffer.from(PNG).toString('base64'));
    const tree = gitlab.state.trees.get(p.branch)!;
    assert.deepEqual(new Uint8Array(tree.get('public/logos/exemple.png')!), PNG, 'l’image arrive octet pour octet');
    assert.equal(tree.get('content/notices/exemple.md')!.toString('utf8'), p.files[0]!.content);
    assert.equal(tree.get('content/notices/existante.md')!.toString('utf8'), p.files[1]!.content);
    assert.equal(gitlab.state.trees.get('main')!.get('content/notices/existante.md')!.toString(), '---\nnom: Existante\n---\nAvant.\n', 'la branche par défaut est intacte');

    assert.equal(gitlab.state.mergeRequests.length, 1);
    const mr = gitlab.state.mergeRequests[0]!;
    assert.equal(mr.source_branch, p.branch);
    assert.equal(mr.target_branch, 'main');
    assert.equal(mr.title, p.title);
    assert.equal(mr.description, p.description);
    assert.deepEqual(mr.labels, ['contribution anonyme', 'nouvelle notice']);
    assert.equal(mr.remove_source_branch, true);

    // Exactly: the project (default branch), one commit, one merge request.
    assert.deepEqual(
      gitlab.requests.map((r) => `${r.method} ${r.path.replace(`/api/v4/projects/${gitlab.projectId}`, '')}`),
      ['GET ', 'POST /repository/commits', 'POST /merge_requests'],
    );
    assert.ok(gitlab.requests.every((r) => r.headers['private-token'] === gitlab.token && r.headers.authorization === undefined));
    assert.ok(
      gitlab.requests.every((r) => r.rawPath.includes('framasoft%2Fframalibre')),
      'le chemin du projet est encodé',
    );
    assert.deepEqual(logs, []);
    assertNoToken(result, gitlab.token);
    assertNoToken(backend, gitlab.token);
  });

  it('accepte aussi l’identifiant numérique du projet et une URL terminée par /api/v4/', async (t) => {
    const gitlab = await startFakeGitlab({ files: { 'content/notices/existante.md': 'x' } });
    t.after(() => gitlab.close());
    const backend = createGitlabBackend({ url: `${gitlab.url}/api/v4/`, token: gitlab.token, projectId: String(gitlab.projectNumericId) });
    const result = await backend.open(proposal());
    assert.equal(result.alreadyExisted, false);
    assert.equal(gitlab.state.mergeRequests.length, 1);
    assert.ok(gitlab.requests.every((r) => r.path.startsWith(`/api/v4/projects/${gitlab.projectNumericId}`)));
  });

  it('la même proposition renvoyée : alreadyExisted, toujours un seul commit et une seule merge request (400 branche existante, 409 merge request existante)', async (t) => {
    const { gitlab, backend } = await setup(t);
    const first = await backend.open(proposal());
    const again = await backend.open(proposal());
    assert.deepEqual(again, { ...first, alreadyExisted: true });

    // A fresh instance (another serverless invocation) knows nothing and still finds it.
    const other = createGitlabBackend({ url: gitlab.url, token: gitlab.token, projectId: gitlab.projectId });
    const third = await other.open(proposal());
    assert.deepEqual(third, { ...first, alreadyExisted: true });

    assert.equal(gitlab.state.commits.length, 1);
    assert.equal(gitlab.state.mergeRequests.length, 1);
    assert.deepEqual(
      posts(gitlab, 'repository/commits').map((r) => r.answer),
      [201, 400, 400],
      '400 : la branche existe déjà',
    );
    assert.deepEqual(
      posts(gitlab, 'merge_requests').map((r) => r.answer),
      [201],
      'la merge request existante est retrouvée, pas recréée',
    );
    const lookups = gitlab.requestsTo('GET', /\/merge_requests$/);
    assert.equal(lookups.length, 2);
    assert.deepEqual(lookups[0]!.query, { source_branch: proposal().branch, per_page: '20' });
    assert.equal(gitlab.requestsTo('GET', new RegExp(`${gitlab.projectId}$`)).length, 2, 'la branche par défaut est gardée en cache par instance');
  });

  it('réponse perdue après la création de la merge request : le réessai la cherche d’abord et ne la recrée pas', async (t) => {
    const { gitlab, backend } = await setup(t);
    gitlab.failNext('/merge_requests', 502, 1, { method: 'POST', afterProcessing: true });
    const result = await backend.open(proposal());
    assert.equal(result.url, `${gitlab.url}/${gitlab.projectId}/-/merge_requests/1`);
    assert.equal(result.alreadyExisted, true);
    // GitLab takes no lock to create a merge request: a second POST could race the lost one.
    assert.deepEqual(
      posts(gitlab, 'merge_requests').map((r) => r.answer),
      [502],
    );
    assert.equal(gitlab.requestsTo('GET', /\/merge_requests$/).length, 1);
    assert.equal(gitlab.state.mergeRequests.length, 1);
  });

  it('409 « Resource lock » (verrou pris ailleurs) : réessayé, pas pris pour une merge request existante', async (t) => {
    const { gitlab, backend } = await setup(t);
    // lib/api/api.rb: rescue_from FailedToObtainLockError → 409 { message: '409 Conflict: Resource lock' }
    const lock = { status: 409, body: { message: '409 Conflict: Resource lock' } };
    gitlab.failNext('/repository/commits', lock, 1);
    gitlab.failNext('/merge_requests', lock, 1, { method: 'POST' });
    const result = await backend.open(proposal());
    assert.equal(result.alreadyExisted, false);
    assert.deepEqual(
      posts(gitlab, 'repository/commits').map((r) => r.answer),
      [409, 201],
    );
    assert.deepEqual(
      posts(gitlab, 'merge_requests').map((r) => r.answer),
      [409, 201],
    );
    assert.equal(gitlab.state.mergeRequests.length, 1);
  });

  it('une proposition identique à une merge request fermée par les modérateurs ne la rouvre pas', async (t) => {
    const { gitlab, backend } = await setup(t);
    const first = await backend.open(proposal());
    gitlab.state.mergeRequests[0]!.state = 'closed';
    const again = await backend.open(proposal());
    assert.deepEqual(again, { ...first, alreadyExisted: true });
    assert.equal(gitlab.state.mergeRequests.length, 1);
  });

  it('course entre deux envois identiques : un autre 400 alors que la branche existe → on continue', async (t) => {
    const { gitlab, backend } = await setup(t);
    gitlab.failNext('/repository/commits', { status: 400, body: { message: 'Could not update branch. Please refresh and try again.' } }, 1, { afterProcessing: true });
    const result = await backend.open(proposal());
    assert.equal(result.alreadyExisted, false);
    assert.equal(gitlab.requestsTo('GET', /\/repository\/branches\//).length, 1);
    assert.equal(gitlab.state.commits.length, 1);
    assert.equal(gitlab.state.mergeRequests.length, 1);
  });

  it('un double clic dans le même processus, ou deux instances en même temps : une seule merge request', async (t) => {
    const { gitlab, backend } = await setup(t);
    const [a, b] = await Promise.all([backend.open(proposal()), backend.open(proposal())]);
    assert.equal(a.url, b.url);
    assert.deepEqual([a.alreadyExisted, b.alreadyExisted].sort(), [false, true]);
    assert.equal(posts(gitlab, 'repository/commits').length, 1, 'le second clic partage le travail du premier');

    const p2 = proposal({ branch: 'contribution/modification-autre-77aa', files: [{ path: 'content/notices/autre.md', content: 'x', action: 'create' }] });
    const b1 = createGitlabBackend({ url: gitlab.url, token: gitlab.token, projectId: gitlab.projectId });
    const b2 = createGitlabBackend({ url: gitlab.url, token: gitlab.token, projectId: gitlab.projectId });
    const results = await Promise.all([b1.open(p2), b2.open(p2)]);
    assert.equal(results[0].url, results[1].url);
    assert.equal(gitlab.state.mergeRequests.filter((mr) => mr.source_branch === p2.branch).length, 1);
    assert.equal(gitlab.state.commits.filter((c) => c.branch === p2.branch).length, 1);
  });

  it('branche déjà là mais merge request absente (essai précédent interrompu) : pas de second commit, la merge request est ouverte', async (t) => {
    const { gitlab, backend } = await setup(t, {}, { attempts: 1 });
    gitlab.failNext('/merge_requests', 'reset', 1, { method: 'POST' });
    const error = await rejection(backend.open(proposal()));
    assert.equal(error.kind, 'network');
    assert.equal(gitlab.state.mergeRequests.length, 0);

    const result = await backend.open(proposal());
    assert.equal(result.alreadyExisted, false);
    assert.equal(gitlab.state.commits.length, 1);
    assert.equal(gitlab.state.mergeRequests.length, 1);
  });

  it('réponse perdue après que GitLab a créé le commit (502) puis la merge request (délai dépassé) : réessais sans doublon', async (t) => {
    const { gitlab, backend } = await setup(t, {}, { timeoutMs: 300 });
    gitlab.failNext('/repository/commits', 502, 1, { afterProcessing: true });
    gitlab.failNext('/merge_requests', 'hang', 1, { method: 'POST', afterProcessing: true });
    const result = await backend.open(proposal());
    assert.equal(result.url, `${gitlab.url}/${gitlab.projectId}/-/merge_requests/1`);
    assert.equal(result.alreadyExisted, true, 'retrouvée au second essai');
    assert.equal(gitlab.state.commits.length, 1);
    assert.equal(gitlab.state.mergeRequests.length, 1);
    assert.deepEqual(
      posts(gitlab, 'repository/commits').map((r) => r.answer),
      [502, 400],
    );
    assert.deepEqual(
      posts(gitlab, 'merge_requests').map((r) => r.answer),
      ['hang'],
      'la merge request est cherchée avant un second envoi',
    );
  });

  it('429 puis succès : une seule merge request, Retry-After respecté', async (t) => {
    const { gitlab, backend, logs } = await setup(t);
    gitlab.failNext('/merge_requests', 429, 1, { method: 'POST', retryAfter: 1 });
    const started = performance.now();
    const result = await backend.open(proposal());
    const elapsed = performance.now() - started;
    assert.equal(result.alreadyExisted, false);
    assert.ok(elapsed >= 990, `Retry-After: 1 attendu (${Math.round(elapsed)} ms)`);
    assert.equal(gitlab.state.mergeRequests.length, 1);
    assert.deepEqual(
      posts(gitlab, 'merge_requests').map((r) => r.answer),
      [429, 201],
    );
    assert.equal(logs.length, 1);
    assert.match(logs[0]!, /erreur 429 en ouvrant la merge request, nouvel essai 2\/4/);
  });

  it('un Retry-After trop long : abandon immédiat plutôt que faire attendre', async (t) => {
    const { gitlab, backend } = await setup(t);
    gitlab.failNext('/repository/commits', 429, 1, { retryAfter: 3600 });
    // Waiting the hour would exceed the test runner's own time limit: ending at all shows it did not.
    const error = await rejection(backend.open(proposal()));
    assert.equal(error.kind, 'rate-limited');
    assert.equal(error.status, 429);
    assert.match(error.message, /GitLab limite le nombre de requêtes/);
    assert.equal(posts(gitlab, 'repository/commits').length, 1);
  });

  it('500 deux fois puis succès', async (t) => {
    const { gitlab, backend } = await setup(t);
    gitlab.failNext('/repository/commits', 500, 2);
    const result = await backend.open(proposal());
    assert.equal(result.alreadyExisted, false);
    assert.deepEqual(
      posts(gitlab, 'repository/commits').map((r) => r.answer),
      [500, 500, 201],
    );
    assert.equal(gitlab.state.commits.length, 1);
    assert.equal(gitlab.state.mergeRequests.length, 1);
  });

  it('500 persistant : BackendUnavailableError en français, sans le jeton, après exactement `attempts` essais', async (t) => {
    const { gitlab, backend, logs } = await setup(t, {}, { attempts: 3 });
    gitlab.failNext('/repository/commits', 500, 100);
    const error = await rejection(backend.open(proposal()));
    assert.equal(error.kind, 'server');
    assert.equal(error.status, 500);
    assert.equal(error.attempts, 3);
    assert.match(error.message, /^GitLab est en difficulté \(erreur 500\) en créant le commit \(3 essais\)\. Réessayez dans quelques minutes\.$/);
    assert.equal(posts(gitlab, 'repository/commits').length, 3);
    assert.equal(posts(gitlab, 'merge_requests').length, 0);
    assert.equal(logs.length, 2);
    assertNoToken(error, gitlab.token);
    for (const line of logs) assert.ok(!line.includes(gitlab.token));
  });

  it('502 persistant : les réessais automatiques de gitbeaker ne multiplient pas les POST', async (t) => {
    const { gitlab, backend } = await setup(t, {}, { attempts: 2 });
    gitlab.failNext('/merge_requests', 502, 100, { method: 'POST' });
    const error = await rejection(backend.open(proposal()));
    assert.equal(error.status, 502);
    assert.equal(posts(gitlab, 'merge_requests').length, 2, 'deux essais, pas vingt');
    assertNoToken(error, gitlab.token);
  });

  it('GitLab qui ne répond jamais : BackendUnavailableError dans le délai imparti', async (t) => {
    const { gitlab, backend } = await setup(t, {}, { timeoutMs: 250, attempts: 2 });
    gitlab.failNext('/repository/commits', 'hang', 100);
    const started = performance.now();
    const error = await rejection(backend.open(proposal()));
    const elapsed = performance.now() - started;
    assert.equal(error.kind, 'timeout');
    assert.match(error.message, /GitLab n’a pas répondu à temps \(0\.25 s par essai\) en créant le commit \(2 essais\)/);
    // Timers never fire early: both attempts waited their whole timeout (no upper bound: slow machines).
    assert.ok(elapsed >= 500, `deux essais de 250 ms (${Math.round(elapsed)} ms)`);
    assert.equal(posts(gitlab, 'repository/commits').length, 2);
    assertNoToken(error, gitlab.token);
  });

  it('le budget total borne l’attente même avec beaucoup d’essais permis', async (t) => {
    const { gitlab, backend } = await setup(t, {}, { timeoutMs: 200, attempts: 10, budgetMs: 500 });
    gitlab.failNext('/repository/commits', 'hang', 100);
    const error = await rejection(backend.open(proposal()));
    assert.equal(error.kind, 'timeout');
    // Each attempt lasts its whole 200 ms timeout, so a 500 ms budget leaves room for two at most
    // (fewer on a slow machine), far from the ten attempts allowed.
    const attempts = posts(gitlab, 'repository/commits').length;
    assert.ok(attempts >= 1 && attempts <= 2, `${attempts} essais pour un budget de 500 ms`);
  });

  it('lecture du projet qui ne répond pas : même garantie', async (t) => {
    const { gitlab, backend } = await setup(t, {}, { timeoutMs: 200, attempts: 1 });
    gitlab.failNext(new RegExp(`${gitlab.projectId}$`), 'hang', 1);
    const error = await rejection(backend.open(proposal()));
    assert.equal(error.kind, 'timeout');
    assert.match(error.message, /en lisant le projet/);
  });

  it('jeton refusé (401) : erreur sans le jeton, sans réessai', async (t) => {
    const { gitlab } = await setup(t);
    const badToken = 'glpat-mauvais-jeton-secret-123';
    const backend = createGitlabBackend({ url: gitlab.url, token: badToken, projectId: gitlab.projectId, retryBaseMs: 10 });
    const error = await rejection(backend.open(proposal()));
    assert.equal(error.kind, 'auth');
    assert.equal(error.status, 401);
    assert.match(error.message, /GitLab a refusé l’accès \(401\) en lisant le projet : le jeton du service de contribution est absent, expiré ou révoqué\./);
    assert.equal(gitlab.requests.length, 1);
    assertNoToken(error, badToken);
    assertNoToken(error, gitlab.token);
  });

  it('un message d’erreur de GitLab qui citerait le jeton est masqué', async (t) => {
    const { gitlab, backend } = await setup(t);
    gitlab.failNext('/repository/commits', { status: 400, body: { message: `jeton ${gitlab.token} refusé pour ${encodeURIComponent(gitlab.token)}` } });
    const error = await rejection(backend.open(proposal()));
    assert.equal(error.kind, 'rejected');
    assert.match(error.message, /GitLab a refusé la demande \(400\) en créant le commit : « jeton \[jeton masqué\] refusé pour \[jeton masqué\] »/);
    assertNoToken(error, gitlab.token);
  });

  it('un fichier créé entre-temps sur la branche cible : StaleFileError (le handler répond « existe déjà »), pas de réessai, pas de merge request', async (t) => {
    const { gitlab, backend } = await setup(t);
    const p = proposal({ files: [{ path: 'content/notices/existante.md', content: 'x', action: 'create' }] });
    await assert.rejects(backend.open(p), (error: unknown) => error instanceof StaleFileError && error.path === 'content/notices/existante.md');
    assert.equal(posts(gitlab, 'repository/commits').length, 1);
    assert.equal(gitlab.state.mergeRequests.length, 0);
  });

  it('un autre refus de GitLab : erreur claire, pas de réessai, pas de merge request', async (t) => {
    const { gitlab, backend } = await setup(t);
    const p = proposal({ files: [{ path: 'content/notices/absente.md', content: 'x', action: 'update' }] });
    const error = await rejection(backend.open(p));
    assert.equal(error.kind, 'rejected');
    assert.match(error.message, /« A file with this name doesn't exist »/);
    assert.equal(posts(gitlab, 'repository/commits').length, 1);
    assert.equal(gitlab.state.mergeRequests.length, 0);
  });

  it('une redirection n’est pas suivie (le jeton ne part pas ailleurs)', async (t) => {
    const { gitlab, backend } = await setup(t);
    gitlab.failNext(new RegExp(`${gitlab.projectId}$`), { status: 301, headers: { location: `${gitlab.url}/ailleurs` }, body: '' });
    const error = await rejection(backend.open(proposal()));
    assert.equal(error.kind, 'redirect');
    assert.equal(gitlab.requests.length, 1, 'aucune requête vers la cible de la redirection');
  });

  it('GitLab injoignable (connexion refusée) : BackendUnavailableError', async (t) => {
    const gitlab = await startFakeGitlab();
    await gitlab.close();
    const backend = createGitlabBackend({ url: gitlab.url, token: gitlab.token, projectId: gitlab.projectId, attempts: 2, retryBaseMs: 10 });
    const error = await rejection(backend.open(proposal()));
    assert.equal(error.kind, 'network');
    assert.match(error.message, /^GitLab est injoignable en lisant le projet \(2 essais\)\./);
    assertNoToken(error, gitlab.token);
    void t;
  });

  it('refuse un chemin de fichier dangereux avant tout appel à GitLab', async (t) => {
    const { gitlab, backend } = await setup(t);
    for (const path of ['../etc/passwd', '/content/notices/x.md', 'content/notices/../../x', 'content\\notices\\x.md', '.git/config', 'content//x.md']) {
      await assert.rejects(backend.open(proposal({ files: [{ path, content: 'x', action: 'create' }] })), TypeError);
    }
    assert.equal(gitlab.requests.length, 0);
  });
});

describe('backend GitLab : configuration', () => {
  it('des erreurs claires, sans le jeton', () => {
    const token = 'glpat-secret-de-configuration';
    const cases: Array<[Partial<GitlabBackendOptions>, RegExp]> = [
      [{ token: '' }, /jeton \(GITLAB_TOKEN\) est vide/],
      [{ projectId: ' ' }, /GITLAB_PROJECT_ID/],
      [{ url: 'framagit.org' }, /n’est pas une URL/],
      [{ url: 'ftp://framagit.org' }, /doit commencer par https/],
      [{ url: 'http://framagit.org' }, /doit être en https/],
      [{ url: `https://bot:${token}@framagit.org` }, /ni identifiants/],
      [{ timeoutMs: 0 }, /timeoutMs/],
      [{ attempts: 1.5 }, /attempts/],
    ];
    for (const [override, expected] of cases) {
      assert.throws(
        () => createGitlabBackend({ url: 'https://framagit.org', token, projectId: 'framasoft/framalibre', ...override }),
        (error: Error) => {
          assert.match(error.message, expected);
          assert.ok(!error.message.includes(token));
          return true;
        },
      );
    }
    assert.equal(createGitlabBackend({ url: 'http://gitlab.interne', token, projectId: '1', allowInsecureHttp: true }).name, 'gitlab');
    assert.equal(createGitlabBackend({ url: 'https://framagit.org/', token, projectId: '1' }).name, 'gitlab');
  });
});

describe('backend GitLab : interrupteur des modératrices et modérateurs (feature flag)', () => {
  const flagPath = /\/feature_flags\/contributions-fermees$/;

  it('actif → fermé, inactif → ouvert, absent (404) → « drapeau-absent » (le formulaire reste fermé et le dit)', async (t) => {
    const { gitlab } = await setup(t, {
      featureFlags: [
        { name: 'contributions-fermees', active: true },
        { name: 'autre-drapeau', active: false },
      ],
    });
    const make = (featureFlag?: string) => createGitlabBackend({ url: gitlab.url, token: gitlab.token, projectId: gitlab.projectId, ...(featureFlag ? { featureFlag } : {}) });
    assert.equal(await make().moderatorSwitch!(), 'fermees');
    assert.equal(await make('autre-drapeau').moderatorSwitch!(), 'ouvertes');
    assert.equal(await make('drapeau-absent').moderatorSwitch!(), 'drapeau-absent');
    assert.equal(gitlab.requestsTo('GET', /\/feature_flags\/drapeau-absent$/)[0]!.answer, 404);
  });

  it('projet introuvable (404 Project Not Found) : ce n’est pas « drapeau absent », on refuse', async (t) => {
    const { gitlab } = await setup(t);
    const backend = createGitlabBackend({ url: gitlab.url, token: gitlab.token, projectId: 'framasoft/inexistant', retryBaseMs: 10 });
    const error = await rejection(backend.moderatorSwitch!());
    assert.equal(error.status, 404);
    assert.match(error.message, /en lisant l’interrupteur/);
  });

  it('GitLab injoignable, en panne ou muet : rejette (le handler refuse plutôt que deviner), et l’échec n’est pas mis en cache', async (t) => {
    const { gitlab, backend } = await setup(t, { featureFlags: [{ name: 'contributions-fermees', active: false }] }, { attempts: 2, timeoutMs: 200 });
    gitlab.failNext(flagPath, 500, 2);
    const error = await rejection(backend.moderatorSwitch!());
    assert.equal(error.kind, 'server');
    assertNoToken(error, gitlab.token);

    gitlab.failNext(flagPath, 'hang', 2);
    assert.equal((await rejection(backend.moderatorSwitch!())).kind, 'timeout');

    gitlab.failNext(flagPath, { status: 403, body: { message: '403 Forbidden' } }, 1);
    assert.equal((await rejection(backend.moderatorSwitch!())).kind, 'auth');

    assert.equal(await backend.moderatorSwitch!(), 'ouvertes', 'GitLab revenu : la réponse est lue');
    assert.equal(gitlab.requestsTo('GET', flagPath).length, 2 + 2 + 1 + 1);
  });

  it('met la réponse en cache flagCacheMs : deux appels rapprochés → une requête ; les appels simultanés partagent la même', async (t) => {
    const { gitlab, backend } = await setup(t, { featureFlags: [{ name: 'contributions-fermees', active: false }] }, { flagCacheMs: 300 });
    assert.equal(await backend.moderatorSwitch!(), 'ouvertes');
    gitlab.state.featureFlags.get('contributions-fermees')!.active = true; // a moderator flips the switch
    assert.equal(await backend.moderatorSwitch!(), 'ouvertes', 'réponse en cache');
    assert.equal(gitlab.requestsTo('GET', flagPath).length, 1);

    await new Promise((resolve) => setTimeout(resolve, 350));
    const answers = await Promise.all([backend.moderatorSwitch!(), backend.moderatorSwitch!(), backend.moderatorSwitch!()]);
    assert.deepEqual(answers, ['fermees', 'fermees', 'fermees'], 'le cache expiré, le nouvel état est lu');
    assert.equal(gitlab.requestsTo('GET', flagPath).length, 2);
  });
});
