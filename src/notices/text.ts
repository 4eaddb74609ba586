/**
 * Characters a notice's text may not hold, whoever wrote it. Control characters make GitLab show
 * a file as binary; bidi overrides and zero-width characters make a text read differently from
 * what it holds (« https://exemple.org/ ⁦x⁩ » hides a second address); a line break inside a
 * one-line field breaks lists and titles. One rule, used by the schema (hence the validator, the
 * contribution function and the form's live checks) and by the contribution's free texts.
 */

/** Line breaks other than \n: CR, NEL, LINE SEPARATOR, PARAGRAPH SEPARATOR. */
const OTHER_LINE_BREAKS = /[\r\u0085\u2028\u2029]/u;
/**
 * Controls (Cc) but tab and line feed, format characters (Cf: bidi marks and overrides, zero-width
 * spaces and joiners, BOM, soft hyphen), lone surrogates (Cs) and noncharacters.
 */
const INVISIBLE = /(?![\t\n])[\p{Cc}\p{Cf}\p{Cs}\uFFFE\uFFFF]/u;

export type TextKind = 'line' | 'multiline';

/** The French problem with `value`, or undefined when it is clean. */
export function textProblem(value: string, kind: TextKind): string | undefined {
  const invisible = INVISIBLE.exec(value);
  if (invisible) return `contient un caractère invisible ou de contrôle (${codePoint(invisible[0])}) : retirez-le`;
  if (kind === 'line' && (value.includes('\n') || value.includes('\t') || OTHER_LINE_BREAKS.test(value))) {
    return 'doit tenir sur une seule ligne (sans retour à la ligne ni tabulation)';
  }
  if (kind === 'multiline' && OTHER_LINE_BREAKS.test(value.replace(/\r\n/g, '\n'))) {
    return 'contient un saut de ligne inhabituel : utilisez de simples retours à la ligne';
  }
  return undefined;
}

/** What people and git expect: NFC, CRLF as LF. Applied to everything a contributor types. */
export function normaliseText(value: string): string {
  return value.replace(/\r\n/g, '\n').normalize('NFC');
}

function codePoint(character: string): string {
  return `U+${(character.codePointAt(0) ?? 0).toString(16).toUpperCase().padStart(4, '0')}`;
}
