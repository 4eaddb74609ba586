/**
 * THE rules of one notice, in one place: schema, name and file name, Markdown and characters,
 * completeness, and the directory's editorial bar. `npm run validate`, the contribution
 * function, the importer and the moderators' report all call `checkNotice`, so a rule added
 * here is enforced everywhere with the same French words. No Node import: the form's live
 * checks may use it too. What needs the disk (the logo file, the canonical form) is added by
 * validation.ts; what needs the whole directory (duplicates, vocabulary use…) is in
 * catalogue-check.ts.
 *
 * Levels: an `erreur` stops publication (validate fails, the form refuses); an `avertissement`
 * is published but does not meet the directory's bar — CI (tests/content.test.ts) refuses any
 * problem on content/, so a moderator completes the notice before merging.
 */
import type { z } from 'zod';
import { describeIssues } from './errors.ts';
import { BODY_MAX, MESSAGE_MAX } from './fields.ts';
import { findUnsafeMarkdown } from './markdown.ts';
import { MAX_LINKS, isShortener, linkHost, renderedLinks } from './links.ts';
import { BODY_FIELD, MESSAGE_FIELD, type FileProblem } from './problems.ts';
import type { NoticeData, NoticeSchema } from './schema.ts';
import { slugProblem, slugify } from './slug.ts';
import { textProblem } from './text.ts';

export interface NoticeToCheck {
  data: Record<string, unknown>;
  body: string;
  /** The slug the file claims by its name; absent for a proposal not yet written. */
  slug?: string;
  /** Lines above the body in the file, so that line numbers are the editor's. */
  bodyLineOffset?: number;
  /** A proposal's message to the moderators: read by the same renderers, so held to the link rules. */
  message?: string;
}

export interface CheckOptions {
  schema: NoticeSchema;
  /**
   * A notice of the directory itself (content/notices/): the editorial bar applies (langues,
   * plateformes, a body of 100 words and three sentences). A draft elsewhere (a proposal, an
   * import's output) is only checked for what would prevent or spoil publication.
   */
  directory?: boolean;
}

export interface NoticeCheck {
  problems: FileProblem[];
  /** The validated front matter, when the schema accepts it. */
  data?: NoticeData;
}

/** Every problem of one notice, errors and warnings, in reading order of the rules. */
export function checkNotice(notice: NoticeToCheck, options: CheckOptions): NoticeCheck {
  const result = options.schema.safeParse(notice.data);
  const problems = [
    ...(result.success ? [] : schemaProblems(result.error.issues)),
    ...nameProblems(notice.data, notice.slug),
    ...bodyProblems(notice.body, notice.bodyLineOffset ?? 0),
    ...messageProblems(notice.message),
    ...linkProblems(notice),
  ];
  if (result.success) {
    problems.push(...completenessProblems(result.data, notice.body));
    if (options.directory) problems.push(...editorialProblems(result.data, notice.body));
  }
  return { problems, data: result.success ? result.data : undefined };
}

const error = (code: string, field: string, message: string): FileProblem => ({ code, level: 'erreur', field, message });
const warning = (code: string, field: string, message: string): FileProblem => ({ code, level: 'avertissement', field, message });

/** Step 1: the schema's French messages (errors.ts), each with the code of its kind of rule. */
function schemaProblems(issues: readonly z.core.$ZodIssue[]): FileProblem[] {
  const described = describeIssues(issues);
  return issues.map((issue, i) => error(schemaCode(issue), described[i]!.field, described[i]!.message));
}

function schemaCode(issue: z.core.$ZodIssue): string {
  if (issue.code === 'unrecognized_keys') return 'cle-inconnue';
  if (issue.code === 'invalid_type' && issue.input === undefined) return 'champ-obligatoire';
  if (issue.path[0] === 'licences' && issue.code === 'custom') return 'licence-refusee';
  return 'champ-invalide';
}

/** Step 2: the name gives the address (slug.ts), and the file is named after it. The build checks it too. */
export function nameProblems(data: Record<string, unknown>, slug: string | undefined): FileProblem[] {
  if (typeof data.nom !== 'string' || !data.nom.trim()) return [];
  const problem = slugProblem(data.nom);
  if (problem) return [error('nom-inutilisable', 'nom', problem)];
  const expected = slugify(data.nom);
  if (slug !== undefined && expected !== slug) return [error('nom-de-fichier', 'nom', `le fichier doit s’appeler « ${expected}.md » (dérivé du nom)`)];
  return [];
}

// Beside the other field limits (fields.ts), which the browser form reads without this checker.
export { BODY_MAX, MESSAGE_MAX };

