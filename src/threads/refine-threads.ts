import { existsSync, unlinkSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { fileURLToPath } from 'node:url';
import { MessageChannel, type MessagePort, Worker, receiveMessageOnPort } from 'node:worker_threads';
import { type TokenBatch, neighbours, pairScores } from '../refine/kernels.js';
import { type Parallel, pairCuts, serial } from '../refine/parallel.js';
import { writeFileAtomic } from '../store/write.js';
import type { Task } from './refine-worker.js';

/**
 * Worker threads for refine's heavy loops. Each call posts a slice to every
 * worker, runs the first slice here, then blocks on a shared flag until the
 * workers are done (Atomics.wait, which Node allows on the main thread): the
 * refine core stays synchronous, and inputs and outputs live in shared
 * memory, so nothing is copied. Measured at 100k entries on 2 cores: the
 * neighbour search and pair scoring run ~1.8x faster.
 *
 * Blocked in Atomics.wait, this thread cannot hear a worker's 'error' or
 * 'exit' events. So a worker first says it is up (a shared flag, within
 * READY_MS, else refine goes on without workers), answers every task with
 * its flag and, on failure, the error on a port read synchronously; and a
 * task that never answers fails after TIMEOUT_MS instead of hanging.
 */

/** Stores smaller than this are refined on one thread: a worker costs ~30 ms to start. */
const MIN_ENTRIES = 20_000;
/** Texts from which reading them on a worker beats reading them here (sending them costs ~2 µs each). */
const MIN_TOKENIZE_AHEAD = 5_000;
/** At most this many threads, whatever ORIGIN_THREADS says. */
const MAX_THREADS = 16;
/** How long a worker may take to load before refine goes on without it. */
const READY_MS = 3_000;
/** A task that has not answered after this long fails (a slice at 100k entries takes about a second). */
const TIMEOUT_MS = 5 * 60_000;

export interface Threads extends Parallel {
  /**
   * Writes files (atomically) and removes others: on a worker thread, so
   * that the caller can go on computing, or here and now without workers.
   * `wait()` returns once it is done, and throws what it failed with.
   */
  write(files: Array<[abs: string, text: string]>, removes: string[]): { wait(): void };
  close(): Promise<void>;
}

/** Threads.write() on this thread. */
function writeHere(files: Array<[abs: string, text: string]>, removes: string[]): { wait(): void } {
  for (const [abs, text] of files) writeFileAtomic(abs, text);
  for (const abs of removes) unlinkSync(abs);
  return { wait: () => {} };
}

const alone: Threads = { ...serial, write: writeHere, close: async () => {} };

/**
 * Threads for a store of `entries` entries: none (`serial`) when the store
 * is small, the machine has one core, ORIGIN_THREADS=1, or the worker bundle
 * is missing. ORIGIN_THREADS=N forces N threads in all (tests use it to
 * compare both ways on small stores).
 */
export function startThreads(entries: number, env: Record<string, string | undefined>, warn: (message: string) => void = () => {}): Threads {
  const forced = Number(env.ORIGIN_THREADS);
  const forcedThreads = Number.isInteger(forced) && forced >= 1;
  const threads = Math.min(MAX_THREADS, forcedThreads ? forced : entries >= MIN_ENTRIES ? availableParallelism() : 1);
  const script = workerScript();
  if (threads <= 1 || !script) return alone;
  const ready = new Int32Array(new SharedArrayBuffer(4 * (threads - 1)));
  const workers = Array.from({ length: threads - 1 }, (_, index) => new Worker(script, { workerData: { ready, index } }));
  for (const w of workers) {
    w.unref();
    // Heard only once this thread is free again, after refine went on without it (see above); without a listener it would crash the process.
    w.on('error', () => {});
  }
  let usable: boolean | undefined;
  /** Whether every worker said it is up (waited for once, on first use). */
  const up = () => {
    if (usable === undefined) {
      const deadline = Date.now() + READY_MS;
      for (let k = 0; k < workers.length; k++) while (Atomics.load(ready, k) === 0 && Date.now() < deadline) Atomics.wait(ready, k, 0, 100);
      usable = workers.every((_, k) => Atomics.load(ready, k) === 1);
      if (!usable) warn(`refine's worker threads did not start within ${READY_MS / 1000} s; going on with one thread (slower on a big store)`);
    }
    return usable;
  };

  /**
   * Posts a task to a worker; the function returned blocks until it is done
   * and gives the worker's reply (a tokenize batch), or throws its error.
   */
  // A worker that did not answer in time is not waited for again: the tasks queued behind it would each wait TIMEOUT_MS.
  let unanswered = false;
  const post = (w: number, task: (flag: Int32Array, reply: MessagePort) => Task) => {
    const flag = new Int32Array(new SharedArrayBuffer(4));
    const { port1, port2 } = new MessageChannel();
    (workers[w] as Worker).postMessage(task(flag, port2), [port2]);
    return (): unknown => {
      try {
        const deadline = Date.now() + TIMEOUT_MS;
        while (Atomics.load(flag, 0) === 0) {
          if (unanswered || Date.now() > deadline) {
            unanswered = true;
            throw new Error(`a refine worker thread did not answer in ${TIMEOUT_MS / 60_000} minutes`);
          }
          Atomics.wait(flag, 0, 0, 1000);
        }
        // The worker posts its reply (or its error) before it raises the flag.
        const message = receiveMessageOnPort(port1)?.message;
        if (Atomics.load(flag, 0) !== 1) throw workerError(message);
        return message;
      } finally {
        port1.close();
      }
    };
  };
  /** Posts slices 1.. to the workers, runs slice 0 here, and waits for the rest. */
  const split = (cuts: number[], task: (from: number, to: number) => (flag: Int32Array, reply: MessagePort) => Task, here: (from: number, to: number) => void) => {
    const waits = workers.map((_, w) => post(w, task(cuts[w + 1] as number, cuts[w + 2] as number)));
    here(cuts[0] as number, cuts[1] as number);
    for (const wait of waits) wait();
  };
  const even = (count: number) => Array.from({ length: threads + 1 }, (_, p) => Math.round((count * p) / threads));

  return {
    get workers() {
      return up() ? workers.length : 0;
    },
    alloc: (make, bytes, length) => new make(new SharedArrayBuffer(bytes * length)),
    neighbours: (input, out) => {
      if (!up()) return serial.neighbours(input, out);
      split(
        even(input.n),
        (from, to) => (flag, reply) => ({ kind: 'neighbours', input, from, to, out, flag, reply }),
        (from, to) => neighbours(input, from, to, out),
      );
    },
    pairScores: (input, out) => {
      if (!up()) return serial.pairScores(input, out);
      split(
        pairCuts(input.pairs, threads),
        (from, to) => (flag, reply) => ({ kind: 'pairScores', input, from, to, out, flag, reply }),
        (from, to) => pairScores(input, from, to, out),
      );
    },
    tokenizeAhead: (texts) => {
      // A later round reads a few hundred merged texts: not worth a round trip (unless threads are forced, as tests do).
      if (texts.length < (forcedThreads ? 1 : MIN_TOKENIZE_AHEAD) || !up()) return undefined;
      const plain = texts.map((t) => ({ title: t.title, body: t.body }));
      const wait = post(0, (flag, reply) => ({ kind: 'tokenize', texts: plain, flag, reply }));
      return () => wait() as TokenBatch;
    },
    write: (files, removes) => {
      if (!up()) return writeHere(files, removes);
      const wait = post(0, (flag, reply) => ({ kind: 'write', files, removes, flag, reply }));
      return {
        wait: () => {
          wait();
        },
      };
    },
    close: async () => {
      await Promise.all(workers.map((w) => w.terminate()));
    },
  };
}

/** dist/refine-worker.cjs, next to or one folder above the bundle running this. */
/** A worker's failure as an error here; a file-system error keeps its message and code, so that callers word it as they would a failure here. */
function workerError(reply: unknown): Error {
  const { message, code } = (typeof reply === 'object' && reply !== null ? reply : { message: reply }) as { message?: unknown; code?: unknown };
  // A file-system error reads as it would here (which thread wrote the file is no concern of the reader).
  if (typeof code === 'string') return Object.assign(new Error(String(message)), { code });
  return new Error(`a refine worker thread failed: ${String(message ?? 'no reason given')}`);
}

function workerScript(): string | undefined {
  for (const rel of ['./refine-worker.cjs', '../refine-worker.cjs']) {
    const path = fileURLToPath(new URL(rel, import.meta.url));
    if (existsSync(path)) return path;
  }
  return undefined;
}
