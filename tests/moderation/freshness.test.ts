/**
 * « Visibly alive »: the veille reads the last release, the last activity and the archived flag
 * from GitHub-, GitLab- (gitlab.com or self-hosted like framagit.org) and Gitea/Forgejo-shaped APIs
 * served on loopback, and writes content/activite.yaml. A forge that rate-limits or is down leaves
 * the previous record of its notices untouched.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { createForgeActivityChecker, type ForgeConfig } from '../../src/moderation/activity.ts';
import { updateActivityRecords } from '../../src/moderation/freshness.ts';
import { renderReviewQueue, reviewQueue } from '../../src/moderation/queue.ts';
import { renderWatchReport, runWatch } from '../../src/moderation/watch.ts';
import type { LinkChecker } from '../../src/moderation/links.ts';
import { type NoticeActivity, parseActivity, serializeActivity } from '../../src/notices/activity.ts';
import { loopbackServer, type LoopbackServer } from './support.ts';

const NOW = new Date('2026-12-07T04:00:00Z');

describe('relevé des versions et des dépôts archivés (forges simulées en local)', () => {
  let forge: LoopbackServer;
  let downUrl: string;
  let forges: Record<string, ForgeConfig>;

  before(async () => {
    forge = await loopbackServer((req, res) => {
      const url = req.url ?? '';
      const send = (status: number, body?: unknown, headers: Record<string, string> = {}) => {
        res.writeHead(status, { 'content-type': 'application/json', ...headers });
        res.end(body === undefined ? '' : JSON.stringify(body));
      };
      const routes: Record<string, () => void> = {
        // GitHub: repository metadata, then /releases/latest (one object, 404 when there is none).
        '/github/repos/vivant/projet': () => send(200, { pushed_at: '2026-11-30T08:00:00Z', archived: false }),
        '/github/repos/vivant/projet/releases/latest': () =>
          send(200, { tag_name: 'v2.4.1', name: 'Version 2.4.1', draft: false, prerelease: false, published_at: '2026-03-12T10:00:00Z' }),
        '/github/repos/sans-version/projet': () => send(200, { pushed_at: '2026-09-15T08:00:00Z', archived: false }),
        '/github/repos/sans-version/projet/releases/latest': () => send(404, { message: 'Not Found' }),
        // GitHub's primary rate limit: 403 with x-ratelimit-remaining: 0.
        '/github/repos/quota/projet': () => send(403, { message: 'API rate limit exceeded' }, { 'x-ratelimit-remaining': '0', 'x-ratelimit-reset': '1796623200' }),
        // The repository answers, its releases are refused (secondary limit): nothing may change.
        '/github/repos/a-moitie/projet': () => send(200, { pushed_at: '2026-12-01T08:00:00Z', archived: false }),
        '/github/repos/a-moitie/projet/releases/latest': () => send(429, { message: 'You have exceeded a secondary rate limit' }, { 'retry-after': '60' }),
        // GitLab (here a self-hosted instance): a list of releases, an upcoming one first.
        [`/gitlab/projects/${encodeURIComponent('framasoft/outil')}`]: () => send(200, { last_activity_at: '2026-10-20T10:00:00.000Z', archived: false }),
        [`/gitlab/projects/${encodeURIComponent('framasoft/outil')}/releases?per_page=20`]: () =>
          send(200, [
            { tag_name: 'v3.0.0', name: 'Trois', released_at: '2027-02-01T00:00:00.000Z', upcoming_release: true },
            { tag_name: 'v2.9.0', name: 'Deux-neuf', released_at: '2026-05-02T09:30:00.000Z', created_at: '2026-05-02T09:00:00.000Z', upcoming_release: false },
          ]),
        // Gitea/Forgejo (codeberg.org): archived, a pre-release and a draft before the real one.
        '/gitea/repos/asso/outil': () => send(200, { updated_at: '2024-01-02T00:00:00+01:00', archived: true }),
        '/gitea/repos/asso/outil/releases?limit=20&draft=false&pre-release=false': () =>
          send(200, [
            { tag_name: 'v1.0-rc1', draft: false, prerelease: true, published_at: '2023-12-20T00:00:00Z' },
            { tag_name: 'brouillon', draft: true, prerelease: false, published_at: '2023-12-10T00:00:00Z' },
            { tag_name: 'v0.9', draft: false, prerelease: false, published_at: '2023-11-20T12:00:00Z', created_at: '2023-11-19T12:00:00Z' },
          ]),
        // A forge that limits everyone: 429 on every request.
        '/limitee/repos/asso/outil': () => send(429, { message: 'Too Many Requests' }, { 'retry-after': '3600' }),
      };
      const route = routes[url];
      if (route) route();
      else send(404, { message: 'Not Found' });
    });
    // A forge that is down: a port where nothing listens any more.
    const closed = await loopbackServer(() => undefined);
    downUrl = closed.url;
    await closed.close();
    forges = {
      'github.test': { kind: 'github', api: `${forge.url}/github` },
      'framagit.test': { kind: 'gitlab', api: `${forge.url}/gitlab` },
      'codeberg.test': { kind: 'gitea', api: `${forge.url}/gitea` },
      'limitee.test': { kind: 'gitea', api: `${forge.url}/limitee` },
      'en-panne.test': { kind: 'gitlab', api: `${downUrl}/api/v4` },
    };
  });
  after(() => forge.close());

  const checker = () => createForgeActivityChecker({ forges, now: () => NOW, timeoutMs: 5_000 });

  it('lit la dernière version publiée sur chaque forme d’API', async () => {
    const github = await checker().check('https://github.test/vivant/projet');
    assert.deepEqual([github.release, github.archived, github.complete], [{ name: 'v2.4.1', date: '2026-03-12' }, false, true]);
    const gitlab = await checker().check('https://framagit.test/framasoft/outil');
    assert.deepEqual(gitlab.release, { name: 'v2.9.0', date: '2026-05-02' }, 'une version à venir n’est pas la dernière');
    const gitea = await checker().check('https://codeberg.test/asso/outil');
    assert.deepEqual([gitea.status, gitea.archived, gitea.release], ['archive', true, { name: 'v0.9', date: '2023-11-20' }], 'ni préversion ni brouillon');
    const none = await checker().check('https://github.test/sans-version/projet');
    assert.deepEqual([none.release, none.complete], [undefined, true], 'aucune version : une réponse, pas une panne');
  });

  it('une limite de requêtes ou une panne ne donne rien de complet', async () => {
    for (const url of ['https://github.test/quota/projet', 'https://github.test/a-moitie/projet', 'https://limitee.test/asso/outil', 'https://en-panne.test/groupe/outil']) {
      const result = await checker().check(url);
      assert.notEqual(result.complete, true, url);
    }
  });

  it('écrit content/activite.yaml et garde le relevé précédent des forges muettes', async () => {
    const notices = [
      ['vivant', 'https://github.test/vivant/projet'],
      ['sans-version', 'https://github.test/sans-version/projet'],
      ['outil-framagit', 'https://framagit.test/framasoft/outil/-/tree/main'],
      ['outil-codeberg', 'https://codeberg.test/asso/outil'],
      ['quota', 'https://github.test/quota/projet'],
      ['a-moitie', 'https://github.test/a-moitie/projet'],
      ['limitee', 'https://limitee.test/asso/outil'],
      ['en-panne', 'https://en-panne.test/groupe/outil'],
      ['nouveau-depot', 'https://en-panne.test/groupe/autre'],
    ].map(([slug, code_source]) => ({ slug: slug!, data: { nom: slug, code_source } }));
    const previousText = [
      '# un ancien relevé',
      'quota:',
      '  depot: https://github.test/quota/projet',
      '  derniere_version: {nom: v1.0.0, date: 2025-06-01}',
      '  archive: false',
      '  releve_le: 2026-11-30',
      'a-moitie:',
      '  depot: https://github.test/a-moitie/projet',
      '  derniere_activite: 2026-11-01',
      '  archive: false',
      '  releve_le: 2026-11-30',
      'limitee: {depot: https://limitee.test/asso/outil, archive: true, derniere_activite: 2022-02-02, releve_le: 2026-11-30}',
      'en-panne: {depot: https://en-panne.test/groupe/outil, archive: false, derniere_activite: 2026-10-10, releve_le: 2026-11-30}',
      // The notice now points at another repository: the old record is not about it.
      'nouveau-depot: {depot: https://en-panne.test/groupe/ancien, archive: true, releve_le: 2026-11-30}',
      // The notice was deleted: its record goes.
      'supprimee: {depot: https://github.test/x/y, archive: false, releve_le: 2026-11-30}',
      '',
    ].join('\n');
    const previous = parseActivity(previousText);
    assert.deepEqual(previous.problems, []);
    const links: LinkChecker = async (url) => ({ url, status: 'ok', httpStatus: 200, message: 'répond (200)', durationMs: 1 });
    const report = await runWatch({ notices, linkChecker: links, activity: checker() });
    const update = updateActivityRecords(previous.entries, report.activityResults, '2026-12-07');
    assert.deepEqual([update.updated, update.kept, update.missing], [4, 4, 1]);
    const written = serializeActivity(update.entries);
    assert.equal(
      written
        .split('\n')
        .filter((l) => !l.startsWith('#'))
        .join('\n'),
      [
        'a-moitie:',
        '  depot: https://github.test/a-moitie/projet',
        '  derniere_activite: 2026-11-01',
        '  archive: false',
        '  releve_le: 2026-11-30',
        'en-panne:',
        '  depot: https://en-panne.test/groupe/outil',
        '  derniere_activite: 2026-10-10',
        '  archive: false',
        '  releve_le: 2026-11-30',
        'limitee:',
        '  depot: https://limitee.test/asso/outil',
        '  derniere_activite: 2022-02-02',
        '  archive: true',
        '  releve_le: 2026-11-30',
        'outil-codeberg:',
        '  depot: https://codeberg.test/asso/outil',
        '  derniere_version:',
        '    nom: v0.9',
        '    date: 2023-11-20',
        '  derniere_activite: 2024-01-01',
        '  archive: true',
        '  releve_le: 2026-12-07',
        'outil-framagit:',
        '  depot: https://framagit.test/framasoft/outil/-/tree/main',
        '  derniere_version:',
        '    nom: v2.9.0',
        '    date: 2026-05-02',
        '  derniere_activite: 2026-10-20',
        '  archive: false',
        '  releve_le: 2026-12-07',
        'quota:',
        '  depot: https://github.test/quota/projet',
        '  derniere_version:',
        '    nom: v1.0.0',
        '    date: 2025-06-01',
        '  archive: false',
        '  releve_le: 2026-11-30',
        'sans-version:',
        '  depot: https://github.test/sans-version/projet',
        '  derniere_activite: 2026-09-15',
        '  archive: false',
        '  releve_le: 2026-12-07',
        'vivant:',
        '  depot: https://github.test/vivant/projet',
        '  derniere_version:',
        '    nom: v2.4.1',
        '    date: 2026-03-12',
        '  derniere_activite: 2026-11-30',
        '  archive: false',
        '  releve_le: 2026-12-07',
        '',
      ].join('\n'),
    );
    // Canonical: reading and writing again changes nothing.
    assert.equal(serializeActivity(parseActivity(written).entries), written);
  });
});

describe('file de relecture des notices', () => {
  const activity = new Map<string, NoticeActivity>([['archivee', { archive: true, releve_le: '2026-12-07' }]]);
  const notices = [
    { slug: 'relue-recemment', data: { nom: 'Relue récemment', date_relecture: '2026-11-01' } },
    { slug: 'relue-il-y-a-longtemps', data: { nom: 'Relue il y a longtemps', date_relecture: '2024-02-01' } },
    { slug: 'jamais-relue', data: { nom: 'Jamais relue', date_modification: '2025-01-01' } },
    { slug: 'lien-casse', data: { nom: 'Lien cassé', date_relecture: '2026-12-01' } },
    { slug: 'archivee', data: { nom: 'Archivée', date_relecture: '2026-12-02' } },
    { slug: 'date-cassee', data: { nom: 'Date cassée', date_relecture: '2026-13-45', date_modification: 'hier' } },
  ];
  const broken = [
    {
      slug: 'lien-casse',
      nom: 'Lien cassé',
      field: 'site_web',
      result: { url: 'https://x.example/', status: 'erreur-http' as const, httpStatus: 404, message: '404', durationMs: 1 },
    },
  ];

  it('archivées, liens cassés, jamais relues, puis la relecture la plus ancienne', () => {
    const queue = reviewQueue({ notices, activity, broken });
    assert.deepEqual(
      queue.map((e) => e.slug),
      ['archivee', 'lien-casse', 'date-cassee', 'jamais-relue', 'relue-il-y-a-longtemps', 'relue-recemment'],
    );
    const text = renderReviewQueue(queue, { siteUrl: 'https://framalibre.org', limit: 3 });
    assert.match(text, /### 🔎 File de relecture \(6 notices\)/);
    assert.match(text, /\| 1 \| \[`Archivée`\]\(https:\/\/framalibre\.org\/notices\/archivee\.html\) \| dépôt de code archivé/);
    assert.match(text, /\| 2 \| .*Lien cassé.* \| lien cassé \(site_web\) ; relue le 1 décembre 2026 \|/);
    assert.match(text, /\| 3 \| .*Date cassée.* \| jamais relue \|/, 'une date illisible compte comme absente');
    assert.ok(!text.includes('Relue récemment'), 'limitée aux trois premières');
    assert.match(text, /… et 3 autres notices : la liste complète est dans l’artefact `a-revoir\.md`/);
    // The weekly issue ends with it, before the link to the job's log.
    const report = { notices: 5, links: 0, broken: [], uncertain: [], inactive: [], activityResults: [], activityUnknown: 0, repositories: 0, networkDown: false };
    const issue = renderWatchReport(report, { date: new Date('2026-12-07T06:00:00Z'), queue: text, pipelineUrl: 'https://gitlab.example.org/p/-/jobs/9' });
    assert.ok(issue.indexOf('### 🔎 File de relecture') > issue.indexOf('Rien à signaler'));
    assert.ok(issue.indexOf('### 🔎 File de relecture') < issue.indexOf('Journal de la vérification'));
    assert.ok(!renderWatchReport({ ...report, networkDown: true }, { queue: text }).includes('File de relecture'), 'pas de file quand le réseau manquait');
  });
});
