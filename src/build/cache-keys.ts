/**
 * The `cacheKey` of every page that getStaticPaths() generates, for Astro's
 * `experimental.incrementalBuild` (astro.config.ts). Astro copies a page from the previous build
 * instead of rendering it again when all of these are unchanged (node_modules/astro/dist/core/
 * build/incremental.js):
 *   - the hash of the page's module graph: the page, Layout, components, CSS, client scripts and
 *     every src/ module they import (licences.ts and its French names, catalogue.ts, this file…);
 *   - the config hash (site, build format, CSP…) and the lock file (Astro, Node, spdx packages);
 *   - the page's `cacheKey`, computed here.
 * What the code hash cannot see is what the pages read at build time from content/ and the
 * environment: the notices (content layer), the vocabularies, CHATONS, selections, redirections,
 * the site address and the contribution endpoint. Each key is therefore a hash of exactly the data
 * its page shows; a page listing notices keys on every notice it lists (all their fields, not only
 * the ones a card shows, so that a change to a card can never be missed).
 *
 * Pages without getStaticPaths() (home, notices.json, the sitemap…) have no key: Astro renders
 * them at every build. The two largest pages, A–Z and licences, are dynamic routes with a single
 * path for that reason (src/pages/[notices]/, src/pages/[licences]/), keyed by `cardsPageKey`.
 */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { chatonsFile } from '../notices/chatons.ts';
import { CONTRIBUTION_ENDPOINT } from '../shared/contribution-endpoint.ts';
import { activityOf } from '../notices/activity.ts';
import { licenceCheckOf } from '../notices/licence-checks.ts';
import { describeLicence } from '../notices/licences.ts';
import type { Redirection } from '../notices/redirections.ts';
import type { Notice } from '../notices/schema.ts';
import type { Selection } from '../notices/selections.ts';
import { contentDir } from '../notices/paths.ts';
import { loadVocabularies } from '../notices/vocabulary.ts';
import { parseYaml } from '../notices/notice-file.ts';
import { contentDigest, storedDigests } from '../notices/notice-store.ts';
import { DEFAULT_SITE } from '../shared/site.ts';

/** A notice as the pages get it (SiteNotice: with its rendered body), without importing astro:content. */
type KeyedNotice = Notice & { html?: string };

/**
 * The site's address (config `site`, from SITE_URL). Read from process.env, not import.meta.env:
 * a module that reads import.meta.env as a whole gets environment variables inlined into its
 * code, which would change the code hash Astro compares (see astro.config.ts).
 */
function siteAddress(): string {
  return process.env.SITE_URL ?? DEFAULT_SITE;
}

let environment: string | undefined;
/**
 * What every page may show beyond its own data: absolute URLs and the form's endpoint (from the
 * environment), the reviewed brand-icon mappings (every card and page shows logos through them),
 * and the middleware that rewrites every page's typography — it is not part of a page's module
 * graph, so Astro's code hash does not see it.
 */
function environmentDigest(): string {
  environment ??= contentDigest({
    site: siteAddress(),
    endpoint: CONTRIBUTION_ENDPOINT,
    shared: SHARED_INPUTS.map((file) => (existsSync(file) ? readFileSync(file, 'utf8') : null)),
  });
  return environment;
}

/** Files read by every page outside its module graph (relative to the project root, where builds run). */
const SHARED_INPUTS = [path.join(contentDir(), 'icones.yaml'), 'src/middleware.ts', 'src/shared/typography.ts'];

let vocabularies: string | undefined;
/** The étiquettes and plateformes, whole: labels and descriptions appear on many pages. */
function vocabulariesDigest(): string {
  vocabularies ??= contentDigest(loadVocabularies());
  return vocabularies;
}

let chatons: string | undefined;
/** content/chatons.yaml as it is (the services of a notice are shown on its page). */
function chatonsDigest(): string {
  chatons ??= contentDigest(existsSync(chatonsFile()) ? readFileSync(chatonsFile(), 'utf8') : null);
  return chatons;
}

let services: Map<string, { hebergeur: string; nom: string; adresse: string }[]> | undefined;
/**
 * The CHATONS services of a software as content/chatons.yaml lists them, read leniently (the
 * build validates the file elsewhere): what a comparison shows of it, and the hosts a card names.
 */
