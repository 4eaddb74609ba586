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

/**
 * Each entry read on its own, so that one badly written entry names itself and hides nothing
 * else (the file is appended to by hand, by several people); a slug written twice (two writers,
 * merged by union) is reported.
 */
export function parseLicenceChecks(source: string, file = 'content/licences-verifiees.yaml'): { entries: Map<string, LicenceCheck>; problems: Problem[] } {
  const entries = new Map<string, LicenceCheck>();
  const problems: Problem[] = [];
  const add = (code: string, field: string, message: string) => problems.push({ code, level: 'erreur', file, field, message });
  // Blocks: a line starting at column 0 (« slug: ») opens one; comments and blank lines belong to the block they are in.
  const blocks: { line: number; lines: string[] }[] = [];
  source.split(/\r?\n/).forEach((line, index) => {
    if (/^[^\s#]/.test(line) || blocks.length === 0) blocks.push({ line: index + 1, lines: [] });
    blocks.at(-1)!.lines.push(line);
  });
  const firstLine = new Map<string, number>();
  for (const block of blocks) {
    const head = block.lines[0]!;
    if (!/^[^\s#]/.test(head) && block.lines.every((l) => /^\s*(#.*)?$/.test(l))) continue; // header comments
    const slug = /^["']?([^"':\s]+)["']?\s*:/.exec(head)?.[1] ?? head.trim();
    let raw: unknown;
    try {
      raw = parseYaml(block.lines.join('\n'));
    } catch (error) {
      const reason = (error as Error).message.split('\n')[0]!.replace(/\((\d+):(\d+)\)$/, (_, l: string) => `(ligne ${block.line + Number(l) - 1})`);
      add('licence-verifiee-illisible', slug, `YAML illisible : ${reason} ; une valeur qui contient « : » s’écrit entre guillemets droits ("…")`);
      continue;
    }
    if (typeof raw !== 'object' || raw === null || Array.isArray(raw) || Object.keys(raw).length !== 1) {
      add('licence-verifiee-illisible', `ligne ${block.line}`, 'chaque entrée est « slug: » suivi de source, licence_lue et verifie_le, en retrait');
      continue;
    }
    const [[key, value]] = Object.entries(raw) as [[string, unknown]];
    const first = firstLine.get(key);
    if (first !== undefined) {
      add('licence-verifiee-double', key, `entrée en double (lignes ${first} et ${block.line}) : n’en garder qu’une`);
      continue;
    }
    firstLine.set(key, block.line);
    const result = licenceCheckSchema.safeParse(value);
    if (result.success) entries.set(key, result.data);
    else for (const issue of result.error.issues) add('licence-verifiee-invalide', [key, ...issue.path.map(String)].join(' : '), issue.message);
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
