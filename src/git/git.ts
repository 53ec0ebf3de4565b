import { execFileSync } from 'node:child_process';
import { existsSync, rmSync } from 'node:fs';
import { resolve } from 'node:path';
import { OriginError } from '../errors.js';

/**
 * A thin adapter over the git executable. We call `git` directly rather than
 * through simple-git: measured here, a plain execFile costs ~37 ms against
 * simple-git's ~92 ms for add+commit, simple-git drops GIT_* variables unless
 * told not to, and these calls sit on the path of every capture and `start`.
 */
export class GitError extends OriginError {
  constructor(
    message: string,
    readonly stderr = '',
  ) {
    super(message);
    this.name = 'GitError';
  }
}

export interface GitResult {
  ok: boolean;
  stdout: string;
  stderr: string;
}

/** Runs git and returns its output; never throws for a non-zero exit. */
export function gitTry(cwd: string, args: string[], input?: string, env?: Record<string, string>): GitResult {
  try {
    const stdout = execFileSync('git', args, {
      cwd,
      encoding: 'utf8',
      input,
      stdio: ['pipe', 'pipe', 'pipe'],
      maxBuffer: 256 * 1024 * 1024,
      env: { ...process.env, GIT_OPTIONAL_LOCKS: '0', LC_ALL: 'C', ...env },
    });
    return { ok: true, stdout, stderr: '' };
  } catch (err) {
    const e = err as { code?: string; stdout?: string; stderr?: string; message: string };
    if (e.code === 'ENOENT') {
      // spawn reports a missing working folder as ENOENT too: say which it was.
      if (!existsSync(cwd)) throw new GitError(`no such folder: ${cwd}`);
      throw new GitError('git is not installed or not on PATH');
    }
    if (e.code === 'ENOTDIR') throw new GitError(`not a folder: ${cwd}`);
    return { ok: false, stdout: String(e.stdout ?? ''), stderr: String(e.stderr ?? e.message) };
  }
}

/** Runs git and returns stdout; throws GitError with git's own message on failure. */
export function git(cwd: string, args: string[], input?: string, env?: Record<string, string>): string {
  const r = gitTry(cwd, args, input, env);
  if (!r.ok) {
    const msg = r.stderr.trim().split('\n').slice(-3).join('\n');
    throw new GitError(`git ${args[0]} failed: ${msg}`, r.stderr);
  }
  return r.stdout;
}

export function findRepoRoot(cwd: string): string {
  const r = gitTry(cwd, ['rev-parse', '--show-toplevel']);
  if (!r.ok) {
    throw new OriginError('not inside a git repository', [
      'Origin keeps memory in the repository it belongs to. Run it inside a git work tree,',
      'or create one first: git init',
    ]);
  }
  return r.stdout.trim();
}

export interface RepoState {
  branch: string;
  /** Full HEAD commit id, or '' in a repository with no commits yet. */
  head: string;
}

export function repoState(root: string): RepoState {
  // `--abbrev-ref` applies to every argument after it: the full id must come first.
  const r = gitTry(root, ['rev-parse', 'HEAD', '--abbrev-ref', 'HEAD']);
  if (r.ok) {
    const [head = '', branch = ''] = r.stdout.trim().split('\n');
    return { branch: branch === 'HEAD' ? 'detached' : branch, head };
  }
  // No commits yet: HEAD is unborn, but it still names a branch.
  const sym = gitTry(root, ['symbolic-ref', '--short', '-q', 'HEAD']);
  return { branch: sym.ok ? sym.stdout.trim() : '', head: '' };
}

/** "Name" from git's author identity (honours GIT_AUTHOR_NAME), else the email, else ''. */
export function authorName(root: string): string {
  const r = gitTry(root, ['var', 'GIT_AUTHOR_IDENT']);
  if (r.ok) {
    const m = /^(.*?)\s*<([^>]*)>/.exec(r.stdout);
    if (m) return (m[1] || m[2] || '').trim();
  }
  const name = gitTry(root, ['config', 'user.name']);
  return name.ok ? name.stdout.trim() : '';
}

/** A path to stage is matched by a .gitignore rule (the repository ignores `.origin/` or all dot-folders). */
export class IgnoredPathError extends GitError {}

