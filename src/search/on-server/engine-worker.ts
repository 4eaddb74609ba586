/**
 * The search box's own engine (box/engine.ts: Pagefind's candidates, the pipeline, the
 * correction), run in a worker thread of the server over the published index: a results page
 * drawn on the server shows exactly what the box shows for the same words. In this thread, `fetch`
 * reads the built site's files (the index, the words of needs, the vocabulary) instead of asking a
 * network; nothing else runs here.
 *
 * Started by engine-thread.ts with `workerData = { clientDir }`; answers each `{ id, state }`
 * with `{ id, outcome }` or `{ id, error }`.
 */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { parentPort, workerData } from 'node:worker_threads';
import { search } from '../box/engine.ts';
import { dataOf, loadPagefind } from '../box/pagefind.ts';
import { PAGEFIND_URL } from '../shards.ts';
import type { SearchState } from '../state.ts';
import { VOCABULARY_URL } from '../vocabulary-url.ts';
import { DRAWN_AT_MOST, type ServerOutcome } from './outcome.ts';

const clientDir = path.resolve((workerData as { clientDir: string }).clientDir);

/** A site path (« /pagefind/…/pagefind-entry.json?ts=1 ») read from the built site; never outside it. */
async function readFromSite(input: string | URL | Request): Promise<Response> {
  const url = new URL(input instanceof Request ? input.url : input, 'http://site.invalid/');
  const file = path.join(clientDir, decodeURIComponent(url.pathname));
  if (!file.startsWith(clientDir + path.sep)) return new Response(null, { status: 404 });
  try {
    return new Response(await readFile(file), { status: 200 });
  } catch {
    return new Response(null, { status: 404 });
  }
}
globalThis.fetch = readFromSite as typeof fetch;

/**
 * The library is imported from its file; the engine's own loadPagefind() calls then get this same
 * index. Loaded as the thread starts, and again before a search if that failed.
 */
const loadIndex = () => loadPagefind(pathToFileURL(path.join(clientDir, PAGEFIND_URL, 'pagefind.js')).href);
void loadIndex().catch(() => undefined);

/**
 * What the page draws, at most DRAWN_AT_MOST cards: a listing by filters alone puts only those in
 * order. Only what a card shows crosses to the server (not the text Pagefind holds for ranking).
 */
async function searchForPage(state: SearchState): Promise<ServerOutcome> {
  await loadIndex();
  const found = await search(state, VOCABULARY_URL, () => true);
  if (!found) throw new Error('recherche abandonnée');
  await found.order?.(DRAWN_AT_MOST);
  const entries = await Promise.all(
    found.entries.slice(0, DRAWN_AT_MOST).map(async (entry) => {
      const { url, meta } = entry.data ?? (await dataOf(entry.result!));
      return { data: { url, meta }, ...(entry.score ? { score: entry.score } : {}) };
    }),
  );
  return { total: found.entries.length, entries, facets: found.facets, ...(found.correction ? { correction: found.correction } : {}) };
}

parentPort!.on('message', ({ id, state }: { id: number; state: SearchState }) => {
  searchForPage(state).then(
    (outcome) => parentPort!.postMessage({ id, outcome }),
    (error: unknown) => parentPort!.postMessage({ id, error: String(error) }),
  );
});
