/**
 * A renamed notice changes slug, but people's mini-sites link to the old URL: each old slug keeps
 * a page that redirects to the new one. The list lives in content/redirections.yaml.
 */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { parseYaml } from './notice-file.ts';
import { contentDir } from './paths.ts';

const slug = z.string().regex(/^[a-z0-9]+(-[a-z0-9]+)*$/, 'doit être un slug (minuscules, chiffres, tirets)');
export const redirectionsSchema = z.array(z.strictObject({ ancien: slug, nouveau: slug }));
export type Redirection = z.infer<typeof redirectionsSchema>[number];

export function redirectionsFile(root = contentDir()): string {
  return path.join(root, 'redirections.yaml');
}

export function loadRedirections(file = redirectionsFile()): Redirection[] {
  if (!existsSync(file)) return [];
  const result = redirectionsSchema.safeParse(parseYaml(readFileSync(file, 'utf8')) ?? []);
  if (!result.success) {
    const issue = result.error.issues[0];
    throw new Error(`entrée ${Number(issue?.path[0] ?? 0) + 1} : ${String(issue?.path[1] ?? '')} ${issue?.message}`);
  }
  return result.data;
}
