/** Shared helpers for tests that check notices against the real vocabularies. */
import { createNoticeSchema } from '../../src/notices/schema.ts';
import { describeIssues, type FieldProblem } from '../../src/notices/errors.ts';
import { loadVocabularies, vocabularyIds } from '../../src/notices/vocabulary.ts';

export const vocabularies = loadVocabularies();
export const schema = createNoticeSchema(vocabularyIds(vocabularies));

/** The French problems for a front matter, or [] when valid. */
export function problemsOf(data: Record<string, unknown>): FieldProblem[] {
  const result = schema.safeParse(data);
  return result.success ? [] : describeIssues(result.error.issues);
}

export const minimal = { nom: 'Exemple', licences: ['GPL-3.0-or-later'] };
