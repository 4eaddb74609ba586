/**
 * What every benchmark section shares: the section interface, running a command while measuring
 * its time and memory, folder sizes and the final table. Plain Node (no Astro import).
 */
import { execFileSync, spawn } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, symlinkSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { readVariable } from '../src/shared/env.ts';

/** One line of figures: column name → value. Numbers are printed as they are (round them first). */
export type BenchRow = Record<string, string | number>;

export interface BenchContext {
  /** Prints a progress line (figures as they come), prefixed with the section's name. */
  log(message: string): void;
  /** Scratch space for the section, under node_modules/.bench/<section> (never dist/ nor node_modules/.astro). */
  workDir: string;
}

/**
 * A benchmark section: a module under bench/ exporting `section`. `run` prepares its data, prints
 * figures through `context.log` as it goes, and returns the rows of its summary table.
 */
export interface BenchSection {
  name: string;
  /** One French line shown by `npm run bench -- --liste`. */
  description: string;
  run(context: BenchContext): Promise<BenchRow[]>;
}

export interface Measured {
  code: number | null;
  /** Wall-clock time seen by the parent, milliseconds. */
  wallMs: number;
  stdout: string;
  stderr: string;
  /** Every output line (stdout and stderr) with the time it arrived, ms after the start. */
  lines: { ms: number; text: string }[];
  /** Largest resident set of one process of the tree (GNU time's "Maximum resident set size"), KiB. */
  maxProcessRssKiB?: number;
  /** Peak of the sum of the resident sets of the whole process tree, sampled from /proc, KiB. */
  peakTreeRssKiB?: number;
  /**
   * CPU seconds (user + system) from GNU time: only the processes the command waited for, which
   * leaves out Pagefind's indexing binary. See treeCpuSeconds.
   */
  cpuSeconds?: number;
  /** CPU seconds of every process of the tree, sampled from /proc (a process shorter than one sample may be missed). */
  treeCpuSeconds?: number;
  /** Free text a section may attach (machine load during the run…). */
  note?: string;
}

export const TIME_BINARY = '/usr/bin/time';
const PAGE_KIB = 4; // /proc/<pid>/stat counts RSS in pages; 4 KiB on the x86-64 and arm64 machines we run on

const TICKS_PER_SECOND = 100; // USER_HZ, the unit of utime/stime in /proc/<pid>/stat on Linux

export interface TreeSample {
  /** Sum of the resident sets of `root` and its descendants, KiB. */
  rssKiB: number;
  /** CPU time (user + system) used so far by each process of the tree, seconds. */
  cpuByPid: Map<number, number>;
}

/** Memory and CPU of `root` and all its descendants, from /proc (zeros when /proc is not there). */
export function sampleTree(root: number): TreeSample {
  const sample: TreeSample = { rssKiB: 0, cpuByPid: new Map() };
  let entries: string[];
  try {
    entries = readdirSync('/proc');
  } catch {
    return sample;
  }
  const parent = new Map<number, number>();
  const stats = new Map<number, { rssKiB: number; cpu: number }>();
  for (const name of entries) {
    if (!/^\d+$/.test(name)) continue;
    try {
      const stat = readFileSync(`/proc/${name}/stat`, 'utf8');
      // Fields after the command name (which may hold spaces): fields[0] is field 3 of proc(5).
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      parent.set(Number(name), Number(fields[1]));
      stats.set(Number(name), {
        rssKiB: Number(fields[21]) * PAGE_KIB,
        cpu: (Number(fields[11]) + Number(fields[12])) / TICKS_PER_SECOND,
      });
    } catch {
      // the process ended while we were looking
    }
  }
  for (const [pid, stat] of stats) {
    let current: number | undefined = pid;
    for (let depth = 0; current && depth < 64; depth++) {
      if (current === root) {
        sample.rssKiB += stat.rssKiB;
        sample.cpuByPid.set(pid, stat.cpu);
        break;
      }
      current = parent.get(current);
    }
  }
  return sample;
}

/**
 * Runs a command and measures it: wall time, peak RSS of the process tree (sampled every
 * `sampleMs` from /proc), and, when GNU time is installed, its maximum RSS and CPU time.
 */
