/**
 * The moderators' queue: every notice, ordered by what needs a look first — an archived
 * repository, then a dead link, then never reviewed (no `date_relecture`), then the oldest review.
 * It is a section of the weekly veille issue (the first rows) and the artifact a-revoir.md (all
 * rows), not a page of the site: it needs the week's link results, which only the veille has, and
 * it is moderators' work, not something to publish.
 */
import { frenchDate } from '../notices/catalogue.ts';
import type { NoticeActivity } from '../notices/activity.ts';
import { noticePageUrl } from '../notices/addresses.ts';
import { code, oneLine, plural, table } from '../gitlab/markdown.ts';
import type { LinkFinding, WatchNotice } from './watch.ts';

export interface QueueEntry {
  slug: string;
  nom: string;
  /** 0 archived, 1 dead link, 2 never reviewed, 3 reviewed. */
  tier: 0 | 1 | 2 | 3;
  /** AAAA-MM-JJ of the last review, when there was one. */
  reviewed?: string;
  /** French, what the moderator should look at. */
  reasons: string[];
}

const str = (value: unknown) => (typeof value === 'string' && value.trim() ? value.trim() : undefined);
/** A date as the schema accepts it; anything else (a broken notice) counts as absent. */
const day = (value: unknown) => {
  const text = str(value);
  return text && /^\d{4}-\d{2}-\d{2}$/.test(text) && !Number.isNaN(Date.parse(`${text}T00:00:00Z`)) ? text : undefined;
};

export function reviewQueue(input: { notices: readonly WatchNotice[]; activity: ReadonlyMap<string, NoticeActivity>; broken: readonly LinkFinding[] }): QueueEntry[] {
  const dead = new Map<string, string[]>();
  for (const finding of input.broken) dead.set(finding.slug, [...(dead.get(finding.slug) ?? []), finding.field]);
  const entries = input.notices.map((notice): QueueEntry & { since: string } => {
    const reviewed = day(notice.data.date_relecture);
    const archived = input.activity.get(notice.slug)?.archive === true;
    const fields = dead.get(notice.slug);
    const reasons: string[] = [];
    if (archived) reasons.push('dépôt de code archivé : le projet est-il abandonné, a-t-il un successeur ?');
    if (fields) reasons.push(`lien cassé (${fields.join(', ')})`);
    reasons.push(reviewed ? `relue le ${frenchDate(reviewed)}` : 'jamais relue');
    const tier = archived ? 0 : fields ? 1 : reviewed ? 3 : 2;
    // Within a tier, the notice nobody has looked at for the longest time first.
    const since = reviewed ?? day(notice.data.date_modification) ?? day(notice.data.date_creation) ?? '';
    return { slug: notice.slug, nom: str(notice.data.nom) ?? notice.slug, tier, reviewed, reasons, since };
  });
  entries.sort((a, b) => a.tier - b.tier || (a.since < b.since ? -1 : a.since > b.since ? 1 : 0) || a.slug.localeCompare(b.slug));
  return entries.map(({ since: _since, ...entry }) => entry);
}

/** The queue as Markdown: the first `limit` rows (all of them without a limit). */
export function renderReviewQueue(queue: readonly QueueEntry[], options: { siteUrl?: string; limit?: number; artifact?: string } = {}): string {
  const shown = options.limit === undefined ? queue : queue.slice(0, options.limit);
  const count = (tier: QueueEntry['tier']) => queue.filter((e) => e.tier === tier).length;
  const cell = (entry: QueueEntry) =>
    options.siteUrl ? `[${code(entry.nom)}](${options.siteUrl.replace(/\/+$/, '')}${noticePageUrl(encodeURIComponent(entry.slug))})` : code(entry.nom);
  const out = [
    `### 🔎 File de relecture (${plural(queue.length, 'notice')})`,
    '',
    `À regarder d’abord : ${plural(count(0), 'dépôt archivé', 'dépôts archivés')}, ${plural(count(1), 'notice', 'notices')} avec un lien cassé, ${plural(count(2), 'notice jamais relue', 'notices jamais relues')}, puis les relectures les plus anciennes. Après relecture, mettre la date du jour dans le champ « date_relecture » de la notice.`,
    '',
    table(
      ['', 'Notice', 'Pourquoi'],
      shown.map((entry, index) => [String(index + 1), cell(entry), oneLine(entry.reasons.join(' ; '))]),
    ),
  ];
  if (shown.length < queue.length)
    out.push(
      '',
      `… et ${plural(queue.length - shown.length, 'autre notice', 'autres notices')} : la liste complète est dans l’artefact ${code(options.artifact ?? 'a-revoir.md')} de la tâche.`,
    );
  return out.join('\n') + '\n';
}
