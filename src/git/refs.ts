import { existsSync, readFileSync, statSync } from 'node:fs';
import { isAbsolute, join, resolve } from 'node:path';

/**
 * The few ref look-ups of the briefing's hot path, answered from the files
 * git keeps them in (loose refs, packed-refs) instead of spawning git: a
 * spawn blocks the process for several milliseconds, more than the whole
 * look-up. Anything unusual (GIT_DIR set, a reftable repository, unreadable
 * files) answers undefined, and the caller asks git itself.
 */
export interface RefReader {
  /** The branch `refs/remotes/origin/HEAD` points at, '' when it is not set. */
  remoteHead(): string;
  hasBranch(name: string): boolean;
}

export function refReader(root: string, env: Record<string, string | undefined>): RefReader | undefined {
  if (env.GIT_DIR || env.GIT_COMMON_DIR || env.GIT_WORK_TREE) return undefined;
  try {
    const common = commonDir(root);
    if (!common || existsSync(join(common, 'reftable'))) return undefined;
    let packed: string | undefined;
    const packedRefs = () => {
      if (packed === undefined) {
        try {
          packed = readFileSync(join(common, 'packed-refs'), 'utf8');
        } catch {
          packed = '';
        }
      }
      return packed;
    };
    return {
      remoteHead() {
        try {
          const text = readFileSync(join(common, 'refs', 'remotes', 'origin', 'HEAD'), 'utf8').trim();
          const m = /^ref: refs\/remotes\/origin\/(.+)$/.exec(text);
          return m ? (m[1] as string) : '';
        } catch {
          return '';
        }
      },
      hasBranch(name) {
        const ref = `refs/heads/${name}`;
        try {
          if (statSync(join(common, ref)).isFile()) return true;
        } catch {
          // not loose: maybe packed
        }
        return packedRefs().split('\n').some((line) => line.endsWith(` ${ref}`) && !line.startsWith('#') && !line.startsWith('^'));
      },
    };
  } catch {
    return undefined;
  }
}

/** The repository's common git dir (shared by its worktrees), or undefined. */
function commonDir(root: string): string | undefined {
  const dotGit = join(root, '.git');
  let gitDir = dotGit;
  if (statSync(dotGit).isFile()) {
    const m = /^gitdir: (.+)$/m.exec(readFileSync(dotGit, 'utf8'));
    if (!m) return undefined;
    gitDir = resolve(root, (m[1] as string).trim());
  }
  const commonFile = join(gitDir, 'commondir');
  if (existsSync(commonFile)) {
    const rel = readFileSync(commonFile, 'utf8').trim();
    return isAbsolute(rel) ? rel : resolve(gitDir, rel);
  }
  return gitDir;
}
