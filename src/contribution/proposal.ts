/**
 * From what the form sent to the files of a proposal. The kind of each field (text or list) is
 * read from the notice schema, never re-declared here. In edit mode only the fields that differ
 * from the current notice change, so the rest of the file stays byte-identical.
 */
import { createHash } from 'node:crypto';
import { checkNotice as checkNoticeRules } from '../notices/check.ts';
import { parseNoticeFile, writeNoticeFile } from '../notices/notice-file.ts';
import { BODY_FIELD as NOTICE_BODY_FIELD, isError } from '../notices/problems.ts';
import type { NoticeKey, NoticeSchema } from '../notices/schema.ts';
import { EDITABLE_KEYS, isListKey, type NoticeDraft } from './draft.ts';
import { BODY_FIELD } from './form-fields.ts';
import { slugify } from '../notices/slug.ts';
import type { PossibleDuplicate } from '../notices/duplicates.ts';
import { HttpError } from './http.ts';

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

export function noticePath(slug: string): string {
  if (!/^[a-z0-9]+(-[a-z0-9]+)*$/.test(slug)) throw new HttpError(422, 'nom-invalide', 'Le nom ne permet pas de former une adresse de notice.', [{ field: 'nom', message: 'nom invalide' }]);
  return `content/notices/${slug}.md`;
}

export function logoPath(slug: string): string {
  noticePath(slug);
  return `content/notices/logos/${slug}.png`;
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

export interface DescriptionInput {
  mode: 'nouvelle' | 'modification';
  slug: string;
  nom: string;
  siteUrl: string;
  fields: { key: string; before?: unknown; after?: unknown }[];
  bodyChanged: boolean;
  body: string;
  message: string;
  duplicates: PossibleDuplicate[];
  logo?: { width?: number; height?: number; bytes: number };
}

const show = (value: unknown) =>
  value === undefined || value === null ? '—' : (Array.isArray(value) ? value.join(', ') : String(value)).replace(/\|/g, '\\|').replace(/\n/g, ' ');

/** The merge request text, written for moderators who are not developers. */
export function proposalDescription(input: DescriptionInput): string {
  const lines: string[] = [];
  const url = `${input.siteUrl}/notices/${input.slug}.html`;
  lines.push(input.mode === 'nouvelle' ? `## Nouvelle notice : ${input.nom}` : `## Modification de la notice [${input.nom}](${url})`);
  lines.push(
    '',
    input.duplicates.length > 0
      ? 'Proposition anonyme reçue par le formulaire de Framalibre. Son format suit les règles de `npm run validate`, mais **elle ressemble à une notice existante** (voir « Doublons possibles ») : une personne doit juger s’il s’agit du même logiciel avant tout le reste.'
      : 'Proposition anonyme reçue par le formulaire de Framalibre. Son format suit les règles de `npm run validate` ; à vous de juger du fond.',
    '',
  );
  lines.push('### Ce qui est proposé', '', input.mode === 'nouvelle' ? '| Champ | Valeur |' : '| Champ | Avant | Proposé |', input.mode === 'nouvelle' ? '| --- | --- |' : '| --- | --- | --- |');
  for (const field of input.fields) {
    lines.push(input.mode === 'nouvelle' ? `| ${field.key} | ${show(field.after)} |` : `| ${field.key} | ${show(field.before)} | ${show(field.after)} |`);
  }
  if (input.bodyChanged) lines.push(`| description longue | ${input.mode === 'nouvelle' ? `${input.body.length} caractères` : 'modifiée (voir le diff)'} |${input.mode === 'nouvelle' ? '' : ' |'}`);
  if (input.logo) lines.push(`| logo | nouveau logo ${input.logo.width ?? '?'}×${input.logo.height ?? '?'} px (PNG réencodé, ${Math.round(input.logo.bytes / 1024)} Kio) |${input.mode === 'nouvelle' ? '' : ' |'}`);
  lines.push('', '### Message de la personne', '', input.message ? input.message.split('\n').map((l) => `> ${l}`).join('\n') : '_Aucun message._', '');
  lines.push('### Doublons possibles', '');
  if (input.duplicates.length === 0) lines.push('Aucune notice existante ne ressemble à celle-ci.');
  for (const d of input.duplicates) lines.push(`- [${d.nom}](${input.siteUrl}/notices/${d.slug}.html) : ${d.raisons.join(', ')}`);
  lines.push('', '### Pour décider', '', '- La licence est-elle vraiment libre, et est-ce bien un logiciel (pas un service ni une œuvre) ?', '- Les textes sont-ils justes, en français clair, sans publicité ?', '- Le pipeline de cette demande publie un aperçu de la page et un rapport détaillé.', '', 'Répondez « Pouce » pour accepter, ou expliquez poliment ce qui manque.');
  return lines.join('\n');
}
