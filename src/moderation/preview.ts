/**
 * The merge request preview: the built site (dist/client) published under a sub-path, either as a
 * GitLab Pages parallel deployment (`…/mr-12/`) or as browsable job artifacts
 * (`https://<groupe>.<domaine pages>/-/<projet>/-/jobs/<id>/artifacts/apercu/`).
 *
 * The site's pages use root-relative URLs (`/notices/x.html`, `/_astro/…`), right for the real
 * site and wrong under a sub-path: the copy made here prefixes them. Artifact browsing serves no
 * directory index, so in that mode `/notices/` also becomes `…/notices/index.html`.
 */
import { cpSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';

export type PreviewMode = 'pages' | 'artefacts';

export type CiEnv = Record<string, string | undefined>;

/** `https://groupe.gitlab.io/projet/mr-12/` — the Pages parallel deployment of a merge request. */
export function pagesPreviewUrl(env: CiEnv): string | undefined {
  const pages = env.CI_PAGES_URL?.replace(/\/+$/, '');
  const iid = env.CI_MERGE_REQUEST_IID;
  if (!pages || !iid) return undefined;
  // In the Pages job itself, recent GitLab versions already include the prefix.
  return pages.endsWith(`/mr-${iid}`) ? `${pages}/` : `${pages}/mr-${iid}/`;
}

/** The job's artifacts as GitLab Pages serves them, folder `dir` of job CI_JOB_ID. */
export function artifactsPreviewUrl(env: CiEnv, dir = 'apercu'): string | undefined {
  const { CI_PAGES_DOMAIN: domain, CI_PROJECT_PATH: project, CI_PROJECT_ROOT_NAMESPACE: root, CI_JOB_ID: job } = env;
  if (!domain || !project || !root || !job || !project.startsWith(`${root}/`)) return undefined;
  const protocol = env.CI_PAGES_URL?.startsWith('http://') ? 'http' : 'https';
  return `${protocol}://${root.toLowerCase()}.${domain}/-/${project.slice(root.length + 1)}/-/jobs/${job}/artifacts/${dir}/`;
}

/** Where a page of the preview lives: the artifacts server needs the file name. */
export function previewPageUrl(previewUrl: string, sitePath: string, mode: PreviewMode): string {
  return rebaseUrl(sitePath, previewUrl, mode === 'artefacts');
}

/**
 * `/notices/x.html` → `<base>notices/x.html`. `base` may be a full URL or a path; anything that
 * is not root-relative (absolute, protocol-relative, `#ancre`, relative) is left alone.
 */
export function rebaseUrl(url: string, base: string, directoryIndex: boolean): string {
  if (!url.startsWith('/') || url.startsWith('//')) return url;
  const basePath = base.replace(/\/?$/, '/');
  const baseOnly = /^https?:\/\//.test(basePath) ? new URL(basePath).pathname : basePath;
  if (url.startsWith(baseOnly) && baseOnly !== '/') return url;
  const cut = url.search(/[?#]/);
  let pathname = cut === -1 ? url : url.slice(0, cut);
  const rest = cut === -1 ? '' : url.slice(cut);
  if (directoryIndex && pathname.endsWith('/')) pathname += 'index.html';
  return `${basePath}${pathname.slice(1)}${rest}`;
}

const ATTRIBUTE = /(\s(?:href|src|action|poster|data-[\w-]+)\s*=\s*)(["'])(\/(?!\/)[^"']*)\2/g;
const SRCSET = /(\ssrcset\s*=\s*)(["'])([^"']*)\2/g;
const REFRESH = /(<meta\s+http-equiv=["']refresh["']\s+content=["']\s*\d+\s*;\s*url=)(\/(?!\/)[^"']*)/gi;
const CSS_URL = /url\(\s*(["']?)(\/(?!\/)[^"')]*)\1\s*\)/g;
const PAGEFIND_JS = /(["'`])\/pagefind\//g;

export function rebaseCss(css: string, base: string): string {
  return css.replace(CSS_URL, (_m, quote: string, url: string) => `url(${quote}${rebaseUrl(url, base, false)}${quote})`);
}

export function rebaseHtml(html: string, base: string, directoryIndex: boolean): string {
  let out = html
    .replace(ATTRIBUTE, (_m, prefix: string, quote: string, url: string) => `${prefix}${quote}${rebaseUrl(url, base, directoryIndex)}${quote}`)
    .replace(SRCSET, (_m, prefix: string, quote: string, value: string) => {
      const candidates = value.split(',').map((candidate) => {
        const [url = '', ...descriptor] = candidate.trim().split(/\s+/);
        return [rebaseUrl(url, base, false), ...descriptor].join(' ');
      });
      return `${prefix}${quote}${candidates.join(', ')}${quote}`;
    })
    .replace(REFRESH, (_m, prefix: string, url: string) => `${prefix}${rebaseUrl(url, base, directoryIndex)}`);
  out = rebaseCss(out, base);
  // A preview must not be indexed by search engines.
  if (!/<meta\s+name=["']robots["']/i.test(out)) out = out.replace(/<head(\s[^>]*)?>/i, (head) => `${head}<meta name="robots" content="noindex">`);
  return out;
}

export function rebaseScript(js: string, base: string): string {
  const basePath = /^https?:\/\//.test(base) ? new URL(base).pathname : base;
  return js.replace(PAGEFIND_JS, (_m, quote: string) => `${quote}${basePath.replace(/\/?$/, '/')}pagefind/`);
}

/** Copies the built site into `outDir`, every root-relative URL rebased under `base`. */
export function buildPreview(srcDir: string, outDir: string, base: string, mode: PreviewMode): { pages: number; files: number } {
  rmSync(outDir, { recursive: true, force: true });
  mkdirSync(outDir, { recursive: true });
  let pages = 0;
  let files = 0;
  const basePath = /^https?:\/\//.test(base) ? new URL(base).pathname : base;
  const walk = (relative: string) => {
    for (const name of readdirSync(path.join(srcDir, relative))) {
      const rel = path.join(relative, name);
      const from = path.join(srcDir, rel);
      const to = path.join(outDir, rel);
      if (statSync(from).isDirectory()) {
        mkdirSync(to, { recursive: true });
        walk(rel);
        continue;
      }
      files++;
      if (name.endsWith('.html')) {
        writeFileSync(to, rebaseHtml(readFileSync(from, 'utf8'), basePath, mode === 'artefacts'));
        pages++;
      } else if (name.endsWith('.css')) {
        writeFileSync(to, rebaseCss(readFileSync(from, 'utf8'), basePath));
      } else if (name.endsWith('.js') && rel.split(path.sep)[0] === '_astro') {
        writeFileSync(to, rebaseScript(readFileSync(from, 'utf8'), basePath));
      } else {
        cpSync(from, to);
      }
    }
  };
  walk('');
  return { pages, files };
}
