/**
 * From the veille's forge answers to content/activite.yaml (format: src/notices/activity.ts).
 * A record changes only when its forge answered every question; a forge that rate-limits, is down
 * or lost the repository leaves the previous record of that notice as it was, never erased. The
 * file keeps only notices that still exist and still point at the same repository.
 */
import { type NoticeActivity, activityEntrySchema } from '../notices/activity.ts';
import type { ActivityResult } from './activity.ts';

export interface RepositoryResult {
  slug: string;
  /** The notice's code_source. */
  url: string;
  result: ActivityResult;
}

const day = (iso: string) => new Date(iso).toISOString().slice(0, 10);
const sameRepository = (a: string, b: string) =>
  a
    .trim()
    .toLowerCase()
    .replace(/\/+$/, '')
    .replace(/\.git$/, '') ===
  b
    .trim()
    .toLowerCase()
    .replace(/\/+$/, '')
    .replace(/\.git$/, '');

export interface FreshnessUpdate {
  entries: Map<string, NoticeActivity>;
  /** Records read this week. */
  updated: number;
  /** Previous records kept because the forge did not answer. */
  kept: number;
  /** Repositories without any record (first reading failed). */
  missing: number;
}

export function updateActivityRecords(previous: ReadonlyMap<string, NoticeActivity>, results: readonly RepositoryResult[], today: string): FreshnessUpdate {
  const entries = new Map<string, NoticeActivity>();
  let updated = 0;
  let kept = 0;
  let missing = 0;
  for (const { slug, url, result } of results) {
    const record = result.complete ? recordOf(url, result, today) : undefined;
    if (record) {
      entries.set(slug, record);
      updated++;
      continue;
    }
    const before = previous.get(slug);
    if (before && (!before.depot || sameRepository(before.depot, url))) {
      entries.set(slug, before);
      kept++;
    } else missing++;
  }
  return { entries, updated, kept, missing };
}

/** A record only if it passes the schema the build reads with (a forge may send anything). */
function recordOf(url: string, result: ActivityResult, today: string): NoticeActivity | undefined {
  const candidate: Record<string, unknown> = { depot: url, archive: result.archived === true, releve_le: today };
  if (result.release) candidate.derniere_version = { nom: result.release.name.replace(/\s+/g, ' ').slice(0, 100), date: result.release.date };
  if (result.lastActivity && !Number.isNaN(Date.parse(result.lastActivity))) candidate.derniere_activite = day(result.lastActivity);
  let parsed = activityEntrySchema.safeParse(candidate);
  if (!parsed.success && candidate.derniere_version) {
    // An odd release name (control characters…) only loses the release, not the record.
    delete candidate.derniere_version;
    parsed = activityEntrySchema.safeParse(candidate);
  }
  return parsed.success ? parsed.data : undefined;
}
