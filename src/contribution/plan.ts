/**
 * From a checked submission to a proposal opened on the forge: which file is edited, what it
 * becomes, and the merge request's text. The source of truth is the target branch as it is now
 * (the backend's readFile: GitLab's repository files API, or the local repository's main), never
 * the content deployed with the function:
 *
 * - an edit is applied to the notice read from the target branch, only the contributor's changed
 *   fields replaced (the rest byte-identical), and committed with that read's `last_commit_id`;
 * - if the target branch changed the file in between (StaleFileError), the file is read again
 *   and the same fields re-applied; only when a field the contributor changed was also changed
 *   there does the contributor get a French 409 with their text back;
 * - « this notice already exists » and the duplicate search look at the live state too.
 */
import { editFormUrl, noticePageUrl } from '../notices/addresses.ts';
import path from 'node:path';
import sharp from 'sharp';
import { exactCollisions, findPossibleDuplicates, type NoticeRef } from '../notices/duplicates.ts';
import { parseNoticeFile, type NoticeFileContent } from '../notices/notice-file.ts';
import type { NoticeKey, NoticeSchema } from '../notices/schema.ts';
import { slugify, SLUG_PATTERN } from '../notices/slug.ts';
import { COLLECTION_PATH } from '../sharing/export.ts';
import { BackendUnavailableError, StaleFileError, type BranchFile, type ContributionBackend, type ProposalFile, type ProposalResult } from './backend.ts';
import type { NoticeDraft } from './draft.ts';
import { BODY_FIELD, EDIT_FIELD, LOGO_FIELD, VERSION_FIELD } from './form-fields.ts';
import { Refusal } from './refusal.ts';
import { processUploadedLogo } from './logo.ts';
import { commitMessage, mergeRequestDescription, mergeRequestTitle } from './merge-request.ts';
import { checkedProposal, checkedLogoFile, diffFromBase, checkedNoticeFile, proposalBranch } from './proposal.ts';
import { VERSION_PATTERN } from '../notices/version.ts';

