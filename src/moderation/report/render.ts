/**
 * The moderators' report as Markdown, a pure function of the collected facts: the verdict first
 * (what a moderator reads at a glance), a summary, then validity, changes, duplicates, addresses,
 * logos, what to do next, and a footer. Contributor text is always quoted without effect.
 */
import path from 'node:path';
import type { Problem } from '../../notices/validation.ts';
import { code, link, plural, table } from '../../gitlab/markdown.ts';
import type { NoticeChange } from '../git.ts';
import type { LinkResult } from '../links.ts';
import { formatBytes } from '../logos.ts';
import { previewPageUrl } from '../preview.ts';
import { REPORT_MARKER, type CheckedLink, type NoticeSection, type ReportData } from './data.ts';
import { noticeUrl, renderSection } from './notice.ts';

/** GitLab refuses comments over 1,000,000 characters; a huge import must still get its verdict. */
export const MAX_REPORT_LENGTH = 900_000;

/** What several parts of the report count. */
interface Tally {
  errors: Problem[];
  warnings: Problem[];
  /** The sections with possible duplicates. */
  duplicates: NoticeSection[];
  links: CheckedLink[];
  failedLinks: CheckedLink[];
  /** Some notice is added or kept: duplicates were looked for. */
  keepsNotices: boolean;
}

/** The whole comment, Markdown. */
export function renderReport(data: ReportData): string {
  const head = [REPORT_MARKER, '## 🔎 Rapport pour la modération', ''];
  if (data.failure) return `${[...head, ...renderFailure(data.failure), ...renderFooter(data)].join('\n')}\n`;
  const tally = tallyOf(data);
  const lines = [
    ...head,
    ...renderVerdict(data, tally),
    ...renderSummary(data, tally),
    ...renderValidity(data, tally),
    ...renderChanges(data),
    ...renderDuplicates(data, tally),
    ...renderLinks(data, tally),
    ...renderLogos(data),
    ...renderNextSteps(data, tally),
    ...renderFooter(data),
  ];
  return limitLength(`${lines.join('\n')}\n`);
}

function tallyOf(data: ReportData): Tally {
  const links = data.notices.flatMap((n) => n.links);
  return {
    errors: data.problems.filter((p) => p.level === 'erreur'),
    warnings: data.problems.filter((p) => p.level === 'avertissement'),
    duplicates: data.notices.filter((n) => n.duplicates.length > 0),
    links,
    failedLinks: links.filter((l) => l.result !== undefined && l.result.status !== 'ok'),
    keepsNotices: data.notices.some((n) => n.change.kind !== 'suppression'),
  };
}

function renderFailure(failure: string): string[] {
  return [`⚠️ Le rapport n’a pas pu être établi : ${code(failure, 1000)}.`, '', 'Les autres tâches du pipeline (validation, construction) restent valables : consultez-les.'];
}

function renderVerdict(data: ReportData, { errors }: Tally): string[] {
  if (data.notices.length === 0) return ['**Verdict : ℹ️ aucune notice modifiée** par cette merge request.', ''];
  if (errors.length > 0)
    return [`**Verdict : ❌ à corriger** — ${plural(errors.length, 'erreur')} ${errors.length > 1 ? 'empêchent' : 'empêche'} la publication (détail ci-dessous).`, ''];
  return ['**Verdict : ✅ valide** — la proposition respecte le format des notices.', ''];
}

const CHANGE_COUNTS: [NoticeChange['kind'], string, string][] = [
  ['ajout', 'nouvelle notice', 'nouvelles notices'],
  ['modification', 'notice modifiée', 'notices modifiées'],
  ['renommage', 'notice renommée', 'notices renommées'],
  ['suppression', 'notice supprimée', 'notices supprimées'],
];

