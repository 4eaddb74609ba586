/** /flux/etiquettes/<id>.xml: Atom feed of new and updated notices of one étiquette. */
import type { APIRoute, GetStaticPaths } from 'astro';
import { etiquetteLabel, getNotices, getVocabularies, type SiteNotice } from '../../../notices/collection.ts';
import { byEtiquette } from '../../../notices/catalogue.ts';
import type { Etiquette } from '../../../notices/vocabulary.ts';
import { buildAtomFeed, feedEntries } from '../../../sharing/atom.ts';
import { generationDate } from '../../../sharing/export.ts';
import { absolute, etiquetteFeedPath } from '../../../sharing/urls.ts';
import { listPageKey } from '../../../build/cache-keys.ts';

export const getStaticPaths = (async () => {
  const groups = byEtiquette(await getNotices());
  return getVocabularies()
    .etiquettes.filter((e) => groups.has(e.id))
    .map((etiquette) => ({
      params: { etiquette: etiquette.id },
      props: { etiquette, notices: groups.get(etiquette.id)! },
      cacheKey: listPageKey('flux-etiquette', etiquette, groups.get(etiquette.id)!),
    }));
}) satisfies GetStaticPaths;

export const GET: APIRoute<{ etiquette: Etiquette; notices: SiteNotice[] }> = ({ props, site }) => {
  const { etiquette, notices } = props;
  return new Response(
    buildAtomFeed({
      id: absolute(etiquetteFeedPath(etiquette.id), site),
      title: `Framalibre — ${etiquette.libelle}`,
      subtitle: etiquette.description,
      self: absolute(etiquetteFeedPath(etiquette.id), site),
      alternate: absolute(`/etiquettes/${etiquette.id}.html`, site),
      entries: feedEntries(notices, site, etiquetteLabel),
      fallbackUpdated: generationDate(),
    }),
    { headers: { 'Content-Type': 'application/atom+xml; charset=utf-8' } },
  );
};
