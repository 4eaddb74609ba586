/** Where the correction vocabulary is published (written by the indexer, fetched by the box). */
export const VOCABULARY_FILE = 'recherche/vocabulaire.json';
export const VOCABULARY_URL = `/${VOCABULARY_FILE}`;