function renderSummary(data: ReportData, tally: Tally): string[] {
  const summary: string[] = [];
  const parts = CHANGE_COUNTS.flatMap(([kind, one, many]) => {
    const count = data.notices.filter((n) => n.change.kind === kind).length;
    return count ? [plural(count, one, many)] : [];
  });
  if (parts.length > 0) summary.push(`- **Changements** : ${parts.join(', ')}`);
  const { warnings, duplicates } = tally;
  if (warnings.length > 0) summary.push(`- **Remarques** : ${plural(warnings.length, 'point')} à regarder (n’empêche${warnings.length > 1 ? 'nt' : ''} pas la publication)`);
  if (tally.keepsNotices) {
    summary.push(
      duplicates.length > 0
        ? `- **Doublons possibles** : ⚠️ à vérifier pour ${duplicates.map((d) => code(d.nom)).join(', ')}`
        : `- **Doublons possibles** : aucun parmi les ${data.directorySize} notices de l’annuaire`,
    );
  }
  if (tally.links.length > 0) summary.push(summariseLinks(tally));
  if (data.preview && 'url' in data.preview)
    summary.push(`- **Aperçu** : ${link('voir le site avec cette proposition', previewPageUrl(data.preview.url, '/', data.preview.mode))}`);
  else if (data.preview) summary.push(`- **Aperçu** : indisponible (${code(data.preview.unavailable)})`);
  if (data.otherFiles.length > 0) summary.push(summariseOtherFiles(data.otherFiles));
  return summary;
}

function summariseLinks({ links, failedLinks }: Tally): string {
  if (links.every((l) => !l.result)) return '- **Liens** : non vérifiés';
  if (failedLinks.length > 0) return `- **Liens** : ⚠️ ${plural(failedLinks.length, 'adresse')} sur ${links.length} ${failedLinks.length > 1 ? 'posent' : 'pose'} problème`;
  return `- **Liens** : ✅ ${links.length > 1 ? `les ${links.length} adresses répondent` : 'l’adresse répond'}`;
}

function summariseOtherFiles(otherFiles: string[]): string {
  const shown = otherFiles
    .slice(0, 10)
    .map((f) => code(f))
    .join(', ');
  return `- ⚠️ **Cette merge request modifie aussi ${plural(otherFiles.length, 'fichier')} hors des notices** : ${shown}${otherFiles.length > 10 ? ', …' : ''}. Ce n’est pas une simple contribution : faites-la relire par une personne qui développe.`;
}

function renderValidity(data: ReportData, { errors, warnings }: Tally): string[] {
  const out = ['', '### Validité', ''];
  if (data.problems.length === 0) out.push(data.notices.length > 0 ? 'Aucun problème trouvé.' : 'Rien à valider.');
  const problemLine = (p: Problem) => `- ${code(p.file)} — **${code(p.field)}** : ${code(p.message)}`;
  if (errors.length > 0) out.push('**Erreurs** (à corriger avant de fusionner) :', '', ...errors.map(problemLine));
  if (warnings.length > 0) out.push(...(errors.length > 0 ? [''] : []), '**Remarques** (n’empêchent pas la publication) :', '', ...warnings.map(problemLine));
  return out;
}

function renderChanges(data: ReportData): string[] {
  if (data.notices.length === 0) return [];
  return ['', '### Ce qui change', ...data.notices.flatMap((section) => renderSection(section, data))];
}

function renderDuplicates(data: ReportData, { duplicates, keepsNotices }: Tally): string[] {
  if (!keepsNotices) return [];
  const out = ['', '### Doublons possibles', ''];
  if (duplicates.length === 0)
    out.push(`Aucun doublon probable parmi les ${data.directorySize} notices de l’annuaire (même nom, nom proche, même site, même dépôt, même Wikidata).`);
  for (const section of duplicates) {
    for (const d of section.duplicates) {
      const url = noticeUrl(data.siteUrl, d.slug);
      // A code span binds tighter than the link brackets: the name cannot break the link.
      const target = url ? `[${code(d.nom)}](${url}) (${code(d.slug)})` : code(d.nom);
      out.push(`- ${code(section.nom)} ressemble à ${target} : ${d.raisons.map((r) => code(r)).join(' ; ')}`);
    }
  }
  return out;
}

function linkIcon(result: LinkResult | undefined): string {
  if (!result) return '⏸️ non vérifié';
  if (result.status === 'ok') return `✅ ${code(result.message)}`;
  if (result.status === 'interne' || result.status === 'invalide') return `⛔ ${code(result.message)}`;
  if (result.httpStatus === 403 || result.httpStatus === 401 || result.httpStatus === 429) return `⚠️ ${code(result.message)}`;
  return `❌ ${code(result.message)}`;
}

