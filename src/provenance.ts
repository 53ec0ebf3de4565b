import { type RepoState, authorName, gitTry, repoState } from './git/git.js';
import { type IO, isoNow } from './io.js';
import type { Layout } from './store/layout.js';
import { newSessionId, readSession, sinceClosed, writeSession } from './store/session.js';

/**
 * Who and what wrote an entry, gathered automatically: author from git's
 * identity, branch and HEAD commit, the agent, and the session id.
 */
export interface Provenance {
  author: string;
  agent: string;
  session: string;
  branch: string;
  commit: string;
}

/**
 * The agent writing this entry: `--agent`, then ORIGIN_AGENT, then what the
 * environment of well-known coding agents gives away; a person at a terminal
 * is "human"; anything else "unknown".
 */
export function detectAgent(io: IO, explicit?: string): string {
  if (explicit?.trim()) return explicit.trim();
  const env = io.env;
  if (env.ORIGIN_AGENT?.trim()) return env.ORIGIN_AGENT.trim();
  if (env.CLAUDECODE === '1' || env.CLAUDE_CODE_ENTRYPOINT) return 'claude-code';
  if (env.CURSOR_AGENT === '1' || env.CURSOR_TRACE_ID) return 'cursor';
  if (env.CODEX_SANDBOX || env.CODEX_SANDBOX_NETWORK_DISABLED || env.CODEX_HOME) return 'codex';
  if (env.GEMINI_CLI === '1') return 'gemini-cli';
  if (env.AIDER_MODEL || env.AIDER_CHAT_HISTORY_FILE) return 'aider';
  if (env.CLINE_ACTIVE || env.CLINE_TASK_ID) return 'cline';
  return io.stdinIsTTY ? 'human' : 'unknown';
}

/**
 * ORIGIN_SESSION wins; else the session `origin start` recorded, until its
 * handoff closes it; else a new session begins here (recorded, so the captures that follow share its id and
 * `origin handoff` knows where it began).
 */
export function sessionId(layout: Layout, io: IO, state: RepoState): string {
  const fromEnv = io.env.ORIGIN_SESSION?.trim();
  if (fromEnv) return fromEnv;
  const current = readSession(layout, io.now());
  if (current && !current.closedBy) return current.id;
  // After a handoff on this branch, work goes on without a start: the new session reports from that handoff, so that
  // the next handoff tells what was done in between (commits, resolved follow-ups), not only what followed this capture.
  const since = sinceClosed(current, state.branch, (commit) => gitTry(layout.root, ['merge-base', '--is-ancestor', commit, 'HEAD']).ok);
  const marker = { id: newSessionId(io.now()), startedAt: isoNow(io), head: state.head, branch: state.branch, ...(since ? { since } : {}) };
  try {
    writeSession(layout, marker);
  } catch {
    // A read-only cache must not stop a capture.
  }
  return marker.id;
}

/** `session` given: recorded as is, and no session is begun (a handoff ends one, it never opens one). */
export function gatherProvenance(layout: Layout, io: IO, agent?: string, session?: string): Provenance {
  const state = repoState(layout.root);
  return {
    author: authorName(layout.root),
    agent: detectAgent(io, agent),
    session: session ?? sessionId(layout, io, state),
    branch: state.branch,
    commit: state.head,
  };
}
