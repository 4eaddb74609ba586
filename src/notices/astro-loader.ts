/**
 * The Astro content loader for notices. Astro's glob() loader would parse YAML with its own
 * js-yaml settings (dates become Date objects) and render Markdown with raw HTML kept, so the
 * collection reads files with our parser, validates with our schema (through parseData) and
 * stores the body rendered by our safe renderer. Unchanged files are skipped, which keeps rebuilds
 * of a large directory cheap: a file whose identity and times are those recorded when it was last
 * read (inode, size, modification and change times, kept in the loader's meta store) is not read
 * again; one that was touched is read, and skipped when its digest has not changed.
 */
import { readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import type { Loader } from 'astro/loaders';
import { renderNoticeBody } from './markdown.ts';
import { parseNoticeFile } from './notice-file.ts';
import { listNoticeFiles, slugOfFile } from './repository.ts';
import { nameProblems } from './check.ts';
import { noticeVersion } from './version.ts';

export function noticesLoader(): Loader {
  return {
    name: 'framalibre-notices',
    async load({ store, parseData, meta }) {
      const seen = new Set<string>();
      const previous = readSignatures(meta.get(SIGNATURES));
      const signatures: Record<string, string> = {};
      for (const file of listNoticeFiles()) {
        const slug = slugOfFile(file);
        seen.add(slug);
        // 10,000 files read and hashed at every build cost more than the build of one changed page.
        const signature = fileSignature(file);
        signatures[slug] = signature;
        if (previous[slug] === signature && store.has(slug)) continue;
        const text = readFileSync(file, 'utf8');
        // The file's git blob id: it tells unchanged files apart, and the edit form carries it as
        // the version it was filled from (the base of a three-way edit, notices/version.ts).
        const digest = noticeVersion(text);
        if (store.get(slug)?.digest === digest) continue;
        const filePath = path.relative(process.cwd(), file);
        const { data, body } = parseNoticeFile(text);
        // The slug is the public URL: a file whose name is not the slug of its `nom` would publish
        // the notice under the wrong address, so the build stops like `npm run validate` does.
        const [nameProblem] = nameProblems(data, slug);
        if (nameProblem) throw new Error(`${filePath} : ${nameProblem.field} : ${nameProblem.message}`);
        const parsed = await parseData({ id: slug, data, filePath });
        store.set({ id: slug, data: parsed, body, digest, filePath, rendered: { html: renderNoticeBody(body) } });
      }
      for (const id of store.keys()) if (!seen.has(id)) store.delete(id);
      // Only when something moved: setting the meta store makes Astro write its whole data store
      // (all notices and their HTML) to disk again.
      const json = JSON.stringify(signatures);
      if (json !== meta.get(SIGNATURES)) meta.set(SIGNATURES, json);
    },
  };
}

/** Meta store key: the signature of each notice file as it was when its entry was stored. */
const SIGNATURES = 'signatures-des-fichiers';

function readSignatures(json: string | undefined): Record<string, string> {
  try {
    const parsed = json === undefined ? {} : (JSON.parse(json) as unknown);
    return parsed && typeof parsed === 'object' ? (parsed as Record<string, string>) : {};
  } catch {
    return {};
  }
}

/**
 * A file's identity and state: device, inode, size, modification and change times. Any write
 * changes the change time (which no tool can set back), and a copied or checked-out file is a new
 * inode: a matching signature means the bytes are those read last time.
 */
function fileSignature(file: string): string {
  const s = statSync(file);
  return `${s.dev}:${s.ino}:${s.size}:${s.mtimeMs}:${s.ctimeMs}`;
}
