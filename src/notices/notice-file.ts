/**
 * Reading and writing notice files. One YAML parser and one configuration for the whole project
 * (site, validation, contribution, importer): js-yaml with the CORE schema, so `2024-05-01` stays
 * the string the contributor wrote instead of becoming a Date, whatever tool reads it.
 */
import matter from 'gray-matter';
import yaml from 'js-yaml';
import { NOTICE_KEYS } from './schema.ts';

const YAML_OPTIONS = { schema: yaml.CORE_SCHEMA } as const;

export function parseYaml(text: string): unknown {
  return yaml.load(text, YAML_OPTIONS);
}

export function dumpYaml(value: unknown): string {
  return yaml.dump(value, {
    schema: yaml.CORE_SCHEMA,
    lineWidth: -1, // never fold long lines: a one-line change stays a one-line diff
    noRefs: true,
    quotingType: "'",
  });
}

const matterOptions = {
  engines: {
    yaml: {
      parse: (text: string) => (parseYaml(text) ?? {}) as object,
      stringify: (value: object) => dumpYaml(value),
    },
  },
};

export interface NoticeFileContent {
  /** The front matter as written, not yet validated. */
  data: Record<string, unknown>;
  /** The long description, Markdown, without the leading blank line. */
  body: string;
}

export class NoticeSyntaxError extends Error {}

export function parseNoticeFile(text: string): NoticeFileContent {
  if (!/^---\r?\n/.test(text)) {
    throw new NoticeSyntaxError('le fichier doit commencer par une ligne « --- » suivie de l’en-tête YAML');
  }
  let parsed: matter.GrayMatterFile<string>;
  try {
    parsed = matter(text, matterOptions as Parameters<typeof matter>[1]);
  } catch (error) {
    const reason = error instanceof yaml.YAMLException ? error.reason : String(error);
    const line = error instanceof yaml.YAMLException ? ` (ligne ${error.mark.line + 2})` : '';
    throw new NoticeSyntaxError(`en-tête YAML illisible${line} : ${reason}`);
  }
  const data = parsed.data;
  if (data === null || typeof data !== 'object' || Array.isArray(data)) {
    throw new NoticeSyntaxError('l’en-tête YAML doit être une liste de clés « clé: valeur »');
  }
  return { data: { ...data }, body: parsed.content.replace(/^\s*\n/, '').replace(/\s+$/, '') };
}

/**
 * The canonical writer: keys in the documented order, empty values dropped, body after one blank
 * line, one final newline. Every notice in the repository is kept in this form, so a
 * read → write round trip is the identity and a contribution's diff shows only what changed.
 */
export function writeNoticeFile(data: Record<string, unknown>, body: string): string {
  const ordered: Record<string, unknown> = {};
  const known = new Set<string>(NOTICE_KEYS);
  for (const key of NOTICE_KEYS) {
    if (!isEmpty(data[key])) ordered[key] = data[key];
  }
  // Unknown keys are kept (at the end) so that the writer never silently loses what it was given;
  // validation reports them.
  for (const key of Object.keys(data).sort()) {
    if (!known.has(key) && !isEmpty(data[key])) ordered[key] = data[key];
  }
  const trimmedBody = body.replace(/\r\n/g, '\n').trim();
  return `---\n${dumpYaml(ordered)}---\n${trimmedBody ? `\n${trimmedBody}\n` : ''}`;
}

function isEmpty(value: unknown): boolean {
  return value === undefined || value === null || (typeof value === 'string' && value.trim() === '') || (Array.isArray(value) && value.length === 0);
}
