/**
 * The moderators' report on a merge request, in French, for people who are not developers: is
 * the proposal valid (and if not, why), what changes field by field, possible duplicates, do the
 * site and source addresses answer, what the logo looks like, and the link to the preview.
 *
 * Two steps: `collectReport` gathers the facts (git, validation, network through an injectable
 * link checker), `renderReport` turns them into Markdown — a pure function, tested on fixtures.
 */
import { noticePageUrl } from '../notices/addresses.ts';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { listNoticeFiles, readNoticeFile } from '../notices/repository.ts';
import { loadRedirections, redirectionsFile } from '../notices/redirections.ts';
import { listSelectionFiles, readSelection, selectionsDir } from '../notices/selections.ts';
import { NoticeSyntaxError, parseNoticeFile } from '../notices/notice-file.ts';
import { LINK_KEYS, MODERATOR_ONLY_KEYS } from '../notices/schema.ts';
import { BODY_FIELD, validateNoticeFiles, type Problem } from '../notices/validation.ts';
import { loadVocabularies, vocabularyIds } from '../notices/vocabulary.ts';
import { compactDiff, diffNotices, type FieldChange, type NoticeDiff } from './diff.ts';
import { findPossibleDuplicates, type NoticeRef, type PossibleDuplicate } from '../notices/duplicates.ts';
import { mergeRequestChanges, type NoticeChange } from './git.ts';
import type { LinkChecker, LinkResult } from './links.ts';
import { describeLogo, formatBytes, type LogoInfo } from './logos.ts';
import { code, fenced, link, plural, table } from '../gitlab/markdown.ts';
import { previewPageUrl, type PreviewMode } from './preview.ts';
import { mapLimit } from '../shared/pool.ts';

/** Hidden in the rendered comment; the job finds its own previous comment by it. */
export const REPORT_MARKER = '<!-- framalibre-rapport -->';

const IDENTITY_FIELDS = new Set(['nom', 'autres_noms', 'site_web', 'code_source', 'identifiant_wikidata', 'lien_wikipedia']);

export interface CheckedLink {
  field: string;
  url: string;
  /** The address is new or changed by this merge request. */
  changed: boolean;
  result?: LinkResult;
}

export interface NoticeSection {
  change: Pick<NoticeChange, 'kind' | 'slug' | 'path' | 'oldPath' | 'logosChanged'>;
  /** The name after the change (before it, for a deletion). */
  nom: string;
  diff: NoticeDiff;
  duplicates: PossibleDuplicate[];
  links: CheckedLink[];
  logo?: LogoInfo;
  /** French remarks specific to this change (missing redirection, selection citing it…). */
  remarks: string[];
}

export interface ReportData {
  notices: NoticeSection[];
  /** Validation problems of the notices the merge request touches (repository-relative files). */
  problems: Problem[];
  /** Files changed outside the notices. */
  otherFiles: string[];
  /** How many notices the directory holds (duplicates were looked for among them). */
  directorySize: number;
  preview?: { url: string; mode: PreviewMode } | { unavailable: string };
  /** Public site, for links to the current version of a notice. */
  siteUrl?: string;
  context?: { commit?: string; pipelineUrl?: string; guideUrl?: string };
  /** The report could not be completed (git failed…): French reason. */
  failure?: string;
}

export interface CollectOptions {
  /** Repository root. */
  cwd: string;
  /** The merge request's base commit (CI_MERGE_REQUEST_DIFF_BASE_SHA). */
  base: string;
  /** Content folder, repository-relative (default `content`). */
  contentDir?: string;
  /** Omitted: addresses are not checked (the report says so). */
  linkChecker?: LinkChecker;
  linkConcurrency?: number;
  preview?: ReportData['preview'];
  siteUrl?: string;
  context?: ReportData['context'];
}

const str = (value: unknown) => (typeof value === 'string' && value.trim() ? value.trim() : undefined);

function dataOf(text: string | undefined): Record<string, unknown> | undefined {
  if (text === undefined) return undefined;
  try {
    return parseNoticeFile(text).data;
  } catch (error) {
    if (error instanceof NoticeSyntaxError) return undefined;
    throw error;
  }
}

