/**
 * Validation of notice files, in the spirit of awesome-selfhosted's hecat: every problem is
 * collected (never stop at the first), each names its file and field, errors are apart from
 * warnings. Used by `npm run validate`, CI and the moderators' report.
 */
import { existsSync, statSync } from 'node:fs';
import path from 'node:path';
import sharp from 'sharp';
import { LOGO_MAX_BYTES, LOGO_PIXEL_LIMIT } from '../build/logos.ts';
import { describeIssues } from './errors.ts';
import { findUnsafeMarkdown } from './markdown.ts';
import { NoticeSyntaxError, writeNoticeFile } from './notice-file.ts';
import { readNoticeFile, type RawNotice } from './repository.ts';
import { createNoticeSchema, type NoticeData, type Vocabulary } from './schema.ts';
import { slugProblem, slugify } from './slug.ts';
import { EXACT_COLLISIONS, collisionMessage } from './duplicates.ts';

export type Level = 'erreur' | 'avertissement';

export interface Problem {
  file: string;
  field: string;
  level: Level;
  message: string;
}

export const BODY_FIELD = 'texte de la notice';

interface Checked {
  /** The path as the user gave it, for messages. */
  display: string;
  raw?: RawNotice;
  data?: NoticeData;
}

/**
 * Checks `files`; duplicates are looked for among `files` and every notice of `referenceDir`
 * (the repository's notices), so that a proposal outside the tree is compared to the directory.
 */
export async function validateNoticeFiles(
  files: readonly string[],
  vocabulary: Vocabulary,
  options: { referenceFiles?: readonly string[] } = {},
): Promise<Problem[]> {
  const schema = createNoticeSchema(vocabulary);
  const problems: Problem[] = [];
  const add = (file: string, level: Level, field: string, message: string) =>
    problems.push({ file, field, level, message });

  const checked = new Map<string, Checked>();
  for (const file of files) {
    const resolved = path.resolve(file);
    if (checked.has(resolved)) continue;
    const entry: Checked = { display: file };
    checked.set(resolved, entry);
    if (!existsSync(resolved)) {
      add(file, 'erreur', 'fichier', 'fichier introuvable');
      continue;
    }
    if (!file.endsWith('.md')) add(file, 'erreur', 'fichier', 'une notice est un fichier « .md »');
    try {
      entry.raw = readNoticeFile(resolved);
    } catch (error) {
      if (!(error instanceof NoticeSyntaxError)) throw error;
      add(file, 'erreur', 'fichier', error.message);
      continue;
    }
    const raw = entry.raw;
    const result = schema.safeParse(raw.data);
    if (result.success) entry.data = result.data;
    else for (const p of describeIssues(result.error.issues)) add(file, 'erreur', p.field, p.message);

    if (typeof raw.data.nom === 'string' && raw.data.nom.trim()) {
      const expected = slugify(raw.data.nom);
      const problem = slugProblem(raw.data.nom);
      if (problem) add(file, 'erreur', 'nom', problem);
      else if (expected !== raw.slug) add(file, 'erreur', 'nom', `le fichier doit s’appeler « ${expected}.md » (dérivé du nom)`);
    }
    // Line numbers count from the top of the file, as an editor shows them.
    const bodyOffset = raw.body ? raw.text.slice(0, raw.text.indexOf(raw.body)).split('\n').length - 1 : 0;
    for (const p of findUnsafeMarkdown(raw.body)) add(file, 'erreur', BODY_FIELD, `ligne ${p.line + bodyOffset} : ${p.message}`);
    if (typeof raw.data.logo === 'string' && entry.data?.logo) {
      const problem = await checkLogo(path.join(path.dirname(resolved), 'logos', raw.data.logo));
      if (problem) add(file, problem.level, 'logo', problem.message);
    }
    if (entry.data) {
      for (const [level, field, message] of completenessWarnings(entry.data, raw.body)) add(file, level, field, message);
      if (result.success && writeNoticeFile(raw.data, raw.body) !== raw.text) {
        add(file, 'avertissement', 'fichier', 'mise en forme non canonique : « npm run validate -- --fix » la rétablit');
      }
    }
  }

  // Duplicates against the whole directory as well as among the given files.
  const reference = new Map<string, Checked>(checked);
  for (const file of options.referenceFiles ?? []) {
    const resolved = path.resolve(file);
    if (reference.has(resolved)) continue;
    try {
      const raw = readNoticeFile(resolved);
      reference.set(resolved, { display: path.relative(process.cwd(), resolved), raw });
    } catch {
      // an unreadable reference notice is reported when that notice itself is validated
    }
  }
  findDuplicates(checked, reference, add);
  return problems;
}

async function checkLogo(file: string): Promise<{ level: Level; message: string } | undefined> {
  if (!existsSync(file)) return { level: 'erreur', message: `fichier introuvable : ${path.relative(process.cwd(), file)}` };
  const size = statSync(file).size;
  if (size > LOGO_MAX_BYTES) return { level: 'erreur', message: `fichier trop lourd (${Math.round(size / 1024)} Kio, 1 Mio au plus)` };
  try {
    const meta = await sharp(file, { limitInputPixels: LOGO_PIXEL_LIMIT }).metadata();
    const extension = path.extname(file).slice(1).toLowerCase().replace('jpg', 'jpeg');
    if (meta.format !== extension) {
      return { level: 'erreur', message: `le fichier n’est pas une image ${extension.toUpperCase()} (format lu : ${meta.format ?? 'inconnu'})` };
    }
    if (meta.format !== 'svg' && Math.min(meta.width ?? 0, meta.height ?? 0) < 64) {
      return { level: 'avertissement', message: `image petite (${meta.width}×${meta.height}) : 256 pixels de côté ou plus rendent mieux` };
    }
  } catch {
    return { level: 'erreur', message: 'le fichier n’est pas une image lisible (PNG, JPEG, WebP ou SVG)' };
  }
  return undefined;
}

function completenessWarnings(data: NoticeData, body: string): [Level, string, string][] {
  const warnings: [Level, string, string][] = [];
  if (!data.description_courte) warnings.push(['avertissement', 'description_courte', 'manquante : c’est la phrase montrée dans les listes']);
  if (!data.site_web && !data.code_source) warnings.push(['avertissement', 'site_web', 'ni site web ni code source : comment trouver le logiciel ?']);
  if ((data.etiquettes?.length ?? 0) < 2) warnings.push(['avertissement', 'etiquettes', 'au moins deux étiquettes aident à trouver la notice']);
  if (!body.trim()) warnings.push(['avertissement', BODY_FIELD, 'pas de description longue']);
  return warnings;
}

function findDuplicates(
  checked: Map<string, Checked>,
  reference: Map<string, Checked>,
  add: (file: string, level: Level, field: string, message: string) => void,
): void {
  for (const { field, keyOf, label } of EXACT_COLLISIONS) {
    const owners = new Map<string, string[]>();
    for (const [file, entry] of reference) {
      const key = entry.raw ? keyOf(entry.raw.data) : undefined;
      if (key) owners.set(key, [...(owners.get(key) ?? []), file]);
    }
    for (const [file, entry] of checked) {
      const key = entry.raw ? keyOf(entry.raw.data) : undefined;
      const others = key ? (owners.get(key) ?? []).filter((other) => other !== file) : [];
      if (others.length > 0) {
        add(entry.display, 'erreur', field, collisionMessage(label, others.map((other) => reference.get(other)?.display ?? other)));
      }
    }
  }
}
