import { IgnoredPathError, commitPathList, commitPaths, stagePathList, stagePaths } from '../git/git.js';
import type { Workspace } from '../workspace.js';

export interface PersistOptions {
  /** Make a commit of just these files. Default: the config's autoCommit. */
  commit?: boolean;
  /** Stage the files (default true); `--no-stage` leaves them untracked. */
  stage?: boolean;
  /** Always use the batch plumbing (refine: it also removes files that may never have been committed). */
  batch?: boolean;
}

/**
 * From this many paths on, git's batch plumbing (update-index --stdin, a
 * temporary index for the commit) instead of pathspecs on the command line:
 * git matches every pathspec against every index entry, which took ~10 s for
 * 9,400 paths at 100k entries (a refine, an import of a big ADR folder).
 */
const BATCH_FROM = 100;

/**
 * Puts memory files into git the way the user asked: staged, to travel with
 * their next commit (default), or committed on their own, in a commit that
 * contains these paths and nothing else the user had staged.
 */
export function persist(ws: Workspace, written: string[], options: PersistOptions, message: string): 'committed' | 'staged' | 'none' {
  const paths = [...ws.createdLayout, ...written];
  const commit = options.commit ?? ws.config.autoCommit;
  const batch = options.batch === true || paths.length >= BATCH_FROM;
  if (commit) {
    (batch ? commitPathList : commitPaths)(ws.root, paths, message);
    return 'committed';
  }
  if (options.stage === false) return 'none';
  try {
    (batch ? stagePathList : stagePaths)(ws.root, paths);
  } catch (err) {
    // The file is written; failing now would only make the caller retry and write it twice.
    if (!(err instanceof IgnoredPathError)) throw err;
    ws.io.stderr(`origin: warning: written but not staged: ${err.message}\n`);
    return 'none';
  }
  return 'staged';
}
