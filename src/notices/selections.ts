/**
 * Recommendation selections ("bien débuter", "associations", "école"): a short introduction and an
 * ordered list of notices, in content/selections/<id>.md. They play the role of the
 * association's own mini-sites, and are validated like notices (every slug must exist).
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { describeIssues } from './errors.ts';
import { NoticeSyntaxError, parseNoticeFile } from './notice-file.ts';
import { contentDir } from './paths.ts';
import type { FileProblem } from './problems.ts';
import { expected, text } from './schema.ts';
import { listMarkdownFiles } from './repository.ts';

const SELECTION_KEYS = ['titre', 'description_courte', 'ordre', 'notices'];

/** Messages reach moderators: French, as the notice schema's. */
export const selectionSchema = z.strictObject(
  {
    titre: text(80),
    description_courte: text(200),
    ordre: z.number(expected('un nombre entier')).int('doit être un nombre entier').min(0, 'doit être positif ou nul'),
    notices: z
      .array(
        z.string(expected('le slug d’une notice')).regex(/^[a-z0-9-]+$/, 'doit être le slug d’une notice (nom du fichier sans « .md », par exemple « firefox »)'),
        expected('une liste de slugs de notices'),
      )
      .min(3, 'au moins trois notices'),
  },
  {
    error: (issue) =>
      issue.code === 'unrecognized_keys'
        ? `clé inconnue : ${issue.keys.map((k) => `« ${k} »`).join(', ')} (clés possibles : ${SELECTION_KEYS.join(', ')})`
        : 'l’en-tête doit être une liste de clés « clé: valeur »',
  },
);
export type SelectionData = z.infer<typeof selectionSchema>;
export interface Selection extends SelectionData {
  id: string;
  file: string;
  introduction: string;
}

export function selectionsDir(root = contentDir()): string {
  return path.join(root, 'selections');
}

export function listSelectionFiles(dir = selectionsDir()): string[] {
  return listMarkdownFiles(dir);
}

/** One selection and every problem of its file (none: the selection is there). */
export function checkSelection(file: string): { selection?: Selection; problems: FileProblem[] } {
  let content;
  try {
    content = parseNoticeFile(readFileSync(file, 'utf8'));
  } catch (error) {
    if (!(error instanceof NoticeSyntaxError)) throw error;
    return { problems: [{ code: 'selection-illisible', level: 'erreur', field: 'fichier', message: error.message }] };
  }
  const result = selectionSchema.safeParse(content.data);
  if (!result.success) {
    return { problems: describeIssues(result.error.issues).map((p) => ({ code: 'selection-champ-invalide', level: 'erreur', ...p })) };
  }
  return { selection: { ...result.data, id: path.basename(file, '.md'), file, introduction: content.body }, problems: [] };
}

/** Reads one selection; throws every problem in French, each naming its field. */
export function readSelection(file: string): Selection {
  const { selection, problems } = checkSelection(file);
  if (!selection) throw new Error(problems.map((p) => `${p.field} : ${p.message}`).join(' ; '));
  return selection;
}

/** Every selection, by `ordre`; throws the problems of every malformed file, not only the first. */
export function loadSelections(dir = selectionsDir()): Selection[] {
  const checked = listSelectionFiles(dir).map((file) => ({ file, ...checkSelection(file) }));
  const problems = checked.flatMap(({ file, problems }) => problems.map((p) => `${path.relative(process.cwd(), file)} : ${p.field} : ${p.message}`));
  if (problems.length > 0) throw new Error(problems.join('\n'));
  return checked.flatMap(({ selection }) => (selection ? [selection] : [])).sort((a, b) => a.ordre - b.ordre);
}
