/**
 * Typed HTTP errors and body reading for the contribution function. Reading is linear and
 * bounded before anything else runs: the body is capped while it streams in, then parsed by
 * busboy (forms) or a depth-checked JSON.parse with limits on field count, repeats and lengths,
 * so that no body can hold the event loop (a 120 KB `a=&a=&…` once took 14 s).
 */
import busboy from 'busboy';
import { LOGO_FIELD, LONG_FIELDS, READ_LIMITS } from './form-fields.ts';
import { Refusal } from './refusal.ts';

export { Refusal, type FieldProblem } from './refusal.ts';

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
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      total += value.byteLength;
      if (total > max) {
        reader.cancel().catch(() => undefined);
        throw tooLarge();
      }
      chunks.push(value);
    }
  } catch (error) {
    if (error instanceof Refusal) throw error;
    throw new Refusal('corps-interrompu', 'L’envoi a été interrompu avant la fin : renvoyez le formulaire.');
  }
  return Buffer.concat(chunks, total);
}

function tooLarge(): Refusal {
  return new Refusal('trop-volumineux', 'La proposition est trop volumineuse : le logo doit peser 1 Mo au plus et les textes rester raisonnables.');
}

export interface SubmittedForm {
  /** Text fields; a repeated field (checkboxes) keeps every value. */
  fields: Map<string, string[]>;
  logo?: { name: string; type: string; bytes: Uint8Array };
  /** How the person sent it: a plain HTML form wants an HTML page back. */
  wantsHtml: boolean;
}

/** Parses a form-encoded, multipart or JSON body into bounded fields. */
export async function parseSubmission(request: Request, body: Uint8Array): Promise<SubmittedForm> {
  const contentType = request.headers.get('content-type') ?? '';
  const type = contentType.toLowerCase();
  const accept = request.headers.get('accept') ?? '';
  const isJson = /^application\/json\b/.test(type.trim());
  const wantsHtml = !isJson && !accept.includes('application/json');
  if (isJson) return { fields: parseJsonFields(body), wantsHtml };
  if (/^(multipart\/form-data|application\/x-www-form-urlencoded)\b/.test(type.trim())) return { ...(await parseFormFields(contentType, body)), wantsHtml };
  throw new Refusal('format-inconnu', 'Envoyez le formulaire (application/x-www-form-urlencoded ou multipart/form-data) ou du JSON.');
}

/** Collects fields with the limits of READ_LIMITS; the first breach stops the reading. */
class FieldCollector {
  readonly fields = new Map<string, string[]>();
  private count = 0;

  add(name: string, value: string): void {
    if (++this.count > READ_LIMITS.fields) throw unreadable(`plus de ${READ_LIMITS.fields} champs`);
    if (name.length > READ_LIMITS.nameLength) throw unreadable(`un nom de champ dépasse ${READ_LIMITS.nameLength} caractères`);
    const limit = LONG_FIELDS.includes(name) ? READ_LIMITS.longValueBytes : READ_LIMITS.valueBytes;
    if (value.length > limit || Buffer.byteLength(value) > limit) {
      throw new Refusal('champ-trop-long', `Le champ « ${name} » est beaucoup trop long.`, [{ field: name, message: 'beaucoup trop long' }]);
    }
    const values = this.fields.get(name);
    if (!values) this.fields.set(name, [value]);
    else if (values.length >= READ_LIMITS.repeats) throw unreadable(`le champ « ${name} » est répété plus de ${READ_LIMITS.repeats} fois`);
    else values.push(value);
  }
}

function unreadable(why: string): Refusal {
  return new Refusal('formulaire-demesure', `Le formulaire envoyé ne ressemble pas à celui de Framalibre (${why}) : rechargez la page et réessayez.`);
}

