/**
 * The moderators' report, built from fixtures (tests/fixtures/moderation): a throwaway git
 * repository whose proposal modifies Firefox, adds two notices (one with a non-free licence and
 * hostile text, one that looks like LibreOffice, with a logo) and deletes GIMP. No network: the
 * link checker is a fake.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { LinkChecker } from '../../src/moderation/links.ts';
import { code, fenced } from '../../src/gitlab/markdown.ts';
import { gitlabWouldExecute } from '../support/fake-gitlab.ts';
import { collectReport, renderReport, REPORT_MARKER, type ReportData } from '../../src/moderation/report.ts';
import { EMPTY_REPORT, fixtureRepository, VALID_PROPOSAL, type FixtureRepository } from './support.ts';

const fakeLinks: LinkChecker = async (url) =>
  url.includes('douteux')
    ? { url, status: 'injoignable', message: 'injoignable : nom de domaine introuvable', durationMs: 1 }
    : { url, status: 'ok', httpStatus: 200, message: 'répond (200)', durationMs: 1 };

const PREVIEW = 'https://framasoft.gitlab.io/-/framalibre/-/jobs/42/artifacts/apercu/';

describe('rapport de modération sur les fixtures', () => {
  let repo: FixtureRepository;
  let data: ReportData;
  let report: string;

  before(async () => {
    repo = await fixtureRepository();
    data = await collectReport({
      cwd: repo.dir,
      base: repo.base,
      linkChecker: fakeLinks,
      preview: { url: PREVIEW, mode: 'artefacts' },
      siteUrl: 'https://framalibre.org',
      context: { commit: repo.head, pipelineUrl: 'https://gitlab.example.org/p/-/pipelines/7', guideUrl: 'https://gitlab.example.org/p/-/blob/main/docs/moderation.md' },
    });
    report = renderReport(data);
  });
  after(() => repo.cleanup());

  it('commence par le marqueur caché et le verdict', () => {
    assert.ok(report.startsWith(`${REPORT_MARKER}\n`));
    assert.match(report, /\*\*Verdict : ❌ à corriger\*\* — 2 erreurs empêchent la publication/);
    assert.match(report, /- \*\*Changements\*\* : 2 nouvelles notices, 1 notice modifiée, 1 notice supprimée/);
  });

  it('dit pourquoi la proposition n’est pas valide, fichier et champ en tête', () => {
    assert.match(report, /- `content\/notices\/logiciel-douteux\.md` — \*\*`licences`\*\* : `élément 1 : « BUSL-1\.1 » n’est pas une licence libre/);
    assert.match(report, /- `content\/notices\/lybre-office\.md` — \*\*`site_web`\*\* : `même site web qu’une autre notice : content\/notices\/libreoffice\.md`/);
  });

  it('détaille une modification champ par champ, ancien → nouveau', () => {
    const firefox = data.notices.find((n) => n.change.slug === 'firefox')!;
    assert.equal(firefox.change.kind, 'modification');
    assert.deepEqual(
      firefox.diff.fields.map((f) => f.field),
      ['description_courte', 'site_web', 'plateformes', 'alternative_a', 'date_modification'],
    );
    assert.match(report, /\| `site_web` \| `https:\/\/www\.mozilla\.org\/fr\/firefox\/` \| `https:\/\/www\.firefox\.com\/fr\/` \|/);
    assert.match(report, /\| `plateformes` \| `GNU\/Linux`, `Windows`, `macOS` \| `GNU\/Linux`, `Windows`, `macOS`, `Android` \| ajouté : `Android` \|/);
    assert.match(report, /- Il fonctionne sur ordinateur et sur téléphone\.\n\+ Il fonctionne sur ordinateur, sur tablette et sur téléphone\./);
    assert.match(report, /\[page actuelle du site\]\(https:\/\/framalibre\.org\/notices\/firefox\.html\)/);
  });

  it('montre tous les champs d’une nouvelle notice et le lien vers son aperçu', () => {
    const section = report.slice(report.indexOf('Nouvelle notice : `Lybre Office`'));
    for (const field of ['nom', 'description_courte', 'licences', 'site_web', 'logo', 'plateformes', 'etiquettes', 'mis_en_avant', 'date_creation']) {
      assert.match(section, new RegExp(`\\| \`${field}\` \\|`), field);
    }
    assert.ok(report.includes(`[voir la page dans l’aperçu](${PREVIEW}notices/lybre-office.html)`));
    assert.ok(report.includes(`[voir le site avec cette proposition](${PREVIEW}index.html)`));
  });

  it('signale les doublons possibles : même site, nom proche', () => {
    const lybre = data.notices.find((n) => n.change.slug === 'lybre-office')!;
    assert.equal(lybre.duplicates[0]?.slug, 'libreoffice');
    assert.deepEqual(lybre.duplicates[0]?.raisons.slice(0, 1), ['même site web']);
    assert.match(
      report,
      /- `Lybre Office` ressemble à \[`LibreOffice`\]\(https:\/\/framalibre\.org\/notices\/libreoffice\.html\) \(`libreoffice`\) : `même site web` ; `nom très proche/,
    );
    const firefox = data.notices.find((n) => n.change.slug === 'firefox')!;
    assert.deepEqual(firefox.duplicates, [], 'Firefox n’est pas son propre doublon');
  });

  it('dit si les adresses répondent', () => {
    assert.match(report, /\| `Logiciel douteux` \| `site_web` \| `https:\/\/logiciel-douteux\.example\.org\/` \| ❌ `injoignable : nom de domaine introuvable` \|/);
    assert.match(report, /\| `Firefox` \| `site_web` \*\(changé\)\* \| `https:\/\/www\.firefox\.com\/fr\/` \| ✅ `répond \(200\)` \|/);
    assert.match(report, /- \*\*Liens\*\* : ⚠️ 1 adresse sur 4 pose problème/);
  });

  it('décrit le logo : format, dimensions, poids, remarques', () => {
    assert.match(report, /\| `Lybre Office` \| `lybre-office\.png` \| PNG \| 300 × 100 \| \d+ o \| .*image très allongée/);
  });

  it('signale un champ réservé à la modération', () => {
    assert.match(report, /⚠️ `« mis_en_avant » est réservé à la modération/);
  });

  it('signale ce qu’entraîne une suppression', () => {
    assert.match(report, /🗑️ Suppression : `GIMP`/);
    assert.match(report, /citée dans 1 sélection : Pour essayer/);
  });

  it('ne laisse passer ni mention, ni HTML, ni commande rapide venus d’un contributeur', () => {
    // Outside code spans and blocks, nothing from the contributor.
    const outsideCode = report.replace(/```[\s\S]*?```/g, '').replace(/`[^`\n]*`/g, '');
    assert.ok(!/@all/.test(outsideCode), 'pas de @all hors du code');
    assert.ok(!/<img/i.test(outsideCode), 'pas de HTML du contributeur');
    for (const line of report.split('\n')) {
      assert.ok(!/^\s*\/[a-z]/.test(line), `une ligne ne doit pas commencer par une commande : ${line}`);
    }
    assert.match(report, /```diff\n\+ \/merge\n\+ \/label ~spam\n/);
  });

  it('finit par les suites à donner et le lien vers le guide', () => {
    assert.match(report, /### Et maintenant \?/);
    assert.match(report, /👎 \*\*Non merci\*\*/);
    assert.ok(report.includes('[guide de modération](https://gitlab.example.org/p/-/blob/main/docs/moderation.md)'));
    assert.ok(report.includes(`version \`${repo.head.slice(0, 8)}\``));
  });
});

