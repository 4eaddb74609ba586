/**
 * Putting text that contributors wrote into a GitLab comment or merge request, safely. Everything
 * a contributor controls goes inside a code span or a fenced block, or through `inert` (and the
 * helpers built on it): GitLab then renders no HTML, no link, no @mention (an anonymous « @all »
 * would notify every member) and runs no quick action (« /merge » at the start of a line is a
 * command). The contribution function's merge requests use the same helpers.
 */

/** One value on one line, as an inline code span; `|` escaped so that it fits in a table cell. */
export function code(value: unknown): string {
  const text = oneLine(value);
  if (!text) return '*(vide)*';
  const longest = Math.max(0, ...[...text.matchAll(/`+/g)].map((m) => m[0].length));
  const fence = '`'.repeat(longest + 1);
  const padded = text.startsWith('`') || text.endsWith('`') || longest > 0 ? ` ${text} ` : text;
  return `${fence}${padded}${fence}`.replace(/\|/g, '\\|');
}

/**
 * A fenced block. GitLab looks for quick actions (« /merge ») on every line outside code blocks,
 * and its code-block detection only knows three-backtick fences: so the fence is always three
 * backticks, and a line that could end the block early or look like a command (starting with a
 * backtick, a tilde or a slash) is indented. Callers prefix contributor lines (« + », « - »).
 */
export function fenced(text: string, info = ''): string {
  const lines = text
    .replace(/\s+$/, '')
    .split('\n')
    .map((line) => (/^\s*[`~/]/.test(line) ? `  ${line}` : line));
  return ['```' + info, ...lines, '```'].join('\n');
}

/** Flattens a value (string, list, boolean…) to one line of plain text. */
export function oneLine(value: unknown, max = 300): string {
  const text = Array.isArray(value) ? value.map((v) => oneLine(v, max)).join(', ') : value === undefined || value === null ? '' : String(value);
  // Control characters (and the line/paragraph separators) never reach the comment.
  const flat = text
    .replace(/[\u0000-\u001f\u007f\u2028\u2029]+/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
  return flat.length > max ? `${flat.slice(0, max - 1)}…` : flat;
}

/**
 * The one neutralising step for any text a contributor wrote, wherever it lands on GitLab (a
 * merge request title or description, a note): nothing in it may notify, reference or link.
 * GitLab finds mentions and references in the rendered text, outside code (Banzai's reference
 * filters: `@user`, `@all`, `#12`, `group/projet#12`, `!34`, `~label`, `%milestone`, `$snippet`,
 * `&epic`, a full issue URL), so backslash escapes do not help: an invisible space after each
 * sigil breaks the pattern (`(?<!\w)@(?<user>…)` in User.reference_pattern needs a name right after
 * the `@`), and one inside `://` stops autolinks and URL references. Quick actions are handled by
 * where the text is put: GitLab's Gitlab::QuickActions::Extractor only runs commands at the very
 * start of a line (`^\/(?<cmd>…)`), and callers never start a line with contributor text.
 */
export function inert(value: string): string {
  return value.replace(/([@#!~%$&])(?=[\p{L}\p{N}_{[("'-])/gu, '$1\u200b').replace(/:\/\//g, ':\u200b//');
}

/**
 * Plain French prose that may quote a contributor (a validation message repeats the faulty value):
 * one line, no HTML, no Markdown syntax, and made inert (see `inert`) so that nobody is notified
 * and nothing links.
 */
export function prose(value: unknown, max = 500): string {
  return inert(oneLine(value, max))
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/([\\`*_[\]()|~#!$%{}+=^-])/g, '\\$1');
}

/**
 * A contributor's value as readable text (no code span, no backslashes): one line, inert, no HTML,
 * `|` escaped so that it fits in a table cell. For merge request descriptions and titles, where
 * people read the value as written.
 */
export function plain(value: unknown, max = 300): string {
  return inert(oneLine(value, max)).replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/\|/g, '\\|');
}

/**
 * A contributor's multi-line text as a Markdown quotation: every line starts with « > », so no
 * line of it can be a quick action, and each line is made inert like `plain`.
 */
export function quotation(text: string, maxLines = 200): string {
  const lines = text.replace(/\r\n?/g, '\n').split('\n').slice(0, maxLines);
  return lines
    .map((line) => {
      const flat = line.replace(/[\u0000-\u001f\u007f\u2028\u2029]+/g, ' ').trimEnd();
      return flat ? `> ${inert(flat).replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;')}` : '>';
    })
    .join('\n');
}

/**
 * A link whose address comes from us (the preview, the pipeline), never from a contributor.
 * The label is escaped so that it cannot close the link early.
 */
export function link(label: string, url: string): string {
  return `[${label.replace(/([\\[\]])/g, '\\$1')}](${url.replace(/[()\s]/g, encodeURIComponent)})`;
}

/** A Markdown table; cells are already formatted Markdown. */
export function table(headers: readonly string[], rows: readonly (readonly string[])[]): string {
  const line = (cells: readonly string[]) => `| ${cells.map((c) => c.replace(/\n/g, ' ')).join(' | ')} |`;
  return [line(headers), line(headers.map(() => '---')), ...rows.map(line)].join('\n');
}

/** French plural for counts shown to moderators: « 1 erreur », « 2 erreurs ». */
export function plural(count: number, singular: string, pluralForm = `${singular}s`): string {
  return `${count} ${count > 1 ? pluralForm : singular}`;
}
