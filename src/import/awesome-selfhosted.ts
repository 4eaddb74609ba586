/**
 * Importer for the awesome-selfhosted-data format (https://github.com/awesome-selfhosted/awesome-selfhosted-data):
 * one YAML file per software under `software/`, plus `licenses.yml` / `licenses-nonfree.yml`.
 *
 * Plain TypeScript (no `astro:*` import) so that the command, the tests and the benchmarks share it.
 * The work is split in three steps:
 *   1. `importAwesomeSelfhosted()` reads the source and turns every entry into a notice held in
 *      memory, or into a skip with its reason; every notice is checked with the project's own
 *      schema and Markdown check before it is kept, so nothing invalid can be written;
 *   2. `writeImportedNotices()` writes them into a temporary folder, then moves them in place
 *      (nothing half-done: an error before the move leaves the target untouched);
 *   3. `formatReport()` prints the French report (imported, skipped by reason, adjusted fields).
 *
 * The data is CC-BY-SA-3.0: every notice's body keeps the attribution and the link to the
 * authors, as the licence requires, and says that the notice is under the same licence.
 */
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, renameSync, rmSync, rmdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { checkLicence } from '../notices/licences.ts';
import { findUnsafeMarkdown } from '../notices/markdown.ts';
import { parseYaml, writeNoticeFile } from '../notices/notice-file.ts';
import { readNoticeFile } from '../notices/repository.ts';
import { createNoticeSchema, DESCRIPTION_COURTE_MAX, httpsUrl, type Vocabulary } from '../notices/schema.ts';
import { slugify } from '../notices/slug.ts';

export const UPSTREAM_REPOSITORY = 'https://github.com/awesome-selfhosted/awesome-selfhosted-data';
export const UPSTREAM_AUTHORS = `${UPSTREAM_REPOSITORY}/blob/master/AUTHORS`;
export const DATA_LICENCE_URL = 'https://creativecommons.org/licenses/by-sa/3.0/deed.fr';

