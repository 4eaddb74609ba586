/** /notices/<slug>.json: one notice, in the same format as an element of /notices.json. */
import type { APIRoute, GetStaticPaths } from 'astro';
import { getNotices, type SiteNotice } from '../../notices/collection.ts';
import { exportNoticeFile } from '../../sharing/export.ts';
import { noticeJsonKey } from '../../build/cache-keys.ts';

export const getStaticPaths = (async () =>
  (await getNotices()).map((notice) => ({ params: { slug: notice.slug }, props: { notice }, cacheKey: noticeJsonKey(notice) }))) satisfies GetStaticPaths;

export const GET: APIRoute<{ notice: SiteNotice }> = ({ props, site }) =>
  new Response(JSON.stringify(exportNoticeFile(props.notice, site), null, 2), {
    headers: { 'Content-Type': 'application/json; charset=utf-8' },
  });
