/** /notices.json: every notice, open data (format documented on /donnees/). */
import type { APIRoute } from 'astro';
import { getNotices } from '../notices/collection.ts';
import { exportCollection } from '../sharing/export.ts';

export const GET: APIRoute = async ({ site }) =>
  new Response(JSON.stringify(exportCollection(await getNotices(), site)), {
    headers: { 'Content-Type': 'application/json; charset=utf-8' },
  });
