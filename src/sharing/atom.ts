/**
 * Atom feeds (RFC 4287) of new and updated notices: the whole directory and one per étiquette.
 * A notice's date is its `date_modification`, else its `date_creation`, else the date of the last
 * git commit that touched its file (when the content is a git checkout). Ids are the notices'
 * absolute URLs, which never change (a renamed notice keeps a redirect).
 */
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import type { Notice } from '../notices/schema.ts';
import { noticesDir } from '../notices/paths.ts';
import { absolute, noticeLogoPath, noticePath, type SiteAddress } from './urls.ts';

/** How many notices a feed lists (the most recent). */
export const FEED_SIZE = 50;

export interface FeedEntry {
  id: string;
  title: string;
  updated: string;
  published?: string | undefined;
  link: string;
  summary: string;
  categories: { term: string; label: string }[];
  /** Absolute URL of the notice's logo (PNG, 256 px), when it shows one. */
  logo?: string | undefined;
}

export interface Feed {
  id: string;
  title: string;
  subtitle: string;
  /** The feed's own address. */
  self: string;
  /** The HTML page the feed follows. */
  alternate: string;
  entries: FeedEntry[];
  /** When there is no entry. */
  fallbackUpdated: string;
}

export function escapeXml(value: string): string {
  return value
    .replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]/g, '')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;');
}

/** `2026-11-21` → `2026-11-21T00:00:00Z` (RFC 3339, as Atom requires). */
export function atomDate(date: string): string {
  return /^\d{4}-\d{2}-\d{2}$/.test(date) ? `${date}T00:00:00Z` : new Date(date).toISOString().replace(/\.\d{3}Z$/, 'Z');
}

let gitCache: Map<string, string> | undefined;

/** The last commit date of every notice file, from one `git log` (empty outside a git checkout). */
export function gitDates(dir = noticesDir()): Map<string, string> {
  // One call for the whole build: `git log` once, newest commit first.
  if (gitCache) return gitCache;
  gitCache = new Map();
  const result = spawnSync('git', ['log', '--format=%x00%cI', '--name-only', '--relative', '--', '.'], { cwd: dir, encoding: 'utf8', maxBuffer: 256 * 1024 * 1024 });
  if (result.status !== 0 || !result.stdout) return gitCache;
  for (const block of result.stdout.split('\0').slice(1)) {
    const [date, ...files] = block.trim().split('\n');
    for (const file of files) {
      const slug = path.basename(file.trim(), '.md');
      if (file.endsWith('.md') && !gitCache.has(slug)) gitCache.set(slug, date!.trim()); // newest first
    }
  }
  return gitCache;
}

/** The notice's date for feeds; git is asked only for a notice without any date field. */
export function noticeUpdated(notice: Notice, git: () => Map<string, string> = gitDates): string | undefined {
  const date = notice.data.date_modification ?? notice.data.date_creation ?? git().get(notice.slug);
  return date ? atomDate(date) : undefined;
}

/** The notices that have a date, most recent first (then by name), at most FEED_SIZE. */
export function feedEntries(
  notices: readonly Notice[],
  site: SiteAddress | undefined,
  etiquetteLabel: (id: string) => string,
  git: () => Map<string, string> = gitDates,
): FeedEntry[] {
  return notices
    .flatMap((notice) => {
      const updated = noticeUpdated(notice, git);
      if (!updated) return [];
      const url = absolute(noticePath(notice.slug), site);
      const logo = noticeLogoPath(notice);
      const entry: FeedEntry = {
        id: url,
        title: notice.data.nom,
        updated,
        published: notice.data.date_creation ? atomDate(notice.data.date_creation) : undefined,
        link: url,
        summary: notice.data.description_courte ?? `${notice.data.nom}, un logiciel libre (${notice.data.licences.join(', ')}).`,
        categories: (notice.data.etiquettes ?? []).map((id) => ({ term: id, label: etiquetteLabel(id) })),
        logo: logo ? absolute(logo, site) : undefined,
      };
      return [entry];
    })
    .sort((a, b) => (a.updated === b.updated ? a.title.localeCompare(b.title, 'fr') : a.updated < b.updated ? 1 : -1))
    .slice(0, FEED_SIZE);
}

export function buildAtomFeed(feed: Feed): string {
  const updated = feed.entries.reduce((max, entry) => (entry.updated > max ? entry.updated : max), feed.entries.length > 0 ? '' : feed.fallbackUpdated);
  const lines = [
    '<?xml version="1.0" encoding="utf-8"?>',
    '<feed xmlns="http://www.w3.org/2005/Atom" xml:lang="fr">',
    `  <id>${escapeXml(feed.id)}</id>`,
    `  <title>${escapeXml(feed.title)}</title>`,
    `  <subtitle>${escapeXml(feed.subtitle)}</subtitle>`,
    `  <updated>${escapeXml(updated)}</updated>`,
    `  <link rel="self" type="application/atom+xml" href="${escapeXml(feed.self)}"/>`,
    `  <link rel="alternate" type="text/html" href="${escapeXml(feed.alternate)}"/>`,
    '  <author><name>Framalibre</name></author>',
    '  <rights>Notices sous licence Creative Commons BY-SA 4.0</rights>',
    '  <generator>Framalibre</generator>',
  ];
  for (const entry of feed.entries) {
    lines.push(
      '  <entry>',
      `    <id>${escapeXml(entry.id)}</id>`,
      `    <title>${escapeXml(entry.title)}</title>`,
      `    <updated>${escapeXml(entry.updated)}</updated>`,
      ...(entry.published ? [`    <published>${escapeXml(entry.published)}</published>`] : []),
      `    <link rel="alternate" type="text/html" href="${escapeXml(entry.link)}"/>`,
      `    <summary>${escapeXml(entry.summary)}</summary>`,
      ...entry.categories.map((c) => `    <category term="${escapeXml(c.term)}" label="${escapeXml(c.label)}"/>`),
      // Media RSS thumbnail, which feed readers show next to the entry (namespace declared here so
      // the feed element stays plain Atom).
      ...(entry.logo ? [`    <media:thumbnail xmlns:media="http://search.yahoo.com/mrss/" url="${escapeXml(entry.logo)}" width="256" height="256"/>`] : []),
      '  </entry>',
    );
  }
  lines.push('</feed>', '');
  return lines.join('\n');
}
