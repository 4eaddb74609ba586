/**
 * From a checked submission to a proposal opened on the forge: which files change, what they
 * become, and the merge request's text. The source of truth is the target branch as it is now
 * (target-branch.ts), never the content deployed with the function:
 *
 * - a new notice is refused when the target branch has it already, or a notice with the same site
 *   or source (the validator's words); a near name is opened, said plainly to the moderators;
 * - an edit is a three-way merge (three-way.ts) from the version the form was filled from onto the
 *   notice as it is now, committed with that read's `last_commit_id` (the logo's too); if the
 *   target branch changes the file in between (StaleFileError), it is read and merged again.
 */
import path from 'node:path';
import sharp from 'sharp';
import { noticePageUrl } from '../notices/addresses.ts';
import { exactCollisions, findPossibleDuplicates } from '../notices/duplicates.ts';
import type { NoticeSchema } from '../notices/schema.ts';
import { slugify } from '../notices/slug.ts';
import { BackendUnavailableError, StaleFileError, type ContributionBackend, type ProposalFile, type ProposalResult } from './backend.ts';
import type { NoticeDraft } from './draft.ts';
import { BODY_FIELD, EDIT_FIELD, LOGO_FIELD } from './form-fields.ts';
import { processUploadedLogo } from './logo.ts';
import { commitMessage, mergeRequestDescription, mergeRequestTitle } from './merge-request.ts';
import { checkedLogoFile, checkedNoticeFile, checkedProposal, proposalBranch } from './proposal.ts';
import { Refusal } from './refusal.ts';
import { createTargetBranch, type TargetBranch, type TargetBranchOptions } from './target-branch.ts';
import { threeWayMerge, type Merged } from './three-way.ts';
import type { NoticeFileContent } from '../notices/notice-file.ts';

