/**
 * npm test: builds the site once (the build and browser tests read dist/), then runs every
 * tests/**\/*.test.ts file with Node's test runner, and ends with the plain line
 * « N passed, N failed » that CI reads. It first type-checks the tree (tsc, strict).
 * SKIP_BUILD=1 reuses an existing dist/, SKIP_TYPECHECK=1 skips tsc.
 */
import { spawnSync } from 'node:child_process';

const run = (command: string, args: string[], capture = false) =>
  spawnSync(command, args, { stdio: capture ? ['ignore', 'pipe', 'inherit'] : 'inherit', encoding: 'utf8', env: process.env });

// TypeScript strict over the whole tree: a type error fails the run like a failing test.
if (!process.env.SKIP_TYPECHECK) {
  const types = run('tsc', ['--noEmit', '-p', '.']);
  if (types.status !== 0) {
    console.log('0 passed, 1 failed');
    process.exit(1);
  }
}

if (!process.env.SKIP_BUILD) {
  const build = run('astro', ['build', '--silent']);
  if (build.status !== 0) {
    console.log('0 passed, 1 failed');
    process.exit(1);
  }
}

const patterns = process.argv.slice(2);
const result = run(
  process.execPath,
  ['--test', '--test-reporter=spec', '--test-concurrency=2', ...(patterns.length > 0 ? patterns : ['tests/**/*.test.ts'])],
  true,
);
process.stdout.write(result.stdout ?? '');
const count = (label: string) => Number(new RegExp(`ℹ ${label} (\\d+)`).exec(result.stdout ?? '')?.[1] ?? 0);
const passed = count('pass');
const failed = count('fail') + count('cancelled');
console.log(`${passed} passed, ${failed} failed`);
process.exit(result.status === 0 && failed === 0 && passed > 0 ? 0 : 1);