function renderLinks(data: ReportData, { links, failedLinks }: Tally): string[] {
  if (links.length === 0) return [];
  const rows = data.notices.flatMap((n) =>
    n.links.map((l) => [code(n.nom), code(l.field) + (l.changed && n.change.kind !== 'ajout' ? ' *(changé)*' : ''), code(l.url), linkIcon(l.result)]),
  );
  const out = ['', '### Les adresses répondent-elles ?', '', table(['Notice', 'Champ', 'Adresse', 'Résultat'], rows)];
  if (links.every((l) => !l.result)) out.push('', 'Les adresses n’ont pas été vérifiées (pas d’accès au réseau depuis cette tâche).');
  else if (failedLinks.length > 0) out.push('', 'Une adresse qui ne répond pas peut être une panne passagère : ouvrez-la vous-même avant de refuser.');
  return out;
}

function renderLogos(data: ReportData): string[] {
  const rows = data.notices.flatMap((n) => {
    const logo = n.logo;
    if (!logo) return [];
    return [
      [
        code(n.nom),
        code(path.basename(logo.file)),
        logo.format ? logo.format.toUpperCase() : '—',
        logo.width && logo.height ? `${logo.width} × ${logo.height}` : '—',
        logo.bytes !== undefined ? formatBytes(logo.bytes) : '—',
        logo.remarks.length > 0 ? logo.remarks.map((r) => code(r)).join(' ; ') : '✅',
      ],
    ];
  });
  if (rows.length === 0) return [];
  return ['', '### Logos', '', table(['Notice', 'Fichier', 'Format', 'Dimensions (px)', 'Poids', 'À savoir'], rows)];
}

function renderNextSteps(data: ReportData, { errors }: Tally): string[] {
  const out = ['', '### Et maintenant ?', ''];
  if (errors.length > 0) {
    out.push(
      '- La proposition doit être corrigée avant d’être fusionnée : corrigez le fichier vous-même (bouton « Modifier » de GitLab) ou refusez-la avec une réponse type. Ce rapport sera mis à jour à chaque nouvelle version.',
    );
  } else if (data.notices.length > 0) {
    out.push('- 👍 **Pouce** : tout vous semble juste ? Approuvez puis fusionnez (« Merge ») : le site sera reconstruit et publié en quelques minutes.');
  }
  out.push('- 👎 **Non merci** : hors sujet (logiciel non libre, service, œuvre), doublon ou spam ? Fermez la merge request avec une réponse type.');
  return out;
}

function renderFooter(data: ReportData): string[] {
  const bits: string[] = [];
  if (data.context?.guideUrl) bits.push(link('guide de modération', data.context.guideUrl));
  if (data.context?.commit) bits.push(`version ${code(data.context.commit.slice(0, 8))}`);
  if (data.context?.pipelineUrl) bits.push(link('pipeline', data.context.pipelineUrl));
  return [
    '',
    '---',
    `<sub>Rapport automatique, mis à jour à chaque nouvelle version de la proposition : inutile d’y répondre.${bits.length > 0 ? ` ${bits.join(' · ')}` : ''}</sub>`,
  ];
}

function limitLength(report: string): string {
  if (report.length <= MAX_REPORT_LENGTH) return report;
  const cut = report.lastIndexOf('\n', MAX_REPORT_LENGTH - 200);
  // An open fence or <details> would swallow the rest: close both.
  const head = report.slice(0, cut);
  const fences = (head.match(/^```/gm) ?? []).length;
  const details = (head.match(/<details>/g) ?? []).length - (head.match(/<\/details>/g) ?? []).length;
  return `${head}${fences % 2 === 1 ? '\n```' : ''}${details > 0 ? '\n\n</details>' : ''}\n\n⚠️ Rapport tronqué : trop de changements pour un seul commentaire. Le début ci-dessus contient le verdict ; le détail complet est dans le journal de la tâche « rapport ».\n`;
}
