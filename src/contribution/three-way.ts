/**
 * An edit as a three-way merge, pure: the contributor's change is what differs between the
 * version the form was filled from (base) and the draft; it is put onto the notice as it is on
 * the target branch now (current), the rest of that file untouched. A field changed on both
 * sides to different values is a conflict only the contributor can settle. No I/O here.
 */
import { parseNoticeFile, type NoticeFileContent } from '../notices/notice-file.ts';
import type { NoticeKey, NoticeSchema } from '../notices/schema.ts';
import { isListKey, type NoticeDraft } from './draft.ts';
import { EDITABLE_KEYS } from './form-fields.ts';

const same = (a: unknown, b: unknown) => JSON.stringify(a ?? null) === JSON.stringify(b ?? null);

/**
 * What a contributor changed: the editable fields and the long text that differ between the
 * version the form was filled from and the draft. A list sent back in another order with the
 * same items is not a change.
 */
export function diffFromBase(schema: NoticeSchema, base: NoticeFileContent, draft: NoticeDraft): { changed: NoticeKey[]; bodyChanged: boolean } {
  const changed = EDITABLE_KEYS.filter((key) => {
    const before = base.data[key];
    const after = draft.data[key];
    if (same(before, after)) return false;
    return !(isListKey(schema, key) && Array.isArray(before) && Array.isArray(after) && before.length === after.length && before.every((v) => after.includes(v)));
  });
  return { changed, bodyChanged: draft.body !== base.body.trim() };
}

export interface Merged {
  /** The notice's front matter after the merge, and before it (the target branch's). */
  data: Record<string, unknown>;
  previous: Record<string, unknown>;
  body: string;
  /** The fields the proposal changes on the target branch (a change already there is left out). */
  keys: NoticeKey[];
  bodyChanged: boolean;
}

/** The merge, or the fields changed on both sides (the long text is named `bodyField`). */
export function threeWayMerge(
  schema: NoticeSchema,
  base: NoticeFileContent,
  currentText: string,
  draft: NoticeDraft,
  bodyField: string,
): { merged: Merged } | { conflicts: string[] } {
  const change = diffFromBase(schema, base, draft);
  const current = parseNoticeFile(currentText);
  const conflicts: string[] = change.changed.filter((key) => !same(base.data[key], current.data[key]) && !same(draft.data[key], current.data[key]));
  if (change.bodyChanged && base.body.trim() !== current.body.trim() && draft.body !== current.body.trim()) conflicts.push(bodyField);
  if (conflicts.length > 0) return { conflicts };
  const keys = change.changed.filter((key) => !same(draft.data[key], current.data[key]));
  const bodyChanged = change.bodyChanged && draft.body !== current.body.trim();
  const data: Record<string, unknown> = { ...current.data };
  for (const key of keys) {
    if (draft.data[key] === undefined) delete data[key];
    else data[key] = draft.data[key];
  }
  return { merged: { data, previous: current.data, body: bodyChanged ? draft.body : current.body, keys, bodyChanged } };
}
