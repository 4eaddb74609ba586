/**
 * content/licences-verifiees.yaml: for a notice (its slug), the primary source a person read to
 * check its licence, what that source says, and when. Written by hand (several writers append to
 * it; .gitattributes merges it by union), checked by `npm run validate` (catalogue-check.ts), and
 * shown discreetly on the notice page. The build reads it leniently: a broken file hides the line.
 *
 *   gimp:
 *     source: paquet Debian gimp 2.10.34-1, fichier copyright (« Files: * »)
 *     licence_lue: GPL-3+
 *     verifie_le: 2026-12-07
 */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { parseYaml } from './notice-file.ts';
import { contentDir } from './paths.ts';
import type { Problem } from './problems.ts';
import { isoDate, text } from './schema.ts';

export function licenceChecksFile(root = contentDir()): string {
  return path.join(root, 'licences-verifiees.yaml');
}

export const licenceCheckSchema = z.strictObject(
  {
    source: text(300),
    licence_lue: text(200),
    verifie_le: isoDate,
  },
  {
    error: (issue) =>
      issue.code === 'unrecognized_keys'
        ? `clé inconnue : ${issue.keys.join(', ')} (clés possibles : source, licence_lue, verifie_le)`
        : 'doit être une liste de clés « clé: valeur » (source, licence_lue, verifie_le)',
  },
);

export type LicenceCheck = z.infer<typeof licenceCheckSchema>;

/** Each entry read on its own; a slug written twice (two writers, merged by union) is reported. */
export function parseLicenceChecks(source: string, file = 'content/licences-verifiees.yaml'): { entries: Map<string, LicenceCheck>; problems: Problem[] } {
  const entries = new Map<string, LicenceCheck>();
  const problems: Problem[] = [];
  const add = (code: string, field: string, message: string) => problems.push({ code, level: 'erreur', file, field, message });
  // js-yaml refuses a mapping key written twice and would lose the whole file: find them first.
  const seen = new Map<string, number>();
  const lines = source.split('\n');
  const kept: string[] = [];
  let skipping = false;
  lines.forEach((line, index) => {
    const top = /^([^\s#][^:]*):\s*(#.*)?$/.exec(line);
    if (top) {
      const slug = top[1]!.trim().replace(/^["']|["']$/g, '');
      const first = seen.get(slug);
      skipping = first !== undefined;
      if (skipping) add('licence-verifiee-double', slug, `entrée en double (lignes ${first} et ${index + 1}) : n’en garder qu’une`);
      else seen.set(slug, index + 1);
    } else if (/^\S/.test(line)) skipping = false;
    kept.push(skipping ? '' : line);
  });
  let raw: unknown;
  try {
    raw = parseYaml(kept.join('\n')) ?? {};
  } catch (error) {
    add('licences-verifiees-illisible', 'fichier', `YAML illisible : ${(error as Error).message.split('\n')[0]}`);
    return { entries, problems };
  }
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
    add('licences-verifiees-illisible', 'fichier', 'le fichier doit associer à chaque notice (son slug) sa vérification : source, licence_lue, verifie_le');
    return { entries, problems };
  }
  for (const [slug, value] of Object.entries(raw)) {
    const result = licenceCheckSchema.safeParse(value);
    if (result.success) entries.set(slug, result.data);
    else for (const issue of result.error.issues) add('licence-verifiee-invalide', [slug, ...issue.path.map(String)].join(' : '), issue.message);
  }
  return { entries, problems };
}

/** The file's problems for `npm run validate`: its own, and checks of notices that do not exist. */
export function licenceCheckProblems(slugs: ReadonlySet<string>, file = licenceChecksFile()): Problem[] {
  if (!existsSync(file)) return [];
  const shown = path.relative(process.cwd(), file);
  const { entries, problems } = parseLicenceChecks(readFileSync(file, 'utf8'), shown);
  for (const slug of entries.keys()) {
    if (!slugs.has(slug))
      problems.push({
        code: 'licence-verifiee-notice-inconnue',
        level: 'erreur',
        file: shown,
        field: slug,
        message: `la notice « ${slug} » n’existe pas (content/notices/${slug}.md)`,
      });
  }
  return problems;
}

const loaded = new Map<string, Map<string, LicenceCheck>>();

/** The recorded check of a notice's licence, if the file has a valid entry for it. Never throws. */
export function licenceCheckOf(slug: string, root = contentDir()): LicenceCheck | undefined {
  let entries = loaded.get(root);
  if (!entries) {
    const file = licenceChecksFile(root);
    try {
      entries = existsSync(file) ? parseLicenceChecks(readFileSync(file, 'utf8')).entries : new Map();
    } catch {
      entries = new Map();
    }
    loaded.set(root, entries);
  }
  return entries.get(slug);
}
