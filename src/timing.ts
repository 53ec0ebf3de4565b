/**
 * Phase timings on stderr when ORIGIN_TIMING is set: how the hot path of
 * `start` and `recall` spends its milliseconds, without a profiler. Times are
 * since the process started (performance.timeOrigin), so the marks of the
 * entry point and of a command bundle (each has its own copy of this module)
 * read on one clock, and node's own startup shows as the first mark's offset.
 */
const enabled = Boolean(process.env.ORIGIN_TIMING);

export function mark(label: string): void {
  if (enabled) process.stderr.write(`origin timing ${performance.now().toFixed(1).padStart(7)} ms  ${label}\n`);
}
