/**
 * From what the form sent to the files of a proposal. The kind of each field (text or list) is
 * read from the notice schema, never re-declared here. In edit mode only the fields that differ
 * from the current notice change, so the rest of the file stays byte-identical.
 */
import { logoFile, noticeFile } from '../notices/addresses.ts';
import { createHash } from 'node:crypto';
import { checkNotice as checkNoticeRules } from '../notices/check.ts';
import { parseNoticeFile, writeNoticeFile } from '../notices/notice-file.ts';
import { BODY_FIELD as NOTICE_BODY_FIELD, isError } from '../notices/problems.ts';
import type { NoticeKey, NoticeSchema } from '../notices/schema.ts';
import { EDITABLE_KEYS, isListKey, type NoticeDraft } from './draft.ts';
import { BODY_FIELD } from './form-fields.ts';
import { slugify } from '../notices/slug.ts';
import { HttpError } from './http-error.ts';

/** Edit mode: the current notice with only the changed fields replaced. */
export function mergeEdit(
  schema: NoticeSchema,
  currentText: string,
  draft: NoticeDraft,
): { data: Record<string, unknown>; previous: Record<string, unknown>; body: string; changed: NoticeKey[]; bodyChanged: boolean } {
  const current = parseNoticeFile(currentText);
  const data: Record<string, unknown> = { ...current.data };
  const changed: NoticeKey[] = [];
  for (const key of EDITABLE_KEYS) {
    const before = current.data[key];
    const after = draft.data[key];
    if (JSON.stringify(before ?? null) === JSON.stringify(after ?? null)) continue;
    // A list sent back in another order with the same items is not a change.
    if (isListKey(schema, key) && Array.isArray(before) && Array.isArray(after) && before.length === after.length && before.every((v) => after.includes(v))) continue;
    changed.push(key);
    if (after === undefined) delete data[key];
    else data[key] = after;
  }
  const bodyChanged = draft.body !== current.body.trim();
  return { data, previous: current.data, body: bodyChanged ? draft.body : current.body, changed, bodyChanged };
}

export interface CheckedNotice {
  slug: string;
  text: string;
}

/**
 * The shared rules (notices/check.ts), as `npm run validate` applies them; refuses on any error
 * with one message per field. Warnings (a missing short description…) are left to moderators.
 */
export function checkNotice(schema: NoticeSchema, data: Record<string, unknown>, body: string): CheckedNotice {
  const problems = checkNoticeRules({ data, body }, { schema })
    .problems.filter(isError)
    // The form names its long text « texte »; line numbers already count from its first line.
    .map((p) => ({ field: p.field === NOTICE_BODY_FIELD ? BODY_FIELD : p.field, message: p.message }));
  const slug = typeof data.nom === 'string' ? slugify(data.nom) : '';
  if (problems.length > 0) throw new HttpError(422, 'invalide', 'La proposition contient des erreurs : corrigez les champs signalés.', problems);
  return { slug, text: writeNoticeFile(data, body) };
}

export function checkedNoticeFile(slug: string): string {
  if (!/^[a-z0-9]+(-[a-z0-9]+)*$/.test(slug))
    throw new HttpError(422, 'nom-invalide', 'Le nom ne permet pas de former une adresse de notice.', [{ field: 'nom', message: 'nom invalide' }]);
  return noticeFile(slug);
}

export function checkedLogoFile(slug: string): string {
  checkedNoticeFile(slug);
  return logoFile(`${slug}.png`);
}

/**
 * The proposal's identity: what the person sent (fields as read, long text, message, logo
 * bytes), never the day it arrived, so a retry after midnight lands on the same proposal.
 */
export function submissionIdentity(editing: string, draft: NoticeDraft, logo?: Uint8Array): string {
  const hash = createHash('sha256');
  hash.update(JSON.stringify([editing, Object.entries(draft.data).sort(([a], [b]) => a.localeCompare(b)), draft.body, draft.message]));
  if (logo) hash.update('\0logo\0').update(logo);
  return hash.digest('hex');
}

/** Same submission → same branch: a retry or a double click lands on the proposal already opened. */
export function proposalBranch(slug: string, identity: string): string {
  return `contribution/${slug}-${identity.slice(0, 10)}`;
}
