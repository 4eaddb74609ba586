/**
 * Is a program still alive? content/activite.yaml holds, for each notice with a code repository,
 * what the weekly « veille » read from its forge (src/moderation/freshness.ts writes it, a merge
 * request brings it into main): the last release, else the last activity, and whether the
 * repository is archived. The site reads it at build time, leniently: a missing, unreadable or
 * stale file, or a malformed entry, only hides a line of a page — `npm run validate` is where its
 * problems are reported (`activityProblems`, called by catalogue-check.ts).
 *
 *   gimp:
 *     depot: https://gitlab.gnome.org/GNOME/gimp
 *     derniere_version:
 *       nom: GIMP_3_0_4
 *       date: 2026-03-12
 *     derniere_activite: 2026-11-30
 *     archive: false
 *     releve_le: 2026-12-07
 */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { dumpYaml, parseYaml } from './notice-file.ts';
import { contentDir } from './paths.ts';
import type { Problem } from './problems.ts';
import { httpsUrl, isoDate, text } from './schema.ts';

export const ACTIVITY_FILE_NAME = 'activite.yaml';

export function activityFile(root = contentDir()): string {
  return path.join(root, ACTIVITY_FILE_NAME);
}

/** Data read more than this many days before the build is not shown: the veille has stopped. */
export const ACTIVITY_STALE_DAYS = 60;

const keysError = (keys: string) => ({
  error: (issue: { code?: string; keys?: string[] }) =>
    issue.code === 'unrecognized_keys' ? `clé inconnue : ${issue.keys?.join(', ')} (clés possibles : ${keys})` : 'doit être une liste de clés « clé: valeur »',
});

export const activityEntrySchema = z.strictObject(
  {
    /** The repository the record is about (the notice's code_source when it was read). */
    depot: httpsUrl.optional(),
    derniere_version: z.strictObject({ nom: text(100), date: isoDate }, keysError('nom, date')).optional(),
    derniere_activite: isoDate.optional(),
    archive: z.boolean({ error: (issue) => (issue.input === undefined ? 'champ obligatoire' : 'doit être true ou false') }),
    releve_le: isoDate,
  },
  keysError('depot, derniere_version, derniere_activite, archive, releve_le'),
);

/** What the forge said about a notice's repository. */
export type NoticeActivity = z.infer<typeof activityEntrySchema>;

export interface ParsedActivity {
  /** The valid entries only. */
  entries: Map<string, NoticeActivity>;
  problems: Problem[];
}

/** Every entry read on its own: a malformed one never hides the others. */
export function parseActivity(source: string, file = `content/${ACTIVITY_FILE_NAME}`): ParsedActivity {
  const entries = new Map<string, NoticeActivity>();
  const problems: Problem[] = [];
  let raw: unknown;
  try {
    raw = parseYaml(source) ?? {};
  } catch (error) {
    problems.push({ code: 'activite-illisible', level: 'erreur', file, field: 'fichier', message: `YAML illisible : ${(error as Error).message.split('\n')[0]}` });
    return { entries, problems };
  }
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
    problems.push({ code: 'activite-illisible', level: 'erreur', file, field: 'fichier', message: 'le fichier doit associer à chaque notice (son slug) son relevé d’activité' });
    return { entries, problems };
  }
  for (const [slug, value] of Object.entries(raw)) {
    const result = activityEntrySchema.safeParse(value);
    if (result.success) entries.set(slug, result.data);
    else
      for (const issue of result.error.issues)
        problems.push({ code: 'activite-entree-invalide', level: 'erreur', file, field: [slug, ...issue.path.map(String)].join(' : '), message: issue.message });
  }
  return { entries, problems };
}

/** The file's problems for `npm run validate`: its own, and entries of notices that do not exist. */
export function activityProblems(slugs: ReadonlySet<string>, file = activityFile()): Problem[] {
  if (!existsSync(file)) return [];
  const shown = path.relative(process.cwd(), file);
  const { entries, problems } = parseActivity(readFileSync(file, 'utf8'), shown);
  for (const slug of entries.keys()) {
    if (!slugs.has(slug))
      problems.push({
        code: 'activite-notice-inconnue',
        level: 'avertissement',
        file: shown,
        field: slug,
        message: `la notice « ${slug} » n’existe pas (renommée ou supprimée ?) : retirer cette entrée, la veille la recréera sous le bon nom`,
      });
  }
  return problems;
}