export interface PlannerOptions {
  schema: NoticeSchema;
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

export interface Submission {
  draft: NoticeDraft;
  /** What the person sent, hashed (proposal.ts): the branch, and what single use records. */
  identity: string;
  /** Slug of the notice being edited, or '' for a new notice. */
  editing: string;
  /** For an edit: the version (git blob id) of the notice the form was filled from. */
  version?: string;
  logo?: Uint8Array;
  /** YYYY-MM-DD */
  today: string;
  /** Called right before the forge is asked, once everything is checked (quotas, single use). */
  beforeOpen?: () => Promise<void>;
  /** Called when nothing new was opened after beforeOpen (failure, or already there). */
  notOpened?: () => Promise<void>;
}

export interface Opened {
  result: ProposalResult;
  slug: string;
  mode: 'nouvelle' | 'modification';
  nom: string;
}

/** How many times the target branch may move under one proposal before we give up. */
const MAX_REAPPLY = 3;

const same = (a: unknown, b: unknown) => JSON.stringify(a ?? null) === JSON.stringify(b ?? null);

/** A notice file read back from the forge, or undefined when it does not parse. */
function tryParse(text: string): NoticeFileContent | undefined {
  try {
    return parseNoticeFile(text);
  } catch {
    return undefined;
  }
}

export function createPlanner(options: PlannerOptions) {
  const { schema, backend, siteUrl, log } = options;
  const doFetch = options.fetch ?? fetch;
  const publishedCacheMs = options.publishedCacheMs ?? 5 * 60_000;

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

  let published: { at: number; notices: NoticeRef[] } | undefined;
  let unreachableAt = -Infinity;
  /** The published notices.json: what the site shows now, one request, reused a few minutes. */
  async function publishedNotices(): Promise<NoticeRef[]> {
    if (published && Date.now() - published.at < publishedCacheMs) return published.notices;
    // A site that did not answer is not asked again for a minute (each try may wait 3 s).
    if (Date.now() - unreachableAt < 60_000) throw new Error('site injoignable il y a moins d’une minute');
    let body: { notices?: Array<Record<string, unknown>> };
    try {
      const response = await doFetch(`${siteUrl}${COLLECTION_PATH}`, { signal: AbortSignal.timeout(3000), redirect: 'error' });
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

  /** A stable branch per submission, whatever the day: sent again, it finds its proposal, even after main moved. */
  function branchFor(slug: string, submission: Submission): string {
    return proposalBranch(slug, submission.identity);
  }

  /** The validator's exact-duplicate rule (same site, same source) against the live notices, with its words. */
  async function refuseCollisions(slug: string, data: Record<string, unknown>): Promise<void> {
    const problems = exactCollisions({ slug, data }, await liveNotices()).filter((p) => p.field !== 'nom');
    if (problems.length > 0) throw new Refusal('doublon', 'Cette proposition reprend une notice existante : proposez plutôt une modification de celle-ci.', problems);
  }

  async function logoFile(slug: string, logo: Uint8Array) {
    const png = await processUploadedLogo(logo);
    const meta = await sharp(png).metadata();
    const file = checkedLogoFile(slug);
    // Replacing a logo carries its last_commit_id too: one changed on main meanwhile is not overwritten.
    const existing = backend.readFile ? await backend.readFile(file) : undefined;
    return {
      info: { width: meta.width, height: meta.height, bytes: png.byteLength },
      name: path.basename(file),
      file: {
        path: file,
        content: new Uint8Array(png),
        action: existing ? 'update' : 'create',
        ...(existing?.lastCommitId ? { lastCommitId: existing.lastCommitId } : {}),
      } satisfies ProposalFile as ProposalFile,
    };
  }

  async function open(input: {
    mode: 'nouvelle' | 'modification';
    slug: string;
    branch: string;
    data: Record<string, unknown>;
    body: string;
    file: Omit<ProposalFile, 'content'>;
    logo?: Awaited<ReturnType<typeof logoFile>>;
    fields: { key: string; before?: unknown; after?: unknown }[];
    bodyChanged: boolean;
    submission: Submission;
    duplicates: ReturnType<typeof findPossibleDuplicates>;
  }): Promise<Opened> {
    const data = input.logo ? { ...input.data, logo: input.logo.name } : input.data;
    const checked = checkedProposal(schema, data, input.body, input.submission.draft.message);
    const nom = String(data.nom);
    const files: ProposalFile[] = [{ ...input.file, content: checked.text }];
    if (input.logo) files.push(input.logo.file);
    const changed = input.fields.map((f) => f.key).concat(input.bodyChanged ? ['description longue'] : []);
    await input.submission.beforeOpen?.();
    let result: ProposalResult;
    try {
      result = await backend.open({
        branch: input.branch,
        title: mergeRequestTitle(input.mode, nom),
        description: mergeRequestDescription({
          mode: input.mode,
          slug: input.slug,
          nom,
          siteUrl,
          fields: input.fields,
          bodyChanged: input.bodyChanged,
          body: input.submission.draft.body,
          message: input.submission.draft.message,
          duplicates: input.duplicates,
          logo: input.logo?.info,
        }),
        commitMessage: commitMessage(input.mode, nom, changed),
        files,
        labels: ['contribution anonyme', input.mode === 'nouvelle' ? 'nouvelle notice' : 'modification'],
      });
    } catch (error) {
      await input.submission.notOpened?.();
      throw error;
    }
    if (result.alreadyExisted) await input.submission.notOpened?.();
    return { result, slug: input.slug, mode: input.mode, nom };
  }

  async function proposeNew(submission: Submission): Promise<Opened> {
    const { draft, today } = submission;
    const data: Record<string, unknown> = { ...draft.data, date_creation: today, date_modification: today };
    const slug = checkedProposal(schema, data, draft.body, draft.message).slug;
    const exists = () =>
      new Refusal('existe-deja', `Une notice « ${String(data.nom)} » existe déjà : proposez plutôt une modification (${siteUrl}/contribuer/?notice=${slug}).`, [
        { field: 'nom', message: 'une notice porte déjà ce nom' },
      ]);
    if (await readNotice(slug)) throw exists();
    await refuseCollisions(slug, data);
    const logo = submission.logo ? await logoFile(slug, submission.logo) : undefined;
    try {
      return await open({
        mode: 'nouvelle',
        slug,
        branch: branchFor(slug, submission),
        data,
        body: draft.body,
        file: { path: checkedNoticeFile(slug), action: 'create' },
        logo,
        fields: Object.entries(draft.data).map(([key, after]) => ({ key, after })),
        bodyChanged: draft.body.length > 0,
        submission,
        duplicates: findPossibleDuplicates({ slug, data }, await liveNotices()),
      });
    } catch (error) {
      // Created on the target branch between our check and the commit.
      if (error instanceof StaleFileError && (await readNotice(slug))) throw exists();
      throw error;
    }
  }

  /** The contributor's fields put onto another version of the notice, the rest of it untouched. */
  function reapply(text: string, draft: NoticeDraft, keys: readonly NoticeKey[], bodyChanged: boolean) {
    const current = parseNoticeFile(text);
    const data: Record<string, unknown> = { ...current.data };
    for (const key of keys) {
      if (draft.data[key] === undefined) delete data[key];
      else data[key] = draft.data[key];
    }
    return { data, previous: current.data, body: bodyChanged ? draft.body : current.body };
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

  /**
   * A three-way merge: the contributor's change is what differs between the version the form was
   * filled from (base) and the draft; it is applied to the notice as it is on the target branch
   * now (current), the rest of that file untouched. A field changed on both sides to different
   * values is a conflict only the contributor can settle.
   */
  function threeWay(editing: string, base: NoticeFileContent, currentText: string, draft: NoticeDraft) {
    const change = diffFromBase(schema, base, draft);
    const current = parseNoticeFile(currentText);
    const conflicts: string[] = change.changed.filter((key) => !same(base.data[key], current.data[key]) && !same(draft.data[key], current.data[key]));
    if (change.bodyChanged && base.body.trim() !== current.body.trim() && draft.body !== current.body.trim()) conflicts.push(BODY_FIELD);
    if (conflicts.length > 0) {
      log(`modification de ${editing} : ${conflicts.join(', ')} changé(s) aussi sur la branche cible`);
      throw new Refusal(
        'modifiee-entre-temps',
        `La notice a été modifiée depuis que vous avez ouvert le formulaire, sur les mêmes champs que vous (${conflicts.join(', ')}). Votre texte est ci-dessous : comparez-le avec la notice actuelle (${siteUrl}${noticePageUrl(editing)}), puis envoyez à nouveau.`,
        conflicts.map((field) => ({ field, message: 'modifié entre-temps par une autre proposition' })),
      );
    }
    // Already on the target branch (the same change merged meanwhile): nothing left to propose there.
    const keys = change.changed.filter((key) => !same(draft.data[key], current.data[key]));
    const bodyChanged = change.bodyChanged && draft.body !== current.body.trim();
    return { ...reapply(currentText, draft, keys, bodyChanged), keys, bodyChanged };
  }

  async function proposeEdit(submission: Submission): Promise<Opened> {
    const { draft, editing, today } = submission;
    const gone = () =>
      new Refusal('notice-inconnue', `La notice « ${editing} » n’existe pas (ou plus) : proposez-la comme nouvelle notice.`, [{ field: EDIT_FIELD, message: 'notice inconnue' }]);
    const base = await readBase(editing, submission.version);
    let current = await readNotice(editing);
    if (!current) throw gone();
    let version = threeWay(editing, base, current.content, draft);
    if (version.keys.length === 0 && !version.bodyChanged && !submission.logo) {
      throw new Refusal('rien-a-proposer', 'Aucun champ n’a été modifié par rapport à la notice actuelle : changez ce qui doit l’être, puis envoyez.');
    }
    if (version.keys.includes('nom') && typeof version.data.nom === 'string' && slugify(version.data.nom) !== editing) {
      throw new Refusal('renommage', 'Ce nouveau nom changerait l’adresse de la notice : gardez le nom actuel et demandez le renommage dans le message aux modérateurs.', [
        { field: 'nom', message: 'changerait l’adresse de la notice' },
      ]);
    }
    await refuseCollisions(editing, version.data);
    const logo = submission.logo ? await logoFile(editing, submission.logo) : undefined;
    const branch = branchFor(editing, submission);
    for (let attempt = 1; ; attempt += 1) {
      try {
        return await open({
          mode: 'modification',
          slug: editing,
          branch,
          data: { ...version.data, date_modification: today },
          body: version.body,
          file: { path: checkedNoticeFile(editing), action: 'update', ...(current.lastCommitId ? { lastCommitId: current.lastCommitId } : {}) },
          logo,
          fields: version.keys.map((key) => ({ key, before: version.previous[key], after: version.data[key] })),
          bodyChanged: version.bodyChanged,
          submission,
          duplicates: [],
        });
      } catch (error) {
        if (error instanceof StaleFileError && logo && error.path === logo.file.path) {
          // The logo changed on the target branch since it was read: only the person can say which one is right.
          throw new Refusal(
            'modifiee-entre-temps',
            `Le logo de la notice a été changé pendant l’envoi de votre proposition. Votre texte est ci-dessous : regardez le logo actuel (${siteUrl}${noticePageUrl(editing)}), puis envoyez à nouveau si le vôtre est meilleur.`,
            [{ field: LOGO_FIELD, message: 'changé entre-temps sur la notice' }],
          );
        }
        if (!(error instanceof StaleFileError) || error.path !== checkedNoticeFile(editing)) throw error;
        if (attempt >= MAX_REAPPLY) throw new BackendUnavailableError('La notice change sans cesse sur la branche cible : réessayez dans quelques minutes.');
        // The target branch moved between the read and the commit: merge again onto what it holds now.
        current = await readNotice(editing);
        if (!current) throw gone();
        log(`modification de ${editing} : la notice a changé pendant l’envoi, changements réappliqués (essai ${attempt + 1})`);
        version = threeWay(editing, base, current.content, draft);
      }
    }
  }

  return {
    readNotice,
    propose(submission: Submission): Promise<Opened> {
      return submission.editing ? proposeEdit(submission) : proposeNew(submission);
    },
  };
}

export type Planner = ReturnType<typeof createPlanner>;
