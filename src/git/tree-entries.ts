import { spawnSync } from 'node:child_process';
import type { StoredEntry } from '../core/types.js';
import { isEntryPath } from '../store/index-cache.js';
import { ORIGIN_DIR } from '../store/layout.js';
import { type FileProblem, parseStoredEntry } from '../store/scan.js';
import { OriginError } from '../errors.js';
import { gitTry } from './git.js';

/**
 * Entries as they stood at a commit (`origin start --at REF`): read from git
 * objects, not from the working tree, with one `git cat-file --batch` call.
 */
export function readEntriesAt(root: string, ref: string): { entries: StoredEntry[]; problems: FileProblem[]; commit: string } {
  const commit = gitTry(root, ['rev-parse', '-q', '--verify', `${ref}^{commit}`]);
  if (!commit.ok) throw new OriginError(`"${ref}" is not a commit in this repository`);
  const sha = commit.stdout.trim();
  const ls = gitTry(root, ['ls-tree', '-r', '-z', '--name-only', sha, '--', `${ORIGIN_DIR}/`]);
  const paths = ls.ok ? ls.stdout.split('\0').filter((p) => p && isEntryPath(p)) : [];
  if (paths.length === 0) return { entries: [], problems: [], commit: sha };
  const input = paths.map((p) => `${sha}:${p}`).join('\n');
  const r = spawnSync('git', ['cat-file', '--batch'], { cwd: root, input, maxBuffer: 1024 * 1024 * 1024 });
  if (r.status !== 0) throw new OriginError(`git cat-file failed: ${String(r.stderr).trim()}`);
  const out = r.stdout as Buffer;
  const entries: StoredEntry[] = [];
  const problems: FileProblem[] = [];
  let pos = 0;
  for (const path of paths) {
    const nl = out.indexOf(10, pos);
    const header = out.subarray(pos, nl).toString('utf8');
    const size = Number(header.split(' ')[2]);
    pos = nl + 1;
    if (!Number.isFinite(size) || header.endsWith('missing')) continue;
    const text = out.subarray(pos, pos + size).toString('utf8');
    pos += size + 1;
    try {
      entries.push(parseStoredEntry(text, path));
    } catch (err) {
      problems.push({ path, reason: (err as Error).message });
    }
  }
  return { entries, problems, commit: sha };
}