export async function collectReport(options: CollectOptions): Promise<ReportData> {
  const { cwd } = options;
  const contentRel = options.contentDir ?? 'content';
  const contentAbs = path.resolve(cwd, contentRel);
  const noticesRel = `${contentRel}/notices`;
  const noticesAbs = path.join(contentAbs, 'notices');
  const base: Omit<ReportData, 'notices' | 'problems' | 'otherFiles' | 'directorySize'> = {
    preview: options.preview,
    siteUrl: options.siteUrl,
    context: options.context,
  };

  let changes;
  try {
    changes = mergeRequestChanges({ cwd, base: options.base, noticesDir: noticesRel });
  } catch (error) {
    return { ...base, notices: [], problems: [], otherFiles: [], directorySize: 0, failure: (error as Error).message };
  }

  const allFiles = existsSync(noticesAbs) ? listNoticeFiles(noticesAbs) : [];
  const reference: NoticeRef[] = [];
  for (const file of allFiles) {
    try {
      const raw = readNoticeFile(file);
      reference.push({ slug: raw.slug, data: raw.data });
    } catch {
      // an unreadable notice is reported by validation
    }
  }

  // Validation of what the merge request touches, with the directory as reference for duplicates.
  const touched = changes.notices.filter((n) => n.kind !== 'suppression').map((n) => path.join(cwd, n.path));
  let problems: Problem[] = [];
  if (touched.length > 0) {
    const vocabulary = vocabularyIds(loadVocabularies(contentAbs));
    // Validation names files relative to the process's directory; the report, to the repository.
    const relative = (file: string) => path.relative(cwd, path.resolve(file)).split(path.sep).join('/');
    const renames = allFiles.map((file) => [path.relative(process.cwd(), file), relative(file)] as const).filter(([a, b]) => a !== b);
    problems = (await validateNoticeFiles(touched, vocabulary, { referenceFiles: allFiles })).map((p) => ({
      ...p,
      file: relative(p.file),
      message: renames.reduce((message, [from, to]) => message.split(from).join(to), p.message),
    }));
  }

  const selections = listSelectionFiles(selectionsDir(contentAbs)).flatMap((file) => {
    try {
      return [readSelection(file)];
    } catch {
      return [];
    }
  });
  let redirections: { ancien: string; nouveau: string }[] = [];
  try {
    redirections = loadRedirections(redirectionsFile(contentAbs));
  } catch {
    // reported by the whole-tree validation job
  }

  const sections: NoticeSection[] = [];
  for (const change of changes.notices) {
    const oldData = dataOf(change.oldText);
    const newData = dataOf(change.newText);
    const data = newData ?? oldData ?? {};
    const diff = diffNotices(change.oldText, change.newText);
    const section: NoticeSection = {
      change: { kind: change.kind, slug: change.slug, path: change.path, oldPath: change.oldPath, logosChanged: change.logosChanged },
      nom: str(data.nom) ?? change.slug,
      diff,
      duplicates: [],
      links: [],
      remarks: [],
    };

    if (newData) {
      const identityChanged = change.kind !== 'modification' || diff.fields.some((f) => IDENTITY_FIELDS.has(f.field));
      if (identityChanged) section.duplicates = findPossibleDuplicates({ slug: change.slug, data: newData }, reference);
      for (const field of LINK_KEYS) {
        const url = str(newData[field]);
        if (url) section.links.push({ field, url, changed: str(oldData?.[field]) !== url });
      }
      const logo = str(newData.logo);
      const logoChanged = change.kind === 'ajout' || change.logosChanged.length > 0 || diff.fields.some((f) => f.field === 'logo');
      if (logo && logoChanged && /^[A-Za-z0-9][A-Za-z0-9._-]*$/.test(logo)) section.logo = await describeLogo(path.join(noticesAbs, 'logos', logo));
    }

    for (const field of diff.fields.filter((f) => (MODERATOR_ONLY_KEYS as readonly string[]).includes(f.field))) {
      const what =
        field.field === 'date_relecture'
          ? 'la date de relecture, montrée aux visiteurs comme « Notice relue le … »'
          : field.field === 'mis_en_avant'
            ? 'la mise en avant « Les membres de Framasoft utilisent… »'
            : 'seules les personnes de la modération le renseignent';
      section.remarks.push(`« ${field.field} » est réservé à la modération (${what}) : vérifier que ce changement est voulu.`);
    }
    const oldSlug = change.oldPath ? path.posix.basename(change.oldPath, '.md') : change.slug;
    if (change.kind === 'renommage' && !redirections.some((r) => r.ancien === oldSlug && r.nouveau === change.slug)) {
      section.remarks.push(
        `L’adresse de la page change (${oldSlug} → ${change.slug}) : ajouter une redirection dans ${contentRel}/redirections.yaml (ancien: ${oldSlug}, nouveau: ${change.slug}) pour ne pas casser les liens existants.`,
      );
    }
    if (change.kind === 'suppression' || change.kind === 'renommage') {
      const citing = selections.filter((s) => s.notices.includes(oldSlug)).map((s) => s.titre);
      if (citing.length > 0) section.remarks.push(`La notice est citée dans ${plural(citing.length, 'sélection')} : ${citing.join(', ')}. Les mettre à jour.`);
    }
    if (change.kind === 'suppression') {
      section.remarks.push('Sa page disparaîtra du site : si la notice est fusionnée avec une autre, ajouter une redirection.');
    }
    sections.push(section);
  }

  if (options.linkChecker) {
    const checker = options.linkChecker;
    const urls = [...new Set(sections.flatMap((s) => s.links.map((l) => l.url)))];
    const results = new Map<string, LinkResult>();
    await mapLimit(urls, options.linkConcurrency ?? 6, async (url) => results.set(url, await checker(url)));
    for (const section of sections) for (const l of section.links) l.result = results.get(l.url);
  }

  return { ...base, notices: sections, problems, otherFiles: changes.otherFiles, directorySize: reference.length };
}

