import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { gitAsync } from './async.js';
import type { GitResult } from './git.js';
import { STATUS_ARGS, type WorkingStatus, gitStatusAsync, parseStatusV2 } from './status.js';

/**
 * `git log <args>` and `git status` from one process spawn, running side by
 * side. Spawning blocks this process until the child has exec'd, and a second
 * spawn while git status keeps both cores busy cost 4-18 ms on the briefing's
 * hot path; one shell that starts the log in the background (its output on
 * fd 3, then a NUL, RS, its exit code and a NUL) and execs status costs one
 * spawn, and the log's time hides behind status's. Where there is no POSIX
 * shell, two spawns.
 */
const SCRIPT = `{ git "$@"; printf '\\000\\036%s\\000' "$?"; } >&3 & exec git ${STATUS_ARGS.join(' ')} 3>&-`;

export function statusAndLog(root: string, logArgs: string[]): { status: Promise<WorkingStatus>; log: Promise<GitResult> } {
  if (process.platform === 'win32' || !existsSync('/bin/sh')) return { status: gitStatusAsync(root), log: gitAsync(root, logArgs) };
  let settleLog: (r: GitResult) => void = () => {};
  const log = new Promise<GitResult>((resolve) => {
    settleLog = resolve;
  });
  const status = new Promise<WorkingStatus>((resolve, reject) => {
    const child = spawn('/bin/sh', ['-c', SCRIPT, 'sh', ...logArgs], {
      cwd: root,
      env: { ...process.env, GIT_OPTIONAL_LOCKS: '0', LC_ALL: 'C' },
      stdio: ['ignore', 'pipe', 'pipe', 'pipe'],
    });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    const logOut: Buffer[] = [];
    child.stdout?.on('data', (d: Buffer) => out.push(d));
    child.stderr?.on('data', (d: Buffer) => err.push(d));
    (child.stdio[3] as NodeJS.ReadableStream | null)?.on('data', (d: Buffer) => logOut.push(d));
    child.on('error', (e) => {
      settleLog({ ok: false, stdout: '', stderr: e.message });
      reject(new Error(`git status failed: ${e.message}`));
    });
    child.on('close', (code) => {
      const stderr = Buffer.concat(err).toString('utf8');
      const text = Buffer.concat(logOut).toString('utf8');
      const mark = text.lastIndexOf('\0\x1e');
      const end = mark >= 0 ? text.indexOf('\0', mark + 2) : -1;
      settleLog(end < 0 ? { ok: false, stdout: '', stderr: stderr || 'git log gave no answer' } : { ok: text.slice(mark + 2, end) === '0', stdout: text.slice(0, mark), stderr });
      if (code !== 0) reject(new Error(`git status failed: ${stderr.trim() || `exit code ${code}`}`));
      else resolve(parseStatusV2(Buffer.concat(out).toString('utf8')));
    });
  });
  return { status, log };
}
