import { execFile } from 'node:child_process';
import type { GitResult } from './git.js';
import { refReader } from './refs.js';

/**
 * Git calls that run concurrently: the briefing needs several answers from
 * git, and on a 2-core machine running them side by side (and beside the
 * index load) costs one call's latency instead of their sum.
 */
export function gitAsync(cwd: string, args: string[]): Promise<GitResult> {
  return new Promise((resolve) => {
    execFile('git', args, { cwd, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024, env: { ...process.env, GIT_OPTIONAL_LOCKS: '0', LC_ALL: 'C' } }, (err, stdout, stderr) => {
      resolve({ ok: !err, stdout: String(stdout ?? ''), stderr: String(stderr ?? (err ? err.message : '')) });
    });
  });
}

/** The branch new work is compared against: config, else origin/HEAD, else main, else master. */
export async function defaultBranch(root: string, configured?: string, env: Record<string, string | undefined> = process.env): Promise<string | undefined> {
  if (configured) return configured;
  const refs = refReader(root, env);
  if (refs) {
    const remote = refs.remoteHead();
    if (remote) return remote;
    return ['main', 'master', 'trunk'].find((name) => refs.hasBranch(name));
  }
  const r = await gitAsync(root, ['for-each-ref', '--format=%(refname)\t%(symref)', 'refs/remotes/origin/HEAD', 'refs/heads/main', 'refs/heads/master', 'refs/heads/trunk']);
  if (!r.ok) return undefined;
  const rows = r.stdout
    .split('\n')
    .filter(Boolean)
    .map((l) => l.split('\t') as [string, string]);
  const remoteHead = rows.find(([ref]) => ref === 'refs/remotes/origin/HEAD');
  if (remoteHead?.[1]) return remoteHead[1].replace(/^refs\/remotes\/origin\//, '');
  for (const name of ['main', 'master', 'trunk']) if (rows.some(([ref]) => ref === `refs/heads/${name}`)) return name;
  return undefined;
}

export interface CommitInfo {
  sha: string;
  subject: string;
  /** Files the commit touched (against its first parent). */
  files: string[];
  /** A merge commit (git lists no files for one). */
  merge?: boolean;
}

export type CommitLog = { commits: CommitInfo[]; files: string[]; truncated: boolean };

/**
 * Commits in `range` (newest first, at most `max`) and the files they
 * touched, leaving out files under `exclude` (a top-level folder): one commit
 * that added a whole memory store names every entry file, which would cost
 * more than the rest of a briefing. `--full-history --sparse` keeps the
 * commits that touched only excluded files in the log.
 */
/**
 * `exclude` leaves a folder out of each commit's files; `touching: true` also
 * leaves out the commits that change nothing else (a commit of memory alone).
 */
export async function commitsIn(root: string, range: string, max = 200, options: { exclude?: string; touching?: boolean } = {}): Promise<CommitLog | undefined> {
  const r = await gitAsync(root, logArgs(range, max, options));
  return r.ok ? parseLog(r.stdout, max) : undefined;
}

export function logArgs(range: string, max: number, options: { exclude?: string; touching?: boolean } = {}): string[] {
  // --full-history: every commit that touches the paths, on any side of a merge; --sparse: the others too.
  const paths = options.exclude ? ['--full-history', ...(options.touching ? [] : ['--sparse']), range, '--', '.', `:(exclude)${options.exclude}`] : [range, '--'];
  return ['log', `--max-count=${max + 1}`, '--format=%x1e%H%x1f%s%x1f%P', '--name-only', '--no-renames', ...paths];
}

export function parseLog(stdout: string, max: number): CommitLog {
  const commits: CommitInfo[] = [];
  const files = new Set<string>();
  for (const block of stdout.split('\x1e')) {
    if (!block.trim()) continue;
    const [first = '', ...rest] = block.split('\n');
    const [sha = '', subject = '', parents = ''] = first.split('\x1f');
    const touched = rest.map((f) => f.trim()).filter(Boolean);
    commits.push(parents.includes(' ') ? { sha, subject, files: touched, merge: true } : { sha, subject, files: touched });
    for (const f of touched) files.add(f);
  }
  const truncated = commits.length > max;
  return { commits: commits.slice(0, max), files: [...files].sort(), truncated };
}
