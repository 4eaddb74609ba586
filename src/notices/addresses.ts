/**
 * Where a notice lives, written once: its page and its JSON on the site (the addresses
 * mini-sites already link to, kept stable), its edit form, and its files in the repository (what
 * git and GitLab see). No Node import: browser scripts use it too.
 */

/** Every notice, A to Z, site-relative. */
export const NOTICES_INDEX_URL = '/notices/';
/** The notice's page, site-relative: `/notices/<slug>.html`. */
export const noticePageUrl = (slug: string): string => `/notices/${slug}.html`;
/** The notice as open data, site-relative: `/notices/<slug>.json`. */
export const noticeJsonUrl = (slug: string): string => `/notices/${slug}.json`;
/** The form that proposes a change to the notice, site-relative. */
export const editFormUrl = (slug: string): string => `/contribuer/?notice=${encodeURIComponent(slug)}`;

/** The notice's file, relative to the repository root. */
export const noticeFile = (slug: string): string => `content/notices/${slug}.md`;
/** A logo file named by a notice's `logo` key, relative to the repository root. */
export const logoFile = (name: string): string => `content/notices/logos/${name}`;
