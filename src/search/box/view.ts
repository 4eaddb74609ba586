/**
 * Drawing the results: everything in one pass once known (status, correction, « Voir aussi »,
 * facets, the first cards), so nothing moves under a finger; then more cards on demand.
 */
import { alternativesHref, cardOf, resultCardHtml, statusText } from '../card.ts';
import { NARROW_NBSP } from '../../shared/typography.ts';
import { emptyFacets } from '../state.ts';
import { type Box, element } from './box.ts';
import { drawFacets } from './facets.ts';

/** « Vouliez-vous dire … ? » and « Voir aussi : toutes les alternatives libres à … ». */
function drawLinks(box: Box): void {
  const { correctionLine, alternativesLine } = box.el;
  const correction = box.outcome.correction;
  correctionLine.replaceChildren();
  correctionLine.hidden = !correction;
  if (correction) {
    correctionLine.append('Vouliez-vous dire ', element('a', { href: `${box.searchPath}?${new URLSearchParams({ q: correction })}` }, correction), `${NARROW_NBSP}?`);
  }
  const alternative = box.outcome.entries[0]?.score?.alternative;
  alternativesLine.replaceChildren();
  alternativesLine.hidden = !alternative;
  if (alternative) alternativesLine.append(`Voir aussi${NARROW_NBSP}: `, element('a', { href: alternativesHref(alternative) }, `toutes les alternatives libres à ${alternative}`));
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
