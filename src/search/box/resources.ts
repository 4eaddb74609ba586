/**
 * The two small files the box fetches besides the index: the words of needs (with the first
 * query) and the correction vocabulary (only when a query finds little). Each is fetched once.
 */
import type { NeedWords } from '../ranking.ts';

let needsPromise: Promise<NeedWords> | undefined;
/** The words of needs (content/besoins.yaml), fetched once with the first query; none if it fails. */
export function loadNeeds(url: string): Promise<NeedWords> {
  needsPromise ??= fetch(url)
    .then((response) => (response.ok ? (response.json() as Promise<NeedWords>) : {}))
    .catch(() => {
      needsPromise = undefined;
      return {};
    });
  return needsPromise;
}

let vocabularyPromise: Promise<string[]> | undefined;
export function loadVocabulary(url: string): Promise<string[]> {
  vocabularyPromise ??= fetch(url).then((response) => (response.ok ? (response.json() as Promise<string[]>) : []));
  vocabularyPromise.catch(() => (vocabularyPromise = undefined));
  return vocabularyPromise;
}
