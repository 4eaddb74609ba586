/**
 * The server's side of the box's engine: one worker thread (engine-worker.ts) started with the
 * server, over the built site's client files. A search is posted to it and its outcome awaited;
 * the thread's work never holds the server's event loop. A search not answered within
 * ANSWER_WITHIN_MS, or found with WAITING_AT_MOST others already waiting (a flood of requests),
 * gives `undefined`: the page is then drawn without results and the box searches in the browser.
 * A thread that fails, or that answered nothing for that long, is replaced. A site
 * rebuilt under the running server (a new /pagefind/shards.json) gets a new thread too, so that
 * the server never searches an index the pages no longer use.
 */
import { statSync } from 'node:fs';
import path from 'node:path';
import { Worker } from 'node:worker_threads';
import { PAGEFIND_URL, SHARDS_FILE } from '../shards.ts';
import type { ServerOutcome, ServerSearch } from './outcome.ts';

const ANSWER_WITHIN_MS = 5000;
export const WAITING_AT_MOST = 32;

type Answer = { id: number; outcome?: ServerOutcome; error?: string };

/** Which build of the index is published: the shard list's time and size (0 when there is none). */
function indexVersion(clientDir: string): string {
  try {
    const list = statSync(path.join(clientDir, PAGEFIND_URL, SHARDS_FILE));
    return `${list.mtimeMs}:${list.size}`;
  } catch {
    return '0';
  }
}

export function startServerSearch(clientDir: string): ServerSearch {
  let worker: { thread: Worker; version: string; answeredAt: number } | undefined;
  let nextId = 0;
  const waiting = new Map<number, (outcome: ServerOutcome | undefined) => void>();

  const stop = (thread: Worker) => {
    if (worker?.thread !== thread) return;
    worker = undefined;
    void thread.terminate();
    for (const answer of waiting.values()) answer(undefined);
    waiting.clear();
  };
  const start = (version: string): Worker => {
    const thread = new Worker(new URL('./engine-worker.ts', import.meta.url), { workerData: { clientDir } });
    thread.on('message', ({ id, outcome, error }: Answer) => {
      if (worker?.thread === thread) worker.answeredAt = Date.now();
      if (error) console.error(`Recherche sur le serveur : ${error} (la case cherchera dans le navigateur).`);
      waiting.get(id)?.(outcome);
      waiting.delete(id);
    });
    thread.on('error', () => stop(thread));
    thread.on('exit', () => stop(thread));
    // The thread serves the server; it never keeps a process alive on its own (after listeners: adding one refs it again).
    thread.unref();
    worker = { thread, version, answeredAt: Date.now() };
    return thread;
  };
  const current = (): Worker => {
    const version = indexVersion(clientDir);
    if (worker && worker.version !== version) stop(worker.thread);
    return worker?.thread ?? start(version);
  };
  current();

  /** Too long: this page goes without; the thread is replaced only if it has stopped answering altogether. */
  const giveUp = (id: number, thread: Worker) => {
    waiting.get(id)?.(undefined);
    waiting.delete(id);
    if (worker?.thread === thread && Date.now() - worker.answeredAt >= ANSWER_WITHIN_MS) stop(thread);
  };

  return (state) =>
    new Promise((resolve) => {
      if (waiting.size >= WAITING_AT_MOST) return resolve(undefined);
      const id = nextId++;
      const thread = current();
      const timer = setTimeout(() => giveUp(id, thread), ANSWER_WITHIN_MS);
      waiting.set(id, (outcome) => {
        clearTimeout(timer);
        resolve(outcome);
      });
      thread.postMessage({ id, state });
    });
}
