/**
 * The Astro content loader for notices. Astro's glob() loader would parse YAML with its own
 * js-yaml settings (dates become Date objects) and render Markdown with raw HTML kept, so the
 * collection reads files with our parser, validates with our schema (through parseData) and
 * stores the body rendered by our safe renderer. Unchanged files are skipped by digest, which
 * keeps rebuilds of a large directory cheap.
 */
import { readFileSync } from 'node:fs';
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
    async load({ store, parseData }) {
      const seen = new Set<string>();
      for (const file of listNoticeFiles()) {
        const slug = slugOfFile(file);
        seen.add(slug);
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
    },
  };
}
