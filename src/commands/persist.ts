import { IgnoredPathError, commitPaths, stagePaths } from '../git/git.js';
import type { Workspace } from '../workspace.js';

export interface PersistOptions {
  /** Make a commit of just these files. Default: the config's autoCommit. */
  commit?: boolean;
  /** Stage the files (default true); `--no-stage` leaves them untracked. */
  stage?: boolean;
}

/**
 * Puts memory files into git the way the user asked: staged, to travel with
 * their next commit (default), or committed on their own, in a commit that
 * contains these paths and nothing else the user had staged.
 */
export function persist(ws: Workspace, written: string[], options: PersistOptions, message: string): 'committed' | 'staged' | 'none' {
  const paths = [...ws.createdLayout, ...written];
  const commit = options.commit ?? ws.config.autoCommit;
  if (commit) {
    commitPaths(ws.root, paths, message);
    return 'committed';
  }
  if (options.stage === false) return 'none';
  try {
    stagePaths(ws.root, paths);
  } catch (err) {
    // The file is written; failing now would only make the caller retry and write it twice.
    if (!(err instanceof IgnoredPathError)) throw err;
    ws.io.stderr(`origin: warning: written but not staged: ${err.message}\n`);
    return 'none';
  }
  return 'staged';
}
