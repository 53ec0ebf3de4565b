import { existsSync, mkdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { ID_ALPHABET } from '../core/id.js';
import type { Layout } from './layout.js';
import { writeFileAtomic } from './write.js';

/**
 * The local marker of the current work session, written by `origin start`
 * into the gitignored cache: which commit the session began at, so that
 * `origin handoff` knows what the session changed, and the session id that
 * captures record as provenance.
 */
export interface SessionMarker {
  id: string;
  startedAt: string;
  head: string;
  branch: string;
  /** The handoff that closed this session, written on whatever branch: the next start or capture begins a new session. */
  closedBy?: string;
  /** When, at which commit and on which branch that handoff was written. */
  closedAt?: string;
  closedHead?: string;
  closedBranch?: string;
  /**
   * Where this session's handoff reports from, when a capture (not `start`)
   * opened it after a handoff on the same branch: that handoff, so that work
   * done between the two is in some handoff (see sinceClosed). `startedAt`
   * stays the time the session began, for its 24-hour lifetime.
   */
  since?: { after: string; at: string; head: string };
}

/**
 * Where a session that a capture opens after a handoff (no start) reports
 * from: that handoff, when it was written on this branch and its commit is
 * still in HEAD's history (not after a rebase, a reset or an amend, nor on a
 * detached HEAD). `isAncestor` asks git.
 */
export function sinceClosed(previous: SessionMarker | undefined, branch: string, isAncestor: (commit: string) => boolean): SessionMarker['since'] {
  if (!previous?.closedBy || !previous.closedAt || !previous.closedHead || !branch || branch === 'detached' || previous.closedBranch !== branch) return undefined;
  if (!isAncestor(previous.closedHead)) return undefined;
  return { after: previous.closedBy, at: previous.closedAt, head: previous.closedHead };
}

/** A session older than this is considered over; captures then start a new id. */
const SESSION_MAX_AGE_MS = 24 * 3600 * 1000;

export function newSessionId(date: Date): string {
  // Math.random, not crypto: a session id only tells local sessions apart,
  // and loading webcrypto cost `origin start` ~3 ms.
  let rand = '';
  for (let i = 0; i < 6; i++) rand += ID_ALPHABET[Math.floor(Math.random() * 32)];
  return `${date.toISOString().slice(0, 10)}-${rand}`;
}

function markerPath(layout: Layout): string {
  return join(layout.cache, 'session.json');
}

/**
 * Where `start` keeps the marker in a repository without memory yet: inside
 * `.git/`, so that nothing shows in git status, and the session still begins
 * where `start` ran when the first capture sets up `.origin/` later. Only a
 * plain `.git` folder (not a worktree's `.git` file).
 */
function gitDirMarkerPath(layout: Layout): string {
  return join(layout.root, '.git', 'origin-session.json');
}

function readMarker(path: string, now: Date): SessionMarker | undefined {
  try {
    const m = JSON.parse(readFileSync(path, 'utf8')) as SessionMarker;
    if (typeof m.id !== 'string' || typeof m.startedAt !== 'string') return undefined;
    if (now.getTime() - Date.parse(m.startedAt) > SESSION_MAX_AGE_MS) return undefined;
    return m;
  } catch {
    return undefined;
  }
}

export function readSession(layout: Layout, now: Date): SessionMarker | undefined {
  return readMarker(markerPath(layout), now) ?? readMarker(gitDirMarkerPath(layout), now);
}

export function writeSession(layout: Layout, marker: SessionMarker): void {
  const text = `${JSON.stringify(marker, null, 2)}\n`;
  if (existsSync(layout.origin)) {
    mkdirSync(layout.cache, { recursive: true });
    writeFileAtomic(markerPath(layout), text);
    return;
  }
  // A repository without memory is left as it was in git status (an agent's hook may run `origin start` anywhere).
  if (statSync(join(layout.root, '.git'), { throwIfNoEntry: false })?.isDirectory()) writeFileAtomic(gitDirMarkerPath(layout), text);
}
