/**
 * npm run validate [-- [--json] [--fix] [--strict] FILES…]
 * Checks every notice (or the given files, anywhere on disk) and prints one French line per
 * problem: « fichier : champ : message », errors first, then warnings. Exit 1 on any error.
 * --strict: exit 1 on a warning too. It is the directory's own bar (npm test runs it on the
 * whole directory), while a contribution's merge request may carry warnings for moderators.
 * --fix rewrites in canonical form (key order, quoting) the notices whose problem is coded
 * « mise-en-forme » and that have no error, and changes nothing else.
 * The rules are in src/notices/check.ts (one notice) and catalogue-check.ts (the directory).
 */
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { writeNoticeFile } from '../src/notices/notice-file.ts';
import { contentDir } from '../src/notices/paths.ts';
import { problemLine } from '../src/notices/problems.ts';
import { listNoticeFiles, readNoticeFile } from '../src/notices/repository.ts';
import { CANONICAL_FORM, validateNoticeFiles, type Problem } from '../src/notices/validation.ts';
import { checkVocabularies, vocabularyIds } from '../src/notices/vocabulary.ts';

const args = process.argv.slice(2);
const json = args.includes('--json');
const fix = args.includes('--fix');
const strict = args.includes('--strict');
const FLAGS = ['--json', '--fix', '--strict'];
const unknownFlag = args.find((a) => a.startsWith('--') && !FLAGS.includes(a));
if (unknownFlag) {
  console.error(`Option inconnue : ${unknownFlag} (options : ${FLAGS.join(', ')})`);
  process.exit(2);
}
const givenFiles = args.filter((a) => !a.startsWith('--'));

const { vocabularies, problems: vocabularyProblems } = checkVocabularies();
if (vocabularyProblems.length > 0) {
  console.error(`Vocabulaire illisible :\n${vocabularyProblems.map((p) => `  ${p.file} : ${p.field} : ${p.message}`).join('\n')}`);
  process.exit(2);
}
const repositoryFiles = listNoticeFiles();
const files = givenFiles.length > 0 ? givenFiles : repositoryFiles.map((f) => path.relative(process.cwd(), f));
// Without files, the whole directory: its notices, and what holds them together (catalogue-check.ts).
const problems: Problem[] = await validateNoticeFiles(files, vocabularyIds(vocabularies), {
  referenceFiles: repositoryFiles,
  catalogue: givenFiles.length === 0 ? { vocabularies, contentRoot: contentDir() } : undefined,
});

if (fix) {
  const remaining = fixCanonicalForm(problems);
  if (!json) console.log(`${problems.length - remaining.length} notice(s) remise(s) en forme canonique.`);
  problems.splice(0, problems.length, ...remaining);
}

/**
 * Rewrites the files whose only trouble with the canonical writer is their form (the problem
 * coded CANONICAL_FORM), never a file with an error; returns the problems left.
 */
function fixCanonicalForm(found: readonly Problem[]): Problem[] {
  const broken = new Set(found.filter((p) => p.level === 'erreur').map((p) => p.file));
  const fixed = new Set<string>();
  for (const { file } of found.filter((p) => p.code === CANONICAL_FORM && !broken.has(p.file))) {
    const notice = readNoticeFile(file);
    writeFileSync(file, writeNoticeFile(notice.data, notice.body));
    fixed.add(file);
  }
  return found.filter((p) => !(p.code === CANONICAL_FORM && fixed.has(p.file)));
}

const errors = problems.filter((p) => p.level === 'erreur');
const warnings = problems.filter((p) => p.level === 'avertissement');
if (json) {
  console.log(JSON.stringify({ fichiers: files.length, erreurs: errors, avertissements: warnings }, null, 2));
} else {
  for (const p of [...errors, ...warnings]) {
    console.log(`${p.level === 'erreur' ? 'ERREUR' : 'avertissement'} ${problemLine(p)}`);
  }
  console.log(
    `${files.length} notice(s) vérifiée(s) : ${errors.length} erreur(s), ${warnings.length} avertissement(s).` +
      (errors.length > 0 ? ' Les erreurs empêchent la publication.' : '') +
      (strict && errors.length === 0 && warnings.length > 0 ? ' Avec --strict, les avertissements aussi.' : ''),
  );
}
// exitCode, not exit(): a pipe gets the whole output before the process ends.
process.exitCode = errors.length > 0 || (strict && warnings.length > 0) ? 1 : 0;
