/**
 * The moderators' report, byte for byte: the Markdown of four reports (the fixtures' proposal, a
 * valid proposal, a merge request touching code, a git failure) is compared with the files of
 * tests/fixtures/moderation/rapports/, written by the report before its code was split by concern.
 * A change of wording is a change of these files, reviewed like any other text moderators read.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { LinkChecker } from '../../src/moderation/links.ts';
import { collectReport, renderReport, type ReportData } from '../../src/moderation/report.ts';
import { EMPTY_REPORT, FIXTURES, fixtureRepository, VALID_PROPOSAL, type FixtureRepository } from './support.ts';

const expected = (name: string) => readFileSync(path.join(FIXTURES, 'rapports', name), 'utf8');

const fakeLinks: LinkChecker = async (url) =>
  url.includes('douteux')
    ? { url, status: 'injoignable', message: 'injoignable : nom de domaine introuvable', durationMs: 1 }
    : { url, status: 'ok', httpStatus: 200, message: 'répond (200)', durationMs: 1 };

const empty = EMPTY_REPORT;

/** A rename with a field table and a body diff, a removal, an unreadable version, a logo, a duplicate without the site's address. */
const RENAMES: ReportData = {
  ...empty,
  problems: [{ file: 'content/notices/kdenlive-video.md', field: 'langues', level: 'avertissement', message: 'manquantes' }] as ReportData['problems'],
  notices: [
    {
      change: { kind: 'renommage', slug: 'kdenlive-video', path: 'content/notices/kdenlive-video.md', oldPath: 'content/notices/kdenlive.md', logosChanged: ['kdenlive.webp'] },
      nom: 'Kdenlive vidéo',
      diff: {
        fields: [
          { field: 'nom', kind: 'modifié', before: 'Kdenlive', after: 'Kdenlive vidéo' },
          { field: 'plateformes', kind: 'modifié', before: ['Windows'], after: [], removed: ['Windows'] },
          { field: 'logo', kind: 'retiré', before: 'kdenlive.png' },
        ],
        body: {
          before: 'Un monteur.\nDeux pistes.',
          after: 'Un monteur vidéo.\nDeux pistes.',
          lines: [
            { op: '-', text: 'Un monteur.' },
            { op: '+', text: 'Un monteur vidéo.' },
            { op: ' ', text: 'Deux pistes.' },
          ],
        },
      },
      duplicates: [{ slug: 'shotcut', nom: 'Shotcut', raisons: ['nom proche'], score: 0.6 }],
      links: [
        {
          field: 'site_web',
          url: 'https://kdenlive.org/',
          changed: false,
          result: { url: 'https://kdenlive.org/', status: 'erreur-http', httpStatus: 403, message: 'refusé (403)', durationMs: 1 },
        },
      ],
      logo: { file: '/tmp/x/logos/kdenlive.webp', exists: true, bytes: 2048, format: 'webp', width: 64, height: 64, remarks: ['petit'] },
      remarks: ['L’adresse de la page change.'],
    },
    {
      change: { kind: 'modification', slug: 'cassee', path: 'content/notices/cassee.md', logosChanged: [] },
      nom: 'cassee',
      diff: { fields: [], unreadable: { version: 'après', reason: 'YAML invalide' } },
      duplicates: [],
      links: [],
      remarks: [],
    },
    {
      change: { kind: 'modification', slug: 'vide', path: 'content/notices/vide.md', logosChanged: [] },
      nom: 'Vide',
      diff: { fields: [], body: { before: 'Texte.', after: '', lines: [] } },
      duplicates: [],
      links: [],
      remarks: [],
    },
    {
      change: { kind: 'modification', slug: 'logo-seul', path: 'content/notices/logo-seul.md', logosChanged: ['logo-seul.png'] },
      nom: 'Logo seul',
      diff: { fields: [] },
      duplicates: [],
      links: [],
      remarks: [],
    },
  ],
  preview: { url: 'https://example.org/mr-3/', mode: 'pages' },
  context: { commit: 'fedcba9876543210' },
};

describe('rapport de modération : texte identique à la référence', () => {
  let repo: FixtureRepository;
  let fixtureReport: string;

  before(async () => {
    repo = await fixtureRepository();
    fixtureReport = renderReport(
      await collectReport({
        cwd: repo.dir,
        base: repo.base,
        linkChecker: fakeLinks,
        preview: { url: 'https://framasoft.gitlab.io/-/framalibre/-/jobs/42/artifacts/apercu/', mode: 'artefacts' },
        siteUrl: 'https://framalibre.org',
        context: { commit: '0123456789abcdef', pipelineUrl: 'https://gitlab.example.org/p/-/pipelines/7', guideUrl: 'https://gitlab.example.org/p/-/blob/main/docs/moderation.md' },
      }),
    );
  });
  after(() => repo.cleanup());

  it('la proposition des fixtures (ajouts, modification, suppression, doublons, liens, logo)', () => {
    assert.equal(fixtureReport, expected('fixtures.md'));
  });

  it('une proposition valide', () => {
    assert.equal(renderReport(VALID_PROPOSAL), expected('valide.md'));
  });

  it('une merge request qui touche du code', () => {
    assert.equal(renderReport({ ...empty, otherFiles: ['.gitlab-ci.yml', 'src/moderation/report.ts'] }), expected('code.md'));
  });

  it('renommage, retrait, version illisible, logo, doublon sans adresse du site', () => {
    assert.equal(renderReport(RENAMES), expected('renommage.md'));
  });

  it('un échec de git', () => {
    assert.equal(renderReport({ ...empty, failure: 'le commit de base 0123456789ab est introuvable dans le clone' }), expected('echec.md'));
  });
});