/** Stages exactly these paths (new, changed or deleted). */
export function stagePaths(root: string, paths: string[]): void {
  if (paths.length === 0) return;
  try {
    withIndexLockRetry(() => git(root, ['add', '-A', '--', ...paths]));
  } catch (err) {
    // git refuses to add an ignored path unless forced; we never force past the user's .gitignore.
    if (err instanceof GitError && /ignored by one of your \.gitignore files/.test(err.stderr)) {
      const what = paths.length === 1 ? paths[0] : `some of ${paths.length} files`;
      throw new IgnoredPathError(`git ignores ${what} (matched by a .gitignore rule); un-ignore .origin/ (e.g. add "!/.origin/" to .gitignore) to share memory through git`, err.stderr);
    }
    throw err;
  }
}

/**
 * Commits exactly these paths and nothing else: `git commit --only` leaves
 * whatever else the user had staged staged, and out of this commit.
 */
export function commitPaths(root: string, paths: string[], message: string): string {
  if (paths.length === 0) throw new GitError('nothing to commit');
  stagePaths(root, paths);
  withIndexLockRetry(() => git(root, ['commit', '--only', '--no-verify', '--quiet', '-m', message, '--', ...paths]));
  return git(root, ['rev-parse', 'HEAD']).trim();
}

/** Another git process (the user's, or a second origin) may hold index.lock for a moment. */
function withIndexLockRetry<T>(fn: () => T): T {
  for (let attempt = 0; ; attempt++) {
    try {
      return fn();
    } catch (err) {
      const lockHeld = err instanceof GitError && /index\.lock/.test(err.stderr);
      if (!lockHeld || attempt >= 20) throw err;
      sleep(25 + attempt * 25);
    }
  }
}

function sleep(ms: number): void {
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
}

/**
 * Stages many paths at once, the way stagePaths does (new, changed or
 * deleted; never an ignored path), for a command that changes thousands of
 * files, e.g. a refine of a big store. `git add -- <paths>` matches every
 * pathspec against every index entry: measured at 100k entries, adding
 * 9,400 paths took 11 s (with --pathspec-from-file too, and `check-ignore
 * --stdin` 9 s). `update-index --stdin` looks each path up instead (0.15 s).
 * It would add an ignored file without a word, so the ignored untracked
 * files of the paths' folders are listed first (one walk of those folders,
 * as `git status` does): those are what `git add` refuses.
 */
export function stagePathList(root: string, paths: string[]): void {
  if (paths.length === 0) return;
  const folders = [...new Set(paths.map((p) => p.slice(0, p.lastIndexOf('/') + 1)))].map((d) => `:(literal)${d || '.'}`);
  const ignored = new Set(git(root, ['ls-files', '-z', '--others', '--ignored', '--exclude-standard', '--', ...folders]).split('\0'));
  const hits = paths.filter((p) => ignored.has(p));
  if (hits.length > 0) {
    const what = hits.length === 1 ? hits[0] : `${hits.length} of ${paths.length} files`;
    throw new IgnoredPathError(`git ignores ${what} (matched by a .gitignore rule); un-ignore .origin/ (e.g. add "!/.origin/" to .gitignore) to share memory through git`);
  }
  withIndexLockRetry(() => git(root, ['update-index', '--add', '--remove', '-z', '--stdin'], nulList(paths)));
}

/**
 * commitPaths for many paths: commits exactly these paths, leaving anything
 * else the user had staged staged and out of the commit. `commit --only --
 * <paths>` has the pathspec cost of `git add` (11 s for 9,400 paths at 100k
 * entries), so this does what it does by hand: the paths are staged, then
 * committed from a temporary index that holds HEAD plus these paths.
 */
export function commitPathList(root: string, paths: string[], message: string): string {
  if (paths.length === 0) throw new GitError('nothing to commit');
  stagePathList(root, paths);
  const tmp = resolve(root, git(root, ['rev-parse', '--git-path', `index.origin-${process.pid}`]).trim());
  const env = { GIT_INDEX_FILE: tmp };
  try {
    const head = gitTry(root, ['rev-parse', '-q', '--verify', 'HEAD^{commit}']);
    git(root, head.ok ? ['read-tree', 'HEAD'] : ['read-tree', '--empty'], undefined, env);
    git(root, ['update-index', '--add', '--remove', '-z', '--stdin'], nulList(paths), env);
    git(root, ['commit', '--no-verify', '--quiet', '-m', message], undefined, env);
  } finally {
    rmSync(tmp, { force: true });
  }
  return git(root, ['rev-parse', 'HEAD']).trim();
}

function nulList(paths: readonly string[]): string {
  return `${paths.join('\0')}\0`;
}
