/**
 * The site's server (scripts/site-server.ts, what `npm start` runs) on the built site (dist/):
 * text is sent compressed to a browser that accepts it, and unchanged once decompressed; images
 * and clients that ask for nothing get the file as it is.
 */
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { request } from 'node:http';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import { startSite, type RunningSite } from '../support/server.ts';
import { SITE_DIR } from '../support/site.ts';
import type { ShardList } from '../../src/search/shards.ts';

interface Answer {
  status: number;
  encoding: string | null;
  vary: string | null;
  type: string | null;
  cacheControl: string | null;
  body: Buffer;
}

function get(url: string, acceptEncoding?: string): Promise<Answer> {
  // node's fetch would decompress on its own: the raw bytes come through node:http instead.
  return new Promise((resolve, reject) => {
    const req = request(url, { headers: acceptEncoding ? { 'accept-encoding': acceptEncoding } : {} }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () =>
        resolve({
          status: res.statusCode ?? 0,
          encoding: res.headers['content-encoding'] ?? null,
          vary: typeof res.headers.vary === 'string' ? res.headers.vary : null,
          type: res.headers['content-type'] ?? null,
          cacheControl: res.headers['cache-control'] ?? null,
          body: Buffer.concat(chunks),
        }),
      );
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end();
  });
}

describe('serveur du site', () => {
  let site: RunningSite;
  before(async () => {
    site = await startSite();
  });
  after(() => site.stop());

  it('compresse la liste A–Z et la page des licences (brotli, sinon gzip), sans rien changer au contenu', async () => {
    for (const page of ['/notices/', '/licences/']) {
      const file = readFileSync(path.join(SITE_DIR, page, 'index.html'));
      const brotli = await get(`${site.url}${page}`, 'gzip, deflate, br');
      assert.equal(brotli.status, 200);
      assert.equal(brotli.encoding, 'br', `${page} : brotli attendu`);
      assert.match(brotli.vary ?? '', /Accept-Encoding/i);
      assert.ok(brotli.body.length * 3 < file.length, `${page} : ${brotli.body.length} octets compressés pour ${file.length}`);
      assert.deepEqual(brotliDecompressSync(brotli.body), file);
      const gzip = await get(`${site.url}${page}`, 'gzip');
      assert.equal(gzip.encoding, 'gzip');
      assert.deepEqual(gunzipSync(gzip.body), file);
    }
  });

  it('envoie le fichier tel quel à qui ne demande pas de compression, et les images sans les recompresser', async () => {
    const plain = await get(`${site.url}/notices/`);
    assert.equal(plain.encoding, null);
    assert.deepEqual(plain.body, readFileSync(path.join(SITE_DIR, 'notices', 'index.html')));
    const json = await get(`${site.url}/notices.json`, 'br');
    assert.equal(json.encoding, 'br');
    assert.deepEqual(brotliDecompressSync(json.body), readFileSync(path.join(SITE_DIR, 'notices.json')));
    const logo = readdirSync(path.join(SITE_DIR, 'images', 'logo')).find((name) => /\.(png|webp|avif)$/.test(name));
    assert.ok(logo, 'un logo en image matricielle');
    const image = await get(`${site.url}/images/logo/${logo}`, 'gzip, br');
    assert.equal(image.status, 200);
    assert.equal(image.encoding, null, 'une image déjà compressée est envoyée telle quelle');
    assert.deepEqual(image.body, readFileSync(path.join(SITE_DIR, 'images', 'logo', logo)));
  });

  it('laisse le navigateur garder les fichiers de démarrage de la recherche, nommés par leur contenu, et fait revérifier la liste des parties', async () => {
    const list = await get(`${site.url}/pagefind/shards.json`);
    assert.equal(list.status, 200);
    assert.doesNotMatch(list.cacheControl ?? '', /immutable/, 'la liste change à chaque index');
    const { shards, startup } = JSON.parse(list.body.toString()) as ShardList;
    assert.equal(startup.length, 2 * shards.length + 1, 'une entrée et des métadonnées par partie, et le WebAssembly');
    for (const file of startup) {
      const answer = await get(`${site.url}/pagefind/${file}`, 'br');
      assert.equal(answer.status, 200, file);
      assert.equal(answer.cacheControl, 'public, max-age=31536000, immutable', file);
    }
    const library = await get(`${site.url}/pagefind/pagefind.js`);
    assert.doesNotMatch(library.cacheControl ?? '', /immutable/, 'pagefind.js garde son nom d’une version à l’autre');
    const missing = await get(`${site.url}/pagefind/${shards[0]}/absent.pf_meta`);
    assert.equal(missing.status, 404);
    assert.doesNotMatch(missing.cacheControl ?? '', /immutable/, 'une absence ne se garde pas');
  });
});
