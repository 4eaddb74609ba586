/**
 * The moderators' report: one comment per merge request, found again by the hidden marker it
 * starts with, whoever the token's bot user is, and updated, never duplicated.
 */
import { GitLabError, type Rest } from './rest.ts';

interface Note {
  id: number;
  body: string;
  system?: boolean;
  author?: { id: number; username?: string };
}

export type NoteAction = 'créé' | 'mis à jour' | 'inchangé';

/**
 * The body of the report comment this token's bot user wrote (the last of its notes that start
 * with `marker`), if any. Anybody who may comment can write a note that starts with the marker:
 * only the bot's own note says what the report already describes. Undefined when GitLab does not
 * say who the token is.
 */
export async function findOwnMergeRequestNote(rest: Rest, mrIid: string | number, marker: string): Promise<string | undefined> {
  const me = await rest.currentUserId();
  if (me === undefined) return undefined;
  const notes = await rest.all<Note>(`${rest.mergeRequestRoute(mrIid)}/notes?sort=asc&order_by=created_at`);
  return notes.filter((n) => !n.system && n.author?.id === me && n.body.trimStart().startsWith(marker)).at(-1)?.body;
}

/**
 * Creates the merge request comment that starts with `marker`, or updates the one written before.
 * The report is recognised by its marker, not by its author's id: renewing the token with GitLab's
 * « Rotate » keeps the same bot user, and our own earlier notes come first. A note we may not edit
 * (GitLab lets only a note's author edit it: 403), e.g. one left by a token created anew instead of
 * rotated, is skipped, and one new report is written, which the next runs update. A comment that
 * merely quotes the marker is never touched. An unchanged body is left alone (no notification, no
 * « edited » mark).
 */
export async function upsertMergeRequestNote(rest: Rest, mrIid: string | number, body: string, marker: string): Promise<{ action: NoteAction; noteId: number }> {
  if (!body.trimStart().startsWith(marker)) throw new GitLabError('le commentaire doit commencer par son marqueur');
  const base = `${rest.mergeRequestRoute(mrIid)}/notes`;
  const notes = await rest.all<Note>(`${base}?sort=asc&order_by=created_at`);
  const reports = notes.filter((n) => !n.system && n.body.trimStart().startsWith(marker));
  const me = reports.length > 0 ? await rest.currentUserId() : undefined;
  const mine = (n: Note) => me !== undefined && n.author?.id === me;
  // Ours first, then the newest report left by an earlier token.
  const candidates = [...reports.filter(mine), ...reports.filter((n) => !mine(n)).reverse()];
  for (const note of candidates) {
    if (note.body.trim() === body.trim()) return { action: 'inchangé', noteId: note.id };
    try {
      await rest.call('PUT', `${base}/${note.id}`, { body });
      return { action: 'mis à jour', noteId: note.id };
    } catch (error) {
      if (!(error instanceof GitLabError) || error.status !== 403) throw error;
    }
  }
  const { data } = await rest.call<Note>('POST', base, { body });
  return { action: 'créé', noteId: data.id };
}