export function servicesOf(slug: string): { hebergeur: string; nom: string; adresse: string }[] {
  if (!services) {
    services = new Map();
    const raw = existsSync(chatonsFile()) ? (parseYaml(readFileSync(chatonsFile(), 'utf8')) as unknown) : [];
    for (const host of Array.isArray(raw) ? (raw as { nom?: unknown; services?: unknown }[]) : []) {
      for (const service of Array.isArray(host?.services) ? (host.services as Record<string, unknown>[]) : []) {
        const entry = { hebergeur: String(host.nom), nom: String(service?.nom), adresse: String(service?.adresse) };
        const software = String(service?.logiciel);
        services.set(software, [...(services.get(software) ?? []), entry]);
      }
    }
  }
  return services.get(slug) ?? [];
}

const noticeDigests = new WeakMap<object, string>();
/** Everything a notice holds: its fields, its Markdown body and the HTML rendered from it. */
export function noticeDigest(notice: KeyedNotice): string {
  let digest = noticeDigests.get(notice) ?? storedDigests(notice)?.notice;
  if (digest === undefined) {
    digest = contentDigest({ slug: notice.slug, data: notice.data, body: notice.body, html: notice.html });
    noticeDigests.set(notice, digest);
  }
  return digest;
}

function key(kind: string, ...parts: unknown[]): string {
  return contentDigest([kind, environmentDigest(), ...parts]);
}

/**
 * /notices/<slug>.html: the notice, the vocabularies' labels, its licences' names, its CHATONS
 * services, its forge activity and licence check, and the « Logiciels proches » it lists (`related`, as the page computes them).
 */
export function noticePageKey(notice: KeyedNotice, related: readonly KeyedNotice[]): string {
  return key(
    'notice',
    noticeDigest(notice),
    vocabulariesDigest(),
    chatonsDigest(),
    notice.data.licences.map(describeLicence),
    related.map(noticeDigest),
    // What the page shows of content/activite.yaml (nothing once stale) and licences-verifiees.yaml.
    activityOf(notice.slug, { codeSource: notice.data.code_source }) ?? null,
    licenceCheckOf(notice.slug) ?? null,
  );
}

/** /notices/<old slug>.html: a redirect page showing the new address and name. */
export function redirectPageKey(redirection: Redirection, target: KeyedNotice): string {
  return key('redirection', redirection, target.slug, target.data.nom);
}

/** /notices/<slug>.json: the notice's data and absolute URLs only. */
export function noticeJsonKey(notice: KeyedNotice & { version: string }): string {
  return key('notice-json', noticeDigest(notice), notice.version);
}

/**
 * A page listing notices (an étiquette's page or feed, an alternative, a selection): what the
 * page is about (`subject`: the étiquette, the product, the selection) and every notice listed,
 * in order.
 */
export function listPageKey(kind: string, subject: unknown, notices: readonly KeyedNotice[]): string {
  // And who hosts each listed software: every card says it (« Rien à installer, chez … »).
  return key(
    kind,
    subject,
    vocabulariesDigest(),
    notices.map(noticeDigest),
    notices.map((n) => servicesOf(n.slug).map((s) => s.hebergeur)),
  );
}

/**
 * A page made only of cards of notices (A–Z, licences): every notice's fields and hosts, but not
 * its body, which no card shows: fixing a notice's text does not render 10,000 cards again.
 */
export function cardsPageKey(kind: string, notices: readonly Pick<KeyedNotice, 'slug' | 'data'>[]): string {
  return key(
    kind,
    vocabulariesDigest(),
    notices.map(cardDigest),
    notices.map((n) => servicesOf(n.slug).map((s) => s.hebergeur)),
  );
}

const cardDigests = new WeakMap<object, string>();
/** A notice's fields without its body, hashed once per build for both pages. */
function cardDigest(notice: Pick<KeyedNotice, 'slug' | 'data'>): string {
  let digest = cardDigests.get(notice) ?? storedDigests(notice)?.card;
  if (digest === undefined) {
    digest = contentDigest({ slug: notice.slug, data: notice.data });
    cardDigests.set(notice, digest);
  }
  return digest;
}

/** A selection without the path of its file (which says where the checkout is, not what is shown). */
export function selectionSubject({ file: _file, ...shown }: Selection): Omit<Selection, 'file'> {
  return shown;
}