// ─── Source ─────────────────────────────────────────────────────────────────────────────────────

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
const asStringList = (value: unknown): string[] =>
  Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string' && v.trim() !== '').map((v) => v.trim()) : [];

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
  for (const file of readdirSync(softwareDir).filter((name) => /\.ya?ml$/.test(name)).sort()) {
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

// ─── Licences ───────────────────────────────────────────────────────────────────────────────────

/**
 * awesome-selfhosted ids that are not current SPDX ids. The GNU ones do not say "only" or
 * "or later": per SPDX's deprecation note the bare id meant "only", so that is what we write,
 * and the notice says it is to be checked.
 */
export const LICENCE_MAP: Readonly<Record<string, string>> = {
  'GPL-1.0': 'GPL-1.0-only',
  'GPL-2.0': 'GPL-2.0-only',
  'GPL-3.0': 'GPL-3.0-only',
  'LGPL-2.0': 'LGPL-2.0-only',
  'LGPL-2.1': 'LGPL-2.1-only',
  'LGPL-3.0': 'LGPL-3.0-only',
  'AGPL-1.0': 'AGPL-1.0-only',
  'AGPL-3.0': 'AGPL-3.0-only',
  'GFDL-1.3': 'GFDL-1.3-only',
  'BSD-2-Clause-FreeBSD': 'BSD-2-Clause',
  'BSD-2-Clause-NetBSD': 'BSD-2-Clause',
};

/** Upstream ids whose version range is ambiguous (the notice asks for a check). */
const AMBIGUOUS_GNU = /^(A|L)?GPL-\d\.\d$|^GFDL-\d\.\d$/;

export interface LicenceMapping {
  /** SPDX ids kept, in the source's order. */
  kept: string[];
  /** Licences left out, with why. */
  dropped: { id: string; kind: 'non-libre' | 'non-reconnue'; message: string }[];
  /** Upstream ids mapped to "-only" although upstream did not say (GPL-3.0 → GPL-3.0-only). */
  ambiguous: string[];
}

export function mapLicences(ids: readonly string[], source: Pick<SourceData, 'nonFreeLicences'>): LicenceMapping {
  const result: LicenceMapping = { kept: [], dropped: [], ambiguous: [] };
  for (const id of ids) {
    if (source.nonFreeLicences.has(id)) {
      result.dropped.push({ id, kind: 'non-libre', message: 'classée non libre par awesome-selfhosted' });
      continue;
    }
    const spdx = LICENCE_MAP[id] ?? id;
    const check = checkLicence(spdx);
    if (!check.ok) {
      result.dropped.push({ id, kind: 'non-reconnue', message: check.message ?? 'licence refusée' });
      continue;
    }
    if (AMBIGUOUS_GNU.test(id)) result.ambiguous.push(id);
    if (!result.kept.includes(spdx)) result.kept.push(spdx);
  }
  return result;
}

// ─── Plateformes ────────────────────────────────────────────────────────────────────────────────

/**
 * awesome-selfhosted "platforms" are the languages and packagings a server runs (PHP, Docker,
 * deb, K8S…): for a visitor they all mean "installs on a server", i.e. `Serveur`. A software
 * whose users work in a browser also gets `Web`. We do not add GNU/Linux for `deb`: our
 * GNU/Linux means "runs on your computer", which a server package does not promise.
 */
export const PLATFORM_MAP: Readonly<Record<string, readonly string[]>> = Object.fromEntries(
  [
    '.NET', 'Ansible', 'Assembly', 'C', 'C#', 'C++', 'CommonLisp', 'Crystal', 'Dart', 'deb', 'Deno', 'Docker',
    'Elixir', 'Erlang', 'Go', 'Haskell', 'Haxe', 'Java', 'Javascript', 'K8S', 'Lua', 'Mono', 'Nim', 'Nix',
    'Nodejs', 'Objective-C', 'OCaml', 'Perl', 'PHP', 'PLpgSQL', 'Python', 'Ruby', 'Rust', 'Scala', 'Shell', 'Unknown',
  ].map((platform) => [platform, ['Serveur']]),
);

/**
 * Categories whose software is used without a web interface (servers spoken to by other
 * programs, command-line tools). An entry gets `Web` unless all its categories are here and
 * its description does not mention a web interface.
 */
export const NO_WEB_UI_TAGS: ReadonlySet<string> = new Set([
  'Communication - Email - Mail Delivery Agents',
  'Communication - Email - Mail Transfer Agents',
  'Communication - IRC',
  'Communication - SIP',
  'Communication - XMPP - Servers',
  'DNS',
  'File Transfer - Distributed Filesystems',
  'File Transfer - Object Storage & File Servers',
  'File Transfer - Peer-to-peer Filesharing',
  'Proxy',
  'Software Development - FaaS & Serverless',
  'Static Site Generators',
  'VPN',
  'Web Servers',
]);

/** Words that name a user interface; on a server, that interface is almost always a web page. */
const WEB_UI_WORDS = /\b(web|webui|webapp|webmail|web-based|browsers?|dashboards?|gui|ui|user interface|frontend|front-end|admin(istration)? (interface|panel)|interface)\b/i;
/** "web" phrases that speak of serving the web rather than of an interface to it. */
const WEB_SERVING = /\bweb[- ](servers?|proxy|proxies|services?|sites?|hooks?|sockets?|pages?|standards?|traffic|applications? firewall)\b/gi;
/** Descriptions of tools driven from a terminal (unless they also name an interface). */
const NO_WEB_UI_WORDS = /\b(command[- ]line|cli|terminal)\b/i;

export function mapPlateformes(entry: Pick<SourceEntry, 'platforms' | 'tags' | 'description'>): { plateformes: string[]; unknown: string[] } {
  const set = new Set<string>();
  const unknown: string[] = [];
  for (const platform of entry.platforms) {
    const mapped = PLATFORM_MAP[platform];
    if (mapped) mapped.forEach((p) => set.add(p));
    else unknown.push(platform);
  }
  set.add('Serveur'); // everything on awesome-selfhosted installs on a server, whatever the platform says
  const description = (entry.description ?? '').replace(WEB_SERVING, '');
  const hasWebUi =
    WEB_UI_WORDS.test(description) ||
    (!NO_WEB_UI_WORDS.test(description) && (entry.tags.length === 0 || entry.tags.some((tag) => !NO_WEB_UI_TAGS.has(tag))));
  if (hasWebUi) set.add('Web');
  return { plateformes: ['Serveur', 'Web'].filter((p) => set.has(p)), unknown };
}

// ─── Étiquettes ─────────────────────────────────────────────────────────────────────────────────

/**
 * awesome-selfhosted categories → our étiquettes (content/etiquettes.yaml). Every imported notice
 * also gets `auto-hebergement`. An empty list means "no étiquette of ours says it": better none
 * than a misleading one. A category missing from this table is reported.
 */
export const TAG_MAP: Readonly<Record<string, readonly string[]>> = {
  'Analytics': ['developpement-web'],
  'Archiving and Digital Preservation (DP)': ['sauvegarde'],
  'Automation': [],
  'Backup': ['sauvegarde'],
  'Blogging Platforms': ['site-web'],
  'Booking and Scheduling': ['sondage'],
  'Bookmarks and Link Sharing': ['veille'],
  'Calendar & Contacts': ['synchronisation', 'travail-en-equipe'],
  'Communication - Custom Communication Systems': ['messagerie-instantanee'],
  'Communication - Email - Complete Solutions': ['courriel'],
  'Communication - Email - Mail Delivery Agents': ['courriel'],
  'Communication - Email - Mail Transfer Agents': ['courriel'],
  'Communication - Email - Mailing Lists and Newsletters': ['courriel'],
  'Communication - Email - Webmail Clients': ['courriel'],
  'Communication - IRC': ['messagerie-instantanee'],
  'Communication - SIP': ['visioconference'],
  'Communication - Social Networks and Forums': ['reseau-social', 'forum'],
  'Communication - Video Conferencing': ['visioconference'],
  'Communication - XMPP - Servers': ['messagerie-instantanee'],
  'Communication - XMPP - Web Clients': ['messagerie-instantanee'],
  'Community-Supported Agriculture (CSA)': ['gestion-associative'],
  'Conference Management': ['travail-en-equipe'],
  'Content Management Systems (CMS)': ['site-web'],
  'Customer Relationship Management (CRM)': ['gestion-associative'],
  'Database Management': ['base-de-donnees'],
  'DNS': [],
  'Document Management': ['bureautique'],
  'Document Management - E-books': ['livres-numeriques'],
  'Document Management - Institutional Repository and Digital Library Software': ['recherche-documentaire'],
  'Document Management - Integrated Library Systems (ILS)': ['recherche-documentaire'],
  'E-commerce': ['site-web'],
  'Federated Identity & Authentication': ['securite'],
  'Feed Readers': ['veille'],
  'File Transfer - Distributed Filesystems': ['stockage-en-ligne'],
  'File Transfer - Object Storage & File Servers': ['stockage-en-ligne'],
  'File Transfer - Peer-to-peer Filesharing': ['pair-a-pair', 'transfert-de-fichiers'],
  'File Transfer - Single-click & Drag-n-drop Upload': ['transfert-de-fichiers'],
  'File Transfer - Web-based File Managers': ['stockage-en-ligne'],
  'File Transfer & Synchronization': ['synchronisation', 'stockage-en-ligne'],
  'Games': ['jeu'],
  'Games - Administrative Utilities & Control Panels': ['jeu', 'multijoueur'],
  'Genealogy': ['base-de-donnees'],
  'Generative Artificial Intelligence (GenAI)': [],
  'Groupware': ['travail-en-equipe'],
  'Health and Fitness': [],
  'Human Resources Management (HRM)': ['travail-en-equipe'],
  'Identity Management': ['securite'],
  'Internet of Things (IoT)': [],
  'Inventory Management': ['base-de-donnees'],
  'Knowledge Management Tools': ['prise-de-notes'],
  'Learning and Courses': ['education', 'apprentissage'],
  'Manufacturing': ['conception-technique'],
  'Maps and Global Positioning System (GPS)': ['cartographie'],
  'Media Management': ['mediatheque'],
  'Media Streaming': ['mediatheque'],
  'Media Streaming - Audio Streaming': ['musique', 'mediatheque'],
  'Media Streaming - Multimedia Streaming': ['mediatheque', 'video'],
  'Media Streaming - Video Streaming': ['video'],
  'Miscellaneous': [],
  'Money, Budgeting & Management': [],
  'Monitoring & Status Pages': ['outils-systeme'],
  'Network Utilities': ['outils-systeme'],
  'Note-taking & Editors': ['prise-de-notes'],
  'Office Suites': ['bureautique', 'redaction-collaborative'],
  'Password Managers': ['mots-de-passe', 'securite'],
  'Pastebins': ['transfert-de-fichiers'],
  'Personal Dashboards': [],
  'Photo Galleries': ['photo'],
  'Polls and Events': ['sondage'],
  'Proxy': ['outils-systeme'],
  'Recipe Management': [],
  'Remote Access': ['outils-systeme'],
  'Resource Planning': ['gestion-de-projet'],
  'Search Engines': [],
  'Self-hosting Solutions': ['outils-systeme'],
  'Software Development': ['developpement'],
  'Software Development - API Management': ['developpement', 'developpement-web'],
  'Software Development - Continuous Integration & Deployment': ['developpement'],
  'Software Development - FaaS & Serverless': ['developpement', 'developpement-web'],
  'Software Development - Feature Toggle': ['developpement'],
  'Software Development - IDE & Tools': ['developpement', 'editeur-de-texte'],
  'Software Development - Localization': ['developpement'],
  'Software Development - Low Code': ['developpement', 'base-de-donnees'],
  'Software Development - Project Management': ['gestion-de-projet', 'developpement'],
  'Software Development - Testing': ['developpement'],
  'Static Site Generators': ['site-web', 'developpement-web'],
  'Task Management & To-do Lists': ['gestion-de-projet'],
  'Ticketing': ['travail-en-equipe', 'gestion-de-projet'],
  'Time Tracking': ['gestion-de-projet'],
  'Travel Organization': ['cartographie'],
  'URL Shorteners': [],
  'Video Surveillance': ['video', 'securite'],
  'VPN': ['vie-privee', 'securite'],
  'Web Servers': ['developpement-web'],
  'Wikis': ['redaction-collaborative', 'prise-de-notes'],
};

/** Étiquettes suggested by the description itself (a federated service is on the Fediverse…). */
const DESCRIPTION_ETIQUETTES: readonly [RegExp, string][] = [
  [/\b(activitypub|fediverse|fédivers)\b/i, 'fediverse'],
  [/\bprivacy[- ](friendly|focused|respecting|oriented)\b/i, 'vie-privee'],
  [/\bend-to-end encrypt/i, 'chiffrement'],
  [/\bad[- ]?block|\bads\b|\badvertis|\btrackers?\b/i, 'vie-privee'],
];

export interface EtiquetteMapping {
  etiquettes: string[];
  /** Categories absent from TAG_MAP. */
  unmapped: string[];
  /** Ids of the table that are not in the vocabulary (the vocabulary changed). */
  notInVocabulary: string[];
}

export function mapEtiquettes(entry: Pick<SourceEntry, 'tags' | 'description'>, vocabulary: Pick<Vocabulary, 'etiquettes'>): EtiquetteMapping {
  const known = new Set(vocabulary.etiquettes);
  const wanted: string[] = ['auto-hebergement'];
  const unmapped: string[] = [];
  for (const tag of entry.tags) {
    const mapped = TAG_MAP[tag];
    if (mapped === undefined) unmapped.push(tag);
    else wanted.push(...mapped);
  }
  for (const [pattern, etiquette] of DESCRIPTION_ETIQUETTES) if (pattern.test(entry.description ?? '')) wanted.push(etiquette);
  const unique = [...new Set(wanted)];
  // auto-hebergement last: the specific étiquettes say more about the software.
  const ordered = [...unique.filter((e) => e !== 'auto-hebergement'), ...unique.filter((e) => e === 'auto-hebergement')];
  return {
    etiquettes: ordered.filter((e) => known.has(e)),
    unmapped,
    notInVocabulary: ordered.filter((e) => !known.has(e)),
  };
}

// ─── Texts ──────────────────────────────────────────────────────────────────────────────────────

/** Markdown of a one-line description → plain text: links keep their text, emphasis and code marks go. */
export function stripMarkdown(text: string): string {
  return text
    .replace(/!?\[([^\]]*)\]\([^)]*\)/g, '$1')
    .replace(/<(https?:\/\/[^>\s]+)>/g, '$1')
    .replace(/`([^`]*)`/g, '$1')
    .replace(/(\*\*|__)(?=\S)(.+?)(?<=\S)\1/g, '$2')
    .replace(/(^|[^\w*])\*(?=\S)([^*]+?)(?<=\S)\*(?=[^\w*]|$)/g, '$1$2')
    .replace(/(^|[^\w])_(?=\S)([^_]+?)(?<=\S)_(?=[^\w]|$)/g, '$1$2')
    .replace(/[\u0000-\u001f\u007f]+/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
}

/**
 * A description fit for `description_courte`: plain text, at most `max` characters. A longer one
 * is cut at the end of its last whole sentence when that keeps most of it, otherwise at a word
 * boundary with an ellipsis.
 */
export function shortDescription(text: string, max = DESCRIPTION_COURTE_MAX): { text: string; truncated: boolean } {
  const plain = stripMarkdown(text);
  if (plain.length <= max) return { text: plain, truncated: false };
  const window = plain.slice(0, max);
  const sentenceEnd = Math.max(window.lastIndexOf('. '), window.lastIndexOf('! '), window.lastIndexOf('? '));
  if (sentenceEnd >= max * 0.6) return { text: window.slice(0, sentenceEnd + 1), truncated: true };
  const room = plain.slice(0, max - 1); // one character for the ellipsis
  const lastSpace = room.lastIndexOf(' ');
  const cut = (lastSpace > max * 0.5 ? room.slice(0, lastSpace) : room).replace(/[\s,;:.\-–—(]+$/, '');
  return { text: `${cut}…`, truncated: true };
}

/** Text dropped into Markdown as plain words (category names, licence ids). */
function escapeMarkdown(text: string): string {
  return text.replace(/[\\`*_[\]<>#|~]/g, (c) => `\\${c}`);
}

