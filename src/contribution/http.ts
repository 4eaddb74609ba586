/** Typed HTTP errors and body reading for the contribution function (web standard only). */
import { LOGO_FIELD } from './draft.ts';

export class HttpError extends Error {
  override name = 'HttpError';
  readonly status: number;
  readonly code: string;
  /** Problems per form field, when the proposal itself is at fault. */
  readonly fields: { field: string; message: string }[];
  constructor(status: number, code: string, message: string, fields: { field: string; message: string }[] = []) {
    super(message);
    this.status = status;
    this.code = code;
    this.fields = fields;
  }
}

/** Largest request accepted: a 1 MB logo plus the text fields and multipart overhead. */
export const MAX_BODY_BYTES = 1_400_000;

/** Reads the body, refusing (413) as soon as it exceeds the cap: never buffers more than that. */
export async function readCappedBody(request: Request, max = MAX_BODY_BYTES): Promise<Uint8Array> {
  const declared = Number(request.headers.get('content-length') ?? 0);
  if (declared > max) throw tooLarge();
  if (!request.body) return new Uint8Array();
  const reader = request.body.getReader();
  const chunks: Uint8Array[] = [];
  let total = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    total += value.byteLength;
    if (total > max) {
      await reader.cancel().catch(() => undefined);
      throw tooLarge();
    }
    chunks.push(value);
  }
  const body = new Uint8Array(total);
  let offset = 0;
  for (const chunk of chunks) {
    body.set(chunk, offset);
    offset += chunk.byteLength;
  }
  return body;
}

function tooLarge(): HttpError {
  return new HttpError(413, 'trop-volumineux', 'La proposition est trop volumineuse : le logo doit peser 1 Mo au plus et les textes rester raisonnables.');
}

export interface SubmittedForm {
  /** Text fields; a repeated field (checkboxes) keeps every value. */
  fields: Map<string, string[]>;
  logo?: { name: string; type: string; bytes: Uint8Array };
  /** How the person sent it: a plain HTML form wants an HTML page back. */
  wantsHtml: boolean;
}

/** Parses a form-encoded, multipart or JSON body into fields. */
export async function parseSubmission(request: Request, body: Uint8Array): Promise<SubmittedForm> {
  const type = (request.headers.get('content-type') ?? '').toLowerCase();
  const accept = request.headers.get('accept') ?? '';
  const wantsHtml = !type.includes('application/json') && !accept.includes('application/json');
  const fields = new Map<string, string[]>();
  const add = (key: string, value: string) => fields.set(key, [...(fields.get(key) ?? []), value]);

  if (type.includes('application/json')) {
    let data: unknown;
    try {
      data = JSON.parse(new TextDecoder().decode(body));
    } catch {
      throw new HttpError(400, 'json-illisible', 'Le corps de la requête n’est pas un JSON valide.');
    }
    if (!data || typeof data !== 'object' || Array.isArray(data)) throw new HttpError(400, 'json-illisible', 'Le JSON doit être un objet de champs.');
    for (const [key, value] of Object.entries(data)) {
      if (Array.isArray(value)) value.forEach((v) => add(key, String(v)));
      else if (value !== null && value !== undefined && typeof value !== 'object') add(key, String(value));
    }
    return { fields, wantsHtml };
  }
  if (type.includes('multipart/form-data') || type.includes('application/x-www-form-urlencoded')) {
    let form: FormData;
    try {
      form = await new Request('http://localhost/', { method: 'POST', headers: { 'content-type': request.headers.get('content-type')! }, body: body as Uint8Array<ArrayBuffer> }).formData();
    } catch {
      throw new HttpError(400, 'formulaire-illisible', 'Le formulaire envoyé est illisible ou incomplet : rechargez la page et réessayez.');
    }
    let logo: SubmittedForm['logo'];
    for (const [key, value] of form.entries()) {
      if (typeof value === 'string') add(key, value);
      else if (key === LOGO_FIELD && value.size > 0) logo = { name: value.name, type: value.type, bytes: new Uint8Array(await value.arrayBuffer()) };
    }
    return { fields, logo, wantsHtml };
  }
  throw new HttpError(415, 'format-inconnu', 'Envoyez le formulaire (application/x-www-form-urlencoded ou multipart/form-data) ou du JSON.');
}
