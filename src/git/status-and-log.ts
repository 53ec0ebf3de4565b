import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { gitAsync } from './async.js';
import type { GitResult } from './git.js';
import { STATUS_ARGS, type WorkingStatus, gitStatusAsync, parseStatusV2 } from './status.js';

/**
 * `git log <args>` and `git status` from one process spawn. Spawning blocks
 * this process until the child has exec'd, and a second spawn while git
 * status keeps both cores busy cost 4-18 ms on the briefing's hot path; a
 * shell that runs the (short) log and then execs status costs one spawn.
 * The log's output, then a NUL, RS, its exit code and a NUL, then status's.
 * Where there is no POSIX shell, two spawns.
 */
const SCRIPT = `git "$@"; printf '\\000\\036%s\\000' "$?"; exec git ${STATUS_ARGS.join(' ')}`;

export function statusAndLog(root: string, logArgs: string[]): { status: Promise<WorkingStatus>; log: Promise<GitResult> } {
  if (process.platform === 'win32' || !existsSync('/bin/sh')) return { status: gitStatusAsync(root), log: gitAsync(root, logArgs) };
  let settleLog: (r: GitResult) => void = () => {};
  const log = new Promise<GitResult>((resolve) => {
    settleLog = resolve;
  });
  const status = new Promise<WorkingStatus>((resolve, reject) => {
    execFile(
      '/bin/sh',
      ['-c', SCRIPT, 'sh', ...logArgs],
      { cwd: root, encoding: 'utf8', maxBuffer: 256 * 1024 * 1024, env: { ...process.env, GIT_OPTIONAL_LOCKS: '0', LC_ALL: 'C' } },
      (err, stdout, stderr) => {
        const out = String(stdout ?? '');
        const mark = out.indexOf('\0\x1e');
        const end = mark >= 0 ? out.indexOf('\0', mark + 2) : -1;
        if (end < 0) {
          // The shell failed before the log finished: nothing to trust.
          const message = String(stderr || err?.message || 'no output').trim();
          settleLog({ ok: false, stdout: '', stderr: message });
          reject(new Error(`git status failed: ${message}`));
          return;
        }
        settleLog({ ok: out.slice(mark + 2, end) === '0', stdout: out.slice(0, mark), stderr: String(stderr ?? '') });
        if (err) reject(new Error(`git status failed: ${String(stderr || err.message).trim()}`));
        else resolve(parseStatusV2(out.slice(end + 1)));
      },
    );
  });
  return { status, log };
}
