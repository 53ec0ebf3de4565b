import { ORIGIN_DIR } from '../store/layout.js';
import { logArgs } from './async.js';
import type { GitResult } from './git.js';
import { workTreeRoot } from './root.js';
import { type WorkingStatus, gitStatusAsync } from './status.js';
import { statusAndLog } from './status-and-log.js';

/**
 * Git started before anything else loads. `start`, `recall` and the commands
 * that look entries up wait on `git status` (20 ms at 10k entries, 170 ms at
 * 100k) and would otherwise spawn it only after commander and their own
 * bundle have loaded; started by the loader (src/boot.ts), it runs while
 * they load. The answers are kept on globalThis because each bundle has its
 * own copy of this module (see the project gotcha on bundle state).
 */
export const RECENT_COMMITS = 60;

export interface EarlyGit {
  root: string;
  /** `memory`: a status of `.origin` alone, for commands that only read memory. */
  kind: 'briefing' | 'status' | 'memory';
  status: Promise<WorkingStatus>;
  log?: Promise<GitResult>;
}

const KEY = Symbol.for('origin.early-git');
type Holder = { [KEY]?: EarlyGit };

/** Recent history for a briefing (memory files left out: one commit of a whole store would list every entry). */
export function briefingLogArgs(ref: string): string[] {
  return logArgs(ref, RECENT_COMMITS, { exclude: ORIGIN_DIR });
}

/**
 * Commands that read memory through the index cache, which git status
 * validates (see openMemoryView): recall also ranks by the code files
 * changed, so it needs the whole status; the lookups need `.origin` only.
 */
const STATUS_FIRST = new Set(['recall', 'search']);
const MEMORY_STATUS_FIRST = new Set(['show', 'list', 'ls', 'edit', 'resolve', 'drop', 'supersede', 'merge']);
export const MEMORY_PATHS = [ORIGIN_DIR];

/** Starts the git calls the command in `argv` will need, when that is plain to see. */
export function startEarlyGit(argv: readonly string[], cwd: string, env: Record<string, string | undefined>): void {
  const [command, ...rest] = argv;
  // Options that move the repository (-C) or the ref (--at), or help, are left to the command.
  if (rest.some((a) => a === '-C' || a.startsWith('--cwd') || a.startsWith('--at') || a === '-h' || a === '--help')) return;
  const kind: EarlyGit['kind'] | undefined =
    command === 'start' ? 'briefing' : command === undefined ? undefined : STATUS_FIRST.has(command) ? 'status' : MEMORY_STATUS_FIRST.has(command) ? 'memory' : undefined;
  if (!kind) return;
  let root: string;
  try {
    root = workTreeRoot(cwd, env);
  } catch {
    return; // not in a repository: the command says so itself
  }
  const early: EarlyGit =
    kind === 'briefing'
      ? { root, kind, ...statusAndLog(root, briefingLogArgs('HEAD')) }
      : { root, kind, status: gitStatusAsync(root, kind === 'memory' ? MEMORY_PATHS : undefined) };
  // Handled here so an answer nobody takes (a usage error) is no unhandled rejection; takers still see it.
  early.status.catch(() => {});
  (globalThis as Holder)[KEY] = early;
}

/** The early answers for this repository and kind, once; undefined when there are none. */
export function takeEarlyGit(root: string, kind: EarlyGit['kind']): EarlyGit | undefined {
  const holder = globalThis as Holder;
  const early = holder[KEY];
  if (!early || early.root !== root || early.kind !== kind) return undefined;
  delete holder[KEY];
  return early;
}
