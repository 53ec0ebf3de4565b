import { parentPort } from 'node:worker_threads';
import { type NeighbourInput, type ScoreInput, neighbours, pairScores } from './kernels.js';

/**
 * A refine worker thread (see threads.ts): runs one slice of a kernel on
 * shared memory, then raises its flag (1 done, -1 failed) and wakes the
 * main thread, which waits on it.
 */
export type Task =
  | { kind: 'neighbours'; input: NeighbourInput; from: number; to: number; out: Int32Array; flag: Int32Array }
  | { kind: 'pairScores'; input: ScoreInput; from: number; to: number; out: Float64Array; flag: Int32Array };

parentPort?.on('message', (task: Task) => {
  try {
    if (task.kind === 'neighbours') neighbours(task.input, task.from, task.to, task.out);
    else pairScores(task.input, task.from, task.to, task.out);
    Atomics.store(task.flag, 0, 1);
  } catch {
    Atomics.store(task.flag, 0, -1);
  }
  Atomics.notify(task.flag, 0);
});
