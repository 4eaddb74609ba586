/**
 * What GitLab would do with a merge request's text, for the fake GitLab (fake-gitlab.ts) and the
 * tests that check the report and the merge request stay inert.
 */
import { micromark } from 'micromark';
import { gfm, gfmHtml } from 'micromark-extension-gfm';
import { renderedLinks } from '../../src/notices/links.ts';

export interface WouldExecute {
  /** Quick actions found in the description, e.g. `merge`, `label ~x`. */
  quickActions: string[];
  /** `@name` mentions (users, groups, `all`) that would notify. */
  mentions: string[];
  /** References (`#2`, `!1`, `~label`, `%milestone`, `$snippet`, `&epic`, `groupe/projet#2`, issue URLs) that would link or leave a note. */
  references: string[];
  /** Every address the rendered text links to or loads (links, autolinks, images, raw HTML). */
  links: string[];
}

/**
 * What GitLab would act on in a merge request's title or description, found the way GitLab finds
 * it: the text is rendered as CommonMark + GFM (micromark, raw HTML kept as GitLab keeps some of
 * it), then every link and image address is recorded, and mentions and references are looked for
 * in the rendered text outside `a`, `code` and `pre` (Banzai's ReferenceFilter IGNORE_PARENTS), once
 * backslash escapes and entities are resolved by the rendering. A link to an issue or merge
 * request URL is a cross-reference too. Quick actions: Gitlab::QuickActions::Extractor on the raw
 * text (`\r` deleted; code blocks, inline code, HTML blocks and `>>>` blocks skipped;
 * `^\/(?<cmd>name)(?: (?<arg>[^\n]*))?` per line) — any `/word` is taken as a command.
 */
export function gitlabWouldExecute(text: string, options: { quickActions: boolean }): WouldExecute {
  const quickActions: string[] = [];
  if (options.quickActions) {
    const skipped = text
      .replace(/\r/g, '')
      .replace(/^```[\s\S]+?\n```$/gm, '')
      .replace(/^.*`\n*[\s\S]+?\n*`$/gm, '')
      .replace(/^<[^>]+?>\n[\s\S]+?\n<\/[^>]+?>$/gm, '')
      .replace(/^>>>[\s\S]+?\n>>>$/gm, '');
    for (const match of skipped.matchAll(/^\/([a-z_]+)(?: ([^\n]*))?\s*$/gim)) quickActions.push(match[2] ? `${match[1]!.toLowerCase()} ${match[2]}` : match[1]!.toLowerCase());
  }
  const html = micromark(text, { extensions: [gfm()], htmlExtensions: [gfmHtml()], allowDangerousHtml: true, allowDangerousProtocol: true });
  const links = renderedLinks(text);
  const decode = (value: string) =>
    value
      .replace(/&#x([0-9a-f]+);/gi, (_, hex: string) => String.fromCodePoint(Number.parseInt(hex, 16)))
      .replace(/&#(\d+);/g, (_, dec: string) => String.fromCodePoint(Number(dec)))
      .replace(/&lt;/g, '<')
      .replace(/&gt;/g, '>')
      .replace(/&quot;/g, '"')
      .replace(/&amp;/g, '&');
  const outsideIgnored = decode(html.replace(/<(a|code|pre)\b[\s\S]*?<\/\1>/gi, ' ').replace(/<[^>]+>/g, ' '));
  const mentions = [...outsideIgnored.matchAll(/(?<![\w])@([a-zA-Z0-9_][a-zA-Z0-9_.-]*)/g)].map((m) => m[1]!);
  const references = [
    ...[...outsideIgnored.matchAll(/(?<![\w/])((?:[a-zA-Z0-9_.-]+\/)+[a-zA-Z0-9_.-]+)?([#!~%$&])(\d+|[a-zA-Z][\w.-]*)/g)]
      .filter((m) => (m[2] === '#' || m[2] === '!' ? /^\d+$/.test(m[3]!) : true))
      .map((m) => `${m[1] ?? ''}${m[2]}${m[3]}`),
    ...[...outsideIgnored.matchAll(/(?<![\w])([~%])"[^"]+"/g)].map((m) => m[0]),
    ...[...outsideIgnored.matchAll(/https?:\/\/[^\s)<>]+\/-\/(?:issues|merge_requests|snippets)\/\d+/g)].map((m) => m[0]),
    ...links.filter((l) => /\/-\/(?:issues|merge_requests|snippets|milestones)\/\d+/.test(l)),
  ];
  return { quickActions, mentions, references, links };
}
