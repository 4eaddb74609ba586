/**
 * From what the form sent to the files of a proposal. The kind of each field (text or list) is
 * read from the notice schema, never re-declared here. In edit mode only the fields that differ
 * from the current notice change, so the rest of the file stays byte-identical.
 */
import { logoFile, noticeFile } from '../notices/addresses.ts';
import { createHash } from 'node:crypto';
import { writeNoticeFile } from '../notices/notice-file.ts';
import type { NoticeSchema } from '../notices/schema.ts';
import { proposalProblems, type NoticeDraft } from './draft.ts';
import { slugify, SLUG_PATTERN } from '../notices/slug.ts';
import { Refusal } from './refusal.ts';

export interface CheckedNotice {
  slug: string;
  text: string;
}

/**
 * The shared rules (notices/check.ts), as `npm run validate` applies them; refuses on any error
 * with one message per field. Warnings (a missing short description…) are left to moderators.
 */
export function checkedProposal(schema: NoticeSchema, data: Record<string, unknown>, body: string, message = ''): CheckedNotice {
  const problems = proposalProblems(schema, { data, body, message });
  const slug = typeof data.nom === 'string' ? slugify(data.nom) : '';
  if (problems.length > 0) throw new Refusal('invalide', 'La proposition contient des erreurs : corrigez les champs signalés.', problems);
  return { slug, text: writeNoticeFile(data, body) };
}

export function checkedNoticeFile(slug: string): string {
  if (!SLUG_PATTERN.test(slug)) throw new Refusal('nom-invalide', 'Le nom ne permet pas de former une adresse de notice.', [{ field: 'nom', message: 'nom invalide' }]);
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
