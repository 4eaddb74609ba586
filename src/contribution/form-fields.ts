/**
 * The contribution form's own control names (beyond the notice keys) and the limits applied
 * while a submission is read. Shared by the server, the HTML form and the browser script; no
 * Node import here, and nothing heavier than notices/fields.ts: the browser script loads this
 * module with the page, before the person types anything.
 */
import { BODY_MAX, MODERATOR_ONLY_KEYS, NOTICE_KEYS, type NoticeKey } from '../notices/fields.ts';
import { MESSAGE_FIELD } from '../notices/problems.ts';

export const BODY_FIELD = 'texte';

export { MESSAGE_FIELD };
export const EDIT_FIELD = 'notice';
/** The version (git blob id) of the notice an edit form was filled from: the base of the three-way merge. */
export const VERSION_FIELD = 'version';
/** The logo upload (the notice's `logo` key itself is set by the server). */
export const LOGO_FIELD = 'logo_fichier';
/** Hidden field that people never see and bots fill in. */
export const HONEYPOT_FIELD = 'site_internet_2';
export const TOKEN_FIELD = 'jeton';
export const POW_FIELD = 'preuve';
/** Fields that are about the sending, not the proposal: never given back, never hashed. */
export const SENDING_FIELDS: readonly string[] = [TOKEN_FIELD, POW_FIELD, HONEYPOT_FIELD];

export { BODY_MAX, MESSAGE_MAX } from '../notices/fields.ts';

/** Keys the server sets itself: a proposal cannot choose them. */
const SERVER_KEYS: readonly NoticeKey[] = ['logo', 'date_creation', 'date_modification'];
/** The notice keys a proposal may set, each a control of the form. */
export const EDITABLE_KEYS = NOTICE_KEYS.filter((k) => !MODERATOR_ONLY_KEYS.includes(k) && !SERVER_KEYS.includes(k));

/**
 * Bounds checked while the body is read, before anything else runs: the real form has about 90
 * controls (most of them étiquette checkboxes), a list never needs more than the vocabulary.
 */
export const READ_LIMITS = {
  /** Fields in one submission, repeated ones included. */
  fields: 400,
  /** Values of one repeated field (checkboxes). */
  repeats: 120,
  /** Length of a field name. */
  nameLength: 64,
  /** Bytes of one text field; the long description may take four bytes a character. */
  valueBytes: 16_000,
  longValueBytes: BODY_MAX * 4,
  /** JSON: an object of values or lists of values, nothing deeper. */
  jsonDepth: 2,
} as const;

export const LONG_FIELDS: readonly string[] = [BODY_FIELD, MESSAGE_FIELD];