// ——— Rendering ———————————————————————————————————————————————————————————————————————————

const KIND_TITLES: Record<NoticeChange['kind'], string> = {
  ajout: '➕ Nouvelle notice',
  modification: '✏️ Modification',
  renommage: '🔀 Renommage',
  suppression: '🗑️ Suppression',
};

function linkIcon(result: LinkResult | undefined): string {
  if (!result) return '⏸️ non vérifié';
  if (result.status === 'ok') return `✅ ${code(result.message)}`;
  if (result.status === 'interne' || result.status === 'invalide') return `⛔ ${code(result.message)}`;
  if (result.httpStatus === 403 || result.httpStatus === 401 || result.httpStatus === 429) return `⚠️ ${code(result.message)}`;
  return `❌ ${code(result.message)}`;
}

const linkFailed = (l: CheckedLink) => l.result !== undefined && l.result.status !== 'ok';

function noticeUrl(site: string | undefined, slug: string): string | undefined {
  return site ? `${site.replace(/\/+$/, '')}${noticePageUrl(encodeURIComponent(slug))}` : undefined;
}

function previewUrlOf(data: ReportData, slug: string): string | undefined {
  if (!data.preview || !('url' in data.preview)) return undefined;
  return previewPageUrl(data.preview.url, noticePageUrl(encodeURIComponent(slug)), data.preview.mode);
}

function renderValue(value: unknown): string {
  if (Array.isArray(value)) return value.length === 0 ? '*(vide)*' : value.map((v) => code(v)).join(', ');
  return code(value);
}

function renderFieldRow(change: FieldChange): string[] {
  const name = code(change.field);
  if (change.added || change.removed) {
    const detail = [
      change.added?.length ? `ajouté : ${change.added.map((v) => code(v)).join(', ')}` : '',
      change.removed?.length ? `retiré : ${change.removed.map((v) => code(v)).join(', ')}` : '',
    ]
      .filter(Boolean)
      .join(' ; ');
    return [name, change.before === undefined ? '—' : renderValue(change.before), change.after === undefined ? '*(retiré)*' : renderValue(change.after), detail];
  }
  return [name, change.before === undefined ? '—' : renderValue(change.before), change.after === undefined ? '*(retiré)*' : renderValue(change.after), ''];
}

