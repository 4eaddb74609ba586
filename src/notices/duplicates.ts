/**
 * Possible duplicates of a proposed notice among the directory's notices. The validator already
 * refuses exact collisions (same slug, same site, same source); moderators also need the near
 * misses a machine cannot decide: « Libre Office » next to « LibreOffice », an old name, the
 * same Wikidata item, a repository written with « .git ».
 */
import { noticeFile } from './addresses.ts';
import { foldForComparison, slugify } from './slug.ts';
import { appendTo } from './multimap.ts';

export interface NoticeRef {
  slug: string;
  data: Record<string, unknown>;
}

export interface PossibleDuplicate {
  slug: string;
  nom: string;
  /** French reasons, strongest first. */
  raisons: string[];
  /** 0–1: how sure we are (exact collision = 1). */
  score: number;
}

/** Hosts shared by many unrelated projects: the same host there means nothing. */
const SHARED_HOSTS = new Set([
  'github.com',
  'gitlab.com',
  'framagit.org',
  'codeberg.org',
  'sourceforge.net',
  'sr.ht',
  'git.sr.ht',
  'bitbucket.org',
  'launchpad.net',
  'gitea.com',
  'salsa.debian.org',
  'invent.kde.org',
  'gitlab.gnome.org',
  'apps.gnome.org',
  'f-droid.org',
  'play.google.com',
  'apps.apple.com',
  'flathub.org',
  'addons.mozilla.org',
  'wikipedia.org',
  'fr.wikipedia.org',
  'en.wikipedia.org',
  'framasoft.org',
  'github.io',
  'gitlab.io',
  'pages.dev',
  'netlify.app',
]);

const str = (value: unknown): string | undefined => (typeof value === 'string' && value.trim() ? value.trim() : undefined);
const list = (value: unknown): string[] => (Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : []);

/** « https://www.Exemple.org/logiciel/ » and « https://exemple.org/logiciel » are the same place. */
export function normalizeUrl(url: string): string {
  try {
    const u = new URL(url.trim());
    const pathname = decodeURIComponent(u.pathname)
      .replace(/\/+$/, '')
      .replace(/\.git$/, '')
      .replace(/\/index\.(html?|php)$/, '');
    return `${u.hostname.replace(/^www\./, '')}${pathname}`.toLowerCase();
  } catch {
    return url.trim().toLowerCase();
  }
}

export function hostOf(url: string): string | undefined {
  try {
    return new URL(url.trim()).hostname.replace(/^www\./, '').toLowerCase();
  } catch {
    return undefined;
  }
}

export const NEAR_NAME_THRESHOLD = 0.8;

/**
 * Collisions that make a notice a duplicate beyond doubt: the validator refuses them, and so
 * do the contribution function and the importer, with the same words.
 */
export const EXACT_COLLISIONS: readonly {
  code: string;
  field: 'nom' | 'site_web' | 'code_source';
  label: string;
  keyOf: (data: Record<string, unknown>) => string | undefined;
}[] = [
  { code: 'doublon-nom', field: 'nom', label: 'même nom (au slug près)', keyOf: (d) => (typeof d.nom === 'string' ? slugify(d.nom) || undefined : undefined) },
  { code: 'doublon-site-web', field: 'site_web', label: 'même site web', keyOf: (d) => (typeof d.site_web === 'string' ? normalizeUrl(d.site_web) : undefined) },
  { code: 'doublon-code-source', field: 'code_source', label: 'même code source', keyOf: (d) => (typeof d.code_source === 'string' ? normalizeUrl(d.code_source) : undefined) },
];

/** The French message of an exact collision with the notices `others` (file paths or names). */
export function collisionMessage(label: string, others: readonly string[]): string {
  return `${label} qu’une autre notice : ${others.join(', ')}`;
}

export interface Collision {
  code: string;
  field: string;
  /** What is shared, in French (« même site web »). */
  label: string;
  /** Labels of the notices already holding it. */
  others: string[];
  /** The message every adapter shows: `collisionMessage(label, others)`. */
  message: string;
}

/**
 * The one duplicate index: notices by every exact-collision key. `id` tells a notice from
 * itself (a file path, a slug), `label` is how messages name it.
 */
export class DuplicateIndex {
  readonly #owners = EXACT_COLLISIONS.map(() => new Map<string, { id: string; label: string }[]>());

  add(id: string, label: string, data: Record<string, unknown>): void {
    EXACT_COLLISIONS.forEach(({ keyOf }, i) => {
      const key = keyOf(data);
      if (key) appendTo(this.#owners[i]!, key, { id, label });
    });
  }

  /** What `data` shares with notices other than `id`, one entry per kind of collision. */
  collisions(id: string | undefined, data: Record<string, unknown>): Collision[] {
    const found: Collision[] = [];
    EXACT_COLLISIONS.forEach(({ code, field, label, keyOf }, i) => {
      const key = keyOf(data);
      const others = key ? (this.#owners[i]!.get(key) ?? []).filter((owner) => owner.id !== id).map((owner) => owner.label) : [];
      if (others.length > 0) found.push({ code, field, label, others, message: collisionMessage(label, others) });
    });
    return found;
  }
}

/** Exact collisions of `candidate` with `others` (the candidate's own slug excluded). */
export function exactCollisions(candidate: NoticeRef, others: readonly NoticeRef[]): { field: string; message: string }[] {
  const index = new DuplicateIndex();
  for (const other of others) index.add(other.slug, noticeFile(other.slug), other.data);
  return index.collisions(candidate.slug, candidate.data).map(({ field, message }) => ({ field, message }));
}

/** Names compared without case, accents, spaces or punctuation: « Libre Office » = « LibreOffice ». */
const compact = (name: string) => foldForComparison(name).replace(/\s+/g, '');

export function levenshtein(a: string, b: string): number {
  if (a === b) return 0;
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      current[j] = Math.min(previous[j]! + 1, current[j - 1]! + 1, previous[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1));
    }
    previous = current;
  }
  return previous[b.length]!;
}

