/**
 * npm run moderation:valider — the CI validation job.
 * In a merge request pipeline (CI_MERGE_REQUEST_DIFF_BASE_SHA set, or --base SHA), the notices
 * the merge request adds or changes are validated first, so that their problems open the log;
 * then the whole directory is, as on the default branch. Exit 1 when either finds an error.
 */
import { spawnSync } from 'node:child_process';
import { mergeRequestChanges } from '../../src/moderation/git.ts';

const args = process.argv.slice(2);
const baseFlag = args.indexOf('--base');
const base = (baseFlag !== -1 ? args[baseFlag + 1] : undefined) || process.env.CI_MERGE_REQUEST_DIFF_BASE_SHA;

const validate = (files: string[]) => spawnSync(process.execPath, ['scripts/validate.ts', ...files], { stdio: 'inherit' }).status ?? 1;

let failed = false;
if (base) {
  let files: string[] | undefined;
  try {
    const changes = mergeRequestChanges({ cwd: process.cwd(), base });
    files = changes.notices.filter((n) => n.kind !== 'suppression').map((n) => n.path);
    const deleted = changes.notices.filter((n) => n.kind === 'suppression');
    console.log(`== Notices ajoutées ou modifiées par la merge request : ${files.length}${deleted.length > 0 ? ` (et ${deleted.length} supprimée(s))` : ''}`);
    for (const notice of changes.notices) console.log(`   ${notice.kind.padEnd(12)} ${notice.path}`);
  } catch (error) {
    console.log(`avertissement : notices de la merge request non déterminées (${(error as Error).message}) ; toutes les notices sont vérifiées ci-dessous.`);
  }
  if (files && files.length > 0) failed = validate(files) !== 0 || failed;
  console.log('');
}
console.log('== Toutes les notices de l’annuaire');
failed = validate([]) !== 0 || failed;
if (failed) console.log('\nLa validation a échoué : voir les lignes « ERREUR » ci-dessus (fichier : champ : problème).');
process.exit(failed ? 1 : 0);
