import type { DocText } from './analyse.js';
import { type NeighbourInput, type ScoreInput, type TokenBatch, neighbours, pairScores } from './kernels.js';

/**
 * How refine runs its two heaviest loops (kernels.ts): on this thread alone
 * (`serial`, the default, and what tests of the core use), or split with
 * worker threads (src/threads/refine-threads.ts, which the refine command starts for big
 * stores). The core sees one synchronous interface either way.
 */
export interface Parallel {
  /** Worker threads besides this one. */
  readonly workers: number;
  /** A typed array the workers can read and write (shared memory when there are workers). */
  alloc<T extends Int32Array | Uint32Array | Float32Array | Float64Array>(make: new (buffer: ArrayBuffer | SharedArrayBuffer) => T, bytesPerElement: number, length: number): T;
  /** neighbours() over entries [0, input.n). */
  neighbours(input: NeighbourInput, out: Int32Array): void;
  /** pairScores() over every pair of input.pairs. */
  pairScores(input: ScoreInput, out: Float64Array): void;
  /**
   * tokenize() of `texts` on a worker, started now; the function returned
   * waits for the batch. Undefined without workers, or when the texts are
   * too few to be worth sending: the caller reads them itself.
   */
  tokenizeAhead(texts: readonly DocText[]): (() => TokenBatch) | undefined;
}

export const serial: Parallel = {
  workers: 0,
  alloc: (make, bytes, length) => new make(new ArrayBuffer(bytes * length)),
  neighbours: (input, out) => neighbours(input, 0, input.n, out),
  pairScores: (input, out) => pairScores(input, 0, input.pairs.length / 2, out),
  tokenizeAhead: () => undefined,
};

/**
 * Where to cut pairs [0, count) into `parts` slices of about equal size, at
 * the start of a run of pairs with the same first entry (a run is scored
 * from one table, so it stays on one thread).
 */
export function pairCuts(pairs: Uint32Array, parts: number): number[] {
  const count = pairs.length / 2;
  const cuts = [0];
  for (let p = 1; p < parts; p++) {
    let k = Math.max(cuts[cuts.length - 1] as number, Math.round((count * p) / parts));
    while (k > 0 && k < count && pairs[2 * k] === pairs[2 * k - 2]) k++;
    cuts.push(Math.min(k, count));
  }
  cuts.push(count);
  return cuts;
}
