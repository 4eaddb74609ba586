/**
 * Notice bodies come from anonymous contributors, so they are rendered by micromark with raw HTML
 * and images switched off (HTML shows as text; an image would be a third-party request), and only
 * http(s) links kept. Validation reports what the renderer neutralises, so nobody is surprised.
 */
import { gfm, gfmHtml } from 'micromark-extension-gfm';
import { reusableParser, reusableRenderer } from './micromark-parser.ts';
import { textProblem } from './text.ts';

const SAFE = { disable: { null: ['labelStartImage', 'htmlFlow', 'htmlText'] } };

const renderSafely = reusableRenderer({ extensions: [gfm(), SAFE], htmlExtensions: [gfmHtml()], allowDangerousHtml: false, allowDangerousProtocol: false });
const gfmEvents = reusableParser([gfm()]);

export function renderNoticeBody(markdown: string): string {
  const html = renderSafely(markdown);
  return (
    html
      // A link whose address was refused, or is not http(s) (« [x](script) », a relative path),
      // becomes plain text: a notice links only to full web addresses.
      .replace(/<a href="(?!https?:)[^"]*"[^>]*>(.*?)<\/a>/g, '$1')
      .replace(/<a href="(https?:[^"]*)"/g, '<a href="$1" rel="nofollow noopener ugc"')
      .replace(/<h[12]>/g, '<h3>') // the page has its own h1/h2
      .replace(/<\/h[12]>/g, '</h3>')
  );
}

export interface BodyProblem {
  /** Stable id of the rule (see problems.ts). */
  code: 'caractere-interdit' | 'html-brut' | 'lien-refuse' | 'image-interdite';
  line: number;
  message: string;
}

/** What the renderer would neutralise, with the line in the body. */
export function findUnsafeMarkdown(markdown: string): BodyProblem[] {
  const problems: BodyProblem[] = [];
  markdown.split('\n').forEach((text, index) => {
    const problem = textProblem(text.replace(/\r$/, ''), 'multiline');
    if (problem) problems.push({ code: 'caractere-interdit', line: index + 1, message: problem });
  });
  const events = gfmEvents(markdown);
  for (const [kind, token, context] of events) {
    if (kind !== 'enter') continue;
    const source = context.sliceSerialize(token);
    const line = token.start.line;
    if (token.type === 'htmlFlow' || token.type === 'htmlText') {
      problems.push({ code: 'html-brut', line, message: `HTML brut interdit (${truncate(source)}) : utiliser la syntaxe Markdown` });
    } else if (token.type === 'resourceDestinationString' || token.type === 'definitionDestinationString' || token.type === 'autolinkProtocol') {
      if (!/^https?:\/\//i.test(source)) {
        problems.push({ code: 'lien-refuse', line, message: `lien refusé (${truncate(source)}) : seules les adresses http(s) sont permises` });
      }
    } else if (token.type === 'labelImageMarker') {
      problems.push({ code: 'image-interdite', line, message: 'image interdite dans la description : le logo se donne dans le champ « logo »' });
    }
  }
  return problems;
}

function truncate(text: string): string {
  const flat = text.replace(/\s+/g, ' ');
  return flat.length > 40 ? `${flat.slice(0, 40)}…` : flat;
}
