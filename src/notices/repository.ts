/** Finding and reading notice files on disk (Node only). */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { noticesDir } from './paths.ts';
import { parseNoticeFile, type NoticeFileContent } from './notice-file.ts';

export function listNoticeFiles(dir = noticesDir()): string[] {
  return readdirSync(dir, { withFileTypes: true })
    .filter((entry) => entry.isFile() && entry.name.endsWith('.md'))
    .map((entry) => path.join(dir, entry.name))
    .sort();
}

/** The Markdown files of an optional content folder (selections, « Lequel choisir ? »), sorted; none when it is absent. */
export function listMarkdownFiles(dir: string): string[] {
  try {
    return readdirSync(dir)
      .filter((name) => name.endsWith('.md'))
      .map((name) => path.join(dir, name))
      .sort();
  } catch {
    return [];
  }
}

/** The slug a file claims by its name. */
export function slugOfFile(file: string): string {
  return path.basename(file, '.md');
}

export interface RawNotice extends NoticeFileContent {
  file: string;
  slug: string;
  text: string;
}

export function readNoticeFile(file: string): RawNotice {
  const text = readFileSync(file, 'utf8');
  return { file, slug: slugOfFile(file), text, ...parseNoticeFile(text) };
}

/**
 * Every notice that can be read, in the order of `files` (by default every notice of the content
 * folder): one that cannot (a file gone, broken YAML) is left out without a word, because the
 * checker (`npm run validate`, the validation job, the build) reports it with its own message.
 */
export function readReadableNotices(files: readonly string[] = listNoticeFiles()): RawNotice[] {
  const notices: RawNotice[] = [];
  for (const file of files) {
    try {
      notices.push(readNoticeFile(file));
    } catch {
      // reported by the checker
    }
  }
  return notices;
}
