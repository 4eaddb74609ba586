/**
 * npm run import:awesome-selfhosted -- --out DIR [--source DIR] [--reference DIR | --sans-reference]
 *                                      [--date AAAA-MM-JJ] [--detail]
 *
 * Turns a checkout of awesome-selfhosted-data (default ../shared/datasets/awesome-selfhosted-data)
 * into notices, one file per free software, and prints a French report (imported, skipped by
 * reason, adjusted fields). The logic lives in src/import/awesome-selfhosted/.
 *
 * --out is required and has no default. It must be a new or empty folder; the only exception is
 * the directory itself, which must be spelled `--out content/notices` in full (then files are
 * added, never overwritten). Entries that an existing notice already covers (same slug, site or
 * repository as a notice of --reference, by default the directory's notices) are skipped, so
 * that `npm run validate -- <out>/*.md` passes. --detail lists every name in the report.
 * Exit code: 0 done, 1 nothing written because of an error, 2 bad arguments.
 */
import { existsSync, realpathSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { formatReport, importAwesomeSelfhosted, todayIso, writeImportedNotices } from '../src/import/awesome-selfhosted/index.ts';
import { noticesDir } from '../src/notices/paths.ts';
import { listNoticeFiles } from '../src/notices/repository.ts';
import { loadVocabularies, vocabularyIds } from '../src/notices/vocabulary.ts';

const usage = 'Usage : npm run import:awesome-selfhosted -- --out DOSSIER [--source DOSSIER] [--reference DOSSIER | --sans-reference] [--date AAAA-MM-JJ] [--detail]';

let args;
try {
  args = parseArgs({
    options: {
      source: { type: 'string', default: '../shared/datasets/awesome-selfhosted-data' },
      out: { type: 'string' },
      reference: { type: 'string' },
      'sans-reference': { type: 'boolean', default: false },
      date: { type: 'string' },
      detail: { type: 'boolean', default: false },
      help: { type: 'boolean', short: 'h', default: false },
    },
    strict: true,
  }).values;
} catch (error) {
  console.error(`${(error as Error).message}\n${usage}`);
  process.exit(2);
}
if (args.help) {
  console.log(usage);
  process.exit(0);
}
if (!args.out) {
  console.error(`--out est obligatoire (il n’a pas de valeur par défaut, pour ne jamais écrire dans content/notices par erreur).\n${usage}`);
  process.exit(2);
}
const today = args.date ?? todayIso();
if (!/^\d{4}-\d{2}-\d{2}$/.test(today)) {
  console.error(`--date doit être au format AAAA-MM-JJ (reçu : ${today})`);
  process.exit(2);
}

/** The real path of a folder that may not exist yet (its nearest existing parent is resolved). */
function realPath(dir: string): string {
  const absolute = path.resolve(dir);
  if (existsSync(absolute)) return realpathSync(absolute);
  return path.join(realPath(path.dirname(absolute)), path.basename(absolute));
}

const out = args.out;
const repositoryNotices = realPath(noticesDir());
const target = realPath(out);
const intoRepository = target === repositoryNotices || target.startsWith(`${repositoryNotices}${path.sep}`);
const spelledOut = path.normalize(out).replace(/[\\/]+$/, '') === path.join('content', 'notices');
if (intoRepository && !(spelledOut && target === repositoryNotices)) {
  console.error(
    `Refus d’écrire dans ${path.relative(process.cwd(), target) || target} : pour importer dans les notices de l’annuaire, ` +
      'il faut l’écrire en toutes lettres : --out content/notices',
  );
  process.exit(2);
}

if (!existsSync(args.source)) {
  console.error(`Source introuvable : ${args.source} (une copie d’awesome-selfhosted-data, voir --source)`);
  process.exit(2);
}

let referenceFiles: string[] = [];
if (!args['sans-reference']) {
  const dir = args.reference ?? noticesDir();
  if (existsSync(dir)) referenceFiles = listNoticeFiles(dir);
  else if (args.reference) {
    console.error(`Dossier de référence introuvable : ${dir}`);
    process.exit(2);
  }
}

try {
  const vocabulary = vocabularyIds(loadVocabularies());
  const result = importAwesomeSelfhosted({ sourceDir: args.source, vocabulary, referenceFiles, today });
  writeImportedNotices(result.notices, out, { addToExisting: intoRepository });
  console.log(formatReport(result, out, args.detail ? Number.POSITIVE_INFINITY : 12));
  console.log(`Vérifier : npm run validate -- ${path.join(out, '*.md')}`);
} catch (error) {
  console.error(`Import interrompu, rien n’a été écrit : ${(error as Error).message}`);
  process.exit(1);
}
