/**
 * The facts of the moderators' report: what the merge request changes (git), whether the touched
 * notices are valid, possible duplicates among the directory, the addresses to check, the logo,
 * and the remarks a change calls for (reserved field, missing redirection, selection citing a
 * deleted notice). The network is reached only through the injected link checker.
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import { findPossibleDuplicates, type NoticeRef } from '../../notices/duplicates.ts';
import { NoticeSyntaxError, parseNoticeFile } from '../../notices/notice-file.ts';
import { loadRedirections, redirectionsFile } from '../../notices/redirections.ts';
import { listNoticeFiles, readNoticeFile } from '../../notices/repository.ts';
import { LINK_KEYS, MODERATOR_ONLY_KEYS } from '../../notices/schema.ts';
import { listSelectionFiles, readSelection, selectionsDir, type Selection } from '../../notices/selections.ts';
import { validateNoticeFiles, type Problem } from '../../notices/validation.ts';
import { loadVocabularies, vocabularyIds } from '../../notices/vocabulary.ts';
import { plural } from '../../gitlab/markdown.ts';
import { diffNotices, type NoticeDiff } from '../diff.ts';
import { mergeRequestChanges, type MergeRequestChanges, type NoticeChange } from '../git.ts';
import type { LinkChecker, LinkResult } from '../links.ts';
import { describeLogo } from '../logos.ts';
import { slugBefore, type CheckedLink, type NoticeSection, type ReportData } from './data.ts';
import { mapLimit } from '../../shared/pool.ts';

export interface CollectOptions {
  /** Repository root. */
  cwd: string;
  /** The merge request's base commit (CI_MERGE_REQUEST_DIFF_BASE_SHA). */
  base: string;
  /** Content folder, repository-relative (default `content`). */
  contentDir?: string;
  /** Omitted: addresses are not checked (the report says so). */
  linkChecker?: LinkChecker;
  linkConcurrency?: number;
  preview?: ReportData['preview'];
  siteUrl?: string;
  context?: ReportData['context'];
}

/** Where the content is, relative to the repository (for messages) and absolute (for reading). */
interface ContentPaths {
  cwd: string;
  contentRel: string;
  contentAbs: string;
  noticesRel: string;
  noticesAbs: string;
}

/** What the directory holds besides the changed notices. */
interface Directory {
  files: string[];
  /** Every readable notice: duplicates are looked for among them. */
  reference: NoticeRef[];
  selections: Selection[];
  redirections: { ancien: string; nouveau: string }[];
}

const IDENTITY_FIELDS = new Set(['nom', 'autres_noms', 'site_web', 'code_source', 'identifiant_wikidata', 'lien_wikipedia']);

const str = (value: unknown) => (typeof value === 'string' && value.trim() ? value.trim() : undefined);

export async function collectReport(options: CollectOptions): Promise<ReportData> {
  const paths = contentPaths(options);
  const frame = { preview: options.preview, siteUrl: options.siteUrl, context: options.context };
  let changes: MergeRequestChanges;
  try {
    changes = mergeRequestChanges({ cwd: options.cwd, base: options.base, noticesDir: paths.noticesRel });
  } catch (error) {
    return { ...frame, notices: [], problems: [], otherFiles: [], directorySize: 0, failure: (error as Error).message };
  }
  const files = existsSync(paths.noticesAbs) ? listNoticeFiles(paths.noticesAbs) : [];
  const reference = readReference(files);
  const problems = await validateTouched(changes.notices, files, paths);
  const directory: Directory = { files, reference, selections: readSelections(paths.contentAbs), redirections: readRedirections(paths.contentAbs) };
  const sections: NoticeSection[] = [];
  for (const change of changes.notices) sections.push(await describeChange(change, directory, paths));
  if (options.linkChecker) await checkSectionLinks(sections, options.linkChecker, options.linkConcurrency ?? 6);
  return { ...frame, notices: sections, problems, otherFiles: changes.otherFiles, directorySize: reference.length };
}

function contentPaths(options: CollectOptions): ContentPaths {
  const contentRel = options.contentDir ?? 'content';
  const contentAbs = path.resolve(options.cwd, contentRel);
  return { cwd: options.cwd, contentRel, contentAbs, noticesRel: `${contentRel}/notices`, noticesAbs: path.join(contentAbs, 'notices') };
}

function readReference(files: string[]): NoticeRef[] {
  const reference: NoticeRef[] = [];
  for (const file of files) {
    try {
      const raw = readNoticeFile(file);
      reference.push({ slug: raw.slug, data: raw.data });
    } catch {
      // an unreadable notice is reported by validation
    }
  }
  return reference;
}

/** Validation of what the merge request touches, with the directory as reference for duplicates. */
async function validateTouched(changes: NoticeChange[], files: string[], paths: ContentPaths): Promise<Problem[]> {
  const touched = changes.filter((n) => n.kind !== 'suppression').map((n) => path.join(paths.cwd, n.path));
  if (touched.length === 0) return [];
  const vocabulary = vocabularyIds(loadVocabularies(paths.contentAbs));
  // Validation names files relative to the process's directory; the report, to the repository.
  const relative = (file: string) => path.relative(paths.cwd, path.resolve(file)).split(path.sep).join('/');
  const renames = files.map((file) => [path.relative(process.cwd(), file), relative(file)] as const).filter(([a, b]) => a !== b);
  return (await validateNoticeFiles(touched, vocabulary, { referenceFiles: files })).map((p) => ({
    ...p,
    file: relative(p.file),
    message: renames.reduce((message, [from, to]) => message.split(from).join(to), p.message),
  }));
}