function parseJsonFields(body: Uint8Array): Map<string, string[]> {
  const text = new TextDecoder('utf-8', { fatal: false }).decode(body);
  if (jsonDepth(text) > READ_LIMITS.jsonDepth) throw new Refusal('json-illisible', 'Le JSON doit être un objet de champs (textes ou listes de textes), sans objets imbriqués.');
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch {
    throw new Refusal('json-illisible', 'Le corps de la requête n’est pas un JSON valide.');
  }
  if (!data || typeof data !== 'object' || Array.isArray(data)) throw new Refusal('json-illisible', 'Le JSON doit être un objet de champs.');
  const collector = new FieldCollector();
  for (const [key, value] of Object.entries(data)) {
    for (const item of Array.isArray(value) ? value : [value]) {
      if (item === null || item === undefined) continue;
      if (typeof item === 'object')
        throw new Refusal('json-illisible', `Le champ « ${key} » doit être un texte ou une liste de textes.`, [
          { field: key, message: 'doit être un texte ou une liste de textes' },
        ]);
      collector.add(key, String(item));
    }
  }
  return collector.fields;
}

/** Deepest nesting of `[`/`{` outside strings, in one pass (JSON.parse is not asked to recurse). */
export function jsonDepth(text: string): number {
  let depth = 0;
  let deepest = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 0x5c)
        i++; // backslash: skip the escaped character
      else if (c === 0x22) inString = false;
    } else if (c === 0x22) inString = true;
    else if (c === 0x5b || c === 0x7b) deepest = Math.max(deepest, ++depth);
    else if (c === 0x5d || c === 0x7d) depth--;
  }
  return deepest;
}

function parseFormFields(contentType: string, body: Uint8Array): Promise<Omit<SubmittedForm, 'wantsHtml'>> {
  return new Promise((resolve, reject) => {
    const collector = new FieldCollector();
    let logo: SubmittedForm['logo'];
    let failed = false;
    const fail = (error: unknown) => {
      if (failed) return;
      failed = true;
      reject(error instanceof Refusal ? error : new Refusal('formulaire-illisible', 'Le formulaire envoyé est illisible ou incomplet : rechargez la page et réessayez.'));
    };
    let parser: busboy.Busboy;
    try {
      parser = busboy({
        headers: { 'content-type': contentType },
        defParamCharset: 'utf8',
        limits: {
          fields: READ_LIMITS.fields,
          parts: READ_LIMITS.fields + 1,
          files: 1,
          fieldNameSize: READ_LIMITS.nameLength + 1,
          fieldSize: READ_LIMITS.longValueBytes + 1,
          fileSize: MAX_BODY_BYTES,
        },
      });
    } catch {
      fail(undefined);
      return;
    }
    parser.on('field', (name, value, info) => {
      if (failed) return;
      try {
        if (info.nameTruncated) throw unreadable(`un nom de champ dépasse ${READ_LIMITS.nameLength} caractères`);
        if (info.valueTruncated) throw new Refusal('champ-trop-long', `Le champ « ${name} » est beaucoup trop long.`, [{ field: name, message: 'beaucoup trop long' }]);
        collector.add(name, value);
      } catch (error) {
        fail(error);
      }
    });
    parser.on('file', (name, stream, info) => {
      if (name !== LOGO_FIELD || failed) {
        stream.resume();
        return;
      }
      const chunks: Buffer[] = [];
      stream.on('data', (chunk: Buffer) => chunks.push(chunk));
      stream.on('end', () => {
        const bytes = Buffer.concat(chunks);
        if (bytes.byteLength > 0) logo = { name: info.filename ?? '', type: info.mimeType, bytes };
      });
    });
    parser.on('fieldsLimit', () => fail(unreadable(`plus de ${READ_LIMITS.fields} champs`)));
    parser.on('partsLimit', () => fail(unreadable(`plus de ${READ_LIMITS.fields} parties`)));
    parser.on('filesLimit', () => fail(unreadable('plus d’un fichier')));
    parser.on('error', fail);
    parser.on('close', () => {
      if (!failed) resolve({ fields: collector.fields, logo });
    });
    parser.end(Buffer.from(body.buffer, body.byteOffset, body.byteLength));
  });
}