describe('rendu du rapport dans les autres cas', () => {
  const empty = EMPTY_REPORT;

  it('une proposition valide dit « Pouce »', () => {
    const report = renderReport(VALID_PROPOSAL);
    assert.match(report, /\*\*Verdict : ✅ valide\*\*/);
    assert.match(report, /Aucun problème trouvé\./);
    assert.match(report, /Doublons possibles\*\* : aucun parmi les 161 notices/);
    assert.match(report, /- \*\*Liens\*\* : non vérifiés/);
    assert.match(report, /- \*\*Aperçu\*\* : indisponible \(`la construction du site n’a pas abouti`\)/);
    assert.match(report, /👍 \*\*Pouce\*\*/);
  });

  it('du code modifié est signalé à faire relire', () => {
    const report = renderReport({ ...empty, otherFiles: ['.gitlab-ci.yml', 'src/moderation/report.ts'] });
    assert.match(report, /\*\*Verdict : ℹ️ aucune notice modifiée\*\*/);
    assert.match(report, /modifie aussi 2 fichiers hors des notices\*\* : `\.gitlab-ci\.yml`, `src\/moderation\/report\.ts`.*personne qui développe/);
  });

  it('un échec de git devient une phrase, pas une trace', () => {
    const report = renderReport({ ...empty, failure: 'le commit de base 0123456789ab est introuvable dans le clone' });
    assert.ok(report.startsWith(REPORT_MARKER));
    assert.match(report, /Le rapport n’a pas pu être établi : `le commit de base 0123456789ab est introuvable/);
  });

  it('les valeurs du contributeur sont toujours citées sans effet', () => {
    assert.equal(code('a|b'), '`a¦b`', 'une barre ne coupe pas une cellule de tableau');
    assert.equal(code('du `code`'), '`` du `code` ``');
    assert.equal(code(''), '*(vide)*');
    assert.equal(code(['un', 'deux']), '`un, deux`');
    // Rendered as GitLab renders it: nothing links, mentions or refers.
    for (const hostile of ['@all regardez #12 !3', '<img src=x onerror=alert(1)>', 'voir https://exemple.org', '[x](https:\\/\\/h.example) www.h.example']) {
      assert.deepEqual(gitlabWouldExecute(code(hostile), { quickActions: true }), { quickActions: [], mentions: [], references: [], links: [] }, hostile);
    }
    assert.equal(fenced('```\n/merge', 'diff'), '```diff\n  ```\n  /merge\n```');
  });
});

describe('rapport démesuré', () => {
  it('reste sous la limite de GitLab, blocs refermés, verdict conservé', () => {
    const huge = 'x'.repeat(2000);
    const notices = Array.from({ length: 600 }, (_, i) => ({
      change: { kind: 'ajout' as const, slug: `n${i}`, path: `content/notices/n${i}.md`, logosChanged: [] },
      nom: `N${i}`,
      diff: { fields: [{ field: 'nom', kind: 'ajouté' as const, after: `N${i}` }], body: { before: '', after: huge, lines: [] } },
      duplicates: [],
      links: [],
      remarks: [],
    }));
    const report = renderReport({ notices, problems: [], otherFiles: [], directorySize: 0 });
    assert.ok(report.length < 1_000_000);
    assert.match(report, /\*\*Verdict : ✅ valide\*\*/);
    assert.match(report, /Rapport tronqué/);
    assert.equal((report.match(/^```/gm) ?? []).length % 2, 0);
  });
});
