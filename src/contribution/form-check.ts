/**
 * The form's live check (browser only), loaded by form-client.ts once the person starts filling
 * the form: the notice schema, the checker and its Markdown parser are most of the script's
 * weight, and a visitor who only reads the page never needs them. The same checker and the same
 * words as `npm run validate` and the server (draft.ts, notices/check.ts).
 */
import { z } from 'zod';
import { createNoticeSchema, type Vocabulary } from '../notices/schema.ts';
import { draftFromFields, proposalProblems } from './draft.ts';
import { Refusal, type FieldProblem } from './refusal.ts';

// zod probes `new Function` to compile a faster parser; the site's CSP refuses eval, and Chromium
// reports the refused probe as a CSP issue in the console although zod catches it. The form
// checks one small notice at a time: the plain parser is enough.
z.config({ jitless: true });

/** Every problem of the form's fields, as the server will see them. */
export type FormChecker = (fields: Map<string, string[]>) => FieldProblem[];

export function createFormChecker(vocabulary: Vocabulary): FormChecker {
  const schema = createNoticeSchema(vocabulary);
  return (fields) => {
    try {
      // The one gate: the same checker, the same words as `npm run validate` and the server.
      return proposalProblems(schema, draftFromFields(schema, fields));
    } catch (error) {
      if (error instanceof Refusal) return error.fields.length > 0 ? error.fields : [{ field: 'nom', message: error.message }];
      throw error;
    }
  };
}
