import { existsSync, unlinkSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { fileURLToPath } from 'node:url';
import { MessageChannel, type MessagePort, Worker, receiveMessageOnPort } from 'node:worker_threads';
import { writeFileAtomic } from '../store/write.js';
import { type TokenBatch, neighbours, pairScores } from '../refine/kernels.js';
import { type Parallel, pairCuts, serial } from '../refine/parallel.js';
import type { Task } from './refine-worker.js';

/**
 * Worker threads for refine's heavy loops. Each call posts a slice to every
 * worker, runs the first slice here, then blocks on a shared flag until the
 * workers are done (Atomics.wait, which Node allows on the main thread): the
 * refine core stays synchronous, and inputs and outputs live in shared
 * memory, so nothing is copied. Measured at 100k entries on 2 cores: the
 * neighbour search and pair scoring run ~1.8x faster.
 */

/** Stores smaller than this are refined on one thread: a worker costs ~30 ms to start. */
const MIN_ENTRIES = 20_000;
/** Texts from which reading them on a worker beats reading them here (sending them costs ~2 µs each). */
const MIN_TOKENIZE_AHEAD = 5_000;
/** A worker that has not answered after this long is taken as lost. */
const TIMEOUT_MS = 10 * 60_000;

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

/**
 * Threads for a store of `entries` entries: `serial` (and a no-op close)
 * when the store is small, the machine has one core, ORIGIN_THREADS=1, or
 * the worker bundle is missing. ORIGIN_THREADS=N forces N threads in all
 * (tests use it to compare both ways on small stores).
 */
export function startThreads(entries: number, env: Record<string, string | undefined>): Threads {
  const forced = Number(env.ORIGIN_THREADS);
  const forcedThreads = Number.isInteger(forced) && forced >= 1;
  const threads = forcedThreads ? forced : entries >= MIN_ENTRIES ? Math.min(4, availableParallelism()) : 1;
  const script = workerScript();
  if (threads <= 1 || !script) return { ...serial, write: writeHere, close: async () => {} };
  const workers = Array.from({ length: threads - 1 }, () => new Worker(script));
  for (const w of workers) w.unref();

  const shared: Parallel['alloc'] = (make, bytes, length) => new make(new SharedArrayBuffer(bytes * length));
  /** Posts slices 1.. to the workers, runs slice 0 here, and waits for the rest. */
  /** Blocks until a task's flag is raised; throws the worker's error. */
  const waitFor = (flag: Int32Array, errors?: MessagePort) => {
    const deadline = Date.now() + TIMEOUT_MS;
    while (Atomics.load(flag, 0) === 0) {
      if (Date.now() > deadline) throw new Error('a refine worker thread did not answer');
      Atomics.wait(flag, 0, 0, 1000);
    }
    if (Atomics.load(flag, 0) !== 1) {
      const message = errors ? receiveMessageOnPort(errors)?.message : undefined;
      throw new Error(`a refine worker thread failed${message ? `: ${message}` : ''}`);
    }
  };
  /** Posts slices 1.. to the workers, runs slice 0 here, and waits for the rest. */
  const split = (cuts: number[], post: (from: number, to: number, flag: Int32Array) => Task, here: (from: number, to: number) => void) => {
    const flags: Int32Array[] = [];
    for (let w = 0; w < workers.length; w++) {
      const flag = new Int32Array(new SharedArrayBuffer(4));
      flags.push(flag);
      (workers[w] as Worker).postMessage(post(cuts[w + 1] as number, cuts[w + 2] as number, flag));
    }
    here(cuts[0] as number, cuts[1] as number);
    for (const flag of flags) waitFor(flag);
  };
  const even = (count: number) => Array.from({ length: threads + 1 }, (_, p) => Math.round((count * p) / threads));

  return {
    workers: workers.length,
    alloc: shared,
    neighbours: (input, out) => {
      split(
        even(input.n),
        (from, to, flag) => ({ kind: 'neighbours', input, from, to, out, flag }),
        (from, to) => neighbours(input, from, to, out),
      );
    },
    pairScores: (input, out) => {
      split(
        pairCuts(input.pairs, threads),
        (from, to, flag) => ({ kind: 'pairScores', input, from, to, out, flag }),
        (from, to) => pairScores(input, from, to, out),
      );
    },
    tokenizeAhead: (texts) => {
      // A later round reads a few hundred merged texts: not worth a round trip (unless threads are forced, as tests do).
      if (texts.length < (forcedThreads ? 1 : MIN_TOKENIZE_AHEAD)) return undefined;
      const flag = new Int32Array(new SharedArrayBuffer(4));
      const { port1, port2 } = new MessageChannel();
      const plain = texts.map((t) => ({ title: t.title, body: t.body }));
      (workers[0] as Worker).postMessage({ kind: 'tokenize', texts: plain, reply: port2, flag, errors: port2 } satisfies Task, [port2]);
      return () => {
        try {
          waitFor(flag, port1);
          return receiveMessageOnPort(port1)?.message as TokenBatch;
        } finally {
          port1.close();
        }
      };
    },
    write: (files, removes) => {
      const flag = new Int32Array(new SharedArrayBuffer(4));
      const { port1, port2 } = new MessageChannel();
      (workers[0] as Worker).postMessage({ kind: 'write', files, removes, flag, errors: port2 } satisfies Task, [port2]);
      return {
        wait: () => {
          try {
            waitFor(flag, port1);
          } finally {
            port1.close();
          }
        },
      };
    },
    close: async () => {
      await Promise.all(workers.map((w) => w.terminate()));
    },
  };
}

/** dist/refine-worker.cjs, next to or one folder above the bundle running this. */
function workerScript(): string | undefined {
  for (const rel of ['./refine-worker.cjs', '../refine-worker.cjs']) {
    const path = fileURLToPath(new URL(rel, import.meta.url));
    if (existsSync(path)) return path;
  }
  return undefined;
}