/** The canonical text of the file: slugs in order, keys in the schema's order, one diff line per change. */
export function serializeActivity(entries: ReadonlyMap<string, NoticeActivity>): string {
  const order = Object.keys(activityEntrySchema.shape) as (keyof NoticeActivity)[];
  const sorted: Record<string, Record<string, unknown>> = {};
  for (const slug of [...entries.keys()].sort()) {
    const entry = entries.get(slug)!;
    const out: Record<string, unknown> = {};
    for (const key of order) {
      const value = entry[key];
      if (value === undefined) continue;
      out[key] = key === 'derniere_version' ? { nom: entry.derniere_version!.nom, date: entry.derniere_version!.date } : value;
    }
    sorted[slug] = out;
  }
  const header = [
    '# Activité des dépôts de code des notices, relevée chaque semaine par la tâche planifiée « veille »',
    '# (npm run moderation:veille) et proposée par merge request. Ne pas modifier à la main :',
    '# voir docs/moderation.md.',
  ];
  return `${header.join('\n')}\n${entries.size > 0 ? dumpYaml(sorted) : '{}\n'}`;
}

const loaded = new Map<string, Map<string, NoticeActivity>>();

/** The valid entries of the file (read once per content folder); nothing when it is missing or unreadable. */
export function loadActivity(root = contentDir()): ReadonlyMap<string, NoticeActivity> {
  let entries = loaded.get(root);
  if (!entries) {
    const file = activityFile(root);
    try {
      entries = existsSync(file) ? parseActivity(readFileSync(file, 'utf8')).entries : new Map();
    } catch {
      entries = new Map();
    }
    loaded.set(root, entries);
  }
  return entries;
}

export interface ActivityOptions {
  /** The notice's current code_source: a record about another repository is not shown. */
  codeSource?: string;
  /** The day the pages are built (stale data is not shown). */
  now?: Date;
  /** The content folder. */
  root?: string;
}

/**
 * What a page may say about a notice's activity: the record of content/activite.yaml, unless it is
 * missing, malformed, about another repository than the notice's, or older than ACTIVITY_STALE_DAYS.
 */
export function activityOf(slug: string, options: ActivityOptions = {}): NoticeActivity | undefined {
  const entry = loadActivity(options.root).get(slug);
  if (!entry) return undefined;
  if (options.codeSource && entry.depot && normaliseRepository(entry.depot) !== normaliseRepository(options.codeSource)) return undefined;
  const age = ((options.now ?? new Date()).getTime() - Date.parse(`${entry.releve_le}T00:00:00Z`)) / 86_400_000;
  if (age > ACTIVITY_STALE_DAYS) return undefined;
  return entry;
}

const normaliseRepository = (url: string) =>
  url
    .trim()
    .toLowerCase()
    .replace(/\/+$/, '')
    .replace(/\.git$/, '');

const monthFormat = new Intl.DateTimeFormat('fr-FR', { month: 'long', year: 'numeric', timeZone: 'UTC' });

/** « mars 2026 » for 2026-03-12. */
export function frenchMonth(isoDay: string): string {
  return monthFormat.format(new Date(`${isoDay}T00:00:00Z`));
}

/** The words a visitor reads, in parts for a term/value list: « Dernière version » « mars 2026 ». */
export interface ActivityWords {
  term: 'Projet archivé' | 'Dernière version' | 'Dernière activité';
  /** « mars 2026 », when the record has a date for the term. */
  when?: string;
  /** The AAAA-MM-JJ behind `when` (for <time datetime>). */
  date?: string;
  /** The release's tag or name, for « Dernière version ». */
  version?: string;
  /** The whole line: « Dernière version : mars 2026 ». */
  text: string;
}

export function activityWords(activity: NoticeActivity): ActivityWords | undefined {
  if (activity.archive) return { term: 'Projet archivé', text: 'Projet archivé' };
  const release = activity.derniere_version;
  if (release)
    return { term: 'Dernière version', when: frenchMonth(release.date), date: release.date, version: release.nom, text: `Dernière version : ${frenchMonth(release.date)}` };
  if (activity.derniere_activite)
    return {
      term: 'Dernière activité',
      when: frenchMonth(activity.derniere_activite),
      date: activity.derniere_activite,
      text: `Dernière activité : ${frenchMonth(activity.derniere_activite)}`,
    };
  return undefined;
}

/**
 * The French words in one line: « Projet archivé », else « Dernière version : mars 2026 », else
 * « Dernière activité : mars 2026 »; undefined when the record says nothing datable.
 */
export function activityLabel(activity: NoticeActivity): string | undefined {
  return activityWords(activity)?.text;
}
