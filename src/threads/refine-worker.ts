import { unlinkSync } from 'node:fs';
import { type MessagePort, parentPort } from 'node:worker_threads';
import { writeFileAtomic } from '../store/write.js';
import type { DocText } from '../refine/analyse.js';
import { type NeighbourInput, type ScoreInput, neighbours, pairScores, tokenize } from '../refine/kernels.js';

/**
 * A refine worker thread (see refine-threads.ts): runs one slice of a kernel on
 * shared memory, or writes files while the main thread computes, then
 * raises its flag (1 done, -1 failed, the error's message on `errors`) and
 * wakes the main thread, which waits on it.
 */
export type Task = { flag: Int32Array; errors?: MessagePort } & (
  | { kind: 'neighbours'; input: NeighbourInput; from: number; to: number; out: Int32Array }
  | { kind: 'pairScores'; input: ScoreInput; from: number; to: number; out: Float64Array }
  | { kind: 'write'; files: Array<[abs: string, text: string]>; removes: string[] }
  | { kind: 'tokenize'; texts: DocText[]; reply: MessagePort }
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
    task.errors?.postMessage(err instanceof Error ? err.message : String(err));
    Atomics.store(task.flag, 0, -1);
  }
  Atomics.notify(task.flag, 0);
});
