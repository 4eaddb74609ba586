/**
 * The search box's engine run by the server (src/search/on-server/), over the built site's index:
 * what it answers for a query and for filters alone, and that a flood or a missing index makes it
 * answer nothing (the page then lets the box search in the browser) instead of failing or hanging.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, it } from 'node:test';
import { startServerSearch, WAITING_AT_MOST } from '../../src/search/on-server/engine-thread.ts';
import { DRAWN_AT_MOST } from '../../src/search/on-server/outcome.ts';
import { emptyState } from '../../src/search/state.ts';
import { SITE_DIR } from '../support/site.ts';

describe('recherche sur le serveur', () => {
  const search = startServerSearch(SITE_DIR);

  it('répond comme la case : le logiciel nommé d’abord, la correction d’une faute, les filtres comptés', async () => {
    const gimp = await search({ ...emptyState(), q: 'gimp' });
    assert.ok(gimp, 'une réponse');
    assert.equal(gimp.entries[0]?.data.meta.title, 'GIMP');
    assert.equal(gimp.total, gimp.entries.length);
    assert.ok((gimp.facets.plateforme.get('GNU/Linux') ?? 0) > 0);
    const slip = await search({ ...emptyState(), q: 'firefxo' });
    assert.equal(slip?.correction, 'Firefox');
    assert.equal(slip?.entries[0]?.data.meta.title, 'Firefox');
  });

  it('dessine au plus cent cartes d’une liste par filtres, de A à Z, et en donne le nombre entier', async () => {
    const state = emptyState();
    state.filters.plateforme = ['GNU/Linux'];
    const listing = await search(state);
    assert.ok(listing);
    assert.equal(listing.entries.length, DRAWN_AT_MOST);
    assert.ok(listing.total > DRAWN_AT_MOST, `${listing.total} notices`);
    const names = listing.entries.map((entry) => entry.data.meta.title ?? '');
    assert.deepEqual(
      names,
      names.toSorted((a, b) => a.localeCompare(b, 'fr', { sensitivity: 'base' })),
    );
  });

  it('sous un afflux, sert les recherches qui attendent déjà et renvoie aussitôt les suivantes à la case', async () => {
    const flood = await Promise.all(Array.from({ length: WAITING_AT_MOST + 8 }, (_, i) => search({ ...emptyState(), q: i % 2 ? 'gimp' : 'navigateur' })));
    const served = flood.filter((outcome) => outcome !== undefined);
    assert.equal(served.length, WAITING_AT_MOST);
    assert.ok(served.every((outcome) => outcome.total > 0));
    assert.ok(await search({ ...emptyState(), q: 'gimp' }), 'l’afflux passé, le serveur répond de nouveau');
  });

  it('sans index publié, ne répond rien, sans échouer', async () => {
    const empty = mkdtempSync(path.join(tmpdir(), 'framalibre-sans-index-'));
    try {
      assert.equal(await startServerSearch(empty)({ ...emptyState(), q: 'gimp' }), undefined);
    } finally {
      rmSync(empty, { recursive: true, force: true });
    }
  });
});
