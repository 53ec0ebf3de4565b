import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, rmdirSync, unlinkSync, writeFileSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { OriginError, UsageError } from './errors.js';
import type { IO } from './io.js';

/**
 * Where a body comes from: an argument, `--file`, piped stdin, or an editor.
 * Reading stdin never hangs an agent: when stdin is a pipe that nobody writes
 * to (some harnesses leave one open), we stop waiting after a short grace
 * period if no byte has arrived.
 */
const STDIN_GRACE_MS = 300;
const MAX_INPUT_BYTES = 8 * 1024 * 1024;

/** What to tell someone whose input came too late: the grace period is short, and `--file -` waits. */
export const STDIN_GAVE_UP = `nothing arrived on standard input within ${STDIN_GRACE_MS / 1000} s, so it was not read (use --file - to wait for piped input)`;

/** `onGiveUp` is called when stdin stayed open and silent through the grace period. */
export async function readStdin(io: IO, options: { required?: boolean; onGiveUp?: () => void } = {}): Promise<string | undefined> {
  if (io.stdinIsTTY) return undefined;
  const stream = io.stdin;
  return new Promise((resolvePromise, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let started = false;
    const finish = (value: string | undefined) => {
      clearTimeout(timer);
      stream.removeListener('data', onData);
      stream.removeListener('end', onEnd);
      stream.removeListener('error', onError);
      if ('pause' in stream) stream.pause();
      resolvePromise(value);
    };
    const onData = (chunk: Buffer | string) => {
      started = true;
      const buf = typeof chunk === 'string' ? Buffer.from(chunk) : chunk;
      size += buf.length;
      if (size > MAX_INPUT_BYTES) {
        finish(undefined);
        reject(new OriginError(`standard input is larger than ${MAX_INPUT_BYTES / 1024 / 1024} MiB`));
        return;
      }
      chunks.push(buf);
    };
    const onEnd = () => finish(started ? Buffer.concat(chunks).toString('utf8') : '');
    const onError = () => finish(undefined);
    const timer = setTimeout(
      () => {
        if (started) return;
        finish(undefined);
        options.onGiveUp?.();
      },
      options.required ? 24 * 3600 * 1000 : STDIN_GRACE_MS,
    );
    stream.on('data', onData);
    stream.once('end', onEnd);
    stream.once('error', onError);
    if ('resume' in stream) stream.resume();
  });
}

/** Reads `--file PATH` (relative to cwd), or stdin for `-`. */
export async function readBodyFile(io: IO, cwd: string, path: string): Promise<string> {
  if (path === '-') {
    const text = await readStdin(io, { required: true });
    if (text === undefined) throw new UsageError('--file - reads standard input, but stdin is a terminal');
    return text;
  }
  try {
    return readFileSync(resolve(cwd, path), 'utf8');
  } catch (err) {
    throw new OriginError(`cannot read ${path}: ${(err as NodeJS.ErrnoException).code ?? String(err)}`);
  }
}

export function editorCommand(io: IO): string {
  return io.env.VISUAL?.trim() || io.env.EDITOR?.trim() || 'vi';
}

/**
 * Opens the user's editor on `initial` and returns what they saved. The
 * draft is kept in the cache folder until the caller has used it, so an
 * error after editing never loses what was typed.
 */
export function editText(io: IO, cacheDir: string, name: string, initial: string): { text: string; draftPath: string } {
  mkdirSync(cacheDir, { recursive: true });
  const draftPath = join(cacheDir, name);
  writeFileSync(draftPath, initial);
  const editor = editorCommand(io);
  const r = spawnSync(`${editor} ${JSON.stringify(draftPath)}`, { stdio: 'inherit', shell: true, env: io.env as NodeJS.ProcessEnv });
  if (r.status !== 0) throw new OriginError(`the editor (${editor}) exited with status ${r.status ?? r.signal}; your draft is kept at ${draftPath}`);
  return { text: readFileSync(draftPath, 'utf8'), draftPath };
}

export function discardDraft(path: string): void {
  try {
    unlinkSync(path);
    // A temp folder made for this one draft (see draftFolder) goes with it.
    if (basename(dirname(path)).startsWith('origin-draft-')) rmdirSync(dirname(path));
  } catch {
    // already gone
  }
}

/** Drops the guidance comments a template carries. */
export function stripTemplateComments(text: string): string {
  return text.replace(/<!--[\s\S]*?-->\n?/g, '').replace(/\n{3,}/g, '\n\n');
}