export interface PlannerOptions extends TargetBranchOptions {
  schema: NoticeSchema;
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

/** What every step of the planner needs. */
interface Context {
  schema: NoticeSchema;
  backend: ContributionBackend;
  siteUrl: string;
  log: (line: string) => void;
  target: TargetBranch;
}

export function createPlanner(options: PlannerOptions) {
  const context: Context = { schema: options.schema, backend: options.backend, siteUrl: options.siteUrl, log: options.log, target: createTargetBranch(options) };
  return {
    readNotice: context.target.readNotice,
    propose: (submission: Submission): Promise<Opened> => (submission.editing ? proposeEdit(context, submission) : proposeNew(context, submission)),
  };
}

export type Planner = ReturnType<typeof createPlanner>;

type LogoFile = Awaited<ReturnType<typeof logoFile>>;

/** The uploaded logo, re-encoded; replacing one carries its last_commit_id too, so one changed on main meanwhile is not overwritten. */
async function logoFile({ backend }: Context, slug: string, logo: Uint8Array) {
  const png = await processUploadedLogo(logo);
  const meta = await sharp(png).metadata();
  const file = checkedLogoFile(slug);
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

/** The validator's exact-duplicate rule (same site, same source) against the live notices, with its words. */
async function refuseCollisions({ target }: Context, slug: string, data: Record<string, unknown>): Promise<void> {
  const problems = exactCollisions({ slug, data }, await target.liveNotices()).filter((p) => p.field !== 'nom');
  if (problems.length > 0) throw new Refusal('doublon', 'Cette proposition reprend une notice existante : proposez plutôt une modification de celle-ci.', problems);
}

interface Opening {
  mode: 'nouvelle' | 'modification';
  slug: string;
  data: Record<string, unknown>;
  body: string;
  file: Omit<ProposalFile, 'content'>;
  logo?: LogoFile;
  fields: { key: string; before?: unknown; after?: unknown }[];
  bodyChanged: boolean;
  submission: Submission;
  duplicates: ReturnType<typeof findPossibleDuplicates>;
}

/** Checks the files once more, takes the quotas (beforeOpen), asks the forge, gives the quotas back if nothing new opened. */
async function open({ schema, backend, siteUrl }: Context, input: Opening): Promise<Opened> {
  const data = input.logo ? { ...input.data, logo: input.logo.name } : input.data;
  const checked = checkedProposal(schema, data, input.body, input.submission.draft.message);
  const nom = String(data.nom);
  const files: ProposalFile[] = [{ ...input.file, content: checked.text }, ...(input.logo ? [input.logo.file] : [])];
  const changed = input.fields.map((f) => f.key).concat(input.bodyChanged ? ['description longue'] : []);
  await input.submission.beforeOpen?.();
  let result: ProposalResult;
  try {
    result = await backend.open({
      // A stable branch per submission, whatever the day: sent again, it finds its proposal.
      branch: proposalBranch(input.slug, input.submission.identity),
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

async function proposeNew(context: Context, submission: Submission): Promise<Opened> {
  const { schema, siteUrl, target } = context;
  const { draft, today } = submission;
  const data: Record<string, unknown> = { ...draft.data, date_creation: today, date_modification: today };
  const slug = checkedProposal(schema, data, draft.body, draft.message).slug;
  const exists = () =>
    new Refusal('existe-deja', `Une notice « ${String(data.nom)} » existe déjà : proposez plutôt une modification (${siteUrl}/contribuer/?notice=${slug}).`, [
      { field: 'nom', message: 'une notice porte déjà ce nom' },
    ]);
  if (await target.readNotice(slug)) throw exists();
  await refuseCollisions(context, slug, data);
  const logo = submission.logo ? await logoFile(context, slug, submission.logo) : undefined;
  try {
    return await open(context, {
      mode: 'nouvelle',
      slug,
      data,
      body: draft.body,
      file: { path: checkedNoticeFile(slug), action: 'create' },
      logo,
      fields: Object.entries(draft.data).map(([key, after]) => ({ key, after })),
      bodyChanged: draft.body.length > 0,
      submission,
      duplicates: findPossibleDuplicates({ slug, data }, await target.liveNotices()),
    });
  } catch (error) {
    // Created on the target branch between our check and the commit.
    if (error instanceof StaleFileError && (await target.readNotice(slug))) throw exists();
    throw error;
  }
}

/** The merge of an edit onto the notice as it is now, or the French refusal of a conflict. */
function mergeOrRefuse({ schema, siteUrl, log }: Context, editing: string, base: NoticeFileContent, currentText: string, draft: NoticeDraft): Merged {
  const outcome = threeWayMerge(schema, base, currentText, draft, BODY_FIELD);
  if ('merged' in outcome) return outcome.merged;
  const { conflicts } = outcome;
  log(`modification de ${editing} : ${conflicts.join(', ')} changé(s) aussi sur la branche cible`);
  throw new Refusal(
    'modifiee-entre-temps',
    `La notice a été modifiée depuis que vous avez ouvert le formulaire, sur les mêmes champs que vous (${conflicts.join(', ')}). Votre texte est ci-dessous : comparez-le avec la notice actuelle (${siteUrl}${noticePageUrl(editing)}), puis envoyez à nouveau.`,
    conflicts.map((field) => ({ field, message: 'modifié entre-temps par une autre proposition' })),
  );
}

/** What an edit may not do: propose nothing, or rename the notice (its address). */
function refuseEmptyOrRenaming(editing: string, merged: Merged, hasLogo: boolean): void {
  if (merged.keys.length === 0 && !merged.bodyChanged && !hasLogo) {
    throw new Refusal('rien-a-proposer', 'Aucun champ n’a été modifié par rapport à la notice actuelle : changez ce qui doit l’être, puis envoyez.');
  }
  if (merged.keys.includes('nom') && typeof merged.data.nom === 'string' && slugify(merged.data.nom) !== editing) {
    throw new Refusal('renommage', 'Ce nouveau nom changerait l’adresse de la notice : gardez le nom actuel et demandez le renommage dans le message aux modérateurs.', [
      { field: 'nom', message: 'changerait l’adresse de la notice' },
    ]);
  }
}

async function proposeEdit(context: Context, submission: Submission): Promise<Opened> {
  const { siteUrl, log, target } = context;
  const { draft, editing, today } = submission;
  const gone = () =>
    new Refusal('notice-inconnue', `La notice « ${editing} » n’existe pas (ou plus) : proposez-la comme nouvelle notice.`, [{ field: EDIT_FIELD, message: 'notice inconnue' }]);
  const base = await target.readBase(editing, submission.version);
  let current = await target.readNotice(editing);
  if (!current) throw gone();
  let merged = mergeOrRefuse(context, editing, base, current.content, draft);
  refuseEmptyOrRenaming(editing, merged, Boolean(submission.logo));
  await refuseCollisions(context, editing, merged.data);
  const logo = submission.logo ? await logoFile(context, editing, submission.logo) : undefined;
  for (let attempt = 1; ; attempt += 1) {
    try {
      return await open(context, {
        mode: 'modification',
        slug: editing,
        data: { ...merged.data, date_modification: today },
        body: merged.body,
        file: { path: checkedNoticeFile(editing), action: 'update', ...(current.lastCommitId ? { lastCommitId: current.lastCommitId } : {}) },
        logo,
        fields: merged.keys.map((key) => ({ key, before: merged.previous[key], after: merged.data[key] })),
        bodyChanged: merged.bodyChanged,
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
      current = await target.readNotice(editing);
      if (!current) throw gone();
      log(`modification de ${editing} : la notice a changé pendant l’envoi, changements réappliqués (essai ${attempt + 1})`);
      merged = mergeOrRefuse(context, editing, base, current.content, draft);
    }
  }
}