/** 1 for the same folded name, 0 for nothing in common. */
export function nameSimilarity(a: string, b: string): number {
  const x = compact(a);
  const y = compact(b);
  if (!x || !y) return 0;
  if (x === y) return 1;
  const longest = Math.max(x.length, y.length);
  // The distance is at least the length difference: long names far apart in length need no
  // quadratic comparison (a proposal may hold fifty long names); the upper bound is returned,
  // below the threshold all the same.
  const bound = 1 - Math.abs(x.length - y.length) / longest;
  if (longest > 30 && bound < NEAR_NAME_THRESHOLD) return bound;
  return 1 - levenshtein(x, y) / longest;
}

/** « Firefox » and « Firefox ESR »: one name is the other plus whole words. */
function extendsName(short: string, long: string): boolean {
  const s = foldForComparison(short);
  const l = foldForComparison(long);
  return s.length >= 3 && l !== s && (l.startsWith(`${s} `) || l.endsWith(` ${s}`));
}

export function findPossibleDuplicates(candidate: NoticeRef, others: readonly NoticeRef[], limit = 5): PossibleDuplicate[] {
  const nom = str(candidate.data.nom) ?? candidate.slug;
  const names = [nom, ...list(candidate.data.autres_noms)];
  const site = str(candidate.data.site_web);
  const source = str(candidate.data.code_source);
  const wikidata = str(candidate.data.identifiant_wikidata);
  const wikipedia = str(candidate.data.lien_wikipedia);

  const found: PossibleDuplicate[] = [];
  for (const other of others) {
    if (other.slug === candidate.slug) continue;
    const otherNom = str(other.data.nom) ?? other.slug;
    const otherNames = [otherNom, ...list(other.data.autres_noms)];
    const reasons: [number, string][] = [];

    if (slugify(nom) === other.slug || slugify(nom) === slugify(otherNom)) reasons.push([1, 'même nom']);
    else if (compact(nom) === compact(otherNom)) reasons.push([1, 'même nom, aux espaces et à la ponctuation près']);
    else {
      const crossed = names.find((a) => otherNames.some((b) => compact(a) === compact(b)));
      if (crossed) reasons.push([0.95, `le nom « ${crossed} » est déjà l’un des noms de cette notice`]);
      else {
        let best = 0;
        for (const a of names) for (const b of otherNames) best = Math.max(best, nameSimilarity(a, b));
        if (best >= NEAR_NAME_THRESHOLD) reasons.push([best, `nom très proche (ressemblance ${Math.round(best * 100)} %)`]);
        else if (names.some((a) => otherNames.some((b) => extendsName(a, b) || extendsName(b, a)))) reasons.push([0.6, 'l’un des noms contient l’autre']);
      }
    }

    const otherSite = str(other.data.site_web);
    const otherSource = str(other.data.code_source);
    if (site && otherSite) {
      if (normalizeUrl(site) === normalizeUrl(otherSite)) reasons.push([1, 'même site web']);
      else {
        const host = hostOf(site);
        if (host && host === hostOf(otherSite) && !SHARED_HOSTS.has(host) && !SHARED_HOSTS.has(host.split('.').slice(-2).join('.'))) {
          reasons.push([0.5, `site web sur le même domaine (${host})`]);
        }
      }
    }
    if (source && otherSource && normalizeUrl(source) === normalizeUrl(otherSource)) reasons.push([1, 'même dépôt de code source']);
    if (site && otherSource && normalizeUrl(site) === normalizeUrl(otherSource)) reasons.push([0.9, 'son site web est le code source de cette notice']);
    if (source && otherSite && normalizeUrl(source) === normalizeUrl(otherSite)) reasons.push([0.9, 'son code source est le site web de cette notice']);
    if (wikidata && wikidata === str(other.data.identifiant_wikidata)) reasons.push([1, 'même élément Wikidata']);
    if (wikipedia && str(other.data.lien_wikipedia) && normalizeUrl(wikipedia) === normalizeUrl(str(other.data.lien_wikipedia)!)) {
      reasons.push([1, 'même article Wikipédia']);
    }

    if (reasons.length > 0) {
      reasons.sort((x, y) => y[0] - x[0]);
      // Independent clues add up: same domain and a close name is stronger than either.
      const score = 1 - reasons.reduce((rest, [s]) => rest * (1 - s), 1);
      found.push({ slug: other.slug, nom: otherNom, raisons: reasons.map(([, r]) => r), score: Math.round(score * 100) / 100 });
    }
  }
  return found.sort((a, b) => b.score - a.score || a.slug.localeCompare(b.slug)).slice(0, limit);
}
