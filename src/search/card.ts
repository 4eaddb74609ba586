/**
 * One search result, as HTML: logo (or monogram), name, one-liner, what it takes, platforms and
 * licence in plain words, the « Alternative à » line when the query named a proprietary tool, and the badge of the
 * notices Framasoft's members use. The search box and the page drawn on the server both draw cards
 * with these functions, and say what was found with the same words (`statusText`). Browser-safe:
 * no Node import.
 */
import { monogram } from '../notices/monogram.ts';
import { slugify } from '../notices/slug.ts';
import { escapeHtml as e } from '../shared/html.ts';
import { frenchSpacing } from '../shared/typography.ts';
import type { PagefindResultData } from './box/pagefind.ts';
import { splitList } from './pagefind-meta.ts';
import type { Score } from './ranking.ts';

export interface ResultCard {
  url: string;
  nom: string;
  description?: string;
  plateformes: readonly string[];
  /** « Libre (GPL) ». */
  licence?: string;
  logo?: { png: string; webp?: string };
  vedette?: boolean;
  /** The proprietary name the query matched. */
  alternative?: string;
  /** « Ce qu’il faut » in a line (src/choosing/requirements.ts). */
  requirements?: string;
}

/** What a card is drawn from: a notice's page in the index (its meta, src/search/records.ts). */
export type CardData = Pick<PagefindResultData, 'url' | 'meta'>;

export function cardOf(data: CardData, score?: Score): ResultCard {
  const m = data.meta;
  return {
    url: data.url,
    nom: m.title ?? data.url,
    ...(m.description ? { description: m.description } : {}),
    plateformes: splitList(m.plateformes),
    ...(m.licence ? { licence: m.licence } : {}),
    ...(m.utilisation ? { requirements: m.utilisation } : {}),
    ...(m.logo ? { logo: { png: m.logo, ...(m.logo_webp ? { webp: m.logo_webp } : {}) } } : {}),
    vedette: m.vedette === 'oui',
    ...(score?.alternative ? { alternative: score.alternative } : {}),
  };
}

/** Featured notices: what the association's members use and advise to start with. */
export const FEATURED_BADGE = 'Conseillé par Framasoft';
const FEATURED_TITLE = 'Les membres de Framasoft l’utilisent au quotidien et le conseillent pour commencer';

/** The logo of a card, or the notice's monogram (decorative: the name is next to it). */
export function logoHtml(card: Pick<ResultCard, 'nom' | 'logo'>): string {
  if (card.logo) {
    const webp = card.logo.webp ? `<source type="image/webp" srcset="${e(card.logo.webp)} 2x">` : '';
    return `<picture>${webp}<img class="logo" src="${e(card.logo.png)}" width="48" height="48" alt="" loading="lazy" decoding="async"></picture>`;
  }
  const mono = monogram(card.nom);
  return `<svg class="logo logo--monogramme" width="48" height="48" viewBox="0 0 96 96" aria-hidden="true"><rect width="96" height="96" rx="14" fill="${mono.colour}"></rect><text x="48" y="50" fill="#fff" font-size="${mono.letters.length > 1 ? 38 : 48}" text-anchor="middle" dominant-baseline="central">${e(mono.letters)}</text></svg>`;
}

export function resultCardHtml(card: ResultCard): string {
  const facts = [card.plateformes.join(' · '), card.licence ?? ''].filter(Boolean);
  return [
    `<div class="vignette resultat${card.vedette ? ' resultat--vedette' : ''}">`,
    logoHtml(card),
    '<div class="vignette__texte">',
    `<a class="vignette__nom" href="${e(card.url)}">${e(card.nom)}</a>`,
    card.vedette ? ` <span class="badge-vedette" title="${FEATURED_TITLE}">${FEATURED_BADGE}</span>` : '',
    card.description ? `<p>${e(card.description)}</p>` : '',
    card.requirements ? `<p class="resultat__besoin"><span class="visuellement-cache">Ce qu’il faut : </span>${e(card.requirements)}</p>` : '',
    facts.length > 0 ? `<p class="resultat__faits">${facts.map((f) => `<span>${e(f)}</span>`).join(' — ')}</p>` : '',
    card.alternative ? `<p class="resultat__alternative">Alternative à ${e(card.alternative)}</p>` : '',
    '</div></div>',
  ].join('');
}

const found = (count: number) => `${count} ${count > 1 ? 'logiciels trouvés' : 'logiciel trouvé'}`;

/** The status line above the results, spaced as the server's pages are (src/shared/typography.ts). */
export function statusText(total: number, q: string, correction: string | undefined): string {
  const words = q ? ` pour « ${q} »` : '';
  if (total === 0) return frenchSpacing(`Aucun logiciel trouvé${words}.`);
  if (correction) return frenchSpacing(`${found(total)} pour « ${correction} » (recherche tapée : « ${q} »).`);
  return frenchSpacing(`${found(total)}${words}.`);
}

/** « Voir aussi : toutes les alternatives libres à … », when the best result answers a proprietary name. */
export const alternativesHref = (alternative: string): string => `/alternatives/${slugify(alternative)}.html`;
