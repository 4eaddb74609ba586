/**
 * The words of a need (content/besoins.yaml): for each étiquette, the words and phrases people type
 * when they need what its notices do (« questionnaire », « gros fichier », « facture »). Moderators
 * extend them by merge request (docs/besoins.md); the search reads them (src/search/ranking.ts,
 * NeedWords) on the server page and, through /recherche/besoins.json, in the box. An étiquette may
 * have no words: its label always counts. Checked by `npm run validate` (catalogue-check.ts) and
 * again by the build, which stops on any error. Node only.
 */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { needStems, type NeedWords } from './words.ts';
import { parseYaml } from './notice-file.ts';
import { contentDir } from './paths.ts';
import type { Problem } from './problems.ts';
import type { Etiquette } from './vocabulary.ts';

export const NEED_WORD_MAX = 60;

export function needsFile(root = contentDir()): string {
  return path.join(root, 'besoins.yaml');
}

/** The line (1-based) of an étiquette's key, and of each of its list items, found by reading the file as text. */
function lineIndex(text: string): Map<string, { line: number; items: number[] }> {
  const index = new Map<string, { line: number; items: number[] }>();
  let current: { line: number; items: number[] } | undefined;
  text.split('\n').forEach((raw, i) => {
    const key = /^([^\s#-][^:]*):\s*(#.*)?$/.exec(raw);
    if (key) {
      current = { line: i + 1, items: [] };
      if (!index.has(key[1]!.trim())) index.set(key[1]!.trim(), current);
    } else if (current && /^\s+-\s/.test(raw)) current.items.push(i + 1);
  });
  return index;
}

/**
 * Every problem of the file, each naming its line, and the words of the valid entries by étiquette
 * id. `etiquettes` is the vocabulary (content/etiquettes.yaml).
 */
export function checkNeeds(text: string, etiquettes: readonly Pick<Etiquette, 'id'>[], file: string): { words: Map<string, string[]>; problems: Problem[] } {
  const problems: Problem[] = [];
  const words = new Map<string, string[]>();
  const add = (code: string, line: number | undefined, field: string, message: string, level: Problem['level'] = 'erreur') =>
    problems.push({ code, level, file, field: line ? `ligne ${line} (${field})` : field, message });
  let raw: unknown;
  try {
    raw = parseYaml(text) ?? {};
  } catch (error) {
    const mark = (error as { mark?: { line?: number } }).mark;
    add('besoins-illisible', mark?.line !== undefined ? mark.line + 1 : undefined, 'fichier', `YAML illisible : ${(error as Error).message.split('\n')[0]}`);
    return { words, problems };
  }
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
    add(
      'besoins-illisible',
      undefined,
      'fichier',
      'le fichier doit associer à chaque identifiant d’étiquette une liste de mots (« prise-de-notes: » puis des lignes « - bloc-notes »)',
    );
    return { words, problems };
  }
  const lines = lineIndex(text);
  const known = new Set(etiquettes.map((e) => e.id));
  for (const [id, value] of Object.entries(raw as Record<string, unknown>)) {
    const where = lines.get(id);
    if (!known.has(id)) {
      add('besoins-etiquette-inconnue', where?.line, id, `l’étiquette « ${id} » n’existe pas dans content/etiquettes.yaml`);
      continue;
    }
    if (value === null) continue; // An étiquette listed without words yet.
    if (!Array.isArray(value)) {
      add('besoins-mots-invalides', where?.line, id, 'doit être une liste de mots, une ligne « - mot » chacun');
      continue;
    }
    const kept: string[] = [];
    const seen = new Map<string, string>();
    value.forEach((item, i) => {
      const line = where?.items[i] ?? where?.line;
      if (typeof item !== 'string' || !item.trim()) {
        add('besoins-mot-invalide', line, id, 'doit être un mot ou une expression, en texte');
        return;
      }
      const word = item.trim();
      if (word.length > NEED_WORD_MAX) {
        add('besoins-mot-invalide', line, id, `« ${word.slice(0, 30)}… » : ${NEED_WORD_MAX} caractères au plus (un mot ou une courte expression)`);
        return;
      }
      const stems = needStems(word);
      if (stems.length === 0) {
        add('besoins-mot-vide', line, id, `« ${word} » ne contient que des petits mots que la recherche ignore (de, pour, un…) : il ne mènerait à rien`);
        return;
      }
      const key = stems.join(' ');
      const first = seen.get(key);
      if (first !== undefined) {
        add('besoins-mot-double', line, id, `« ${word} » revient au même que « ${first} » pour la recherche (même mot au pluriel ou sans accent) : en garder un`, 'avertissement');
        return;
      }
      seen.set(key, word);
      kept.push(word);
    });
    words.set(id, kept);
  }
  return { words, problems };
}

/** Checks content/besoins.yaml against the vocabulary (absent is fine: labels alone then). */
export function validateNeeds(etiquettes: readonly Pick<Etiquette, 'id'>[], file = needsFile()): Problem[] {
  if (!existsSync(file)) return [];
  return checkNeeds(readFileSync(file, 'utf8'), etiquettes, path.relative(process.cwd(), file)).problems;
}

/**
 * The need words for the search, by étiquette label (every étiquette is there, with its words or
 * none); any error stops the build with the same messages as `npm run validate`.
 */
export function loadNeedWords(etiquettes: readonly Etiquette[], file = needsFile()): NeedWords {
  const { words, problems } = existsSync(file)
    ? checkNeeds(readFileSync(file, 'utf8'), etiquettes, path.relative(process.cwd(), file))
    : { words: new Map<string, string[]>(), problems: [] };
  const errors = problems.filter((p) => p.level === 'erreur');
  if (errors.length > 0) throw new Error(errors.map((p) => `${p.file} : ${p.field} : ${p.message}`).join('\n'));
  return Object.fromEntries(etiquettes.map((e) => [e.libelle, words.get(e.id) ?? []]));
}
