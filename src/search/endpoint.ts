/**
 * Where the search form goes without JavaScript. Where the contribution server runs (`npm start`,
 * a Node host: the default), its on-demand page /recherche/resultats answers with results drawn on
 * the server. A site built for a purely static host says so by pointing its contributions at a
 * function elsewhere (PUBLIC_CONTRIBUTION_ENDPOINT): the form then goes to the static /recherche/
 * page, which offers the A–Z list, the étiquettes and the alternatives instead.
 */
const env = (import.meta as { env?: Record<string, string | undefined> }).env ?? {};

export const SERVER_SEARCH_PATH = '/recherche/resultats';
export const SEARCH_PATH = '/recherche/';
export const SEARCH_ACTION: string = env.PUBLIC_CONTRIBUTION_ENDPOINT ? SEARCH_PATH : SERVER_SEARCH_PATH;
