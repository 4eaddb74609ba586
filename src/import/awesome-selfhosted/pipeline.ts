/**
 * From awesome-selfhosted entries to notices held in memory, each entry through named steps:
 * licences → name → addresses → duplicates → fields and adjustments → the shared checker. An
 * entry that fails a step becomes a skip with its reason. Nothing here has rules of its own
 * about notices: the name is judged by slug.ts, duplicates by the directory's one index
 * (duplicates.ts, same URL normaliser as `npm run validate`), the notice by notices/check.ts —
 * so nothing the importer keeps can be refused by the validator.
 *
 * The data is CC-BY-SA-3.0: every notice's body keeps the attribution and the link to the
 * authors, as the licence requires, and says that the notice is under the same licence.
 */
import path from 'node:path';
import { checkNotice } from '../../notices/check.ts';
import { DuplicateIndex, normalizeUrl } from '../../notices/duplicates.ts';
import { writeNoticeFile } from '../../notices/notice-file.ts';
import { isError } from '../../notices/problems.ts';
import { readReadableNotices } from '../../notices/repository.ts';
import { createNoticeSchema, type NoticeSchema, type Vocabulary } from '../../notices/schema.ts';
import { slugProblem, slugify } from '../../notices/slug.ts';
import { LICENCE_MAP, checkUrl, mapEtiquettes, mapLicences, mapPlateformes, shortDescription, stripMarkdown, type LicenceMapping, type UrlCheck } from './mappings.ts';
import { DATA_LICENCE_URL, UPSTREAM_AUTHORS, UPSTREAM_REPOSITORY, readSource, type SourceData, type SourceEntry } from './source.ts';

export type SkipReason =
  | 'entree-illisible'
  | 'licence-non-libre'
  | 'licence-non-reconnue'
  | 'nom-inutilisable'
  | 'aucune-adresse-https'
  | 'deja-dans-l-annuaire'
  | 'doublon'
  | 'notice-invalide';

export type AdjustmentKind =
  | 'licence-retiree'
  | 'licence-a-verifier'
  | 'url-ignoree'
  | 'description-raccourcie'
  | 'slug-approximatif'
  | 'etiquettes-insuffisantes'
  | 'plateforme-inconnue';

export interface ImportedNotice {
  slug: string;
  /** Source file inside `software/`. */
  sourceFile: string;
  data: Record<string, unknown>;
  body: string;
  /** The file's text, canonical form. */
  text: string;
}

export interface Skip {
  name: string;
  sourceFile: string;
  reason: SkipReason;
  detail: string;
}

export interface Adjustment {
  name: string;
  kind: AdjustmentKind;
  detail: string;
}

export interface ImportResult {
  read: number;
  notices: ImportedNotice[];
  skipped: Skip[];
  adjustments: Adjustment[];
  /** awesome-selfhosted categories with no entry in TAG_MAP, with how many entries use them. */
  unmappedTags: Map<string, number>;
}

export interface ImportOptions {
  /** The checkout of awesome-selfhosted-data. */
  sourceDir: string;
  /** Étiquettes and plateformes allowed (vocabularyIds(loadVocabularies())). */
  vocabulary: Vocabulary;
  /** Existing notices to compare with (the directory's): an entry they already cover is skipped. */
  referenceFiles?: readonly string[];
  /** AAAA-MM-JJ, for date_creation and date_modification. */
  today: string;
}

