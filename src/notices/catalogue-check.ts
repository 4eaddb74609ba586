/**
 * THE rules that concern the directory rather than one notice: exact duplicates (one index,
 * duplicates.ts), long sentences copied from another notice, and, when the whole content folder
 * is checked, vocabulary use, the words of needs (content/besoins.yaml), the « Lequel choisir ? »
 * texts (content/alternatives/), featured notices, selections,
 * redirections, CHATONS and logo-rule
 * (content/icones.yaml) references (Astro would only log a dangling reference), the forges' activity
 * (content/activite.yaml) and the licence checks (content/licences-verifiees.yaml). Each rule is a named step returning
 * problems; `checkCatalogue` runs them all.
 */
import path from 'node:path';
import { validateChatons, chatonsFile } from './chatons.ts';
import { activityFile, activityProblems } from './activity.ts';
import { countWords } from './check.ts';
import { DuplicateIndex } from './duplicates.ts';
import { iconRulesFile, validateIconRules } from './icons.ts';
import { licenceCheckProblems, licenceChecksFile } from './licence-checks.ts';
import { needsFile, validateNeeds } from './needs.ts';
import { checkChoices, choiceReferences, choicesDir } from './choices.ts';
import { BODY_FIELD, type Problem } from './problems.ts';
import { checkRedirections, redirectionsFile } from './redirections.ts';
import { checkSelection, listSelectionFiles, selectionsDir, type Selection } from './selections.ts';
import type { Vocabularies } from './vocabulary.ts';

export interface CatalogueNotice {
  /** Absolute path: tells a notice from itself. */
  id: string;
  /** How messages name it. */
  file: string;
  slug: string;
  data: Record<string, unknown>;
  body: string;
  /** A notice of content/notices/ (the editorial bar applies), not a draft elsewhere. */
  directory: boolean;
}

export interface CatalogueScope {
  vocabularies: Vocabularies;
  /** The content folder (content/, or FRAMALIBRE_CONTENT). */
  contentRoot: string;
}

export interface CatalogueInput {
  /** The notices being checked. */
  checked: readonly CatalogueNotice[];
  /** Every notice they are compared with (the checked ones included). */
  all: readonly CatalogueNotice[];
  /** Present when the whole directory is checked. */
  scope?: CatalogueScope;
}

export function checkCatalogue({ checked, all, scope }: CatalogueInput): Problem[] {
  const problems = [...duplicateProblems(checked, all), ...sharedSentenceProblems(checked, all)];
  if (!scope) return problems;
  const directory = all.filter((n) => n.directory);
  const slugs = new Set(directory.map((n) => n.slug));
  problems.push(
    ...vocabularyUseProblems(scope, directory),
    ...featuredProblems(scope.contentRoot, directory),
    ...selectionProblems(scope.contentRoot, slugs),
    ...redirectionProblems(scope.contentRoot, slugs),
    ...validateChatons(slugs, chatonsFile(scope.contentRoot)),
    ...validateIconRules(slugs, iconRulesFile(scope.contentRoot)),
    ...activityProblems(slugs, activityFile(scope.contentRoot)),
    ...licenceCheckProblems(slugs, licenceChecksFile(scope.contentRoot)),
    ...validateNeeds(scope.vocabularies.etiquettes, needsFile(scope.contentRoot)),
    ...checkChoices(choiceReferences(directory.map((n) => ({ slug: n.slug, data: { alternative_a: stringList(n.data.alternative_a) } }))), choicesDir(scope.contentRoot)).problems,
  );
  return problems;
}

const relative = (file: string) => path.relative(process.cwd(), file);

/** A list field of a notice not yet validated: its texts only. */
const stringList = (value: unknown): string[] => (Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : []);

/** Same name (slug), same site or same repository as another notice: refused. */
export function duplicateProblems(checked: readonly CatalogueNotice[], all: readonly CatalogueNotice[]): Problem[] {
  const index = new DuplicateIndex();
  for (const notice of all) index.add(notice.id, notice.file, notice.data);
  return checked.flatMap((notice) =>
    index.collisions(notice.id, notice.data).map(({ code, field, message }) => ({ code, level: 'erreur' as const, file: notice.file, field, message })),
  );
}

/** Sentences of eight words or more, compared without case or punctuation. */
const MIN_SHARED_WORDS = 8;

/** The directory's prose is its own: no long sentence of one notice is repeated in another. */
export function sharedSentenceProblems(checked: readonly CatalogueNotice[], all: readonly CatalogueNotice[]): Problem[] {
  const owner = new Map<string, CatalogueNotice>();
  for (const notice of all.filter((n) => n.directory)) {
    for (const { key } of sentencesOf(notice)) if (!owner.has(key)) owner.set(key, notice);
  }
  const problems: Problem[] = [];
  for (const notice of checked.filter((n) => n.directory)) {
    for (const { key, field, sentence } of sentencesOf(notice)) {
      const first = owner.get(key);
      if (!first || first.id === notice.id) continue;
      problems.push({
        code: 'phrase-reprise',
        level: 'avertissement',
        file: notice.file,
        field,
        message: `phrase reprise de la notice « ${first.slug} » : « ${sentence.slice(0, 80)} » (chaque notice est rédigée pour elle-même)`,
      });
    }
  }
  return problems;
}

