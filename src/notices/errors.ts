/**
 * The one friendly-error helper: zod issues → one French line per problem, naming the field.
 * Used by `npm run validate`, the contribution handler and the form's live checks.
 */
import type { z } from 'zod';

export interface FieldProblem {
  /** The notice key (or "fichier", "corps" for problems outside the front matter). */
  field: string;
  message: string;
}

export function describeIssues(issues: readonly z.core.$ZodIssue[]): FieldProblem[] {
  return issues.map((issue) => {
    if (issue.code === 'unrecognized_keys') {
      return { field: issue.keys.join(', '), message: issue.message };
    }
    const [key, index] = issue.path;
    const field = key === undefined ? 'en-tête' : String(key);
    const position = typeof index === 'number' ? `élément ${index + 1} : ` : '';
    return { field, message: `${position}${frenchFallback(issue)}` };
  });
}

/** Our schema gives a message for each rule; this covers what zod raises on its own. */
function frenchFallback(issue: z.core.$ZodIssue): string {
  if (issue.message && !/^(Invalid|Too|Expected|Unrecognized)/.test(issue.message)) return issue.message;
  switch (issue.code) {
    case 'invalid_type':
      return issue.input === undefined ? 'champ obligatoire' : `type incorrect (attendu : ${issue.expected})`;
    case 'too_big':
      return `trop long (${String(issue.maximum)} au plus)`;
    case 'too_small':
      return 'trop court ou vide';
    default:
      return 'valeur incorrecte';
  }
}

export function formatProblem(problem: FieldProblem): string {
  return `${problem.field} : ${problem.message}`;
}
