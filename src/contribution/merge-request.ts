/**
 * The merge request's title and description, written for moderators who are not developers.
 * Every string a contributor wrote (name, one-liner, any field, the message, even the names of
 * existing notices, which contributors wrote earlier) goes through the moderation report's own
 * helpers (src/moderation/markdown.ts), inside code: no mention, reference, link or quick action
 * survives onto GitLab, whose notifications and commands run with the function token's rights.
 */
import { noticePageUrl } from '../notices/addresses.ts';
import type { PossibleDuplicate } from '../notices/duplicates.ts';
import { code, codeBlock } from '../moderation/markdown.ts';

/** app/models/concerns/issuable.rb: `TITLE_LENGTH_MAX = 255` (characters). */
export const TITLE_MAX = 255;
/** app/models/concerns/issuable.rb: `DESCRIPTION_LENGTH_MAX = 1.megabyte` (bytes). */
export const DESCRIPTION_MAX_BYTES = 1024 * 1024;

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

/**
 * « Nouvelle notice : `…` » / « Modification de la notice : `…` ». A title is rendered as one line
 * of Markdown and parsed for mentions and references (Issuable: `attr_mentionable :title`): the
 * name stays inside a code span.
 */
export function mergeRequestTitle(mode: 'nouvelle' | 'modification', nom: string): string {
  const prefix = mode === 'nouvelle' ? 'Nouvelle notice : ' : 'Modification de la notice : ';
  const name = code(nom, 200);
  const chars = [...`${prefix}${name}`];
  return chars.length <= TITLE_MAX ? chars.join('') : `${chars.slice(0, TITLE_MAX - 1).join('')}…`;
}

/** The commit message: the title and, for an edit, which fields change. */
export function commitMessage(mode: 'nouvelle' | 'modification', nom: string, changed: readonly string[]): string {
  const title = mergeRequestTitle(mode, nom);
  return mode === 'nouvelle' ? title : `${title}\n\nChamps modifiés : ${changed.join(', ')}`;
}

export function mergeRequestDescription(input: DescriptionInput): string {
  const lines: string[] = [];
  const url = `${input.siteUrl}${noticePageUrl(input.slug)}`;
  const nom = code(input.nom, 120);
  lines.push(input.mode === 'nouvelle' ? `## Nouvelle notice : ${nom}` : `## Modification de la notice ${nom} ([voir la notice](${url}))`);
  lines.push(
    '',
    input.duplicates.length > 0
      ? 'Proposition anonyme reçue par le formulaire de Framalibre. Son format suit les règles de `npm run validate`, mais **elle ressemble à une notice existante** (voir « Doublons possibles ») : une personne doit juger s’il s’agit du même logiciel avant tout le reste.'
      : 'Proposition anonyme reçue par le formulaire de Framalibre. Son format suit les règles de `npm run validate` ; à vous de juger du fond.',
    '',
  );
  lines.push(
    '### Ce qui est proposé',
    '',
    input.mode === 'nouvelle' ? '| Champ | Valeur |' : '| Champ | Avant | Proposé |',
    input.mode === 'nouvelle' ? '| --- | --- |' : '| --- | --- | --- |',
  );
  const show = (value: unknown) => (value === undefined || value === null ? '—' : code(value, 600));
  for (const field of input.fields) {
    lines.push(input.mode === 'nouvelle' ? `| ${field.key} | ${show(field.after)} |` : `| ${field.key} | ${show(field.before)} | ${show(field.after)} |`);
  }
  if (input.bodyChanged)
    lines.push(`| description longue | ${input.mode === 'nouvelle' ? `${input.body.length} caractères` : 'modifiée (voir le diff)'} |${input.mode === 'nouvelle' ? '' : ' |'}`);
  if (input.logo)
    lines.push(
      `| logo | nouveau logo ${input.logo.width ?? '?'}×${input.logo.height ?? '?'} px (PNG réencodé, ${Math.round(input.logo.bytes / 1024)} Kio) |${input.mode === 'nouvelle' ? '' : ' |'}`,
    );
  // The message is an indented code block: shown as written, it can neither link, mention nor act.
  lines.push('', '### Message de la personne', '', input.message ? codeBlock(input.message) : '_Aucun message._', '');
  lines.push('### Doublons possibles', '');
  if (input.duplicates.length === 0) lines.push('Aucune notice existante ne ressemble à celle-ci.');
  for (const d of input.duplicates)
    lines.push(`- ${code(d.nom, 120)} ([voir la notice](${input.siteUrl}${noticePageUrl(d.slug)})) : ${d.raisons.map((r) => code(r, 200)).join(', ')}`);
  lines.push(
    '',
    '### Pour décider',
    '',
    '- La licence est-elle vraiment libre, et est-ce bien un logiciel (pas un service ni une œuvre) ?',
    '- Les textes sont-ils justes, en français clair, sans publicité ?',
    '- Le pipeline de cette demande publie un aperçu de la page et un rapport détaillé.',
    '',
    'Répondez « Pouce » pour accepter, ou expliquez poliment ce qui manque.',
  );
  const text = lines.join('\n');
  // Far below GitLab's limit in practice (the form caps every text); never above it.
  return Buffer.byteLength(text) <= DESCRIPTION_MAX_BYTES
    ? text
    : `${Buffer.from(text)
        .subarray(0, DESCRIPTION_MAX_BYTES - 100)
        .toString('utf8')
        .replace(/\uFFFD*$/, '')}\n\n_(description tronquée)_`;
}