function sentencesOf(notice: CatalogueNotice): { key: string; field: string; sentence: string }[] {
  const sentences = [
    { field: 'description_courte', sentence: String(notice.data.description_courte ?? '') },
    ...notice.body.split(/(?<=[.!?…])\s+/).map((sentence) => ({ field: BODY_FIELD, sentence })),
  ];
  const seen = new Set<string>();
  return sentences.flatMap((s) => {
    const key = s.sentence
      .toLowerCase()
      .replace(/[^\p{L}\p{N} ]+/gu, ' ')
      .replace(/\s+/g, ' ')
      .trim();
    if (countWords(key) < MIN_SHARED_WORDS || seen.has(key)) return [];
    seen.add(key);
    return [{ ...s, key }];
  });
}

/** An étiquette serves only if it gathers notices: used by two at least. */
export function vocabularyUseProblems(scope: CatalogueScope, notices: readonly CatalogueNotice[]): Problem[] {
  const used = new Map<string, number>();
  for (const { data } of notices) {
    if (Array.isArray(data.etiquettes)) for (const tag of data.etiquettes) used.set(String(tag), (used.get(String(tag)) ?? 0) + 1);
  }
  const file = relative(path.join(scope.contentRoot, 'etiquettes.yaml'));
  return scope.vocabularies.etiquettes.flatMap((etiquette): Problem[] => {
    const count = used.get(etiquette.id) ?? 0;
    if (count >= 2) return [];
    return [
      count === 0
        ? { code: 'etiquette-inutilisee', level: 'avertissement', file, field: etiquette.id, message: 'étiquette inutilisée' }
        : { code: 'etiquette-peu-utilisee', level: 'avertissement', file, field: etiquette.id, message: 'étiquette utilisée par une seule notice' },
    ];
  });
}

/** The home page shows featured notices: it needs enough of them. */
export const MIN_FEATURED = 15;

export function featuredProblems(contentRoot: string, notices: readonly CatalogueNotice[]): Problem[] {
  const count = notices.filter((n) => n.data.mis_en_avant === true).length;
  if (count >= MIN_FEATURED) return [];
  return [
    {
      code: 'mises-en-avant-insuffisantes',
      level: 'avertissement',
      file: relative(path.join(contentRoot, 'notices')),
      field: 'mis_en_avant',
      message: `${count} notice(s) mise(s) en avant : la page d’accueil en attend au moins ${MIN_FEATURED}`,
    },
  ];
}

export const MIN_SELECTIONS = 3;
export const MIN_SELECTION_NOTICES = 5;
export const MIN_INTRODUCTION_WORDS = 40;

/** Every selection is readable, points at existing notices, and says enough. */
export function selectionProblems(contentRoot: string, slugs: ReadonlySet<string>): Problem[] {
  const problems: Problem[] = [];
  const files = listSelectionFiles(selectionsDir(contentRoot));
  for (const file of files) {
    const checked = checkSelection(file);
    problems.push(...checked.problems.map((p) => ({ ...p, file: relative(file) })));
    if (checked.selection) problems.push(...selectionContentProblems(checked.selection, slugs, relative(file)));
  }
  if (files.length < MIN_SELECTIONS) {
    problems.push({
      code: 'selections-insuffisantes',
      level: 'avertissement',
      file: relative(selectionsDir(contentRoot)),
      field: 'sélections',
      message: `${files.length} sélection(s) : l’annuaire en propose au moins ${MIN_SELECTIONS}`,
    });
  }
  return problems;
}

function selectionContentProblems(selection: Selection, slugs: ReadonlySet<string>, file: string): Problem[] {
  const problems: Problem[] = selection.notices
    .filter((slug) => !slugs.has(slug))
    .map((slug) => ({ code: 'selection-notice-inconnue', level: 'erreur', file, field: 'notices', message: `la notice « ${slug} » n’existe pas` }));
  if (selection.notices.length < MIN_SELECTION_NOTICES) {
    problems.push({
      code: 'selection-trop-courte',
      level: 'avertissement',
      file,
      field: 'notices',
      message: `${selection.notices.length} notices : une sélection en présente au moins ${MIN_SELECTION_NOTICES}`,
    });
  }
  const words = countWords(selection.introduction);
  if (words < MIN_INTRODUCTION_WORDS) {
    problems.push({
      code: 'selection-introduction-courte',
      level: 'avertissement',
      file,
      field: 'introduction',
      message: `${words} mots : l’introduction d’une sélection en compte au moins ${MIN_INTRODUCTION_WORDS}`,
    });
  }
  return problems;
}

/** Redirections lead to a notice, and never hide one. */
export function redirectionProblems(contentRoot: string, slugs: ReadonlySet<string>): Problem[] {
  const file = relative(redirectionsFile(contentRoot));
  const { redirections, problems } = checkRedirections(redirectionsFile(contentRoot));
  const found: Problem[] = problems.map((p) => ({ ...p, file }));
  for (const { ancien, nouveau } of redirections) {
    if (!slugs.has(nouveau))
      found.push({ code: 'redirection-vers-inconnue', level: 'erreur', file, field: 'nouveau', message: `« ${ancien} » redirige vers « ${nouveau} », qui n’existe pas` });
    if (slugs.has(ancien))
      found.push({ code: 'redirection-masque-notice', level: 'erreur', file, field: 'ancien', message: `« ${ancien} » est encore une notice : la redirection la masquerait` });
  }
  return found;
}
