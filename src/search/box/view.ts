/**
 * Drawing the results: everything in one pass once known (status, correction, « Voir aussi »,
 * facets, the first cards), so nothing moves under a finger; then more cards on demand.
 */
import { slugify } from '../../notices/slug.ts';
import { resultCardHtml, type ResultCard } from '../card.ts';
import { splitList } from '../pagefind-meta.ts';
import type { Score } from '../ranking.ts';
import { emptyFacets } from '../state.ts';
import { type Box, element } from './box.ts';
import { drawFacets } from './facets.ts';
import type { PagefindResultData } from './pagefind.ts';

const plural = (count: number, one: string, many: string) => `${count} ${count > 1 ? many : one}`;

function cardOf(data: PagefindResultData, score?: Score): ResultCard {
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

/** « Vouliez-vous dire … ? » and « Voir aussi : toutes les alternatives libres à … ». */
function drawLinks(box: Box): void {
  const { correctionLine, alternativesLine } = box.el;
  const correction = box.outcome.correction;
  correctionLine.replaceChildren();
  correctionLine.hidden = !correction;
  if (correction) {
    correctionLine.append('Vouliez-vous dire ', element('a', { href: `${box.searchPath}?${new URLSearchParams({ q: correction })}` }, correction), ' ?');
  }
  const alternative = box.outcome.entries[0]?.score?.alternative;
  alternativesLine.replaceChildren();
  alternativesLine.hidden = !alternative;
  if (alternative)
    alternativesLine.append('Voir aussi : ', element('a', { href: `/alternatives/${slugify(alternative)}.html` }, `toutes les alternatives libres à ${alternative}`));
}

function statusText(total: number, q: string, correction: string | undefined): string {
  const words = q ? ` pour « ${q} »` : '';
  if (total === 0) return `Aucun logiciel trouvé${words}.`;
  if (correction) return `${plural(total, 'logiciel trouvé', 'logiciels trouvés')} pour « ${correction} » (recherche tapée : « ${q} »).`;
  return `${plural(total, 'logiciel trouvé', 'logiciels trouvés')}${words}.`;
}

/** Everything in one pass: status, correction, facets, the first cards. */
export function draw(box: Box, count: number): void {
  const { el, outcome } = box;
  const total = outcome.entries.length;
  const q = box.state.q.trim();
  for (const node of el.outside) node.hidden = true;
  drawLinks(box);
  drawFacets(box);
  el.resultsList.replaceChildren();
  box.shown = 0;
  appendCards(box, count);
  el.emptyBox.hidden = total > 0;
  el.status.textContent = statusText(total, q, outcome.correction);
  const proposer = el.emptyBox.querySelector<HTMLAnchorElement>('[data-proposer]');
  if (proposer) proposer.href = `/contribuer/${q ? `?nom=${encodeURIComponent(q)}` : ''}`;
}

export function appendCards(box: Box, count: number): void {
  const items: HTMLLIElement[] = [];
  for (const entry of box.outcome.entries.slice(box.shown, box.shown + count)) {
    if (!entry.data) break;
    const item = element('li');
    item.innerHTML = resultCardHtml(cardOf(entry.data, entry.score));
    items.push(item);
  }
  box.el.resultsList.append(...items);
  box.shown += items.length;
  box.el.moreButton.hidden = box.shown >= box.outcome.entries.length;
}

export function clear(box: Box): void {
  const { el } = box;
  box.outcome = { entries: [], facets: emptyFacets() };
  box.shown = 0;
  el.resultsList.replaceChildren();
  el.correctionLine.hidden = true;
  el.alternativesLine.hidden = true;
  el.facetsBox.hidden = true;
  el.moreButton.hidden = true;
  el.emptyBox.hidden = true;
}
