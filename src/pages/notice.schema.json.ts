/** /notice.schema.json: the JSON Schema of /notices/<slug>.json, generated from the zod schema. */
import type { APIRoute } from 'astro';
import { getVocabularies } from '../notices/collection.ts';
import { vocabularyIds } from '../notices/vocabulary.ts';
import { noticeFileJsonSchema } from '../sharing/export.ts';

export const GET: APIRoute = ({ site }) =>
  new Response(JSON.stringify(noticeFileJsonSchema(vocabularyIds(getVocabularies()), site), null, 2), {
    headers: { 'Content-Type': 'application/schema+json; charset=utf-8' },
  });