/** An URL usable as a Markdown link destination. */
function markdownUrl(url: string): string {
  return url.replace(/[()<> ]/g, (c) => encodeURIComponent(c));
}

export interface UrlCheck {
  url?: string;
  problem?: string;
}

/** https only (the schema's rule); plain http is refused rather than guessed. */
export function checkUrl(value: string | undefined): UrlCheck {
  if (!value) return {};
  const result = httpsUrl.safeParse(value);
  if (result.success) return { url: result.data };
  return { problem: /^http:\/\//i.test(value) ? `adresse en http (non chiffrée) : ${value}` : `adresse invalide : ${value}` };
}

/** The same comparison as the validator's duplicate check (host without www, path without final slash). */
export function urlKey(url: string): string {
  try {
    const u = new URL(url);
    return `${u.hostname.replace(/^www\./, '')}${u.pathname.replace(/\/+$/, '')}`.toLowerCase();
  } catch {
    return url.toLowerCase();
  }
}

// ─── Import ─────────────────────────────────────────────────────────────────────────────────────

export type SkipReason =
  | 'entree-illisible'
  | 'licence-non-libre'
  | 'licence-non-reconnue'
  | 'nom-inutilisable'
  | 'aucune-adresse-https'
  | 'deja-dans-l-annuaire'
  | 'doublon'
  | 'notice-invalide';

export const SKIP_LABELS: Readonly<Record<SkipReason, string>> = {
  'entree-illisible': 'entrée illisible',
  'licence-non-libre': 'licence non libre (seulement des licences classées non libres par awesome-selfhosted)',
  'licence-non-reconnue': 'licence non reconnue comme libre par l’OSI ou la FSF',
  'nom-inutilisable': 'nom inutilisable (aucune lettre latine ni chiffre pour le nom de fichier, ou trop long)',
  'aucune-adresse-https': 'adresse invalide (ni site web ni code source en https)',
  'deja-dans-l-annuaire': 'déjà dans l’annuaire (même nom, site web ou code source qu’une notice existante)',
  doublon: 'doublon dans la source (même nom de fichier, site web ou code source qu’une entrée déjà importée)',
  'notice-invalide': 'notice refusée par la validation',
};

export type AdjustmentKind =
  | 'licence-retiree'
  | 'licence-a-verifier'
  | 'url-ignoree'
  | 'description-raccourcie'
  | 'slug-approximatif'
  | 'etiquettes-insuffisantes'
  | 'plateforme-inconnue';

export const ADJUSTMENT_LABELS: Readonly<Record<AdjustmentKind, string>> = {
  'licence-retiree': 'licences non libres retirées d’une entrée qui en a aussi une libre',
  'licence-a-verifier': 'licences GNU sans « ou version ultérieure » précisé, écrites « -only » (à vérifier)',
  'url-ignoree': 'adresses non https ignorées (champ laissé vide)',
  'description-raccourcie': 'descriptions raccourcies à 200 caractères',
  'slug-approximatif': 'noms dont des caractères non latins disparaissent du nom de fichier',
  'etiquettes-insuffisantes': 'notices avec moins de deux étiquettes (avertissement de la validation)',
  'plateforme-inconnue': 'plateformes awesome-selfhosted absentes de la table (notice classée « Serveur »)',
};

export interface ImportedNotice {
  slug: string;
  /** Source file inside `software/`. */
  sourceFile: string;
  data: Record<string, unknown>;
  body: string;
  /** The file's text, canonical form. */
  text: string;
}

export interface Skip {
  name: string;
  sourceFile: string;
  reason: SkipReason;
  detail: string;
}

export interface Adjustment {
  name: string;
  kind: AdjustmentKind;
  detail: string;
}

export interface ImportResult {
  read: number;
  notices: ImportedNotice[];
  skipped: Skip[];
  adjustments: Adjustment[];
  /** awesome-selfhosted categories with no entry in TAG_MAP, with how many entries use them. */
  unmappedTags: Map<string, number>;
}

export interface ImportOptions {
  /** The checkout of awesome-selfhosted-data. */
  sourceDir: string;
  /** Étiquettes and plateformes allowed (vocabularyIds(loadVocabularies())). */
  vocabulary: Vocabulary;
  /** Existing notices to compare with (the directory's): an entry they already cover is skipped. */
  referenceFiles?: readonly string[];
  /** AAAA-MM-JJ, for date_creation and date_modification. */
  today: string;
}

interface Reference {
  slugs: Map<string, string>;
  sites: Map<string, string>;
  sources: Map<string, string>;
}

function readReference(files: readonly string[]): Reference {
  const reference: Reference = { slugs: new Map(), sites: new Map(), sources: new Map() };
  for (const file of files) {
    try {
      const raw = readNoticeFile(file);
      const label = path.basename(file);
      reference.slugs.set(raw.slug, label);
      if (typeof raw.data.nom === 'string') reference.slugs.set(slugify(raw.data.nom), label);
      if (typeof raw.data.site_web === 'string') reference.sites.set(urlKey(raw.data.site_web), label);
      if (typeof raw.data.code_source === 'string') reference.sources.set(urlKey(raw.data.code_source), label);
    } catch {
      // an unreadable notice is the validator's business, not the importer's
    }
  }
  return reference;
}

/** Today as AAAA-MM-JJ in local time. */
export function todayIso(now = new Date()): string {
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${now.getFullYear()}-${pad(now.getMonth() + 1)}-${pad(now.getDate())}`;
}

export function importAwesomeSelfhosted(options: ImportOptions): ImportResult {
  const source = readSource(options.sourceDir);
  const schema = createNoticeSchema(options.vocabulary);
  const reference = readReference(options.referenceFiles ?? []);
  const imported: Reference = { slugs: new Map(), sites: new Map(), sources: new Map() };
  const result: ImportResult = {
    read: source.entries.length + source.unreadable.length,
    notices: [],
    skipped: source.unreadable.map(({ file, reason }) => ({ name: file, sourceFile: file, reason: 'entree-illisible', detail: reason })),
    adjustments: [],
    unmappedTags: new Map(),
  };
  const skip = (entry: SourceEntry, reason: SkipReason, detail: string) =>
    result.skipped.push({ name: entry.name, sourceFile: entry.file, reason, detail });
  const adjust = (entry: SourceEntry, kind: AdjustmentKind, detail: string) => result.adjustments.push({ name: entry.name, kind, detail });

  for (const entry of source.entries) {
    // Licences first: a non-free entry is reported as such, whatever else is wrong with it.
    const licences = mapLicences(entry.licenses, source);
    if (licences.kept.length === 0) {
      const nonFree = licences.dropped.some((d) => d.kind === 'non-libre');
      skip(entry, nonFree ? 'licence-non-libre' : 'licence-non-reconnue', licences.dropped.map((d) => d.id).join(', '));
      continue;
    }

    const slug = slugify(entry.name);
    if (!slug || entry.name.length > 100) {
      skip(entry, 'nom-inutilisable', !slug ? `« ${entry.name} » ne donne aucun nom de fichier` : 'plus de 100 caractères');
      continue;
    }

    const site = checkUrl(entry.website_url);
    const code = checkUrl(entry.source_code_url);
    if (!site.url && !code.url) {
      skip(entry, 'aucune-adresse-https', [site.problem, code.problem].filter(Boolean).join(' ; ') || 'aucune adresse');
      continue;
    }

    const siteKey = site.url ? urlKey(site.url) : undefined;
    const codeKey = code.url ? urlKey(code.url) : undefined;
    const existing =
      reference.slugs.get(slug) ?? (siteKey && reference.sites.get(siteKey)) ?? (codeKey && reference.sources.get(codeKey));
    if (existing) {
      skip(entry, 'deja-dans-l-annuaire', `notice existante : ${existing}`);
      continue;
    }
    const earlier =
      imported.slugs.get(slug) ?? (siteKey && imported.sites.get(siteKey)) ?? (codeKey && imported.sources.get(codeKey));
    if (earlier) {
      skip(entry, 'doublon', `même ${imported.slugs.has(slug) ? `nom de fichier (${slug}.md)` : 'adresse'} que « ${earlier} »`);
      continue;
    }

    // From here on the entry becomes a notice: note what had to change.
    for (const dropped of licences.dropped) adjust(entry, 'licence-retiree', `${dropped.id} (${dropped.message})`);
    for (const id of licences.ambiguous) adjust(entry, 'licence-a-verifier', `${id} → ${LICENCE_MAP[id]}`);
    if (site.problem) adjust(entry, 'url-ignoree', `site_web : ${site.problem}`);
    if (code.problem) adjust(entry, 'url-ignoree', `code_source : ${code.problem}`);
    if (lostLetters(entry.name)) adjust(entry, 'slug-approximatif', `« ${entry.name} » → ${slug}.md`);

    const description = entry.description ? shortDescription(entry.description) : undefined;
    if (description?.truncated) adjust(entry, 'description-raccourcie', `${stripMarkdown(entry.description!).length} caractères`);

    const plateformes = mapPlateformes(entry);
    for (const platform of plateformes.unknown) adjust(entry, 'plateforme-inconnue', platform);
    const etiquettes = mapEtiquettes(entry, options.vocabulary);
    for (const tag of etiquettes.unmapped) result.unmappedTags.set(tag, (result.unmappedTags.get(tag) ?? 0) + 1);
    if (etiquettes.etiquettes.length < 2) adjust(entry, 'etiquettes-insuffisantes', entry.tags.join(', ') || 'aucune catégorie');

    const data: Record<string, unknown> = {
      nom: entry.name,
      description_courte: description?.text,
      licences: licences.kept,
      // A site that is only the repository says nothing more than code_source.
      site_web: site.url && (!code.url || urlKey(site.url) !== codeKey) ? site.url : undefined,
      code_source: code.url,
      plateformes: plateformes.plateformes,
      etiquettes: etiquettes.etiquettes,
      date_creation: options.today,
      date_modification: options.today,
    };
    const body = noticeBody(entry, licences, source.commit);

    const problems = checkNotice(schema, slug, data, body);
    if (problems.length > 0) {
      skip(entry, 'notice-invalide', problems.join(' ; '));
      continue;
    }
    imported.slugs.set(slug, entry.name);
    if (siteKey && site.url === data.site_web) imported.sites.set(siteKey, entry.name);
    if (codeKey) imported.sources.set(codeKey, entry.name);
    result.notices.push({ slug, sourceFile: entry.file, data, body, text: writeNoticeFile(data, body) });
  }
  return result;
}

/** Whether slugify() drops letters or digits of the name (« µTask » → task), not only accents and signs. */
/** Whether some letter or digit of the name has no equivalent in its slug (e.g. « 日記 »). */
function lostLetters(name: string): boolean {
  return [...name].some((char) => /[\p{L}\p{N}]/u.test(char) && slugify(char) === '');
}

/** The same checks `npm run validate` makes on one file (schema, file name, Markdown), as messages. */
function checkNotice(schema: ReturnType<typeof createNoticeSchema>, slug: string, data: Record<string, unknown>, body: string): string[] {
  const problems: string[] = [];
  const parsed = schema.safeParse(data);
  if (!parsed.success) for (const issue of parsed.error.issues) problems.push(`${issue.path.join('.') || 'en-tête'} : ${issue.message}`);
  if (slugify(String(data.nom)) !== slug) problems.push('nom : ne correspond pas au nom de fichier');
  for (const p of findUnsafeMarkdown(body)) problems.push(`texte : ${p.message}`);
  return problems;
}

/** The notice's body: where it comes from, what is to be checked, and the licence attribution. */
function noticeBody(entry: SourceEntry, licences: LicenceMapping, commit: string | undefined): string {
  const original = `${UPSTREAM_REPOSITORY}/blob/${commit ?? 'master'}/software/${encodeURIComponent(entry.file)}`;
  const lines: string[] = [
    `Cette notice a été importée automatiquement depuis [awesome-selfhosted-data](${UPSTREAM_REPOSITORY}), ` +
      `la liste collaborative des logiciels libres à héberger soi-même ([fiche d’origine](${markdownUrl(original)})). ` +
      'Sa description courte est encore celle de la liste, en anglais : elle attend une relecture et une description en français.',
    '',
  ];
  const facts: string[] = [];
  if (entry.tags.length > 0) facts.push(`Catégories d’awesome-selfhosted : ${entry.tags.map(escapeMarkdown).join(', ')}.`);
  const platforms = entry.platforms.filter((p) => p !== 'Unknown');
  if (platforms.length > 0) facts.push(`Technologies et modes d’installation : ${platforms.map(escapeMarkdown).join(', ')}.`);
  const demo = checkUrl(entry.demo_url).url;
  if (demo) facts.push(`Une [démonstration en ligne](${markdownUrl(demo)}) permet de l’essayer.`);
  if (entry.depends_3rdparty) facts.push('Attention : il dépend d’un service tiers, parfois privateur.');
  if (licences.ambiguous.length > 0) {
    facts.push(
      `Licence indiquée par la liste : ${licences.ambiguous.map(escapeMarkdown).join(', ')}, sans préciser « ou version ultérieure » ; ` +
        'la notice dit « uniquement » (-only) en attendant une vérification.',
    );
  }
  if (licences.dropped.length > 0) {
    facts.push(`Licences non libres écartées : ${licences.dropped.map((d) => escapeMarkdown(d.id)).join(', ')} ; certaines parties du logiciel ne sont donc pas libres.`);
  }
  if (facts.length > 0) lines.push(...facts.map((fact) => `- ${fact}`), '');
  lines.push(
    `Données © les [contributeurs et contributrices d’awesome-selfhosted-data](${UPSTREAM_AUTHORS}), sous licence ` +
      `[Creative Commons Attribution – Partage dans les mêmes conditions 3.0 (CC-BY-SA-3.0)](${DATA_LICENCE_URL}) ; ` +
      'cette notice, qui en est dérivée, est diffusée sous la même licence.',
  );
  return lines.join('\n');
}

// ─── Writing ────────────────────────────────────────────────────────────────────────────────────

export interface WriteOptions {
  /**
   * Add files to a folder that already holds notices (content/notices given explicitly).
   * Otherwise the target must be missing or empty, and is created whole.
   */
  addToExisting?: boolean;
}

/**
 * Writes every notice into a temporary folder next to `outDir`, then moves it in place: a failure
 * while writing leaves `outDir` as it was. Never overwrites a file.
 */
export function writeImportedNotices(notices: readonly ImportedNotice[], outDir: string, options: WriteOptions = {}): string[] {
  const target = path.resolve(outDir);
  const existing = existsSync(target) ? readdirSync(target) : undefined;
  if (existing && existing.length > 0 && !options.addToExisting) {
    throw new Error(`${outDir} existe déjà et n’est pas vide : choisir un dossier neuf (ou le vider)`);
  }
  if (existing && options.addToExisting) {
    const clash = notices.find((n) => existing.includes(`${n.slug}.md`));
    if (clash) throw new Error(`${outDir}/${clash.slug}.md existe déjà : l’import n’écrase jamais une notice`);
  }
  mkdirSync(path.dirname(target), { recursive: true });
  const temp = mkdtempSync(path.join(path.dirname(target), `.${path.basename(target)}.import-`));
  try {
    for (const notice of notices) writeFileSync(path.join(temp, `${notice.slug}.md`), notice.text, { flag: 'wx' });
    if (!existing) {
      renameSync(temp, target);
    } else if (existing.length === 0) {
      rmdirSync(target);
      renameSync(temp, target);
    } else {
      for (const notice of notices) renameSync(path.join(temp, `${notice.slug}.md`), path.join(target, `${notice.slug}.md`));
      rmSync(temp, { recursive: true, force: true });
    }
  } catch (error) {
    rmSync(temp, { recursive: true, force: true });
    throw error;
  }
  return notices.map((n) => path.join(target, `${n.slug}.md`));
}

// ─── Report ─────────────────────────────────────────────────────────────────────────────────────

function listNames(names: readonly string[], limit: number): string {
  const shown = names.slice(0, limit).join(', ');
  return names.length > limit ? `${shown}… (et ${names.length - limit} autres)` : shown;
}

/** The French report printed by the command. `limit`: names shown per group. */
export function formatReport(result: ImportResult, outDir: string, limit = 12): string {
  const lines: string[] = [];
  lines.push(`Import awesome-selfhosted-data : ${result.read} entrée(s) lue(s).`);
  lines.push(`${result.notices.length} notice(s) importée(s) dans ${outDir}.`);
  lines.push(`${result.skipped.length} entrée(s) ignorée(s)${result.skipped.length > 0 ? ' :' : '.'}`);
  for (const reason of Object.keys(SKIP_LABELS) as SkipReason[]) {
    const group = result.skipped.filter((s) => s.reason === reason);
    if (group.length === 0) continue;
    lines.push(`  - ${group.length} ${SKIP_LABELS[reason]} :`);
    for (const item of group.slice(0, limit)) lines.push(`      ${item.name} (${item.detail})`);
    if (group.length > limit) lines.push(`      … et ${group.length - limit} autre(s)`);
  }
  const kinds = (Object.keys(ADJUSTMENT_LABELS) as AdjustmentKind[]).filter((kind) => result.adjustments.some((a) => a.kind === kind));
  if (kinds.length > 0) lines.push('Ajustements dans les notices importées :');
  for (const kind of kinds) {
    const group = result.adjustments.filter((a) => a.kind === kind);
    lines.push(`  - ${group.length} ${ADJUSTMENT_LABELS[kind]} :`);
    const detailed = kind === 'licence-retiree' || kind === 'url-ignoree' || kind === 'slug-approximatif' || kind === 'plateforme-inconnue';
    if (detailed) {
      for (const item of group.slice(0, limit)) lines.push(`      ${item.name} : ${item.detail}`);
      if (group.length > limit) lines.push(`      … et ${group.length - limit} autre(s)`);
    } else {
      lines.push(`      ${listNames(group.map((a) => a.name), limit)}`);
    }
  }
  if (result.unmappedTags.size > 0) {
    const tags = [...result.unmappedTags].sort((a, b) => b[1] - a[1]).map(([tag, count]) => `${tag} (${count})`);
    lines.push(`Catégories awesome-selfhosted absentes de la table des étiquettes : ${tags.join(', ')}`);
  }
  return lines.join('\n');
}