/** Today as AAAA-MM-JJ in local time. */
export function todayIso(now = new Date()): string {
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${now.getFullYear()}-${pad(now.getMonth() + 1)}-${pad(now.getDate())}`;
}

interface Run {
  options: ImportOptions;
  source: SourceData;
  schema: NoticeSchema;
  /** The directory's notices, labelled as `npm run validate` names them. */
  reference: DuplicateIndex;
  /** The entries imported so far, labelled by their upstream name. */
  imported: DuplicateIndex;
  result: ImportResult;
}

class Skipped {
  readonly reason: SkipReason;
  readonly detail: string;
  constructor(reason: SkipReason, detail: string) {
    this.reason = reason;
    this.detail = detail;
  }
}

export function importAwesomeSelfhosted(options: ImportOptions): ImportResult {
  const source = readSource(options.sourceDir);
  const run: Run = {
    options,
    source,
    schema: createNoticeSchema(options.vocabulary),
    reference: referenceIndex(options.referenceFiles ?? []),
    imported: new DuplicateIndex(),
    result: {
      read: source.entries.length + source.unreadable.length,
      notices: [],
      skipped: source.unreadable.map(({ file, reason }) => ({ name: file, sourceFile: file, reason: 'entree-illisible', detail: reason })),
      adjustments: [],
      unmappedTags: new Map(),
    },
  };
  for (const entry of source.entries) {
    const outcome = importEntry(run, entry);
    if (outcome instanceof Skipped) {
      run.result.skipped.push({ name: entry.name, sourceFile: entry.file, reason: outcome.reason, detail: outcome.detail });
      continue;
    }
    run.imported.add(outcome.slug, entry.name, outcome.data);
    run.result.notices.push(outcome);
  }
  return run.result;
}

function referenceIndex(files: readonly string[]): DuplicateIndex {
  const index = new DuplicateIndex();
  // An unreadable notice is the validator's business, not the importer's.
  for (const raw of readReadableNotices(files)) index.add(path.resolve(raw.file), path.relative(process.cwd(), path.resolve(raw.file)), raw.data);
  return index;
}

/** One entry through every step; the first that fails says why it is skipped. */
function importEntry(run: Run, entry: SourceEntry): ImportedNotice | Skipped {
  // Licences first: a non-free entry is reported as such, whatever else is wrong with it.
  const licences = mapLicences(entry.licenses, run.source);
  if (licences.kept.length === 0) {
    const nonFree = licences.dropped.some((d) => d.kind === 'non-libre');
    // The detail is the licence check's own message (the schema's, for a licence it does not know).
    return new Skipped(nonFree ? 'licence-non-libre' : 'licence-non-reconnue', licences.dropped.map((d) => `${d.id} : ${d.message}`).join(' ; '));
  }
  const nameProblem = problemWithName(run.schema, entry.name);
  if (nameProblem) return new Skipped('nom-inutilisable', nameProblem);
  const site = checkUrl(entry.website_url);
  const code = checkUrl(entry.source_code_url);
  if (!site.url && !code.url) return new Skipped('aucune-adresse-https', [site.problem, code.problem].filter(Boolean).join(' ; ') || 'aucune adresse');

  const slug = slugify(entry.name);
  const data = noticeData(run, entry, licences, site, code);
  const duplicate = duplicateOf(run, data);
  if (duplicate) return duplicate;

  recordAdjustments(run, entry, { licences, site, code, slug });
  const body = noticeBody(entry, licences, run.source.commit);
  const checked = checkNotice({ data, body, slug }, { schema: run.schema });
  const errors = checked.problems.filter(isError);
  if (errors.length > 0) return new Skipped('notice-invalide', errors.map((p) => `${p.field} : ${p.message}`).join(' ; '));
  if (checked.problems.some((p) => p.code === 'etiquettes-insuffisantes')) adjust(run, entry, 'etiquettes-insuffisantes', entry.tags.join(', ') || 'aucune catégorie');
  return { slug, sourceFile: entry.file, data, body, text: writeNoticeFile(data, body) };
}

/** The name gives a file name and fits the schema's `nom` (the validator's own words). */
function problemWithName(schema: NoticeSchema, name: string): string | undefined {
  const slugIssue = slugProblem(name);
  if (slugIssue) return slugIssue;
  const parsed = schema.shape.nom.safeParse(name);
  return parsed.success ? undefined : parsed.error.issues[0]?.message;
}

function noticeData(run: Run, entry: SourceEntry, licences: LicenceMapping, site: UrlCheck, code: UrlCheck): Record<string, unknown> {
  const description = entry.description ? shortDescription(entry.description) : undefined;
  return {
    nom: entry.name,
    description_courte: description?.text,
    licences: licences.kept,
    // A site that is only the repository says nothing more than code_source.
    site_web: site.url && (!code.url || normalizeUrl(site.url) !== normalizeUrl(code.url)) ? site.url : undefined,
    code_source: code.url,
    plateformes: mapPlateformes(entry).plateformes,
    etiquettes: mapEtiquettes(entry, run.options.vocabulary).etiquettes,
    date_creation: run.options.today,
    date_modification: run.options.today,
  };
}

/** Already in the directory (the validator's message), or already imported from the source. */
function duplicateOf(run: Run, data: Record<string, unknown>): Skipped | undefined {
  const existing = run.reference.collisions(undefined, data)[0];
  if (existing) return new Skipped('deja-dans-l-annuaire', existing.message);
  const earlier = run.imported.collisions(undefined, data)[0];
  if (earlier) return new Skipped('doublon', `${earlier.label} que « ${earlier.others.join(' », « ')} »`);
  return undefined;
}

const adjust = (run: Run, entry: SourceEntry, kind: AdjustmentKind, detail: string) => run.result.adjustments.push({ name: entry.name, kind, detail });

/** What had to change for the entry to become a notice, for the report. */
function recordAdjustments(run: Run, entry: SourceEntry, found: { licences: LicenceMapping; site: UrlCheck; code: UrlCheck; slug: string }): void {
  for (const dropped of found.licences.dropped) adjust(run, entry, 'licence-retiree', `${dropped.id} (${dropped.message})`);
  for (const id of found.licences.ambiguous) adjust(run, entry, 'licence-a-verifier', `${id} → ${LICENCE_MAP[id]}`);
  if (found.site.problem) adjust(run, entry, 'url-ignoree', `site_web : ${found.site.problem}`);
  if (found.code.problem) adjust(run, entry, 'url-ignoree', `code_source : ${found.code.problem}`);
  if (lostLetters(entry.name)) adjust(run, entry, 'slug-approximatif', `« ${entry.name} » → ${found.slug}.md`);
  if (entry.description && shortDescription(entry.description).truncated) adjust(run, entry, 'description-raccourcie', `${stripMarkdown(entry.description).length} caractères`);
  for (const platform of mapPlateformes(entry).unknown) adjust(run, entry, 'plateforme-inconnue', platform);
  for (const tag of mapEtiquettes(entry, run.options.vocabulary).unmapped) run.result.unmappedTags.set(tag, (run.result.unmappedTags.get(tag) ?? 0) + 1);
}

/** Whether some letter or digit of the name has no equivalent in its slug (e.g. « 日記 »). */
function lostLetters(name: string): boolean {
  return [...name].some((char) => /[\p{L}\p{N}]/u.test(char) && slugify(char) === '');
}

/** The notice's body: where it comes from, what is to be checked, and the licence attribution. */
function noticeBody(entry: SourceEntry, licences: LicenceMapping, commit: string | undefined): string {
  const original = `${UPSTREAM_REPOSITORY}/blob/${commit ?? 'master'}/software/${encodeURIComponent(entry.file)}`;
  const lines: string[] = [
    `Cette notice a été importée automatiquement depuis [awesome-selfhosted-data](${UPSTREAM_REPOSITORY}), ` +
      `la liste collaborative des logiciels libres à héberger soi-même ([fiche d’origine](${markdownUrl(original)})). ` +
      'Sa description courte est encore celle de la liste, en anglais : elle attend une relecture et une description en français.',
    '',
  ];
  const facts = noticeFacts(entry, licences);
  if (facts.length > 0) lines.push(...facts.map((fact) => `- ${fact}`), '');
  lines.push(
    `Données © les [contributeurs et contributrices d’awesome-selfhosted-data](${UPSTREAM_AUTHORS}), sous licence ` +
      `[Creative Commons Attribution – Partage dans les mêmes conditions 3.0 (CC-BY-SA-3.0)](${DATA_LICENCE_URL}) ; ` +
      'cette notice, qui en est dérivée, est diffusée sous la même licence.',
  );
  return lines.join('\n');
}

function noticeFacts(entry: SourceEntry, licences: LicenceMapping): string[] {
  const facts: string[] = [];
  if (entry.tags.length > 0) facts.push(`Catégories d’awesome-selfhosted : ${entry.tags.map(escapeMarkdown).join(', ')}.`);
  const platforms = entry.platforms.filter((p) => p !== 'Unknown');
  if (platforms.length > 0) facts.push(`Technologies et modes d’installation : ${platforms.map(escapeMarkdown).join(', ')}.`);
  const demo = checkUrl(entry.demo_url).url;
  if (demo) facts.push(`Une [démonstration en ligne](${markdownUrl(demo)}) permet de l’essayer.`);
  if (entry.depends_3rdparty) facts.push('Attention : il dépend d’un service tiers, parfois privateur.');
  if (licences.ambiguous.length > 0) {
    facts.push(
      `Licence indiquée par la liste : ${licences.ambiguous.map(escapeMarkdown).join(', ')}, sans préciser « ou version ultérieure » ; ` +
        'la notice dit « uniquement » (-only) en attendant une vérification.',
    );
  }
  if (licences.dropped.length > 0) {
    facts.push(`Licences non libres écartées : ${licences.dropped.map((d) => escapeMarkdown(d.id)).join(', ')} ; certaines parties du logiciel ne sont donc pas libres.`);
  }
  return facts;
}

/** Text dropped into Markdown as plain words (category names, licence ids). */
function escapeMarkdown(text: string): string {
  return text.replace(/[\\`*_[\]<>#|~]/g, (c) => `\\${c}`);
}

/** An URL usable as a Markdown link destination. */
function markdownUrl(url: string): string {
  return url.replace(/[()<> ]/g, (c) => encodeURIComponent(c));
}
