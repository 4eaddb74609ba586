/**
 * A renamed notice changes slug, but people's mini-sites link to the old URL: each old slug keeps
 * a page that redirects to the new one. The list lives in content/redirections.yaml.
 */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { parseYaml } from './notice-file.ts';
import { contentDir } from './paths.ts';
import type { FileProblem } from './problems.ts';
import { expected } from './schema.ts';
import { SLUG_PATTERN } from './slug.ts';

const slug = z.string(expected('un slug')).regex(SLUG_PATTERN, 'doit être un slug (minuscules, chiffres, tirets)');
export const redirectionsSchema = z.array(
  z.strictObject(
    { ancien: slug, nouveau: slug },
    {
      error: (issue) =>
        issue.code === 'unrecognized_keys' ? `clé inconnue : ${issue.keys.join(', ')} (clés possibles : ancien, nouveau)` : 'doit être une entrée « ancien: … » / « nouveau: … »',
    },
  ),
  { error: 'le fichier doit être une liste d’entrées « - ancien: … » / « nouveau: … »' },
);
export type Redirection = z.infer<typeof redirectionsSchema>[number];

export function redirectionsFile(root = contentDir()): string {
  return path.join(root, 'redirections.yaml');
}

/** The redirections and every problem of the file (absent is fine: nothing renamed yet). */
export function checkRedirections(file = redirectionsFile()): { redirections: Redirection[]; problems: FileProblem[] } {
  if (!existsSync(file)) return { redirections: [], problems: [] };
  let raw: unknown;
  try {
    raw = parseYaml(readFileSync(file, 'utf8')) ?? [];
  } catch (error) {
    return {
      redirections: [],
      problems: [{ code: 'redirections-illisibles', level: 'erreur', field: 'fichier', message: `YAML illisible : ${(error as Error).message.split('\n')[0]}` }],
    };
  }
  const result = redirectionsSchema.safeParse(raw);
  if (result.success) return { redirections: result.data, problems: [] };
  const problems = result.error.issues.map((issue): FileProblem => {
    const [index, key] = issue.path;
    const field = typeof index === 'number' ? `entrée ${index + 1}${key !== undefined ? ` : ${String(key)}` : ''}` : 'fichier';
    return { code: 'redirection-invalide', level: 'erreur', field, message: issue.message };
  });
  return { redirections: [], problems };
}

/** The redirections; throws every problem in French, each naming its entry and field. */
export function loadRedirections(file = redirectionsFile()): Redirection[] {
  const { redirections, problems } = checkRedirections(file);
  if (problems.length > 0) throw new Error(problems.map((p) => `${p.field} : ${p.message}`).join(' ; '));
  return redirections;
}
