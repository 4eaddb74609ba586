/** /notices.csv: every notice for spreadsheets (RFC 4180, UTF-8 with BOM, lists joined by « ; »). */
import type { APIRoute } from 'astro';
import { getNotices } from '../notices/collection.ts';
import { noticesCsv } from '../sharing/csv.ts';
import { exportNotice } from '../sharing/export.ts';

export const GET: APIRoute = async ({ site }) =>
  new Response(noticesCsv((await getNotices()).map((notice) => exportNotice(notice, site))), {
    headers: { 'Content-Type': 'text/csv; charset=utf-8; header=present' },
  });
