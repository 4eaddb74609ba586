/**
 * « Lequel choisir ? » : a short text written by moderators above the comparison of the free
 * alternatives to one proprietary product, in content/alternatives/<produit>.md — a YAML head
 * naming the product (as the notices write it in `alternative_a`) and the notices the text
 * mentions, then the text in Markdown (rendered like notice bodies: no HTML, no image). Checked by
 * `npm run validate` (catalogue-check.ts) and by the build, which stops on any error; every
 * message names the file and the line. Node only. Guide: docs/lequel-choisir.md.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { countWords } from './check.ts';
import { findUnsafeMarkdown, renderNoticeBody } from './markdown.ts';
import { NoticeSyntaxError, parseNoticeFile } from './notice-file.ts';
import { contentDir } from './paths.ts';
import type { Problem } from './problems.ts';
import { expected, text } from './schema.ts';
import { slugify } from './slug.ts';
import { noticeFile } from './addresses.ts';
import { listMarkdownFiles } from './repository.ts';
import { appendTo } from './multimap.ts';

const CHOICE_KEYS = ['produit', 'notices'];

export const choiceSchema = z.strictObject(
  {
    produit: text(100),
    notices: z
      .array(
        z.string(expected('le slug d’une notice')).regex(/^[a-z0-9]+(-[a-z0-9]+)*$/, 'doit être le slug d’une notice (nom du fichier sans « .md », par exemple « signal »)'),
        expected('une liste de slugs de notices'),
      )
      .min(1, 'au moins une notice'),
  },
  {
    error: (issue) =>
      issue.code === 'unrecognized_keys'
        ? `clé inconnue : ${issue.keys.map((k) => `« ${k} »`).join(', ')} (clés possibles : ${CHOICE_KEYS.join(', ')})`
        : 'l’en-tête doit être une liste de clés « clé: valeur »',
  },
);

export interface Choice {
  /** The product's slug (the file name, and /alternatives/<slug>.html). */
  slug: string;
  produit: string;
  notices: string[];
  /** The text, rendered to safe HTML. */
  html: string;
  file: string;
}

/** A text shorter than this is reported (a warning): it would not help anyone choose. */
export const MIN_CHOICE_WORDS = 30;

export function choicesDir(root = contentDir()): string {
  return path.join(root, 'alternatives');
}

export function listChoiceFiles(dir = choicesDir()): string[] {
  return listMarkdownFiles(dir);
}

/** What the directory holds that a choice file refers to. */
export interface ChoiceReferences {
  slugs: ReadonlySet<string>;
  /** Product slug → the slugs of the notices listing it in `alternative_a`. */
  products: ReadonlyMap<string, readonly string[]>;
}

/** The line (1-based, in the file) of the first head line matching `pattern`. */
function headLine(lines: readonly string[], pattern: RegExp): number | undefined {
  const end = lines.indexOf('---', 1);
  for (let i = 1; i < (end > 0 ? end : lines.length); i++) if (pattern.test(lines[i]!)) return i + 1;
  return undefined;
}