const MAX_DIFF_LINES = 80;

const capitalized = (text: string) => text.charAt(0).toUpperCase() + text.slice(1);

function renderBody(section: NoticeSection): string[] {
  const body = section.diff.body;
  if (!body || section.change.kind === 'suppression') return [];
  if (section.change.kind === 'ajout' || !body.before) {
    // Every contributor line is prefixed: none can start a line of the comment.
    const lines = body.after.split('\n');
    const shown = lines.slice(0, MAX_DIFF_LINES).map((line) => `+ ${line}`);
    return [
      '',
      `<details><summary>${capitalized(BODY_FIELD)} (${plural(lines.length, 'ligne')})</summary>`,
      '',
      fenced(shown.join('\n') + (lines.length > MAX_DIFF_LINES ? '\n  […]' : ''), 'diff'),
      '',
      '</details>',
    ];
  }
  if (!body.after) return ['', `**${capitalized(BODY_FIELD)}** : retiré (la notice n’a plus de description longue).`];
  const lines = compactDiff(body.lines);
  const shown = lines.slice(0, MAX_DIFF_LINES);
  const added = body.lines.filter((l) => l.op === '+').length;
  const removed = body.lines.filter((l) => l.op === '-').length;
  return [
    '',
    `<details><summary>${capitalized(BODY_FIELD)} : ${plural(added, 'ligne ajoutée', 'lignes ajoutées')}, ${plural(removed, 'ligne retirée', 'lignes retirées')}</summary>`,
    '',
    fenced(shown.join('\n') + (lines.length > MAX_DIFF_LINES ? '\n  […]' : ''), 'diff'),
    '',
    '</details>',
  ];
}

function renderSection(section: NoticeSection, data: ReportData): string[] {
  const { change } = section;
  const out: string[] = ['', `#### ${KIND_TITLES[change.kind]} : ${code(section.nom)}`, ''];
  const links: string[] = [];
  const preview = change.kind !== 'suppression' ? previewUrlOf(data, change.slug) : undefined;
  if (preview) links.push(link('voir la page dans l’aperçu', preview));
  const oldSlug = change.oldPath ? path.posix.basename(change.oldPath, '.md') : change.slug;
  const live = change.kind !== 'ajout' ? noticeUrl(data.siteUrl, oldSlug) : undefined;
  if (live) links.push(link('page actuelle du site', live));
  const file = change.oldPath ? `${code(change.oldPath)} → ${code(change.path)}` : code(change.path);
  out.push([`Fichier ${file}`, ...links].join(' · '));

  if (section.diff.unreadable) {
    out.push('', `⚠️ Version ${section.diff.unreadable.version} illisible : ${code(section.diff.unreadable.reason)}. Les changements ne peuvent pas être détaillés.`);
  } else if (change.kind === 'ajout') {
    const rows = section.diff.fields.map((f) => [code(f.field), renderValue(f.after)]);
    out.push('', rows.length > 0 ? table(['Champ', 'Valeur'], rows) : '*(en-tête vide)*');
  } else if (change.kind === 'suppression') {
    out.push('', 'La notice est retirée de l’annuaire.');
  } else if (section.diff.fields.length > 0) {
    const withDetail = section.diff.fields.some((f) => f.added || f.removed);
    const rows = section.diff.fields.map(renderFieldRow).map((row) => (withDetail ? row : row.slice(0, 3)));
    out.push('', table(withDetail ? ['Champ', 'Avant', 'Après', 'Détail'] : ['Champ', 'Avant', 'Après'], rows));
  } else if (!section.diff.body) {
    out.push('', change.logosChanged.length > 0 ? 'Seul le fichier du logo change.' : 'Le texte de la notice ne change pas.');
  }
  if (change.logosChanged.length > 0 && change.kind !== 'ajout') out.push('', `Nouveau fichier de logo : ${change.logosChanged.map((l) => code(l)).join(', ')}.`);
  out.push(...renderBody(section));
  for (const remark of section.remarks) out.push('', `⚠️ ${code(remark, 1000)}`);
  return out;
}

