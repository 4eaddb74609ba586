/**
 * The address of a comparison of 2 to 4 notices: /comparer/?notices=signal,element,jami. Shared
 * by the basket (which links to it) and the page (which reads it). No Node import.
 */
export const COMPARE_PATH = '/comparer/';
export const COMPARE_SERVICES_URL = '/comparer/services.json';
export const COMPARE_MIN = 2;
export const COMPARE_MAX = 4;

export function compareUrl(slugs: readonly string[]): string {
  return `${COMPARE_PATH}?${new URLSearchParams({ notices: slugs.join(',') })}`;
}

/** The slugs an address asks to compare: well-formed, each once, at most COMPARE_MAX. */
export function slugsToCompare(params: URLSearchParams): string[] {
  const slugs = (params.get('notices') ?? '')
    .split(',')
    .map((s) => s.trim())
    .filter((s) => /^[a-z0-9]+(-[a-z0-9]+)*$/.test(s) && s.length <= 80);
  return [...new Set(slugs)].slice(0, COMPARE_MAX);
}