const escapeRegExp = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** One file: the choice (when it can be shown) and every problem, each naming its line. */
export function checkChoice(source: string, file: string, references: ChoiceReferences): { choice?: Choice; problems: Problem[] } {
  const problems: Problem[] = [];
  const add = (code: string, line: number | undefined, field: string, message: string, level: Problem['level'] = 'erreur') =>
    problems.push({ code, level, file, field: line ? `ligne ${line} (${field})` : field, message });
  let content;
  try {
    content = parseNoticeFile(source);
  } catch (error) {
    if (!(error instanceof NoticeSyntaxError)) throw error;
    add('choix-illisible', undefined, 'fichier', error.message);
    return { problems };
  }
  const lines = source.replace(/\r\n/g, '\n').split('\n');
  const result = choiceSchema.safeParse(content.data);
  if (!result.success) {
    for (const issue of result.error.issues) {
      const key = issue.code === 'unrecognized_keys' ? issue.keys[0] : issue.path[0];
      const line = typeof key === 'string' ? headLine(lines, new RegExp(`^${escapeRegExp(key)}\\s*:`)) : undefined;
      const position = typeof issue.path[1] === 'number' ? `élément ${issue.path[1] + 1} : ` : '';
      add('choix-champ-invalide', line, typeof key === 'string' ? key : 'en-tête', `${position}${issue.message}`);
    }
    return { problems };
  }
  const { produit, notices } = result.data;
  const slug = slugify(produit);
  const productLine = headLine(lines, /^produit\s*:/);
  const replacing = references.products.get(slug);
  if (!replacing) {
    add('choix-produit-inconnu', productLine, 'produit', `aucune notice ne cite « ${produit} » dans « alternative_a » : le produit doit être écrit comme dans les notices`);
  }
  if (path.basename(file, '.md') !== slug) {
    add('choix-nom-de-fichier', productLine, 'produit', `le fichier doit s’appeler « ${slug}.md » pour le produit « ${produit} »`);
  }
  const seen = new Set<string>();
  for (const notice of notices) {
    const line = headLine(lines, new RegExp(`^\\s*-\\s*['"]?${escapeRegExp(notice)}['"]?\\s*$`));
    if (seen.has(notice)) add('choix-notice-double', line, 'notices', `« ${notice} » est citée deux fois`);
    seen.add(notice);
    if (!references.slugs.has(notice)) add('choix-notice-inconnue', line, 'notices', `la notice « ${notice} » n’existe pas (${noticeFile(notice)})`);
    else if (replacing && !replacing.includes(notice))
      add(
        'choix-notice-hors-comparaison',
        line,
        'notices',
        `la notice « ${notice} » ne cite pas « ${produit} » dans « alternative_a » : elle n’apparaît pas dans la comparaison`,
        'avertissement',
      );
  }
  const bodyStart = lines.indexOf('---', 1) + 2;
  for (const problem of findUnsafeMarkdown(content.body)) {
    // The body starts after the closing « --- » and one blank line (parseNoticeFile drops it).
    add(`choix-${problem.code}`, bodyStart + problem.line, 'texte', problem.message);
  }
  const words = countWords(content.body);
  if (words < MIN_CHOICE_WORDS)
    add('choix-texte-court', undefined, 'texte', `${words} mots : le texte « Lequel choisir ? » en compte au moins ${MIN_CHOICE_WORDS}`, 'avertissement');
  const errors = problems.some((p) => p.level === 'erreur');
  return { ...(errors ? {} : { choice: { slug, produit, notices, html: renderNoticeBody(content.body), file } }), problems };
}

/** Every choice file of the content folder. */
export function checkChoices(references: ChoiceReferences, dir = choicesDir()): { choices: Choice[]; problems: Problem[] } {
  const choices: Choice[] = [];
  const problems: Problem[] = [];
  for (const file of listChoiceFiles(dir)) {
    const checked = checkChoice(readFileSync(file, 'utf8'), path.relative(process.cwd(), file), references);
    problems.push(...checked.problems);
    if (checked.choice) choices.push(checked.choice);
  }
  return { choices, problems };
}

/** The choices by product slug, for the build: any error stops it, with `npm run validate`'s messages. */
export function loadChoices(references: ChoiceReferences, dir = choicesDir()): Map<string, Choice> {
  const { choices, problems } = checkChoices(references, dir);
  const errors = problems.filter((p) => p.level === 'erreur');
  if (errors.length > 0) throw new Error(errors.map((p) => `${p.file} : ${p.field} : ${p.message}`).join('\n'));
  return new Map(choices.map((c) => [c.slug, c]));
}

/** The references of a list of notices (their slugs and the products they replace). */
export function choiceReferences(notices: readonly { slug: string; data: { alternative_a?: readonly string[] } }[]): ChoiceReferences {
  const products = new Map<string, string[]>();
  for (const notice of notices) {
    for (const name of new Set((notice.data.alternative_a ?? []).map(slugify))) appendTo(products, name, notice.slug);
  }
  return { slugs: new Set(notices.map((n) => n.slug)), products };
}
