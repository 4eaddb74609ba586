/**
 * Reading a proposal from form fields, shared by the server and the form's live checks (no Node
 * import here). The kind of each field (text or list) is read from the notice schema.
 */
import { z } from 'zod';
import { licenceFromInput } from '../notices/licences.ts';
import { MODERATOR_ONLY_KEYS, type NoticeKey, type NoticeSchema } from '../notices/schema.ts';
import { normaliseText } from '../notices/text.ts';
import { BODY_FIELD, EDITABLE_KEYS, MESSAGE_FIELD } from './form-fields.ts';
import { Refusal, type FieldProblem } from './refusal.ts';
import { checkNotice } from '../notices/check.ts';
import { BODY_FIELD as NOTICE_BODY_FIELD, isError } from '../notices/problems.ts';

/** Whether a key holds a list, read from the schema itself. */
export function isListKey(schema: NoticeSchema, key: NoticeKey): boolean {
  let field: z.core.$ZodType = schema.shape[key];
  while (field instanceof z.ZodOptional || field instanceof z.ZodDefault || field instanceof z.ZodPipe) {
    field = field instanceof z.ZodPipe ? field.in : field.unwrap();
  }
  return field instanceof z.ZodArray;
}

export function isBooleanKey(schema: NoticeSchema, key: NoticeKey): boolean {
  const field = schema.shape[key];
  return field instanceof z.ZodOptional && field.unwrap() instanceof z.ZodBoolean;
}

export interface NoticeDraft {
  data: Record<string, unknown>;
  body: string;
  message: string;
}

/** Turns submitted fields into notice data; refuses what only moderators may set. */
export function draftFromFields(schema: NoticeSchema, fields: Map<string, string[]>): NoticeDraft {
  for (const key of MODERATOR_ONLY_KEYS) {
    if (fields.has(key)) throw new Refusal('champ-reserve', `Le champ « ${key} » est réservé à la modération.`, [{ field: key, message: 'réservé à la modération' }]);
  }
  const data: Record<string, unknown> = {};
  for (const key of EDITABLE_KEYS) {
    const values = (fields.get(key) ?? []).map(normaliseText);
    if (isListKey(schema, key)) {
      const items = values
        .flatMap((v) => (key === 'licences' ? v.split(/[\n;]+/) : v.split(/[\n,;]+/)))
        .map((v) => v.trim())
        .filter(Boolean);
      const mapped = key === 'licences' ? items.map(licenceFromInput) : items;
      if (mapped.length > 0) data[key] = [...new Map(mapped.map((v) => [v.toLowerCase(), v])).values()];
    } else {
      const value = values.join(' ').trim();
      if (value) data[key] = value;
    }
  }
  const body = normaliseText((fields.get(BODY_FIELD) ?? []).join('\n')).trim();
  const message = normaliseText((fields.get(MESSAGE_FIELD) ?? []).join('\n')).trim();
  return { data, body, message };
}

/**
 * The checker's errors on a proposal (notices/check.ts: the same rules and words as `npm run
 * validate`), named by the form's controls. Warnings are left to moderators. The server refuses
 * on them (proposal.ts), the form shows them as the person types (form-client.ts).
 */
export function proposalProblems(schema: NoticeSchema, draft: NoticeDraft): FieldProblem[] {
  return checkNotice({ data: draft.data, body: draft.body, message: draft.message }, { schema })
    .problems.filter(isError)
    .map((p) => ({ field: p.field === NOTICE_BODY_FIELD ? BODY_FIELD : p.field, message: p.message }));
}
