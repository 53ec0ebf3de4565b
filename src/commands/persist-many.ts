import { IgnoredPathError, commitPathList, stagePathList } from '../git/git.js';
import type { Workspace } from '../workspace.js';
import type { PersistOptions } from './persist.js';

/**
 * persist() for commands that change thousands of files at once (a refine
 * of a big store): the same choices (staged by default, committed on their
 * own with --commit or autoCommit, left alone with --no-stage, a warning for
 * an ignored .origin/), through git's batch plumbing instead of pathspecs
 * on the command line (see stagePathList).
 */
export function persistMany(ws: Workspace, written: string[], options: PersistOptions, message: string): 'committed' | 'staged' | 'none' {
  const paths = [...ws.createdLayout, ...written];
  const commit = options.commit ?? ws.config.autoCommit;
  if (commit) {
    commitPathList(ws.root, paths, message);
    return 'committed';
  }
  if (options.stage === false) return 'none';
  try {
    stagePathList(ws.root, paths);
  } catch (err) {
    // The files are written; failing now would only make the caller run it again.
    if (!(err instanceof IgnoredPathError)) throw err;
    ws.io.stderr(`origin: warning: written but not staged: ${err.message}\n`);
    return 'none';
  }
  return 'staged';
}
