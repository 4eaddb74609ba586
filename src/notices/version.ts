/**
 * A notice file's version: its git blob id (sha1 of « blob <size>\0 » and the bytes), the same
 * id GitLab's repository APIs give (`blob_id`) and serve (`GET /repository/blobs/:sha`). The edit
 * form carries the version it was filled from, so that an edit is a three-way merge: what the
 * contributor changed is what differs from that version, never what moved on the branch since.
 */
import { createHash } from 'node:crypto';

export const VERSION_PATTERN = /^[0-9a-f]{40}$/;

export function noticeVersion(text: string): string {
  const bytes = Buffer.from(text, 'utf8');
  return createHash('sha1').update(`blob ${bytes.byteLength}\0`).update(bytes).digest('hex');
}
