/**
 * /recherche/besoins.json: the words that lead from a need to an étiquette (content/besoins.yaml),
 * by étiquette label, fetched by the search box with its first query (src/search/search-ui.ts).
 */
import type { APIRoute } from 'astro';
import { getVocabularies } from '../../notices/collection.ts';
import { loadNeedWords } from '../../notices/needs.ts';

export const GET: APIRoute = () =>
  new Response(JSON.stringify(loadNeedWords(getVocabularies().etiquettes)), {
    headers: { 'Content-Type': 'application/json; charset=utf-8' },
  });
