/**
 * Where the search index is published: the Pagefind library at /pagefind/pagefind.js, the list of
 * shards in /pagefind/shards.json, each shard in /pagefind/<key>/ (src/search/indexer.ts). Kept
 * as one literal: the merge request preview (src/moderation/preview.ts) moves every « /pagefind/ »
 * string of the bundles under its own prefix.
 */
export const PAGEFIND_URL = '/pagefind/';
export const SHARDS_FILE = 'shards.json';

/** What /pagefind/shards.json holds. */
export interface ShardList {
  /** The shards' folder names, the first one with the library's WebAssembly. */
  shards: string[];
  /**
   * Every file Pagefind reads before it can search (each shard's entry and metadata, the
   * WebAssembly), relative to PAGEFIND_URL and written as Pagefind asks for them: the box fetches
   * them all at once, where Pagefind reads a shard's entry, then its metadata, one shard after the
   * other. Their folders are named by their content, so the browser keeps them (site-server.ts).
   */
  startup: string[];
}

/** Folders named by their content (a shard's key): what they hold never changes. */
export const CONTENT_NAMED_FOLDER = /^\/pagefind\/[0-9a-f]{16}\//;

/**
 * A filter every shard gives its own documents when merged (Pagefind's `mergeFilter`): a listing
 * by filters alone asks each shard for its matches, A to Z, and merges them by name.
 */
export const SHARD_FILTER = 'partie';
