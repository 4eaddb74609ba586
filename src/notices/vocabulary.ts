/**
 * The vocabularies (étiquettes, plateformes) live in YAML files next to the notices so that
 * moderators edit them like notices. This module loads and checks them (Node only).
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { parseYaml } from './notice-file.ts';
import type { Problem } from './problems.ts';
import { expected, text, type Vocabulary } from './schema.ts';
import { slugify, SLUG_PATTERN } from './slug.ts';
import { contentDir } from './paths.ts';

const unknownKeys = (keys: string) => ({
  error: (issue: { code: string; keys?: string[] }) =>
    issue.code === 'unrecognized_keys' ? `clé inconnue : ${(issue.keys ?? []).join(', ')} (clés possibles : ${keys})` : 'doit être une entrée « clé: valeur »',
});

const etiquetteSchema = z.strictObject(
  {
    id: z.string(expected('un identifiant')).regex(SLUG_PATTERN, 'identifiant en minuscules et tirets'),
    libelle: text(40),
    description: text(160),
  },
  unknownKeys('id, libelle, description'),
);
const plateformeSchema = z.strictObject(
  {
    id: text(30),
    description: text(160),
  },
  unknownKeys('id, description'),
);

export type Etiquette = z.infer<typeof etiquetteSchema>;
export type Plateforme = z.infer<typeof plateformeSchema>;

export interface Vocabularies {
  etiquettes: Etiquette[];
  plateformes: Plateforme[];
}

/** The valid entries of one list, and a problem for each wrong field of the others. */
function checkList<T>(file: string, schema: z.ZodType<T>): { entries: T[]; problems: Problem[] } {
  const where = path.relative(process.cwd(), file);
  let data: unknown;
  try {
    data = parseYaml(readFileSync(file, 'utf8'));
  } catch (error) {
    return {
      entries: [],
      problems: [{ code: 'vocabulaire-illisible', level: 'erreur', file: where, field: 'fichier', message: `YAML illisible : ${(error as Error).message.split('\n')[0]}` }],
    };
  }
  if (!Array.isArray(data)) {
    return {
      entries: [],
      problems: [{ code: 'vocabulaire-illisible', level: 'erreur', file: where, field: 'fichier', message: 'le fichier doit être une liste d’entrées (lignes « - id: … »)' }],
    };
  }
  const entries: T[] = [];
  const problems: Problem[] = [];
  data.forEach((item, i) => {
    const result = schema.safeParse(item);
    if (result.success) entries.push(result.data);
    else {
      for (const issue of result.error.issues) {
        const key = issue.path.length > 0 ? ` : ${issue.path.join('.')}` : '';
        problems.push({ code: 'vocabulaire-entree-invalide', level: 'erreur', file: where, field: `entrée ${i + 1}${key}`, message: issue.message });
      }
    }
  });
  return { entries, problems };
}

/** The vocabularies and every problem of their files. */
export function checkVocabularies(dir = contentDir()): { vocabularies: Vocabularies; problems: Problem[] } {
  const etiquettes = checkList(path.join(dir, 'etiquettes.yaml'), etiquetteSchema);
  const plateformes = checkList(path.join(dir, 'plateformes.yaml'), plateformeSchema);
  const problems = [...etiquettes.problems, ...plateformes.problems, ...closeEtiquettes(etiquettes.entries, path.relative(process.cwd(), path.join(dir, 'etiquettes.yaml')))];
  return { vocabularies: { etiquettes: etiquettes.entries, plateformes: plateformes.entries }, problems };
}

/**
 * "navigateur web" and "navigateurs web" must not both exist: ids and labels must differ even
 * once plural and accents are folded.
 */
function closeEtiquettes(etiquettes: readonly Etiquette[], file: string): Problem[] {
  const problems: Problem[] = [];
  const seen = new Map<string, string>();
  for (const etiquette of etiquettes) {
    for (const key of new Set([etiquette.id, slugify(etiquette.libelle)].map(singularStem))) {
      const previous = seen.get(key);
      if (previous && previous !== etiquette.id) {
        problems.push({ code: 'etiquette-trop-proche', level: 'erreur', file, field: etiquette.id, message: `« ${etiquette.id} » est trop proche de « ${previous} »` });
        break;
      }
      seen.set(key, etiquette.id);
    }
  }
  return problems;
}

/** The vocabularies; throws every problem in French when a file is wrong. */
export function loadVocabularies(dir = contentDir()): Vocabularies {
  const { vocabularies, problems } = checkVocabularies(dir);
  if (problems.length > 0) throw new Error(problems.map((p) => `${p.file} : ${p.field} : ${p.message}`).join('\n'));
  return vocabularies;
}

/** Crude French plural folding, enough to catch « navigateur-web » vs « navigateurs-web ». */
function singularStem(slug: string): string {
  return slug
    .split('-')
    .map((word) => word.replace(/(aux)$/, 'al').replace(/[sx]$/, ''))
    .join('-');
}

export function vocabularyIds(vocabularies: Vocabularies): Vocabulary {
  return {
    etiquettes: vocabularies.etiquettes.map((e) => e.id),
    plateformes: vocabularies.plateformes.map((p) => p.id),
  };
}
