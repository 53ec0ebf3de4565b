import { existsSync, realpathSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { findRepoRoot } from './git.js';

/**
 * The work-tree root around `cwd`, found the way git finds it (the nearest
 * folder holding `.git`, a folder or a worktree's file) without spawning git:
 * a process spawn costs several milliseconds on the hot path of `start` and
 * `recall`. When the environment redirects git (GIT_DIR, GIT_WORK_TREE) or no
 * `.git` is found, git itself is asked, so its answer and errors stay the rule.
 */
export function workTreeRoot(cwd: string, env: Record<string, string | undefined>): string {
  if (!env.GIT_DIR && !env.GIT_WORK_TREE) {
    // Like git, answer with the real path (symlinks resolved).
    let dir = safeRealpath(cwd);
    for (;;) {
      if (existsSync(join(dir, '.git'))) return dir;
      const parent = dirname(dir);
      if (parent === dir) break;
      dir = parent;
    }
  }
  return findRepoRoot(cwd);
}

function safeRealpath(p: string): string {
  try {
    return realpathSync(p);
  } catch {
    return p;
  }
}
