/**
 * The contribution function's typed refusal: an HTTP status, a stable code and a French message,
 * with the problem of each form field. No Node import: the form's browser script throws and
 * reads the same errors.
 */
export interface FieldProblem {
  field: string;
  message: string;
}

export class HttpError extends Error {
  override name = 'HttpError';
  readonly status: number;
  readonly code: string;
  /** Problems per form field, when the proposal itself is at fault. */
  readonly fields: FieldProblem[];
  constructor(status: number, code: string, message: string, fields: FieldProblem[] = []) {
    super(message);
    this.status = status;
    this.code = code;
    this.fields = fields;
  }
}
