/**
 * One notice's part of the moderators' report (« Ce qui change »): its title and links, the table
 * of changed fields (or every field of a new notice), the long description as a diff, the remarks.
 */
import { noticePageUrl } from '../../notices/addresses.ts';
import { BODY_FIELD } from '../../notices/validation.ts';
import { code, fenced, link, plural, table } from '../../gitlab/markdown.ts';
import { compactDiff, type FieldChange } from '../diff.ts';
import type { NoticeChange } from '../git.ts';
import { previewPageUrl } from '../preview.ts';
import { slugBefore, type NoticeSection, type ReportData } from './data.ts';

const KIND_TITLES: Record<NoticeChange['kind'], string> = {
  ajout: '➕ Nouvelle notice',
  modification: '✏️ Modification',
  renommage: '🔀 Renommage',
  suppression: '🗑️ Suppression',
};

const MAX_DIFF_LINES = 80;

const capitalized = (text: string) => text.charAt(0).toUpperCase() + text.slice(1);

/** The notice's page on the public site, when its address is known. */
export function noticeUrl(site: string | undefined, slug: string): string | undefined {
  return site ? `${site.replace(/\/+$/, '')}${noticePageUrl(encodeURIComponent(slug))}` : undefined;
}

function previewUrlOf(data: ReportData, slug: string): string | undefined {
  if (!data.preview || !('url' in data.preview)) return undefined;
  return previewPageUrl(data.preview.url, noticePageUrl(encodeURIComponent(slug)), data.preview.mode);
}

export function renderSection(section: NoticeSection, data: ReportData): string[] {
  const { change } = section;
  return [
    '',
    `#### ${KIND_TITLES[change.kind]} : ${code(section.nom)}`,
    '',
    renderFileLine(section, data),
    ...renderFields(section),
    ...(change.logosChanged.length > 0 && change.kind !== 'ajout' ? ['', `Nouveau fichier de logo : ${change.logosChanged.map((l) => code(l)).join(', ')}.`] : []),
    ...renderBody(section),
    ...section.remarks.flatMap((remark) => ['', `⚠️ ${code(remark, 1000)}`]),
  ];
}

/** « Fichier … », then the page in the preview and the page on the site today. */
function renderFileLine(section: NoticeSection, data: ReportData): string {
  const { change } = section;
  const links: string[] = [];
  const preview = change.kind !== 'suppression' ? previewUrlOf(data, change.slug) : undefined;
  if (preview) links.push(link('voir la page dans l’aperçu', preview));
  const live = change.kind !== 'ajout' ? noticeUrl(data.siteUrl, slugBefore(change)) : undefined;
  if (live) links.push(link('page actuelle du site', live));
  const file = change.oldPath ? `${code(change.oldPath)} → ${code(change.path)}` : code(change.path);
  return [`Fichier ${file}`, ...links].join(' · ');
}

function renderFields(section: NoticeSection): string[] {
  const { change, diff } = section;
  if (diff.unreadable) {
    return ['', `⚠️ Version ${diff.unreadable.version} illisible : ${code(diff.unreadable.reason)}. Les changements ne peuvent pas être détaillés.`];
  }
  if (change.kind === 'ajout') {
    const rows = diff.fields.map((f) => [code(f.field), renderValue(f.after)]);
    return ['', rows.length > 0 ? table(['Champ', 'Valeur'], rows) : '*(en-tête vide)*'];
  }
  if (change.kind === 'suppression') return ['', 'La notice est retirée de l’annuaire.'];
  if (diff.fields.length > 0) {
    const withDetail = diff.fields.some((f) => f.added || f.removed);
    const rows = diff.fields.map(renderFieldRow).map((row) => (withDetail ? row : row.slice(0, 3)));
    return ['', table(withDetail ? ['Champ', 'Avant', 'Après', 'Détail'] : ['Champ', 'Avant', 'Après'], rows)];
  }
  if (!diff.body) return ['', change.logosChanged.length > 0 ? 'Seul le fichier du logo change.' : 'Le texte de la notice ne change pas.'];
  return [];
}

function renderValue(value: unknown): string {
  if (Array.isArray(value)) return value.length === 0 ? '*(vide)*' : value.map((v) => code(v)).join(', ');
  return code(value);
}

function renderFieldRow(change: FieldChange): string[] {
  const before = change.before === undefined ? '—' : renderValue(change.before);
  const after = change.after === undefined ? '*(retiré)*' : renderValue(change.after);
  if (!change.added && !change.removed) return [code(change.field), before, after, ''];
  const detail = [
    change.added?.length ? `ajouté : ${change.added.map((v) => code(v)).join(', ')}` : '',
    change.removed?.length ? `retiré : ${change.removed.map((v) => code(v)).join(', ')}` : '',
  ]
    .filter(Boolean)
    .join(' ; ');
  return [code(change.field), before, after, detail];
}

/** The long description: whole for a new one, as a diff for a change, one sentence when removed. */
function renderBody(section: NoticeSection): string[] {
  const body = section.diff.body;
  if (!body || section.change.kind === 'suppression') return [];
  if (section.change.kind === 'ajout' || !body.before) {
    // Every contributor line is prefixed: none can start a line of the comment.
    const lines = body.after.split('\n');
    return details(
      `${capitalized(BODY_FIELD)} (${plural(lines.length, 'ligne')})`,
      lines.map((line) => `+ ${line}`),
    );
  }
  if (!body.after) return ['', `**${capitalized(BODY_FIELD)}** : retiré (la notice n’a plus de description longue).`];
  const added = body.lines.filter((l) => l.op === '+').length;
  const removed = body.lines.filter((l) => l.op === '-').length;
  return details(
    `${capitalized(BODY_FIELD)} : ${plural(added, 'ligne ajoutée', 'lignes ajoutées')}, ${plural(removed, 'ligne retirée', 'lignes retirées')}`,
    compactDiff(body.lines),
  );
}

/** A folded diff block, cut after MAX_DIFF_LINES lines. */
function details(summary: string, lines: string[]): string[] {
  const shown = lines.slice(0, MAX_DIFF_LINES);
  return ['', `<details><summary>${summary}</summary>`, '', fenced(shown.join('\n') + (lines.length > MAX_DIFF_LINES ? '\n  […]' : ''), 'diff'), '', '</details>'];
}