/** The whole comment, Markdown. */
export function renderReport(data: ReportData): string {
  const out: string[] = [REPORT_MARKER, '## 🔎 Rapport pour la modération', ''];
  if (data.failure) {
    out.push(
      `⚠️ Le rapport n’a pas pu être établi : ${code(data.failure, 1000)}.`,
      '',
      'Les autres tâches du pipeline (validation, construction) restent valables : consultez-les.',
    );
    out.push(...footer(data));
    return out.join('\n') + '\n';
  }

  const errors = data.problems.filter((p) => p.level === 'erreur');
  const warnings = data.problems.filter((p) => p.level === 'avertissement');
  const count = (kind: NoticeChange['kind']) => data.notices.filter((n) => n.change.kind === kind).length;
  const duplicates = data.notices.filter((n) => n.duplicates.length > 0);
  const allLinks = data.notices.flatMap((n) => n.links);
  const failedLinks = allLinks.filter(linkFailed);

  // Verdict first: what a moderator reads at a glance.
  if (data.notices.length === 0) {
    out.push('**Verdict : ℹ️ aucune notice modifiée** par cette merge request.');
  } else if (errors.length > 0) {
    out.push(`**Verdict : ❌ à corriger** — ${plural(errors.length, 'erreur')} ${errors.length > 1 ? 'empêchent' : 'empêche'} la publication (détail ci-dessous).`);
  } else {
    out.push('**Verdict : ✅ valide** — la proposition respecte le format des notices.');
  }
  out.push('');
  const summary: string[] = [];
  const parts = [
    count('ajout') ? plural(count('ajout'), 'nouvelle notice', 'nouvelles notices') : '',
    count('modification') ? plural(count('modification'), 'notice modifiée', 'notices modifiées') : '',
    count('renommage') ? plural(count('renommage'), 'notice renommée', 'notices renommées') : '',
    count('suppression') ? plural(count('suppression'), 'notice supprimée', 'notices supprimées') : '',
  ].filter(Boolean);
  if (parts.length > 0) summary.push(`- **Changements** : ${parts.join(', ')}`);
  if (warnings.length > 0) summary.push(`- **Remarques** : ${plural(warnings.length, 'point')} à regarder (n’empêche${warnings.length > 1 ? 'nt' : ''} pas la publication)`);
  if (data.notices.some((n) => n.change.kind !== 'suppression')) {
    summary.push(
      duplicates.length > 0
        ? `- **Doublons possibles** : ⚠️ à vérifier pour ${duplicates.map((d) => code(d.nom)).join(', ')}`
        : `- **Doublons possibles** : aucun parmi les ${data.directorySize} notices de l’annuaire`,
    );
  }
  if (allLinks.length > 0) {
    const unchecked = allLinks.every((l) => !l.result);
    summary.push(
      unchecked
        ? '- **Liens** : non vérifiés'
        : failedLinks.length > 0
          ? `- **Liens** : ⚠️ ${plural(failedLinks.length, 'adresse')} sur ${allLinks.length} ${failedLinks.length > 1 ? 'posent' : 'pose'} problème`
          : `- **Liens** : ✅ ${allLinks.length > 1 ? `les ${allLinks.length} adresses répondent` : 'l’adresse répond'}`,
    );
  }
  if (data.preview && 'url' in data.preview)
    summary.push(`- **Aperçu** : ${link('voir le site avec cette proposition', previewPageUrl(data.preview.url, '/', data.preview.mode))}`);
  else if (data.preview) summary.push(`- **Aperçu** : indisponible (${code(data.preview.unavailable)})`);
  if (data.otherFiles.length > 0) {
    summary.push(
      `- ⚠️ **Cette merge request modifie aussi ${plural(data.otherFiles.length, 'fichier')} hors des notices** : ${data.otherFiles
        .slice(0, 10)
        .map((f) => code(f))
        .join(', ')}${data.otherFiles.length > 10 ? ', …' : ''}. Ce n’est pas une simple contribution : faites-la relire par une personne qui développe.`,
    );
  }
  out.push(...summary);

  // Validity
  out.push('', '### Validité', '');
  if (data.problems.length === 0) out.push(data.notices.length > 0 ? 'Aucun problème trouvé.' : 'Rien à valider.');
  const problemLine = (p: Problem) => `- ${code(p.file)} — **${code(p.field)}** : ${code(p.message)}`;
  if (errors.length > 0) out.push('**Erreurs** (à corriger avant de fusionner) :', '', ...errors.map(problemLine));
  if (warnings.length > 0) out.push(...(errors.length > 0 ? [''] : []), '**Remarques** (n’empêchent pas la publication) :', '', ...warnings.map(problemLine));

  // Changes
  if (data.notices.length > 0) {
    out.push('', '### Ce qui change');
    for (const section of data.notices) out.push(...renderSection(section, data));
  }

  // Duplicates
  if (data.notices.some((n) => n.change.kind !== 'suppression')) {
    out.push('', '### Doublons possibles', '');
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
  }

  // Links
  if (allLinks.length > 0) {
    out.push('', '### Les adresses répondent-elles ?', '');
    const rows = data.notices.flatMap((n) =>
      n.links.map((l) => [code(n.nom), code(l.field) + (l.changed && n.change.kind !== 'ajout' ? ' *(changé)*' : ''), code(l.url), linkIcon(l.result)]),
    );
    out.push(table(['Notice', 'Champ', 'Adresse', 'Résultat'], rows));
    if (allLinks.every((l) => !l.result)) out.push('', 'Les adresses n’ont pas été vérifiées (pas d’accès au réseau depuis cette tâche).');
    else if (failedLinks.length > 0) out.push('', 'Une adresse qui ne répond pas peut être une panne passagère : ouvrez-la vous-même avant de refuser.');
  }

  // Logos
  const logos = data.notices.filter((n) => n.logo);
  if (logos.length > 0) {
    out.push('', '### Logos', '');
    const rows = logos.map((n) => {
      const logo = n.logo!;
      return [
        code(n.nom),
        code(path.basename(logo.file)),
        logo.format ? logo.format.toUpperCase() : '—',
        logo.width && logo.height ? `${logo.width} × ${logo.height}` : '—',
        logo.bytes !== undefined ? formatBytes(logo.bytes) : '—',
        logo.remarks.length > 0 ? logo.remarks.map((r) => code(r)).join(' ; ') : '✅',
      ];
    });
    out.push(table(['Notice', 'Fichier', 'Format', 'Dimensions (px)', 'Poids', 'À savoir'], rows));
  }

  out.push('', '### Et maintenant ?', '');
  if (errors.length > 0) {
    out.push(
      '- La proposition doit être corrigée avant d’être fusionnée : corrigez le fichier vous-même (bouton « Modifier » de GitLab) ou refusez-la avec une réponse type. Ce rapport sera mis à jour à chaque nouvelle version.',
    );
  } else if (data.notices.length > 0) {
    out.push('- 👍 **Pouce** : tout vous semble juste ? Approuvez puis fusionnez (« Merge ») : le site sera reconstruit et publié en quelques minutes.');
  }
  out.push('- 👎 **Non merci** : hors sujet (logiciel non libre, service, œuvre), doublon ou spam ? Fermez la merge request avec une réponse type.');
  out.push(...footer(data));
  return limitLength(out.join('\n') + '\n');
}

/** GitLab refuses comments over 1,000,000 characters; a huge import must still get its verdict. */
export const MAX_REPORT_LENGTH = 900_000;

function limitLength(report: string): string {
  if (report.length <= MAX_REPORT_LENGTH) return report;
  const cut = report.lastIndexOf('\n', MAX_REPORT_LENGTH - 200);
  // An open fence or <details> would swallow the rest: close both.
  const head = report.slice(0, cut);
  const fences = (head.match(/^```/gm) ?? []).length;
  const details = (head.match(/<details>/g) ?? []).length - (head.match(/<\/details>/g) ?? []).length;
  return `${head}${fences % 2 === 1 ? '\n```' : ''}${details > 0 ? '\n\n</details>' : ''}\n\n⚠️ Rapport tronqué : trop de changements pour un seul commentaire. Le début ci-dessus contient le verdict ; le détail complet est dans le journal de la tâche « rapport ».\n`;
}

function footer(data: ReportData): string[] {
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
