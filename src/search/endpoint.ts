/**
 * Where a search lives: /recherche/?q=…&plateforme=…, for the box, the form without JavaScript and
 * a shared link alike. Where the contribution server runs (`npm start`, a Node host: the
 * default), that address is answered by the on-demand page /recherche/resultats, drawn on the
 * server with the box's own engine (scripts/site-server.ts, src/search/on-server/); on a purely
 * static host, the static /recherche/ page searches in the browser.
 */
export const SEARCH_PATH = '/recherche/';
export const SERVER_SEARCH_PATH = '/recherche/resultats';
