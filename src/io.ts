import { isatty } from 'node:tty';

/**
 * What a command may touch of the outside world besides the repository:
 * output streams, stdin, environment, clock. Tests pass their own; the CLI
 * entry point passes the real process's.
 */
export interface IO {
  stdout(text: string): void;
  stderr(text: string): void;
  stdin: NodeJS.ReadableStream & { fd?: number };
  stdinIsTTY: boolean;
  stdoutIsTTY: boolean;
  env: Record<string, string | undefined>;
  now(): Date;
}

export interface CommandContext {
  cwd: string;
  io: IO;
}

/**
 * ORIGIN_NOW (an ISO 8601 time) stops the clock at that time, as git's
 * GIT_COMMITTER_DATE does for commits: for reproducible evals, tests and
 * demos (recall's recency prior, entry times, ages). Anything that is not a
 * time is ignored, with a warning.
 */
function fixedNow(env: Record<string, string | undefined>, warn: (text: string) => void): Date | undefined {
  const value = env.ORIGIN_NOW?.trim();
  if (!value) return undefined;
  const time = Date.parse(value);
  if (Number.isNaN(time)) {
    warn(`origin: warning: ORIGIN_NOW=${JSON.stringify(value.slice(0, 40))} is not a time (ISO 8601, e.g. 2026-12-01T00:00:00Z); the clock is used\n`);
    return undefined;
  }
  return new Date(time);
}

export function processIO(): IO {
  const fixed = fixedNow(process.env, (text) => process.stderr.write(text));
  return {
    stdout: (text) => process.stdout.write(text),
    stderr: (text) => process.stderr.write(text),
    // process.stdin builds a stream (and loads net or tty) on first access:
    // only commands that read stdin should pay for it.
    get stdin() {
      return process.stdin;
    },
    stdinIsTTY: isatty(0),
    stdoutIsTTY: process.stdout.isTTY === true,
    env: process.env,
    now: () => (fixed ? new Date(fixed.getTime()) : new Date()),
  };
}

/** Both ends are a terminal: the only case in which we may open an editor or prompt. */
export function isInteractive(io: IO): boolean {
  return io.stdinIsTTY && io.stdoutIsTTY && io.env.CI !== 'true';
}

/** ISO 8601 in UTC to the second: the form every timestamp in the store takes. */
export function isoNow(io: IO): string {
  return io.now().toISOString().replace(/\.\d{3}Z$/, 'Z');
}
