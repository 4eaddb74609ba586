/**
 * The source side of the awesome-selfhosted-data importer: reading a checkout (one YAML file per
 * software under `software/`, plus `licenses.yml` / `licenses-nonfree.yml`) into plain entries,
 * or into an « unreadable » line with its reason. Nothing here knows about notices.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { parseYaml } from '../../notices/notice-file.ts';

export const UPSTREAM_REPOSITORY = 'https://github.com/awesome-selfhosted/awesome-selfhosted-data';
export const UPSTREAM_AUTHORS = `${UPSTREAM_REPOSITORY}/blob/master/AUTHORS`;
export const DATA_LICENCE_URL = 'https://creativecommons.org/licenses/by-sa/3.0/deed.fr';

/** One `software/*.yml` entry, as far as the importer uses it. */
export interface SourceEntry {
  /** File name inside `software/`. */
  file: string;
  name: string;
  description?: string;
  website_url?: string;
  source_code_url?: string;
  demo_url?: string;
  licenses: string[];
  platforms: string[];
  tags: string[];
  depends_3rdparty?: boolean;
  archived?: boolean;
}

export interface SourceData {
  dir: string;
  entries: SourceEntry[];
  /** Entries that could not be read at all, with the reason. */
  unreadable: { file: string; reason: string }[];
  /** Licence ids of `licenses.yml` (free according to awesome-selfhosted). */
  freeLicences: Set<string>;
  /** Licence ids of `licenses-nonfree.yml`. */
  nonFreeLicences: Set<string>;
  /** Upstream commit when SOURCE.md names it (for precise links to the original entry). */
  commit?: string;
}

const asString = (value: unknown): string | undefined => (typeof value === 'string' && value.trim() ? value.trim() : undefined);
const asStringList = (value: unknown): string[] => (Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string' && v.trim() !== '').map((v) => v.trim()) : []);

function readLicenceIds(file: string): Set<string> {
  if (!existsSync(file)) return new Set();
  const list = parseYaml(readFileSync(file, 'utf8'));
  return new Set(
    (Array.isArray(list) ? list : [])
      .map((item) => (item && typeof item === 'object' ? asString((item as Record<string, unknown>).identifier) : undefined))
      .filter((id): id is string => id !== undefined),
  );
}

/** Reads a checkout of awesome-selfhosted-data. Throws (in French) when it is not one. */
export function readSource(dir: string): SourceData {
  const softwareDir = path.join(dir, 'software');
  if (!existsSync(softwareDir)) {
    throw new Error(`${dir} n’est pas une copie d’awesome-selfhosted-data : dossier « software/ » introuvable`);
  }
  const entries: SourceEntry[] = [];
  const unreadable: SourceData['unreadable'] = [];
  for (const file of readdirSync(softwareDir)
    .filter((name) => /\.ya?ml$/.test(name))
    .sort()) {
    let raw: unknown;
    try {
      raw = parseYaml(readFileSync(path.join(softwareDir, file), 'utf8'));
    } catch (error) {
      unreadable.push({ file, reason: `YAML illisible (${(error as Error).message.split('\n')[0]})` });
      continue;
    }
    if (!raw || typeof raw !== 'object' || Array.isArray(raw)) {
      unreadable.push({ file, reason: 'le fichier ne décrit pas un logiciel' });
      continue;
    }
    const data = raw as Record<string, unknown>;
    const name = asString(data.name);
    const licenses = asStringList(data.licenses);
    if (!name || licenses.length === 0) {
      unreadable.push({ file, reason: !name ? 'pas de nom (« name »)' : 'pas de licence (« licenses »)' });
      continue;
    }
    entries.push({
      file,
      name,
      description: asString(data.description),
      website_url: asString(data.website_url),
      source_code_url: asString(data.source_code_url),
      demo_url: asString(data.demo_url),
      licenses,
      platforms: asStringList(data.platforms),
      tags: asStringList(data.tags),
      depends_3rdparty: data.depends_3rdparty === true,
      archived: data.archived === true,
    });
  }
  const sourceMd = path.join(dir, 'SOURCE.md');
  const commit = existsSync(sourceMd) ? /\b([0-9a-f]{40})\b/.exec(readFileSync(sourceMd, 'utf8'))?.[1] : undefined;
  return {
    dir,
    entries,
    unreadable,
    freeLicences: readLicenceIds(path.join(dir, 'licenses.yml')),
    nonFreeLicences: readLicenceIds(path.join(dir, 'licenses-nonfree.yml')),
    commit,
  };
}
