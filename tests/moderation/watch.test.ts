/**
 * The scheduled check: forge activity read from GitHub-, GitLab- and Gitea-like APIs served on
 * loopback, the summary, and ONE GitLab issue created, updated, then closed — never a second one.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { createForgeActivityChecker, identifyRepository, type ForgeConfig } from '../../src/moderation/activity.ts';
import { createGitLabClient } from '../../src/gitlab/client.ts';
import type { LinkChecker } from '../../src/moderation/links.ts';
import { renderWatchReport, runWatch, WATCH_ISSUE_TITLE, WATCH_LABEL, watchNeedsAttention } from '../../src/moderation/watch.ts';
import { loopbackServer, type LoopbackServer } from './support.ts';
import { startFakeGitlab } from '../support/fake-gitlab.ts';

const NOW = new Date('2026-11-22T12:00:00Z');

describe('activité des dépôts (forges simulées en local)', () => {
  let forge: LoopbackServer;
  let forges: Record<string, ForgeConfig>;
  const host = (kind: string) => `${kind}.forge.test`;

  before(async () => {
    forge = await loopbackServer((req, res) => {
      const url = req.url ?? '';
      const send = (status: number, body?: unknown) => {
        res.writeHead(status, { 'content-type': 'application/json' });
        res.end(body === undefined ? '' : JSON.stringify(body));
      };
      if (url === '/github/repos/vivant/projet') return send(200, { pushed_at: '2026-10-01T08:00:00Z', archived: false });
      if (url === '/github/repos/endormi/projet') return send(200, { pushed_at: '2023-03-04T08:00:00Z', archived: false });
      if (url === '/github/repos/quota/projet') return send(403, { message: 'API rate limit exceeded' });
      if (url === `/gitlab/projects/${encodeURIComponent('groupe/sous-groupe/projet')}`) return send(200, { last_activity_at: '2026-06-30T10:00:00Z', archived: false });
      if (url === '/gitea/repos/asso/outil') return send(200, { updated_at: '2024-01-02T00:00:00Z', archived: true });
      if (url === '/gitea/repos/lent/outil') return; // never answers
      return send(404, { message: 'Not Found' });
    });
    forges = {
      [host('github')]: { kind: 'github', api: `${forge.url}/github` },
      [host('gitlab')]: { kind: 'gitlab', api: `${forge.url}/gitlab` },
      [host('gitea')]: { kind: 'gitea', api: `${forge.url}/gitea` },
    };
  });
  after(() => forge.close());

  const checker = () => createForgeActivityChecker({ forges, now: () => NOW, timeoutMs: 10_000, githubToken: 'gh-jeton' });

  it('GitHub : dernière poussée récente ou vieille de plus d’un an', async () => {
    const alive = await checker().check(`https://${host('github')}/vivant/projet`);
    assert.equal(alive.status, 'actif');
    assert.equal(alive.message, 'actif (dernière activité le 01/10/2026)');
    const asleep = await checker().check(`https://${host('github')}/endormi/projet.git`);
    assert.equal(asleep.status, 'inactif');
    assert.equal(asleep.message, 'aucune activité depuis 3 ans (dernière le 04/03/2023)');
    assert.equal(forge.requests.find((r) => r.url.includes('vivant'))?.headers.authorization, 'Bearer gh-jeton');
  });

  it('GitLab : chemin à sous-groupes, pages « /-/ » ignorées', async () => {
    const result = await checker().check(`https://${host('gitlab')}/groupe/sous-groupe/projet/-/tree/main`);
    assert.equal(result.status, 'actif');
    assert.equal(result.lastActivity, '2026-06-30T10:00:00Z');
  });

  it('Gitea/Forgejo : dépôt archivé', async () => {
    const result = await checker().check(`https://${host('gitea')}/asso/outil`);
    assert.equal(result.status, 'archive');
    assert.match(result.message, /dépôt archivé \(dernière activité le 02\/01\/2024\)/);
  });

  it('dépôt introuvable, limite de requêtes, délai, forge inconnue', async () => {
    assert.equal((await checker().check(`https://${host('github')}/disparu/projet`)).status, 'erreur');
    assert.equal((await checker().check(`https://${host('github')}/quota/projet`)).status, 'inconnu');
    const slow = await checker().check(`https://${host('gitea')}/lent/outil`);
    assert.equal(slow.status, 'erreur');
    assert.equal(slow.message, 'la forge ne répond pas');
    assert.equal((await checker().check('https://git.exemple.org/cgit/outil')).status, 'inconnu');
  });

  it('reconnaît les forges connues et les instances GitLab', () => {
    assert.deepEqual(identifyRepository('https://github.com/mozilla-firefox/firefox/tree/main'), {
      forge: { kind: 'github', api: 'https://api.github.com' },
      path: 'mozilla-firefox/firefox',
    });
    assert.equal(identifyRepository('https://framagit.org/framasoft/framadate/framadate')?.path, 'framasoft/framadate/framadate');
    assert.equal(identifyRepository('https://gitlab.exemple.org/a/b')?.forge.api, 'https://gitlab.exemple.org/api/v4');
    assert.equal(identifyRepository('https://codeberg.org/forgejo/forgejo')?.forge.kind, 'gitea');
    assert.equal(identifyRepository('https://sourceforge.net/projects/x/'), undefined);
  });
});

describe('compte rendu de la veille', () => {
  const notices = [
    { slug: 'firefox', data: { nom: 'Firefox', site_web: 'https://ok.example/', code_source: 'https://github.com/a/vivant' } },
    { slug: 'vieux', data: { nom: 'Vieux logiciel', site_web: 'https://casse.example/', code_source: 'https://github.com/a/endormi' } },
    { slug: 'protege', data: { nom: 'Protégé', site_web: 'https://robots.example/' } },
    { slug: 'jumeau', data: { nom: 'Jumeau', site_web: 'https://ok.example/' } },
  ];
  const links: LinkChecker = async (url) =>
    url.includes('casse')
      ? { url, status: 'erreur-http', httpStatus: 404, message: 'page introuvable (404)', durationMs: 1 }
      : url.includes('robots')
        ? { url, status: 'erreur-http', httpStatus: 403, message: 'accès refusé (403)', durationMs: 1 }
        : { url, status: 'ok', httpStatus: 200, message: 'répond (200)', durationMs: 1 };
  const checked: string[] = [];
  const countingLinks: LinkChecker = async (url) => {
    checked.push(url);
    return links(url);
  };
  const activity = {
    check: async (url: string) =>
      url.includes('endormi')
        ? { url, status: 'inactif' as const, lastActivity: '2023-01-01T00:00:00Z', message: 'aucune activité depuis 3 ans (dernière le 01/01/2023)' }
        : { url, status: 'actif' as const, message: 'actif' },
  };

  it('liens cassés, à vérifier à la main, logiciels endormis ; une requête par adresse', async () => {
    const report = await runWatch({ notices, linkChecker: countingLinks, activity });
    assert.equal(checked.filter((u) => u === 'https://ok.example/').length, 1);
    assert.deepEqual(
      report.broken.map((f) => [f.slug, f.field]),
      [['vieux', 'site_web']],
    );
    assert.deepEqual(
      report.uncertain.map((f) => f.slug),
      ['protege'],
    );
    assert.deepEqual(
      report.inactive.map((f) => f.slug),
      ['vieux'],
    );
    assert.ok(watchNeedsAttention(report));
    const text = renderWatchReport(report, { siteUrl: 'https://framalibre.org', date: NOW, projectUrl: 'https://gitlab.example.org/framasoft/framalibre' });
    assert.match(text, /Vérification automatique du 22\/11\/2026 : 4 notices, 5 adresses testées, 2 dépôts de code\./);
    assert.match(text, /### ❌ Adresses qui ne répondent pas \(1\)/);
    assert.match(text, /\[`Vieux logiciel`\]\(https:\/\/framalibre\.org\/notices\/vieux\.html\) \| `site_web` \| `https:\/\/casse\.example\/` \| `page introuvable \(404\)`/);
    assert.match(text, /\[modifier\]\(https:\/\/gitlab\.example\.org\/framasoft\/framalibre\/-\/edit\/main\/content\/notices\/vieux\.md\)/);
    assert.match(text, /### 💤 Logiciels sans activité depuis plus d’un an \(1\)/);
    assert.match(text, /### ⚠️ À vérifier à la main \(1\)/);
  });

  it('une machine sans réseau ne signale pas tout l’annuaire comme cassé', async () => {
    const many = Array.from({ length: 12 }, (_, i) => ({ slug: `n${i}`, data: { nom: `N${i}`, site_web: `https://site${i}.example/` } }));
    const offline: LinkChecker = async (url) => ({ url, status: 'injoignable', message: 'injoignable : nom de domaine introuvable', durationMs: 1 });
    const report = await runWatch({ notices: many, linkChecker: offline });
    assert.equal(report.networkDown, true);
    assert.equal(watchNeedsAttention(report), false);
    const text = renderWatchReport(report, { date: NOW });
    assert.match(text, /Vérification impossible : 12 adresses sur 12 n’ont pas pu être jointes/);
    assert.ok(!text.includes('### ❌'));
  });

  it('rien à signaler : le ticket peut être fermé', async () => {
    const report = await runWatch({ notices: [notices[0]!], linkChecker: links, activity });
    assert.equal(watchNeedsAttention(report), false);
    assert.match(renderWatchReport(report, { date: NOW }), /✅ Rien à signaler\./);
  });

  it('un seul ticket GitLab : créé, mis à jour, fermé, rouvert', async () => {
    const gitlab = await startFakeGitlab({ userId: 42, token: 'jeton', projectId: '77' });
    try {
      const client = createGitLabClient({ apiUrl: gitlab.apiUrl, token: 'jeton', projectId: '77' });
      // No problem and no issue yet: nothing is created.
      assert.equal((await client.upsertIssue({ title: WATCH_ISSUE_TITLE, label: WATCH_LABEL, description: 'rien', open: false })).action, 'rien');
      assert.equal(gitlab.state.issues.length, 0);
      const created = await client.upsertIssue({ title: WATCH_ISSUE_TITLE, label: WATCH_LABEL, description: 'semaine 1', open: true });
      assert.equal(created.action, 'créé');
      const updated = await client.upsertIssue({ title: WATCH_ISSUE_TITLE, label: WATCH_LABEL, description: 'semaine 2', open: true });
      assert.deepEqual([updated.action, updated.iid], ['mis à jour', created.iid]);
      const closed = await client.upsertIssue({ title: WATCH_ISSUE_TITLE, label: WATCH_LABEL, description: 'tout va bien', open: false });
      assert.equal(closed.action, 'fermé');
      assert.equal(gitlab.state.issues[0]!.state, 'closed');
      const reopened = await client.upsertIssue({ title: WATCH_ISSUE_TITLE, label: WATCH_LABEL, description: 'semaine 4', open: true });
      assert.equal(reopened.iid, created.iid);
      assert.equal(gitlab.state.issues.length, 1, 'toujours un seul ticket');
      assert.deepEqual([gitlab.state.issues[0]!.state, gitlab.state.issues[0]!.description, gitlab.state.issues[0]!.labels], ['opened', 'semaine 4', [WATCH_LABEL]]);
    } finally {
      await gitlab.close();
    }
  });
});
