/**
 * What changed in a notice, field by field, read with the project's own parser (parseNoticeFile):
 * moderators see « site_web : ancienne adresse → nouvelle adresse », not a YAML diff.
 */
import { NoticeSyntaxError, parseNoticeFile, type NoticeFileContent } from '../notices/notice-file.ts';
import { NOTICE_KEYS } from '../notices/schema.ts';
import { BODY_FIELD } from '../notices/validation.ts';

export type FieldChangeKind = 'ajouté' | 'modifié' | 'retiré';

export interface FieldChange {
  field: string;
  kind: FieldChangeKind;
  before?: unknown;
  after?: unknown;
  /** For lists: the items added and removed (case-sensitive comparison). */
  added?: string[];
  removed?: string[];
}

export interface NoticeDiff {
  /** Front matter fields, in the documented key order, then unknown keys. */
  fields: FieldChange[];
  /** The long description, when it changed. */
  body?: { before: string; after: string; lines: DiffLine[] };
  /** The file could not be read (YAML broken…): French reason, for the old or new version. */
  unreadable?: { version: 'avant' | 'après'; reason: string };
}

export interface DiffLine {
  op: ' ' | '+' | '-';
  text: string;
}

function read(text: string | undefined, version: 'avant' | 'après'): NoticeFileContent | { error: string; version: 'avant' | 'après' } | undefined {
  if (text === undefined) return undefined;
  try {
    return parseNoticeFile(text);
  } catch (error) {
    if (error instanceof NoticeSyntaxError) return { error: error.message, version };
    throw error;
  }
}

const isEmpty = (value: unknown) => value === undefined || value === null || (typeof value === 'string' && value.trim() === '') || (Array.isArray(value) && value.length === 0);

const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);

/** Field-by-field differences between two versions of a notice file (either may be absent). */
export function diffNotices(oldText: string | undefined, newText: string | undefined): NoticeDiff {
  const before = read(oldText, 'avant');
  const after = read(newText, 'après');
  for (const version of [before, after]) {
    if (version && 'error' in version) return { fields: [], unreadable: { version: version.version, reason: version.error } };
  }
  const oldData = (before as NoticeFileContent | undefined)?.data ?? {};
  const newData = (after as NoticeFileContent | undefined)?.data ?? {};
  const known = new Set<string>(NOTICE_KEYS);
  const keys = [
    ...NOTICE_KEYS.filter((k) => k in oldData || k in newData),
    ...[...new Set([...Object.keys(oldData), ...Object.keys(newData)])].filter((k) => !known.has(k)).sort(),
  ];

  const fields: FieldChange[] = [];
  for (const field of keys) {
    const a = oldData[field];
    const b = newData[field];
    if (isEmpty(a) && isEmpty(b)) continue;
    if (same(a, b)) continue;
    const change: FieldChange = isEmpty(a)
      ? { field, kind: 'ajouté', after: b }
      : isEmpty(b)
        ? { field, kind: 'retiré', before: a }
        : { field, kind: 'modifié', before: a, after: b };
    if (Array.isArray(a) || Array.isArray(b)) {
      const oldItems = (Array.isArray(a) ? a : isEmpty(a) ? [] : [a]).map(String);
      const newItems = (Array.isArray(b) ? b : isEmpty(b) ? [] : [b]).map(String);
      change.added = newItems.filter((item) => !oldItems.includes(item));
      change.removed = oldItems.filter((item) => !newItems.includes(item));
    }
    fields.push(change);
  }

  const oldBody = (before as NoticeFileContent | undefined)?.body ?? '';
  const newBody = (after as NoticeFileContent | undefined)?.body ?? '';
  const diff: NoticeDiff = { fields };
  if (oldBody !== newBody) diff.body = { before: oldBody, after: newBody, lines: diffLines(oldBody, newBody) };
  return diff;
}

/** The label moderators read for a field (the body has no key of its own). */
export function fieldLabel(field: string): string {
  return field === 'body' ? BODY_FIELD : field;
}

/**
 * A line diff (longest common subsequence). Notice bodies are a few paragraphs; beyond a few
 * thousand lines the whole text is shown as replaced rather than spending quadratic time.
 */
export function diffLines(before: string, after: string): DiffLine[] {
  const a = before ? before.split('\n') : [];
  const b = after ? after.split('\n') : [];
  if (a.length * b.length > 4_000_000) {
    return [...a.map((text) => ({ op: '-' as const, text })), ...b.map((text) => ({ op: '+' as const, text }))];
  }
  const lcs: number[][] = Array.from({ length: a.length + 1 }, () => new Array<number>(b.length + 1).fill(0));
  for (let i = a.length - 1; i >= 0; i--) {
    for (let j = b.length - 1; j >= 0; j--) {
      lcs[i]![j] = a[i] === b[j] ? lcs[i + 1]![j + 1]! + 1 : Math.max(lcs[i + 1]![j]!, lcs[i]![j + 1]!);
    }
  }
  const lines: DiffLine[] = [];
  let i = 0;
  let j = 0;
  while (i < a.length && j < b.length) {
    if (a[i] === b[j]) {
      lines.push({ op: ' ', text: a[i]! });
      i++;
      j++;
    } else if (lcs[i + 1]![j]! >= lcs[i]![j + 1]!) {
      lines.push({ op: '-', text: a[i++]! });
    } else {
      lines.push({ op: '+', text: b[j++]! });
    }
  }
  while (i < a.length) lines.push({ op: '-', text: a[i++]! });
  while (j < b.length) lines.push({ op: '+', text: b[j++]! });
  return lines;
}

/** Changed lines with `context` unchanged lines around them; gaps become « … ». */
export function compactDiff(lines: readonly DiffLine[], context = 1): string[] {
  const keep = new Set<number>();
  lines.forEach((line, index) => {
    if (line.op === ' ') return;
    for (let k = Math.max(0, index - context); k <= Math.min(lines.length - 1, index + context); k++) keep.add(k);
  });
  const out: string[] = [];
  let previous = -1;
  for (const index of [...keep].sort((x, y) => x - y)) {
    if (previous !== -1 && index > previous + 1) out.push('  …');
    const line = lines[index]!;
    out.push(`${line.op} ${line.text}`);
    previous = index;
  }
  return out;
}
