/**
 * Notice files on disk through the shared rules, in the spirit of awesome-selfhosted's hecat:
 * every problem is collected (never stop at the first), each names its file and field, errors
 * are apart from warnings. This module only reads files and adds what needs the disk (the logo
 * file, the canonical form); the rules themselves are in check.ts (one notice) and
 * catalogue-check.ts (the whole directory). Used by `npm run validate`, CI, the importer's
 * tests and the moderators' report.
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import { checkCatalogue, type CatalogueNotice, type CatalogueScope } from './catalogue-check.ts';
import { checkNotice } from './check.ts';
import { checkLogoFile } from './logo-check.ts';
import { NoticeSyntaxError, writeNoticeFile } from './notice-file.ts';
import { inFile, type FileProblem, type Problem } from './problems.ts';
import { readNoticeFile, readReadableNotices, type RawNotice } from './repository.ts';
import { createNoticeSchema, type Vocabulary } from './schema.ts';

export { BODY_FIELD, type Level, type Problem } from './problems.ts';

/** The code of the only problem `npm run validate -- --fix` repairs. */
export const CANONICAL_FORM = 'mise-en-forme';

export interface ValidationOptions {
  /**
   * The directory's notices: duplicates are looked for among them too (so that a proposal
   * outside the tree is compared to the directory), and those of the checked files that are
   * among them meet the directory's editorial bar.
   */
  referenceFiles?: readonly string[];
  /** Set when the whole directory is checked: vocabulary use, selections, redirections, CHATONS. */
  catalogue?: CatalogueScope;
}

/** Every problem of `files` (per notice, then against the directory). */
export async function validateNoticeFiles(files: readonly string[], vocabulary: Vocabulary, options: ValidationOptions = {}): Promise<Problem[]> {
  const directory = new Set((options.referenceFiles ?? []).map((file) => path.resolve(file)));
  const { problems, notices } = await checkNoticeFiles(files, vocabulary, directory);
  const checkedIds = new Set(notices.map((n) => n.id));
  const reference = (options.referenceFiles ?? [])
    .map((file) => path.resolve(file))
    .filter((id) => !checkedIds.has(id))
    .flatMap(readReference);
  problems.push(...checkCatalogue({ checked: notices, all: [...notices, ...reference], scope: options.catalogue }));
  return problems;
}

/** Each file on its own: readable, named `.md`, the rules of check.ts, its logo, its form. */
export async function checkNoticeFiles(
  files: readonly string[],
  vocabulary: Vocabulary,
  directory: ReadonlySet<string> = new Set(),
): Promise<{ problems: Problem[]; notices: CatalogueNotice[] }> {
  const schema = createNoticeSchema(vocabulary);
  const problems: Problem[] = [];
  const notices: CatalogueNotice[] = [];
  const seen = new Set<string>();
  for (const file of files) {
    const id = path.resolve(file);
    if (seen.has(id)) continue;
    seen.add(id);
    const read = readFile(file, id);
    problems.push(...inFile(file, read.problems));
    if (!read.raw) continue;
    const raw = read.raw;
    const inDirectory = directory.has(id);
    notices.push({ id, file, slug: raw.slug, data: raw.data, body: raw.body, directory: inDirectory });
    const checked = checkNotice({ data: raw.data, body: raw.body, slug: raw.slug, bodyLineOffset: bodyLineOffset(raw) }, { schema, directory: inDirectory });
    problems.push(...inFile(file, checked.problems));
    if (checked.data?.logo) {
      const logo = await checkLogoFile(path.join(path.dirname(id), 'logos', checked.data.logo));
      if (logo) problems.push({ ...logo, file });
    }
    if (checked.data && writeNoticeFile(raw.data, raw.body) !== raw.text) {
      problems.push({ code: CANONICAL_FORM, level: 'avertissement', file, field: 'fichier', message: 'mise en forme non canonique : « npm run validate -- --fix » la rétablit' });
    }
  }
  return { problems, notices };
}

function readFile(file: string, id: string): { raw?: RawNotice; problems: FileProblem[] } {
  if (!existsSync(id)) return { problems: [{ code: 'fichier-introuvable', level: 'erreur', field: 'fichier', message: 'fichier introuvable' }] };
  const problems: FileProblem[] = [];
  if (!file.endsWith('.md')) problems.push({ code: 'extension', level: 'erreur', field: 'fichier', message: 'une notice est un fichier « .md »' });
  try {
    return { raw: readNoticeFile(id), problems };
  } catch (error) {
    if (!(error instanceof NoticeSyntaxError)) throw error;
    problems.push({ code: 'en-tete-illisible', level: 'erreur', field: 'fichier', message: error.message });
    return { problems };
  }
}

/** Line numbers count from the top of the file, as an editor shows them. */
function bodyLineOffset(raw: RawNotice): number {
  return raw.body ? raw.text.slice(0, raw.text.indexOf(raw.body)).split('\n').length - 1 : 0;
}

/** A directory notice compared with, named as the repository names it. */
function readReference(id: string): CatalogueNotice[] {
  // An unreadable reference notice is reported when that notice itself is validated.
  return readReadableNotices([id]).map((raw) => ({ id, file: path.relative(process.cwd(), id), slug: raw.slug, data: raw.data, body: raw.body, directory: true }));
}
