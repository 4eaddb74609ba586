/**
 * The filter panel: one group of checkboxes per facet, each value with the number of results that
 * ticking it shows; ticking or clearing starts a new search.
 */
import { emptyState, FACETS, type Facet, hasFilters } from '../state.ts';
import { type Box, element } from './box.ts';

const FACET_LABELS: Record<Facet, string> = { utilisation: 'Ce qu’il faut', plateforme: 'Plateformes', etiquette: 'Étiquettes', licence: 'Licences' };

/** One facet's values, most results first, the ticked ones always there (with 0 if none). */
function facetGroup(box: Box, facet: Facet): HTMLFieldSetElement | undefined {
  const counts = new Map(box.outcome.facets[facet]);
  for (const value of box.state.filters[facet]) if (!counts.has(value)) counts.set(value, 0);
  const values = [...counts].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0], 'fr'));
  if (values.length === 0) return undefined;
  const fieldset = element('fieldset', { class: 'facette' });
  fieldset.append(element('legend', {}, FACET_LABELS[facet]));
  for (const [value, count] of values) {
    const label = element('label');
    const tick = element('input', { type: 'checkbox', name: facet, value });
    tick.checked = box.state.filters[facet].includes(value);
    label.append(tick, element('span', { class: 'facette__valeur' }, value), ' ', element('span', { class: 'compte' }, `(${count})`));
    fieldset.append(label);
  }
  return fieldset;
}

export function drawFacets(box: Box): void {
  const { facetsBox } = box.el;
  const { state } = box;
  const fieldsets = FACETS.map((facet) => facetGroup(box, facet)).filter((f): f is HTMLFieldSetElement => f !== undefined);
  facetsBox.querySelector<HTMLElement>('[data-groupes]')!.replaceChildren(...fieldsets);
  facetsBox.hidden = fieldsets.length === 0 && !hasFilters(state);
  // Active filters stay in sight (a shared link opens with its filters shown).
  if (hasFilters(state)) facetsBox.open = true;
  const active = FACETS.reduce((n, facet) => n + state.filters[facet].length, 0);
  facetsBox.querySelector('summary')!.textContent = active > 0 ? `Filtrer (${active} actif${active > 1 ? 's' : ''})` : 'Filtrer';
  facetsBox.querySelector<HTMLElement>('[data-effacer]')!.hidden = active === 0;
}

/** Ticking a value, or « Effacer les filtres »: the new filters, then `changed` (URL and search). */
export function listenToFacets(box: Box, changed: () => void): void {
  box.el.facetsBox.addEventListener('change', (event) => {
    const input = event.target as HTMLInputElement;
    const facet = input.name as Facet;
    const values = new Set(box.state.filters[facet]);
    if (input.checked) values.add(input.value);
    else values.delete(input.value);
    box.state = { ...box.state, filters: { ...box.state.filters, [facet]: [...values] } };
    changed();
  });
  box.el.facetsBox.addEventListener('click', (event) => {
    if ((event.target as HTMLElement).closest('[data-effacer]')) {
      box.state = { ...emptyState(), q: box.state.q };
      changed();
    }
  });
}