/** Step 3: what the Markdown renderer would neutralise, characters no text may hold, and lengths. */
function bodyProblems(body: string, lineOffset: number): FileProblem[] {
  const problems = findUnsafeMarkdown(body).map((p) => error(p.code, BODY_FIELD, `ligne ${p.line + lineOffset} : ${p.message}`));
  if (body.length > BODY_MAX) problems.push(error('texte-trop-long', BODY_FIELD, `${body.length} caractères : ${BODY_MAX} au plus`));
  return problems;
}

/** A proposal's message is read by moderators only, but held to the same characters and a length. */
function messageProblems(message: string | undefined): FileProblem[] {
  if (!message) return [];
  const problems: FileProblem[] = [];
  const characters = textProblem(message, 'multiline');
  if (characters) problems.push(error('caractere-interdit', MESSAGE_FIELD, characters));
  if (message.length > MESSAGE_MAX) problems.push(error('message-trop-long', MESSAGE_FIELD, `${message.length} caractères : ${MESSAGE_MAX} au plus`));
  return problems;
}

/**
 * Step 3b: links, counted as a CommonMark + GFM reader renders every text (links.ts): in the
 * fields, the long text and the message together. A shortener hides where a link goes; many
 * links are what spam looks like.
 */
function linkProblems(notice: NoticeToCheck): FileProblem[] {
  const texts: [field: string, text: string][] = [
    ...Object.entries(notice.data).flatMap(([field, value]) =>
      (Array.isArray(value) ? value : [value]).filter((v) => typeof v === 'string').map((v): [string, string] => [field, v]),
    ),
    [BODY_FIELD, notice.body],
    [MESSAGE_FIELD, notice.message ?? ''],
  ];
  const problems: FileProblem[] = [];
  let count = 0;
  for (const [field, text] of texts) {
    const links = renderedLinks(text);
    count += links.length;
    const shortened = links.find(isShortener);
    if (shortened) problems.push(error('lien-raccourci', field, `lien raccourci (${linkHost(shortened)}) : donnez l’adresse complète, celle qu’il cache`));
  }
  if (count > MAX_LINKS)
    problems.push(error('trop-de-liens', BODY_FIELD, `${count} liens en tout : ${MAX_LINKS} au plus (le site officiel, le code source et quelques liens utiles)`));
  return problems;
}

/** Step 4: what every notice should give a visitor. */
function completenessProblems(data: NoticeData, body: string): FileProblem[] {
  const problems: FileProblem[] = [];
  if (!data.description_courte) problems.push(warning('description-courte-manquante', 'description_courte', 'manquante : c’est la phrase montrée dans les listes'));
  if (!data.site_web && !data.code_source) problems.push(warning('sans-adresse', 'site_web', 'ni site web ni code source : comment trouver le logiciel ?'));
  if ((data.etiquettes?.length ?? 0) < 2) problems.push(warning('etiquettes-insuffisantes', 'etiquettes', 'au moins deux étiquettes aident à trouver la notice'));
  if (!body.trim()) problems.push(warning('sans-texte', BODY_FIELD, 'pas de description longue'));
  return problems;
}

export const MIN_BODY_WORDS = 100;
export const MIN_BODY_SENTENCES = 3;

/** Words as a reader counts them (Markdown marks included: they are few). */
export const countWords = (text: string): number => text.split(/\s+/).filter(Boolean).length;
export const countSentences = (text: string): number => (text.match(/[.!?…](\s|$)/g) ?? []).length;

/** Step 5: the directory's editorial bar (issue 3), for notices of content/notices/ only. */
function editorialProblems(data: NoticeData, body: string): FileProblem[] {
  const problems: FileProblem[] = [];
  if (!data.plateformes?.length) problems.push(warning('plateformes-manquantes', 'plateformes', 'manquantes : sur quoi le logiciel fonctionne-t-il ?'));
  if (!data.langues?.length) problems.push(warning('langues-manquantes', 'langues', 'manquantes : dans quelles langues le logiciel est-il proposé ?'));
  if (body.trim()) {
    const words = countWords(body);
    if (words < MIN_BODY_WORDS) problems.push(warning('texte-trop-court', BODY_FIELD, `${words} mots : une notice de l’annuaire en compte au moins ${MIN_BODY_WORDS}`));
    const sentences = countSentences(body);
    if (sentences < MIN_BODY_SENTENCES)
      problems.push(warning('texte-trop-peu-de-phrases', BODY_FIELD, `${sentences} phrase(s) : une notice de l’annuaire en compte au moins ${MIN_BODY_SENTENCES}`));
  }
  return problems;
}