export async function runMeasured(command: string, args: readonly string[], options: { env?: NodeJS.ProcessEnv; cwd?: string; sampleMs?: number } = {}): Promise<Measured> {
  const useTime = existsSync(TIME_BINARY) && process.platform === 'linux';
  const timeFile = path.join(os.tmpdir(), `bench-time-${process.pid}-${Date.now()}.txt`);
  const [file, argv] = useTime ? [TIME_BINARY, ['-v', '-o', timeFile, command, ...args]] : [command, [...args]];
  const started = performance.now();
  const child = spawn(file, argv, { env: options.env ?? process.env, cwd: options.cwd, stdio: ['ignore', 'pipe', 'pipe'] });
  const stdout: string[] = [];
  const stderr: string[] = [];
  const lines: Measured['lines'] = [];
  const pending = { out: '', err: '' };
  const collect = (stream: 'out' | 'err', chunk: string) => {
    (stream === 'out' ? stdout : stderr).push(chunk);
    const ms = performance.now() - started;
    const parts = (pending[stream] + chunk).split('\n');
    pending[stream] = parts.pop() ?? '';
    for (const text of parts) lines.push({ ms, text });
  };
  child.stdout.setEncoding('utf8');
  child.stderr.setEncoding('utf8');
  child.stdout.on('data', (chunk: string) => collect('out', chunk));
  child.stderr.on('data', (chunk: string) => collect('err', chunk));
  let peak = 0;
  const cpuByPid = new Map<number, number>();
  const sample = () => {
    if (!child.pid) return;
    const tree = sampleTree(child.pid);
    peak = Math.max(peak, tree.rssKiB);
    for (const [pid, cpu] of tree.cpuByPid) cpuByPid.set(pid, Math.max(cpu, cpuByPid.get(pid) ?? 0));
  };
  const timer = setInterval(sample, options.sampleMs ?? 100);
  const code = await new Promise<number | null>((resolve, reject) => {
    child.on('error', reject);
    child.on('close', resolve);
  });
  clearInterval(timer);
  const wallMs = performance.now() - started;
  for (const stream of ['out', 'err'] as const) if (pending[stream]) lines.push({ ms: wallMs, text: pending[stream] });
  const result: Measured = {
    lines,
    code,
    wallMs,
    stdout: stdout.join(''),
    stderr: stderr.join(''),
    peakTreeRssKiB: peak || undefined,
    treeCpuSeconds: cpuByPid.size > 0 ? [...cpuByPid.values()].reduce((a, b) => a + b, 0) : undefined,
  };
  if (useTime && existsSync(timeFile)) {
    const report = readFileSync(timeFile, 'utf8');
    rmSync(timeFile, { force: true });
    const number = (label: string) => {
      const match = new RegExp(`${label}: ([0-9.]+)`).exec(report);
      return match ? Number(match[1]) : undefined;
    };
    result.maxProcessRssKiB = number('Maximum resident set size \\(kbytes\\)');
    const user = number('User time \\(seconds\\)');
    const system = number('System time \\(seconds\\)');
    if (user !== undefined && system !== undefined) result.cpuSeconds = user + system;
  }
  return result;
}

/** Total size (bytes) and number of files under a folder. */
export function folderSize(dir: string): { bytes: number; files: number } {
  let bytes = 0;
  let files = 0;
  if (!existsSync(dir)) return { bytes, files };
  for (const entry of readdirSync(dir, { withFileTypes: true, recursive: true })) {
    if (!entry.isFile()) continue;
    bytes += statSync(path.join(entry.parentPath, entry.name)).size;
    files++;
  }
  return { bytes, files };
}

export const seconds = (ms: number) => Math.round(ms / 100) / 10;
export const mebibytes = (kib: number | undefined) => (kib === undefined ? '—' : Math.round(kib / 1024));
export const megabytes = (bytes: number) => Math.round(bytes / 1e5) / 10;

/** A plain text table (columns: union of the rows' keys, in order of appearance). */
export function formatTable(rows: readonly BenchRow[]): string {
  if (rows.length === 0) return '(aucune ligne)';
  const columns: string[] = [];
  for (const row of rows) for (const key of Object.keys(row)) if (!columns.includes(key)) columns.push(key);
  const cell = (row: BenchRow, column: string) => (row[column] === undefined ? '' : String(row[column]));
  const widths = columns.map((column) => Math.max(column.length, ...rows.map((row) => cell(row, column).length)));
  const line = (values: string[], numeric: boolean[]) => `| ${values.map((value, i) => (numeric[i] ? value.padStart(widths[i]!) : value.padEnd(widths[i]!))).join(' | ')} |`;
  const blank = (value: unknown) => value === undefined || value === '' || value === '—';
  const numeric = columns.map((column) => rows.every((row) => blank(row[column]) || typeof row[column] === 'number'));
  return [
    line(
      columns,
      columns.map(() => false),
    ),
    `| ${widths.map((width, i) => (numeric[i] ? `${'-'.repeat(width - 1)}:` : '-'.repeat(width))).join(' | ')} |`,
    ...rows.map((row) =>
      line(
        columns.map((column) => cell(row, column)),
        numeric,
      ),
    ),
  ].join('\n');
}

/**
 * The previous version's source tree, to measure it next to this one in the same run: the commit
 * before `introducedFile` was added (or `$BENCH_BEFORE`, formerly `$BENCH_AVANT`, or `override`), extracted once with
 * `git archive` under node_modules/.bench/versions/, node_modules shared through a link.
 */
export function previousSource(introducedFile: string, override?: string): { dir: string; commit: string } {
  const introduced = execFileSync('git', ['log', '--format=%H', '--diff-filter=A', '--', introducedFile], { encoding: 'utf8' }).trim().split('\n').filter(Boolean).pop();
  const commit = override ?? readVariable(process.env, 'BENCH_BEFORE') ?? (introduced ? `${introduced}^` : 'HEAD');
  const sha = execFileSync('git', ['rev-parse', commit], { encoding: 'utf8' }).trim();
  const dir = path.resolve('node_modules/.bench/versions', sha.slice(0, 10));
  if (!existsSync(path.join(dir, 'package.json'))) {
    rmSync(dir, { recursive: true, force: true });
    mkdirSync(dir, { recursive: true });
    execFileSync('sh', ['-c', `git archive ${sha} | tar -x -C "${dir}"`]);
    symlinkSync(path.resolve('node_modules'), path.join(dir, 'node_modules'));
  }
  return { dir, commit: sha };
}
