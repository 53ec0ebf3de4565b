import { commitPaths, stagePaths } from '../git/git.js';
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
export function persist(ws: Workspace, paths: string[], options: PersistOptions, message: string): 'committed' | 'staged' | 'none' {
  const commit = options.commit ?? ws.config.autoCommit;
  if (commit) {
    commitPaths(ws.root, paths, message);
    return 'committed';
  }
  if (options.stage === false) return 'none';
  stagePaths(ws.root, paths);
  return 'staged';
}
