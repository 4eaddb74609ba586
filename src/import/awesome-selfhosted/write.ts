/** Writing imported notices: all or nothing, never over an existing file. */
import { existsSync, mkdirSync, mkdtempSync, readdirSync, renameSync, rmSync, rmdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { ImportedNotice } from './pipeline.ts';

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
