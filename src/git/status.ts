import { execFile } from 'node:child_process';
import { OriginError } from '../errors.js';

/**
 * One `git status` call gives what both the briefing and the cache check
 * need: branch, HEAD, and every path that differs from HEAD (staged,
 * unstaged, untracked). It runs asynchronously so that the caller can read
 * its cache on the other core meanwhile.
 */
export interface WorkingStatus {
  branch: string;
  /** HEAD commit id, '' before the first commit. */
  head: string;
  /** Paths that differ from HEAD, repo-relative; untracked folders end with '/'. */
  changed: ChangedPath[];
}

export interface ChangedPath {
  path: string;
  /** Porcelain v2 XY code ('??' for untracked). */
  code: string;
  /** For a rename or copy, where it came from. */
  from?: string;
}

export const STATUS_ARGS = ['status', '--porcelain=v2', '-z', '--branch', '--untracked-files=normal', '--ignore-submodules=all'];

/**
 * `paths` limits the status to those paths (`.origin` for a command that
 * only reads memory: in a big repository the whole working tree can take
 * seconds); branch and HEAD are reported all the same.
 */
export function gitStatusAsync(root: string, paths?: readonly string[]): Promise<WorkingStatus> {
  return new Promise((resolve, reject) => {
    execFile(
      'git',
      paths ? [...STATUS_ARGS, '--', ...paths] : STATUS_ARGS,
      { cwd: root, encoding: 'utf8', maxBuffer: 256 * 1024 * 1024, env: { ...process.env, GIT_OPTIONAL_LOCKS: '0' } },
      (err, stdout, stderr) => {
        if (err) reject(new OriginError(`git status failed: ${String(stderr || err.message).trim()}`));
        else resolve(parseStatusV2(stdout));
      },
    );
  });
}

export function parseStatusV2(out: string): WorkingStatus {
  const status: WorkingStatus = { branch: '', head: '', changed: [] };
  const fields = out.split('\0');
  for (let i = 0; i < fields.length; i++) {
    const line = fields[i] as string;
    if (line === '') continue;
    if (line.startsWith('# branch.oid ')) {
      const oid = line.slice(13);
      status.head = oid === '(initial)' ? '' : oid;
    } else if (line.startsWith('# branch.head ')) {
      const head = line.slice(14);
      status.branch = head === '(detached)' ? 'detached' : head;
    } else if (line.startsWith('1 ')) {
      // 1 XY sub mH mI mW hH hI path
      status.changed.push({ code: line.slice(2, 4), path: nthField(line, 8) });
    } else if (line.startsWith('2 ')) {
      // 2 XY sub mH mI mW hH hI Xscore path \0 origPath
      const from = fields[++i];
      status.changed.push({ code: line.slice(2, 4), path: nthField(line, 9), ...(from ? { from } : {}) });
    } else if (line.startsWith('u ')) {
      // u XY sub m1 m2 m3 mW h1 h2 h3 path
      status.changed.push({ code: line.slice(2, 4), path: nthField(line, 10) });
    } else if (line.startsWith('? ')) {
      status.changed.push({ code: '??', path: line.slice(2) });
    }
  }
  return status;
}

/** The rest of the line after the first n space-separated fields (paths may contain spaces). */
function nthField(line: string, n: number): string {
  let idx = 0;
  for (let k = 0; k < n; k++) idx = line.indexOf(' ', idx) + 1;
  return line.slice(idx);
}
