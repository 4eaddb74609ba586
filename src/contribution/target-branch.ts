/**
 * The target branch as it is now — the source of truth for notices, never the content deployed
 * with the function: a notice (backend readFile: GitLab's repository files API with
 * `last_commit_id`, or the local repository's main), the version an edit form was filled from
 * (readVersion), and every notice for the duplicate search (the branch, else the published
 * notices.json, else the deployed copy).
 */
import { editFormUrl } from '../notices/addresses.ts';
import type { NoticeRef } from '../notices/duplicates.ts';
import { parseNoticeFile, type NoticeFileContent } from '../notices/notice-file.ts';
import { SLUG_PATTERN } from '../notices/slug.ts';
import { VERSION_PATTERN } from '../notices/version.ts';
import { COLLECTION_PATH } from '../sharing/export.ts';
import type { BranchFile, ContributionBackend } from './backend.ts';
import { VERSION_FIELD } from './form-fields.ts';
import { checkedNoticeFile } from './proposal.ts';
import { Refusal } from './refusal.ts';

export interface TargetBranchOptions {
  backend: ContributionBackend;
  siteUrl: string;
  /** The notices deployed with the function: only when the live state cannot be read at all. */
  deployedNotice: (slug: string) => string | undefined;
  deployedNotices: () => NoticeRef[];
  log: (line: string) => void;
  /** How long the published notices.json is reused for the duplicate search (default 5 min). */
  publishedCacheMs?: number;
  fetch?: typeof fetch;
}

export function createTargetBranch(options: TargetBranchOptions) {
  const { backend, siteUrl, log } = options;
  const publishedNotices = publishedNoticesReader(`${siteUrl}${COLLECTION_PATH}`, options.fetch ?? fetch, options.publishedCacheMs ?? 5 * 60_000);

  /** The notice as it is on the target branch now. */
  async function readNotice(slug: string): Promise<BranchFile | undefined> {
    if (!SLUG_PATTERN.test(slug)) return undefined;
    if (!backend.readFile) {
      // Only test doubles lack readFile; both real backends read the target branch.
      const text = options.deployedNotice(slug);
      return text === undefined ? undefined : { content: text, lastCommitId: '' };
    }
    return backend.readFile(checkedNoticeFile(slug));
  }

  /** The version the edit form was filled from; refused rather than guessed when unknown. */
  async function readBase(editing: string, version: string | undefined): Promise<NoticeFileContent> {
    const reload = `Rechargez la page de modification (${siteUrl}${editFormUrl(editing)}) et reportez-y vos changements : votre texte est ci-dessous.`;
    if (!version || !VERSION_PATTERN.test(version)) {
      throw new Refusal('version-manquante', `Le formulaire ne dit pas de quelle version de la notice il est parti. ${reload}`, [
        { field: VERSION_FIELD, message: 'version absente' },
      ]);
    }
    const text = backend.readVersion ? await backend.readVersion(version) : undefined;
    const base = text === undefined ? undefined : tryParse(text);
    if (!base) {
      throw new Refusal('version-inconnue', `La version de la notice à partir de laquelle vous avez écrit n’est plus connue. ${reload}`, [
        { field: VERSION_FIELD, message: 'version inconnue' },
      ]);
    }
    return base;
  }

  /** The notices for the duplicate search: the target branch, else the published site, else the deployed copy. */
  async function liveNotices(): Promise<NoticeRef[]> {
    try {
      if (backend.listNotices) return await backend.listNotices();
      return await publishedNotices();
    } catch (error) {
      log(`doublons : état publié illisible (${(error as Error).message}), copie déployée utilisée`);
      return options.deployedNotices();
    }
  }

  return { readNotice, readBase, liveNotices };
}

export type TargetBranch = ReturnType<typeof createTargetBranch>;

/** A notice file read back from the forge, or undefined when it does not parse. */
function tryParse(text: string): NoticeFileContent | undefined {
  try {
    return parseNoticeFile(text);
  } catch {
    return undefined;
  }
}

/** The published notices.json: what the site shows now, one request, reused a few minutes. */
function publishedNoticesReader(url: string, doFetch: typeof fetch, cacheMs: number): () => Promise<NoticeRef[]> {
  let published: { at: number; notices: NoticeRef[] } | undefined;
  let unreachableAt = -Infinity;
  return async () => {
    if (published && Date.now() - published.at < cacheMs) return published.notices;
    // A site that did not answer is not asked again for a minute (each try may wait 3 s).
    if (Date.now() - unreachableAt < 60_000) throw new Error('site injoignable il y a moins d’une minute');
    let body: { notices?: Array<Record<string, unknown>> };
    try {
      const response = await doFetch(url, { signal: AbortSignal.timeout(3000), redirect: 'error' });
      if (!response.ok) throw new Error(`réponse ${response.status}`);
      body = (await response.json()) as typeof body;
      if (!Array.isArray(body.notices)) throw new Error('format inattendu');
    } catch (error) {
      unreachableAt = Date.now();
      throw error;
    }
    const notices = body.notices.flatMap((n) => (typeof n.slug === 'string' ? [{ slug: n.slug, data: n }] : []));
    published = { at: Date.now(), notices };
    return notices;
  };
}
