/** /flux/notices.xml: Atom feed of new and updated notices. */
import type { APIRoute } from 'astro';
import { etiquetteLabel, getNotices } from '../../notices/collection.ts';
import { buildAtomFeed, feedEntries } from '../../sharing/atom.ts';
import { generationDate } from '../../sharing/export.ts';
import { absolute, FEED_PATH } from '../../sharing/urls.ts';

export const GET: APIRoute = async ({ site }) =>
  new Response(
    buildAtomFeed({
      id: absolute(FEED_PATH, site),
      title: 'Framalibre — nouvelles notices et mises à jour',
      subtitle: 'Les notices de l’annuaire des logiciels libres, les plus récentes d’abord.',
      self: absolute(FEED_PATH, site),
      alternate: absolute('/notices/', site),
      entries: feedEntries(await getNotices(), site, etiquetteLabel),
      fallbackUpdated: generationDate(),
    }),
    { headers: { 'Content-Type': 'application/atom+xml; charset=utf-8' } },
  );
