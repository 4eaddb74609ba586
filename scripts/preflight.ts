/**
 * What the tests need from Debian, checked by `npm test` before anything else: Chromium for the
 * browser tests (/usr/bin/chromium, or CHROMIUM_PATH), redis-server for the shared-state tests,
 * git for the local contribution backend and rsync for gitlab-ci-local. Run as root where apt-get
 * exists, the missing packages are installed (apt-get update, then apt-get install, quietly);
 * otherwise the run stops at once with the one command to type.
 *
 * PREFLIGHT=dry-run says what would be installed and installs nothing.
 */
import { spawnSync } from 'node:child_process';
import { accessSync, constants } from 'node:fs';
import path from 'node:path';

/** A program the tests run, and the Debian package that provides it. */
interface Need {
  package: string;
  found: (env: NodeJS.ProcessEnv) => boolean;
}

const isExecutable = (file: string) => {
  try {
    accessSync(file, constants.X_OK);
    return true;
  } catch {
    return false;
  }
};

/** Like the shell's `command -v`: the program is an executable file of some PATH folder. */
export const onPath = (program: string, env: NodeJS.ProcessEnv) =>
  (env.PATH ?? '')
    .split(path.delimiter)
    .filter(Boolean)
    .some((dir) => isExecutable(path.join(dir, program)));

/** The same default as tests/support/browser.ts. */
export const chromiumPath = (env: NodeJS.ProcessEnv) => env.CHROMIUM_PATH ?? '/usr/bin/chromium';

const NEEDS: readonly Need[] = [
  { package: 'chromium', found: (env) => isExecutable(chromiumPath(env)) },
  { package: 'redis-server', found: (env) => onPath('redis-server', env) },
  { package: 'git', found: (env) => onPath('git', env) },
  { package: 'rsync', found: (env) => onPath('rsync', env) },
];

/** The Debian packages whose program is missing, in a fixed order. */
export function missingPackages(env: NodeJS.ProcessEnv = process.env): string[] {
  return NEEDS.filter((need) => !need.found(env)).map((need) => need.package);
}

/** The one command a person runs to install them. */
export const installCommand = (packages: readonly string[]) => `sudo apt-get update && sudo apt-get install -y ${packages.join(' ')}`;

/**
 * Checks, installs when it can, and says in one French line what is missing otherwise. Returns
 * whether the tests can run.
 */
export function preflight(env: NodeJS.ProcessEnv = process.env): boolean {
  const missing = missingPackages(env);
  const dryRun = env.PREFLIGHT === 'dry-run';
  if (missing.length === 0) {
    if (dryRun) console.log('Paquets Debian des tests : tout est là (chromium, redis-server, git, rsync).');
    return true;
  }
  const canInstall = process.getuid?.() === 0 && onPath('apt-get', env);
  if (env.CHROMIUM_PATH && missing.includes('chromium')) {
    console.log(`CHROMIUM_PATH=${env.CHROMIUM_PATH} n’est pas un exécutable : corrigez CHROMIUM_PATH ou retirez-le pour utiliser /usr/bin/chromium.`);
    return false;
  }
  if (!canInstall) {
    console.log(`Il manque ${missing.join(', ')} pour les tests : lancez « ${installCommand(missing)} », puis npm test.`);
    return false;
  }
  if (dryRun) {
    console.log(`À installer : apt-get update -qq && apt-get install -y -qq ${missing.join(' ')} (PREFLIGHT=dry-run : rien n’est installé).`);
    return false;
  }
  console.log(`== Installation des paquets Debian ${missing.join(' ')}`);
  const aptEnv = { ...env, DEBIAN_FRONTEND: 'noninteractive' };
  for (const args of [
    ['update', '-qq'],
    ['install', '-y', '-qq', ...missing],
  ]) {
    const result = spawnSync('apt-get', args, { env: aptEnv, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
    if (result.status !== 0) {
      // Short on success; on failure, the end of apt's own words.
      process.stdout.write(`${result.stdout ?? ''}${result.stderr ?? ''}`.split('\n').slice(-15).join('\n'));
      console.log(`L’installation a échoué : lancez « ${installCommand(missing)} », puis npm test.`);
      return false;
    }
  }
  const still = missingPackages(env);
  if (still.length > 0) {
    console.log(`Toujours introuvable après l’installation : ${still.join(', ')} (vérifiez le PATH).`);
    return false;
  }
  return true;
}
