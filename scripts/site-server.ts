/**
 * The built site served over HTTP: Astro's node handler (static pages, /api/contribuer) behind
 * gzip/brotli compression of text responses (HTML, CSS, JS, JSON, XML, SVG, CSV). Astro's own
 * standalone server sends everything uncompressed: the A–Z and licences pages (300 KB of HTML)
 * cost mobile visitors three times more bytes than needed.
 *
 * `npm start` (scripts/serve.ts) and the tests (tests/support/server.ts) both start it:
 *   node scripts/site-server.ts [OUT_DIR]   (dist by default; HOST and PORT from the environment)
 */
import { existsSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import compression from 'compression';
import onHeaders from 'on-headers';
import { SEARCH_PATH, SERVER_SEARCH_PATH } from '../src/search/endpoint.ts';
import { startServerSearch } from '../src/search/on-server/engine-thread.ts';
import { provideServerSearch } from '../src/search/on-server/outcome.ts';
import { CONTENT_NAMED_FOLDER, PAGEFIND_URL, SHARDS_FILE } from '../src/search/shards.ts';
import { hasFilters, stateFromParams } from '../src/search/state.ts';

type NodeHandler = (req: IncomingMessage, res: ServerResponse) => void;

/**
 * A search index shard's folder is named by its content: browsers may keep its files without
 * asking again (Astro's adapter says so only for /_astro/). The search box relies on it to fetch
 * Pagefind's start-up files at once (src/search/box/pagefind.ts).
 */
function keepForAYear(this: ServerResponse): void {
  if (this.statusCode === 200) this.setHeader('Cache-Control', 'public, max-age=31536000, immutable');
}

/**
 * A search's address (/recherche/?q=…) is answered by the page drawn on the server, with the
 * box's results in its first paint, when the built site has an index the server's thread reads
 * (its shard list); the static /recherche/ page stays for an empty search, and for a build without
 * that index (the box then searches in the browser).
 */
function searchDrawnOnServer(url: string, clientDir: string): string | undefined {
  const query = url.indexOf('?');
  if (query < 0 || url.slice(0, query) !== SEARCH_PATH) return undefined;
  const state = stateFromParams(new URLSearchParams(url.slice(query + 1)));
  if (!state.q.trim() && !hasFilters(state)) return undefined;
  return existsSync(path.join(clientDir, PAGEFIND_URL, SHARDS_FILE)) ? `${SERVER_SEARCH_PATH}${url.slice(query)}` : undefined;
}

/** Starts serving `outDir` (the folder holding client/ and server/); resolves once listening. */
export async function startSiteServer(outDir: string, host: string, port: number): Promise<Server> {
  // The entry module would start Astro's uncompressed server as soon as it is imported.
  process.env.ASTRO_NODE_AUTOSTART = 'disabled';
  const entry = (await import(pathToFileURL(path.resolve(outDir, 'server/entry.mjs')).href)) as { handler: NodeHandler };
  // Brotli at quality 4 (compression's default) costs about as much as gzip for a better ratio;
  // below 1 KiB compressing is not worth a header.
  const compress = compression();
  const clientDir = path.resolve(outDir, 'client');
  provideServerSearch(startServerSearch(clientDir));
  const server = createServer((req, res) => {
    if (CONTENT_NAMED_FOLDER.test(req.url ?? '')) onHeaders(res, keepForAYear);
    req.url = searchDrawnOnServer(req.url ?? '/', clientDir) ?? req.url;
    compress(req, res, () => entry.handler(req, res));
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, resolve);
  });
  return server;
}

if (import.meta.main) {
  const outDir = process.argv[2] ?? process.env.FRAMALIBRE_OUT_DIR ?? 'dist';
  await startSiteServer(outDir, process.env.HOST ?? 'localhost', Number(process.env.PORT ?? 4321));
}
