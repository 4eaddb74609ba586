/** Where the need words are published for the search box (src/pages/recherche/besoins.json.ts). */
export const NEEDS_URL = '/recherche/besoins.json';
