/**
 * What a notice page tells machines: OpenGraph (link previews in chats and social networks) and
 * schema.org `SoftwareApplication` as JSON-LD (search engines). Data only, no script runs.
 */
import { licenceIds } from '../notices/licences.ts';
import type { Notice } from '../notices/schema.ts';
import { absolute, noticeLogoPath, noticePath, type SiteAddress } from './urls.ts';

export interface MetaTag {
  property: string;
  content: string;
}

export function openGraph(notice: Notice, site: SiteAddress | undefined): MetaTag[] {
  const logo = noticeLogoPath(notice);
  const description = notice.data.description_courte ?? `${notice.data.nom}, un logiciel libre présenté par Framalibre.`;
  return [
    { property: 'og:type', content: 'website' },
    { property: 'og:site_name', content: 'Framalibre' },
    { property: 'og:locale', content: 'fr_FR' },
    { property: 'og:title', content: notice.data.nom },
    { property: 'og:description', content: description },
    { property: 'og:url', content: absolute(noticePath(notice.slug), site) },
    ...(logo
      ? [
          { property: 'og:image', content: absolute(logo, site) },
          { property: 'og:image:width', content: '256' },
          { property: 'og:image:height', content: '256' },
          { property: 'og:image:alt', content: `Logo de ${notice.data.nom}` },
        ]
      : []),
  ];
}

const PLATFORM_NAMES: Record<string, string> = { Web: 'Navigateur web', Serveur: 'Serveur' };

export function softwareApplication(notice: Notice, site: SiteAddress | undefined, etiquetteLabel: (id: string) => string): Record<string, unknown> {
  const { data } = notice;
  const page = absolute(noticePath(notice.slug), site);
  const logo = noticeLogoPath(notice);
  const sameAs = [data.lien_wikipedia, data.identifiant_wikidata && `https://www.wikidata.org/wiki/${data.identifiant_wikidata}`].filter(Boolean);
  const licences = [...new Set(data.licences.flatMap(licenceIds))].map((id) => `https://spdx.org/licenses/${id}.html`);
  const ld: Record<string, unknown> = {
    '@context': 'https://schema.org',
    '@type': 'SoftwareApplication',
    '@id': `${page}#logiciel`,
    name: data.nom,
    alternateName: data.autres_noms,
    description: data.description_courte,
    url: data.site_web ?? page,
    mainEntityOfPage: page,
    license: licences.length === 1 ? licences[0] : licences,
    operatingSystem: data.plateformes?.map((p) => PLATFORM_NAMES[p] ?? p).join(', '),
    inLanguage: data.langues,
    keywords: data.etiquettes?.map(etiquetteLabel).join(', '),
    image: logo ? absolute(logo, site) : undefined,
    sameAs: sameAs.length > 0 ? sameAs : undefined,
    dateModified: data.date_modification,
  };
  return Object.fromEntries(Object.entries(ld).filter(([, value]) => value !== undefined && !(Array.isArray(value) && value.length === 0)));
}

/** JSON for a `<script type="application/ld+json">`: `<` escaped so no text can close the element. */
export function jsonLdText(value: unknown): string {
  return JSON.stringify(value).replace(/</g, '\\u003c').replace(/>/g, '\\u003e').replace(/&/g, '\\u0026');
}
