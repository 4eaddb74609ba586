/**
 * Checks that concern the whole content folder rather than one notice: selections and
 * redirections point at notices that exist (Astro would only log a dangling reference), and
 * every étiquette of the vocabulary is in use.
 */
import path from 'node:path';
import { listNoticeFiles, readNoticeFile, slugOfFile } from './repository.ts';
import { loadRedirections, redirectionsFile } from './redirections.ts';
import { listSelectionFiles, readSelection } from './selections.ts';
import type { Problem } from './validation.ts';
import type { Vocabularies } from './vocabulary.ts';

export function validateContent(vocabularies: Vocabularies, noticeFiles = listNoticeFiles()): Problem[] {
  const problems: Problem[] = [];
  const rel = (file: string) => path.relative(process.cwd(), file);
  const slugs = new Set(noticeFiles.map(slugOfFile));

  for (const file of listSelectionFiles()) {
    try {
      const selection = readSelection(file);
      for (const slug of selection.notices) {
        if (!slugs.has(slug)) problems.push({ file: rel(file), field: 'notices', level: 'erreur', message: `la notice « ${slug} » n’existe pas` });
      }
    } catch (error) {
      problems.push({ file: rel(file), field: 'en-tête', level: 'erreur', message: (error as Error).message });
    }
  }

  try {
    for (const { ancien, nouveau } of loadRedirections()) {
      if (!slugs.has(nouveau)) problems.push({ file: rel(redirectionsFile()), field: 'nouveau', level: 'erreur', message: `« ${ancien} » redirige vers « ${nouveau} », qui n’existe pas` });
      if (slugs.has(ancien)) problems.push({ file: rel(redirectionsFile()), field: 'ancien', level: 'erreur', message: `« ${ancien} » est encore une notice : la redirection la masquerait` });
    }
  } catch (error) {
    problems.push({ file: rel(redirectionsFile()), field: 'redirections', level: 'erreur', message: (error as Error).message });
  }

  const used = new Map<string, number>();
  for (const file of noticeFiles) {
    try {
      const tags = readNoticeFile(file).data.etiquettes;
      if (Array.isArray(tags)) for (const tag of tags) used.set(String(tag), (used.get(String(tag)) ?? 0) + 1);
    } catch {
      // reported by the notice's own validation
    }
  }
  for (const etiquette of vocabularies.etiquettes) {
    const count = used.get(etiquette.id) ?? 0;
    if (count < 2) {
      problems.push({
        file: 'content/etiquettes.yaml',
        field: etiquette.id,
        level: 'avertissement',
        message: count === 0 ? 'étiquette inutilisée' : 'étiquette utilisée par une seule notice',
      });
    }
  }
  return problems;
}
