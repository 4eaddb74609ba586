/**
 * Recommendation selections ("bien débuter", "associations", "école"): a short introduction and an
 * ordered list of notices, in content/selections/<id>.md. They play the role of the
 * association's own mini-sites, and are validated like notices (every slug must exist).
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { parseNoticeFile } from './notice-file.ts';
import { contentDir } from './paths.ts';

export const selectionSchema = z.strictObject({
  titre: z.string().min(1).max(80),
  description_courte: z.string().min(1).max(200),
  ordre: z.number().int().min(0),
  notices: z.array(z.string().regex(/^[a-z0-9-]+$/)).min(3),
});
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
  try {
    return readdirSync(dir)
      .filter((name) => name.endsWith('.md'))
      .map((name) => path.join(dir, name))
      .sort();
  } catch {
    return [];
  }
}

/** Reads one selection; throws a French message naming the field when it is malformed. */
export function readSelection(file: string): Selection {
  const { data, body } = parseNoticeFile(readFileSync(file, 'utf8'));
  const result = selectionSchema.safeParse(data);
  if (!result.success) {
    const issue = result.error.issues[0];
    throw new Error(`${String(issue?.path[0] ?? 'en-tête')} : ${issue?.message}`);
  }
  return { ...result.data, id: path.basename(file, '.md'), file, introduction: body };
}

export function loadSelections(dir = selectionsDir()): Selection[] {
  return listSelectionFiles(dir)
    .map(readSelection)
    .sort((a, b) => a.ordre - b.ordre);
}
