import { resolve } from 'node:path';
import { buildProgram } from './cli.js';
import { OriginError } from './errors.js';
import { type IO, processIO } from './io.js';
import { mark } from './timing.js';

/**
 * The one entry point: parses argv, runs the chosen command, and maps what
 * happened to an exit code (0 ok, 1 failure, 2 usage error). Commands never
 * call process.exit; we only set process.exitCode so piped output is flushed.
 */
export async function run(argv: string[], io: IO, cwd = process.cwd()): Promise<number> {
  mark('main loaded');
  let chosen: ((ctx: { cwd: string; io: IO }) => Promise<number>) | undefined;
  const program = buildProgram(
    io,
    (r) => {
      chosen = r;
    },
    argv,
  );
  try {
    await program.parseAsync(argv, { from: 'user' });
  } catch (err) {
    const e = err as { code?: string; exitCode?: number };
    if (typeof e.code === 'string' && e.code.startsWith('commander.')) {
      if (e.exitCode === 0) return 0;
      return 2;
    }
    return report(io, err);
  }
  if (!chosen) {
    io.stdout(program.helpInformation());
    return 0;
  }
  const globalCwd = program.opts<{ cwd?: string }>().cwd;
  try {
    return await chosen({ cwd: globalCwd ? resolve(cwd, globalCwd) : cwd, io });
  } catch (err) {
    return report(io, err);
  }
}

function report(io: IO, err: unknown): number {
  if (err instanceof OriginError) {
    io.stderr(`origin: error: ${err.message}\n`);
    for (const line of err.details) io.stderr(`${line}\n`);
    return err.exitCode;
  }
  const e = err as Error;
  io.stderr(`origin: internal error: ${e?.message ?? String(err)}\n`);
  if (io.env.ORIGIN_DEBUG) io.stderr(`${e?.stack ?? ''}\n`);
  else io.stderr('(set ORIGIN_DEBUG=1 for a stack trace, and please report it)\n');
  return 1;
}

export async function main(): Promise<void> {
  // A closed pipe (`origin list | head`) is not an error worth a stack trace.
  process.stdout.on('error', (err: NodeJS.ErrnoException) => {
    if (err.code !== 'EPIPE') throw err;
  });
  // git for `start` and `recall` was started by the loader (src/boot.ts).
  process.exitCode = await run(process.argv.slice(2), processIO());
}
