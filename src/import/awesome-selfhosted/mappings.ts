/**
 * What awesome-selfhosted says, in the directory's words: licences as SPDX ids we accept,
 * platforms as our plateformes, categories as our étiquettes, a Markdown description as a plain
 * `description_courte`, addresses as https only (the schema's own rule). Pure functions, tested
 * one by one in tests/import/.
 */
import { DEPRECATED_REPLACEMENTS, checkLicence } from '../../notices/licences.ts';
import { DESCRIPTION_COURTE_MAX, httpsUrl, type Vocabulary } from '../../notices/schema.ts';
import type { SourceData, SourceEntry } from './source.ts';

// ─── Licences ───────────────────────────────────────────────────────────────────────────────────

/**
 * awesome-selfhosted ids that are not current SPDX ids. The GNU ones do not say "only" or
 * "or later": per SPDX's deprecation note the bare id meant "only", so that is what we write,
 * and the notice says it is to be checked.
 */
export const LICENCE_MAP: Readonly<Record<string, string>> = DEPRECATED_REPLACEMENTS;

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
    '.NET',
    'Ansible',
    'Assembly',
    'C',
    'C#',
    'C++',
    'CommonLisp',
    'Crystal',
    'Dart',
    'deb',
    'Deno',
    'Docker',
    'Elixir',
    'Erlang',
    'Go',
    'Haskell',
    'Haxe',
    'Java',
    'Javascript',
    'K8S',
    'Lua',
    'Mono',
    'Nim',
    'Nix',
    'Nodejs',
    'Objective-C',
    'OCaml',
    'Perl',
    'PHP',
    'PLpgSQL',
    'Python',
    'Ruby',
    'Rust',
    'Scala',
    'Shell',
    'Unknown',
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
  const hasWebUi = WEB_UI_WORDS.test(description) || (!NO_WEB_UI_WORDS.test(description) && (entry.tags.length === 0 || entry.tags.some((tag) => !NO_WEB_UI_TAGS.has(tag))));
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
  Analytics: ['developpement-web'],
  'Archiving and Digital Preservation (DP)': ['sauvegarde'],
  Automation: [],
  Backup: ['sauvegarde'],
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
  DNS: [],
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
  Games: ['jeu'],
  'Games - Administrative Utilities & Control Panels': ['jeu', 'multijoueur'],
  Genealogy: ['base-de-donnees'],
  'Generative Artificial Intelligence (GenAI)': [],
  Groupware: ['travail-en-equipe'],
  'Health and Fitness': [],
  'Human Resources Management (HRM)': ['travail-en-equipe'],
  'Identity Management': ['securite'],
  'Internet of Things (IoT)': [],
  'Inventory Management': ['base-de-donnees'],
  'Knowledge Management Tools': ['prise-de-notes'],
  'Learning and Courses': ['education', 'apprentissage'],
  Manufacturing: ['conception-technique'],
  'Maps and Global Positioning System (GPS)': ['cartographie'],
  'Media Management': ['mediatheque'],
  'Media Streaming': ['mediatheque'],
  'Media Streaming - Audio Streaming': ['musique', 'mediatheque'],
  'Media Streaming - Multimedia Streaming': ['mediatheque', 'video'],
  'Media Streaming - Video Streaming': ['video'],
  Miscellaneous: [],
  'Money, Budgeting & Management': [],
  'Monitoring & Status Pages': ['outils-systeme'],
  'Network Utilities': ['outils-systeme'],
  'Note-taking & Editors': ['prise-de-notes'],
  'Office Suites': ['bureautique', 'redaction-collaborative'],
  'Password Managers': ['mots-de-passe', 'securite'],
  Pastebins: ['transfert-de-fichiers'],
  'Personal Dashboards': [],
  'Photo Galleries': ['photo'],
  'Polls and Events': ['sondage'],
  Proxy: ['outils-systeme'],
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
  Ticketing: ['travail-en-equipe', 'gestion-de-projet'],
  'Time Tracking': ['gestion-de-projet'],
  'Travel Organization': ['cartographie'],
  'URL Shorteners': [],
  'Video Surveillance': ['video', 'securite'],
  VPN: ['vie-privee', 'securite'],
  'Web Servers': ['developpement-web'],
  Wikis: ['redaction-collaborative', 'prise-de-notes'],
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
