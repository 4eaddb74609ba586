/**
 * Where the search index is published: the Pagefind library at /pagefind/pagefind.js, the list of
 * shards in /pagefind/shards.json, each shard in /pagefind/<key>/ (src/search/indexer.ts). Kept
 * as one literal: the merge request preview (src/moderation/preview.ts) moves every « /pagefind/ »
 * string of the bundles under its own prefix.
 */
export const PAGEFIND_URL = '/pagefind/';
export const SHARDS_FILE = 'shards.json';

/** What /pagefind/shards.json holds: the shards' folder names, the first one with the library's WebAssembly. */
export interface ShardList {
  shards: string[];
}

/**
 * A filter every shard gives its own documents when merged (Pagefind's `mergeFilter`): a listing
 * by filters alone asks each shard for its matches, A to Z, and merges them by name.
 */
export const SHARD_FILTER = 'partie';