function readSelections(contentAbs: string): Selection[] {
  return listSelectionFiles(selectionsDir(contentAbs)).flatMap((file) => {
    try {
      return [readSelection(file)];
    } catch {
      return [];
    }
  });
}

function readRedirections(contentAbs: string): Directory['redirections'] {
  try {
    return loadRedirections(redirectionsFile(contentAbs));
  } catch {
    return []; // reported by the whole-tree validation job
  }
}

function dataOf(text: string | undefined): Record<string, unknown> | undefined {
  if (text === undefined) return undefined;
  try {
    return parseNoticeFile(text).data;
  } catch (error) {
    if (error instanceof NoticeSyntaxError) return undefined;
    throw error;
  }
}

/** One notice's section: its diff, then what the new version calls for, then the remarks. */
async function describeChange(change: NoticeChange, directory: Directory, paths: ContentPaths): Promise<NoticeSection> {
  const oldData = dataOf(change.oldText);
  const newData = dataOf(change.newText);
  const diff = diffNotices(change.oldText, change.newText);
  const section: NoticeSection = {
    change: { kind: change.kind, slug: change.slug, path: change.path, oldPath: change.oldPath, logosChanged: change.logosChanged },
    nom: str((newData ?? oldData)?.nom) ?? change.slug,
    diff,
    duplicates: [],
    links: [],
    remarks: [],
  };
  if (newData) {
    const identityChanged = change.kind !== 'modification' || diff.fields.some((f) => IDENTITY_FIELDS.has(f.field));
    if (identityChanged) section.duplicates = findPossibleDuplicates({ slug: change.slug, data: newData }, directory.reference);
    section.links = linksOf(newData, oldData);
    const logo = logoToDescribe(change, diff, newData);
    if (logo) section.logo = await describeLogo(path.join(paths.noticesAbs, 'logos', logo));
  }
  section.remarks = remarksOn(change, diff, directory, paths.contentRel);
  return section;
}

function linksOf(newData: Record<string, unknown>, oldData: Record<string, unknown> | undefined): CheckedLink[] {
  return LINK_KEYS.flatMap((field) => {
    const url = str(newData[field]);
    return url ? [{ field, url, changed: str(oldData?.[field]) !== url }] : [];
  });
}

/** The logo's file name when the merge request adds or changes it and the name is a plain file name. */
function logoToDescribe(change: NoticeChange, diff: NoticeDiff, newData: Record<string, unknown>): string | undefined {
  const logo = str(newData.logo);
  const logoChanged = change.kind === 'ajout' || change.logosChanged.length > 0 || diff.fields.some((f) => f.field === 'logo');
  return logo && logoChanged && /^[A-Za-z0-9][A-Za-z0-9._-]*$/.test(logo) ? logo : undefined;
}

const RESERVED_FIELD_MEANING: Record<string, string> = {
  date_relecture: 'la date de relecture, montrée aux visiteurs comme « Notice relue le … »',
  mis_en_avant: 'la mise en avant « Les membres de Framasoft utilisent… »',
};

/** What a moderator must look at beyond validation: reserved fields, redirections, selections. */
function remarksOn(change: NoticeChange, diff: NoticeDiff, directory: Directory, contentRel: string): string[] {
  const remarks: string[] = [];
  for (const field of diff.fields.filter((f) => (MODERATOR_ONLY_KEYS as readonly string[]).includes(f.field))) {
    const what = RESERVED_FIELD_MEANING[field.field] ?? 'seules les personnes de la modération le renseignent';
    remarks.push(`« ${field.field} » est réservé à la modération (${what}) : vérifier que ce changement est voulu.`);
  }
  const oldSlug = slugBefore(change);
  if (change.kind === 'renommage' && !directory.redirections.some((r) => r.ancien === oldSlug && r.nouveau === change.slug)) {
    remarks.push(
      `L’adresse de la page change (${oldSlug} → ${change.slug}) : ajouter une redirection dans ${contentRel}/redirections.yaml (ancien: ${oldSlug}, nouveau: ${change.slug}) pour ne pas casser les liens existants.`,
    );
  }
  if (change.kind === 'suppression' || change.kind === 'renommage') {
    const citing = directory.selections.filter((s) => s.notices.includes(oldSlug)).map((s) => s.titre);
    if (citing.length > 0) remarks.push(`La notice est citée dans ${plural(citing.length, 'sélection')} : ${citing.join(', ')}. Les mettre à jour.`);
  }
  if (change.kind === 'suppression') remarks.push('Sa page disparaîtra du site : si la notice est fusionnée avec une autre, ajouter une redirection.');
  return remarks;
}

/** Each distinct address once, a few at a time; the results go back into every section citing it. */
async function checkSectionLinks(sections: NoticeSection[], checker: LinkChecker, concurrency: number): Promise<void> {
  const urls = [...new Set(sections.flatMap((s) => s.links.map((l) => l.url)))];
  const results = new Map<string, LinkResult>();
  await mapLimit(urls, concurrency, async (url) => results.set(url, await checker(url)));
  for (const section of sections) for (const l of section.links) l.result = results.get(l.url);
}
