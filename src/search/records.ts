/**
 * What the search knows about one notice, computed once from the notice's data: the words it is
 * found by (with their weights), the facets it is filtered by, and what its result card shows.
 * The Pagefind index (src/search/indexer.ts) is written from these records, and every search (in
 * the browser or on the server) reads them back from it, so a card, a facet or a ranking field is
 * defined here and nowhere else.
 */
import { logoUrls } from '../notices/logos.ts';
import { frenchLicenceName, licenceIds } from '../notices/licences.ts';
import type { Notice } from '../notices/schema.ts';
import type { Etiquette } from '../notices/vocabulary.ts';
import { escapeHtml } from '../shared/html.ts';
import { foldForComparison } from '../notices/slug.ts';
import { searchNames } from './names.ts';
import { licenceFamily } from '../choosing/comparison.ts';
import { requirementFilters, requirementsLine, requirementsOf } from '../choosing/requirements.ts';
import { LIST_SEPARATOR } from './pagefind-meta.ts';
import type { RankingFields } from './ranking.ts';
import { noticePageUrl } from '../notices/addresses.ts';

export interface SearchRecord extends RankingFields {
  url: string;
  slug: string;
  description: string;
  etiquettes: string[];
  text: string;
  plateformes: string[];
  /** The licence in plain words for the card: « Libre (GPL) ». */
  licence: string;
  /** « Ce qu’il faut » in a line: « Rien à installer, chez Framasoft · Demande un serveur… ». */
  requirements: string;
  /** Facet values: what it takes, étiquette labels, licence French names, platform ids. */
  filters: { utilisation: string[]; plateforme: string[]; etiquette: string[]; licence: string[] };
  /** PNG and 2× WebP URLs of the logo, when the notice has one. */
  logo?: { png: string; webp: string };
  /** What the notice's étiquettes mean (their descriptions), part of `text`. */
  meanings: string;
}

/** The short family of an SPDX id, as people say it (GPL-3.0-or-later → GPL): one rule, in src/choosing/comparison.ts. */
export { licenceFamily };

/** « Libre (GPL) », « Libre (MPL, Apache) »: the words a card shows for a notice's licences. */
export function plainLicence(expressions: readonly string[]): string {
  const families = [
    ...new Set(
      expressions
        .flatMap(licenceIds)
        .filter((id) => !/exception/i.test(id))
        .map(licenceFamily),
    ),
  ];
  return families.length > 0 ? `Libre (${families.join(', ')})` : 'Libre';
}

/** `hosts`: the CHATONS hosts that offer the software (src/chatons/chatons.ts, hostsBySoftware). */
export function searchRecord(notice: Pick<Notice, 'slug' | 'data'>, etiquettes: ReadonlyMap<string, Etiquette>, bodyText: string, hosts: readonly string[] = []): SearchRecord {
  const { data } = notice;
  const requirements = requirementsOf({ plateformes: data.plateformes ?? [], hosts });
  const tags = (data.etiquettes ?? []).map((id) => etiquettes.get(id)).filter((e): e is Etiquette => e !== undefined);
  const urls = data.logo ? logoUrls(data.logo) : undefined;
  return {
    url: noticePageUrl(notice.slug),
    slug: notice.slug,
    nom: data.nom,
    autresNoms: searchNames(data).filter((name) => name !== data.nom),
    alternatives: data.alternative_a ?? [],
    etiquettes: tags.map((e) => e.libelle),
    description: data.description_courte ?? '',
    // What an étiquette means counts as text about the notice: « pistage » finds the notices
    // tagged « Vie privée » even when their own text never says it.
    meanings: tags.map((e) => e.description).join(' '),
    text: [...tags.map((e) => e.description), bodyText].join(' '),
    vedette: data.mis_en_avant === true,
    plateformes: data.plateformes ?? [],
    licence: plainLicence(data.licences),
    requirements: requirementsLine(requirements),
    filters: {
      utilisation: requirementFilters(requirements),
      plateforme: data.plateformes ?? [],
      etiquette: tags.map((e) => e.libelle),
      licence: [
        ...new Set(
          data.licences
            .flatMap(licenceIds)
            .filter((id) => !/exception/i.test(id))
            .map(frenchLicenceName),
        ),
      ],
    },
    ...(urls ? { logo: { png: urls.png, webp: urls.webp[96] } } : {}),
  };
}

/**
 * The record as a small HTML document for Pagefind, with today's weights: name 10, names people
 * type 9, other names 8, proprietary names 7, one-liner 4, étiquettes 3, what they mean 2, body 1.
 * (Pagefind's addCustomRecord takes plain text without weights, so addHTMLFile is given this
 * document with an explicit URL: nothing is read back from the built pages.)
 */
export function pagefindDocument(record: SearchRecord, bodyText: string): string {
  const e = escapeHtml;
  const p = (weight: number, text: string) => (text ? `<p data-pagefind-weight="${weight}">${e(text)}</p>` : '');
  const meta: Record<string, string> = {
    description: record.description,
    noms: record.autresNoms.join(LIST_SEPARATOR),
    alternatives: record.alternatives.join(LIST_SEPARATOR),
    etiquettes: record.etiquettes.join(LIST_SEPARATOR),
    plateformes: record.plateformes.join(LIST_SEPARATOR),
    licence: record.licence,
    utilisation: record.requirements,
    ...(record.logo ? { logo: record.logo.png, logo_webp: record.logo.webp } : {}),
    ...(record.vedette ? { vedette: 'oui' } : {}),
  };
  // Meta and filters sit outside the indexed body (Pagefind reads them anywhere in the page), so
  // their words are not indexed twice; the element-content form lets values hold commas.
  const tags = [
    ...Object.entries(meta)
      .filter(([, value]) => value)
      .map(([key, value]) => `<span data-pagefind-meta="${key}">${e(value)}</span>`),
    ...Object.entries(record.filters).flatMap(([facet, values]) => values.map((value) => `<span data-pagefind-filter="${facet}">${e(value)}</span>`)),
    `<span data-pagefind-sort="nom">${e(foldForComparison(record.nom))}</span>`,
  ].join('');
  return [
    `<!doctype html><html lang="fr"><head><meta charset="utf-8"><title></title></head><body><div>${tags}</div>`,
    '<main data-pagefind-body>',
    `<h1 data-pagefind-meta="title" data-pagefind-weight="10">${e(record.nom)}</h1>`,
    p(9, [record.nom, ...record.autresNoms].join(' ')),
    p(7, record.alternatives.join(', ')),
    p(4, record.description),
    p(3, record.etiquettes.join(', ')),
    p(2, record.meanings),
    p(1, bodyText),
    '</main></body></html>',
  ].join('');
}
