/**
 * Phase timings on stderr when ORIGIN_TIMING is set: how the hot path of
 * `start` and `recall` spends its milliseconds, without a profiler.
 */
const enabled = Boolean(process.env.ORIGIN_TIMING);
const t0 = performance.now();

export function mark(label: string): void {
  if (enabled) process.stderr.write(`origin timing ${(performance.now() - t0).toFixed(1).padStart(7)} ms  ${label}\n`);
}
