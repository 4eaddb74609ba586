/**
 * Why a proposal is refused, as the domain says it: a stable code, a French message, and the
 * problem of each form field. No HTTP status here: the handler's edge (responses.ts) maps each
 * code to one. No Node import: the form's browser script reads the same refusals.
 */
export interface FieldProblem {
  field: string;
  message: string;
}

export class Refusal extends Error {
  override name = 'Refusal';
  /** Stable id of the refusal (responses.ts gives its HTTP status). */
  readonly code: string;
  /** Problems per form field, when the proposal itself is at fault. */
  readonly fields: FieldProblem[];
  constructor(code: string, message: string, fields: FieldProblem[] = []) {
    super(message);
    this.code = code;
    this.fields = fields;
  }
}
