/**
 * Putting text that contributors wrote into a GitLab comment or merge request, safely: it is put
 * only inside code — an inline code span for one line, an indented code block for several. GitLab
 * (like any CommonMark + GFM renderer) renders code as text: no link, image, autolink or HTML, and
 * its reference and mention filters skip code (Banzai's ReferenceFilter ignores `code` and `pre`),
 * whatever the escapes, brackets, entities or Unicode inside. Quick actions only run from a line
 * that starts with « / » (Gitlab::QuickActions::Extractor, `^\/`): an indented line never does.
 * Breaking patterns (a zero-width space after « @ », « :// » cut) does not work: backslash escapes
 * and entities rebuild them once rendered. tests/contribution/gitlab-inert.test.ts renders what we
 * send with micromark + GFM and checks the HTML.
 */

/**
 * One value on one line, as an inline code span. A `|` is shown as `¦`: a table cell would end at
 * a pipe, and escaping it (`\|`) fails after a backslash the contributor wrote (`\\|`).
 */
export function code(value: unknown, max = 300): string {
  const text = oneLine(value, max).replace(/\|/g, '¦');
  if (!text) return '*(vide)*';
  const longest = Math.max(0, ...[...text.matchAll(/`+/g)].map((m) => m[0].length));
  const fence = '`'.repeat(longest + 1);
  const padded = text.startsWith('`') || text.endsWith('`') || longest > 0 ? ` ${text} ` : text;
  return `${fence}${padded}${fence}`;
}

/**
 * A contributor's text of several lines as an indented code block: every line, blank ones
 * included, starts with four spaces, so the block cannot be closed from inside and no line starts
 * with « / ». Surrounded by blank lines (an indented block cannot interrupt a paragraph).
 */
export function codeBlock(text: string, maxLines = 200): string {
  const lines = text.replace(/\r\n?/g, '\n').split('\n').slice(0, maxLines);
  return `\n${lines.map((line) => `    ${line.replace(/[\u0000-\u0008\u000b-\u001f\u007f\u2028\u2029]+/g, ' ').trimEnd()}`).join('\n')}\n`;
}

/**
 * A fenced block for text we build from contributor lines (a diff): GitLab's quick-action
 * extractor only skips three-backtick fences, so the fence is three backticks; callers prefix
 * every contributor line (« + », « - »), so no line can close the block or start with « / ».
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
