/** Reading the built site (dist/client) from tests. */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';

export const SITE_DIR = path.resolve(process.env.FRAMALIBRE_OUT_DIR ?? 'dist', 'client');

export function htmlFiles(dir = SITE_DIR): string[] {
  const files: string[] = [];
  const walk = (current: string) => {
    for (const entry of readdirSync(current, { withFileTypes: true })) {
      const full = path.join(current, entry.name);
      if (entry.isDirectory()) {
        if (entry.name !== 'pagefind' && entry.name !== '_astro') walk(full);
      } else if (entry.name.endsWith('.html')) files.push(full);
    }
  };
  walk(dir);
  return files;
}

/** The file a URL path is served from, as the node adapter and GitLab Pages resolve it. */
export function resolveUrlPath(urlPath: string, dir = SITE_DIR): string | undefined {
  const clean = decodeURIComponent(urlPath.split(/[?#]/)[0]!);
  const candidates = clean.endsWith('/') ? [`${clean}index.html`] : [clean, `${clean}.html`, `${clean}/index.html`];
  return candidates.map((c) => path.join(dir, c)).find((file) => existsSync(file) && statSync(file).isFile());
}

export function readPage(urlPath: string, dir = SITE_DIR): string {
  const file = resolveUrlPath(urlPath, dir);
  if (!file) throw new Error(`page absente : ${urlPath}`);
  return readFileSync(file, 'utf8');
}

/** Every href/src/srcset/action target of a page. */
export function linksOf(html: string): string[] {
  const links: string[] = [];
  for (const match of html.matchAll(/\s(href|src|action)="([^"]*)"/g)) links.push(match[2]!.replace(/&amp;/g, '&'));
  for (const match of html.matchAll(/\ssrcset="([^"]*)"/g)) {
    for (const candidate of match[1]!.split(',')) links.push(candidate.trim().split(/\s+/)[0]!);
  }
  return links;
}
