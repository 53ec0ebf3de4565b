import { unlinkSync } from 'node:fs';
import { type MessagePort, parentPort, workerData } from 'node:worker_threads';
import { writeFileAtomic } from '../store/write.js';
import type { DocText } from '../refine/analyse.js';
import { type NeighbourInput, type ScoreInput, neighbours, pairScores, tokenize } from '../refine/kernels.js';

/**
 * A refine worker thread (see refine-threads.ts): says it is up (a shared
 * flag), then runs one slice of a kernel on shared memory, reads texts' terms,
 * or writes files while the main thread computes. Each task ends with a
 * reply (a tokenize batch, or the error's message) on the task's port, then
 * its flag raised (1 done, -1 failed) to wake the main thread, which waits on it.
 */
export type Task = { flag: Int32Array; reply: MessagePort } & (
  | { kind: 'neighbours'; input: NeighbourInput; from: number; to: number; out: Int32Array }
  | { kind: 'pairScores'; input: ScoreInput; from: number; to: number; out: Float64Array }
  | { kind: 'write'; files: Array<[abs: string, text: string]>; removes: string[] }
  | { kind: 'tokenize'; texts: DocText[] }
);

parentPort?.on('message', (task: Task) => {
  try {
    if (task.kind === 'neighbours') neighbours(task.input, task.from, task.to, task.out);
    else if (task.kind === 'pairScores') pairScores(task.input, task.from, task.to, task.out);
    else if (task.kind === 'tokenize') task.reply.postMessage(tokenize(task.texts));
    else {
      for (const [abs, text] of task.files) writeFileAtomic(abs, text);
      for (const abs of task.removes) unlinkSync(abs);
    }
    Atomics.store(task.flag, 0, 1);
  } catch (err) {
    // The message and, for a file-system error, its code (EACCES, ENOSPC...): the caller words those for people.
    const code = (err as NodeJS.ErrnoException | undefined)?.code;
    task.reply.postMessage({ message: err instanceof Error ? err.message : String(err), ...(typeof code === 'string' ? { code } : {}) });
    Atomics.store(task.flag, 0, -1);
  }
  task.reply.close();
  Atomics.notify(task.flag, 0);
});

// Up: the main thread waits for this before it posts anything.
if (workerData) {
  const { ready, index } = workerData as { ready: Int32Array; index: number };
  Atomics.store(ready, index, 1);
  Atomics.notify(ready, index);
}
