import { type IO, isoNow } from '../io.js';
import type { MemoryIndex } from '../store/memory-index.js';
import { newSessionId, readSession, writeSession } from '../store/session.js';
import type { Workspace } from '../workspace.js';
import { latestHandoffDoc } from './gather.js';

/**
 * The session a briefing opens. An agent often runs `start` more than once
 * in one session (to re-read its briefing, after a context reset): a
 * session still open on this branch, one no handoff has closed yet, goes
 * on, so that the handoff reports everything done since it began, not only
 * what followed the last `start`. `ORIGIN_SESSION` names the session
 * outright; a session older than 24 hours is over (see readSession()).
 */
export function beginSession(ws: Workspace, io: IO, index: MemoryIndex, at: { head: string; branch: string }): { id: string; resumed: boolean } {
  const named = io.env.ORIGIN_SESSION?.trim();
  const live = readSession(ws.layout, io.now());
  if (live && live.branch === at.branch && (!named || named === live.id) && !handedOffSince(index, at.branch, live.startedAt)) {
    return { id: live.id, resumed: true };
  }
  const id = named || newSessionId(io.now());
  try {
    writeSession(ws.layout, { id, startedAt: isoNow(io), head: at.head, branch: at.branch });
  } catch {
    // A read-only checkout can still be briefed.
  }
  return { id, resumed: false };
}

/** Whether a handoff was written on `branch` at or after `since`. */
function handedOffSince(index: MemoryIndex, branch: string, since: string): boolean {
  const doc = latestHandoffDoc(index, branch);
  if (doc === undefined || index.branch(doc) !== branch) return false;
  return index.createdMs(doc) >= Date.parse(since);
}
