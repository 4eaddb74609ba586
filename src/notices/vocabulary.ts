/**
 * The vocabularies (étiquettes, plateformes) live in YAML files next to the notices so that
 * moderators edit them like notices. This module loads and checks them (Node only).
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { parseYaml } from './notice-file.ts';
import type { Vocabulary } from './schema.ts';
import { slugify } from './slug.ts';
import { contentDir } from './paths.ts';

const etiquetteSchema = z.strictObject({
  id: z.string().regex(/^[a-z0-9]+(-[a-z0-9]+)*$/, 'identifiant en minuscules et tirets'),
  libelle: z.string().min(1).max(40),
  description: z.string().min(1).max(160),
});
const plateformeSchema = z.strictObject({
  id: z.string().min(1).max(30),
  description: z.string().min(1).max(160),
});

export type Etiquette = z.infer<typeof etiquetteSchema>;
export type Plateforme = z.infer<typeof plateformeSchema>;

export interface Vocabularies {
  etiquettes: Etiquette[];
  plateformes: Plateforme[];
}

function loadList<T>(file: string, schema: z.ZodType<T>): T[] {
  const data = parseYaml(readFileSync(file, 'utf8'));
  const result = z.array(schema).safeParse(data);
  if (!result.success) {
    const first = result.error.issues[0];
    throw new Error(`${file} : entrée ${Number(first?.path[0] ?? 0) + 1}, ${first?.path.slice(1).join('.')} : ${first?.message}`);
  }
  return result.data;
}

export function loadVocabularies(dir = contentDir()): Vocabularies {
  const etiquettes = loadList(path.join(dir, 'etiquettes.yaml'), etiquetteSchema);
  const plateformes = loadList(path.join(dir, 'plateformes.yaml'), plateformeSchema);
  // "navigateur web" and "navigateurs web" must not both exist: ids and labels must differ
  // even once plural and accents are folded.
  const seen = new Map<string, string>();
  for (const etiquette of etiquettes) {
    for (const key of new Set([etiquette.id, slugify(etiquette.libelle)].map(singularStem))) {
      const previous = seen.get(key);
      if (previous && previous !== etiquette.id) {
        throw new Error(`content/etiquettes.yaml : « ${etiquette.id} » est trop proche de « ${previous} »`);
      }
      seen.set(key, etiquette.id);
    }
  }
  return { etiquettes, plateformes };
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
