import { type IO, isoNow } from '../io.js';
import type { MemoryIndex } from '../store/memory-index.js';
import { type SessionMarker, newSessionId, readSession, writeSession } from '../store/session.js';
import type { Workspace } from '../workspace.js';

/**
 * The session a briefing opens. An agent often runs `start` more than once
 * in one session (to re-read its briefing, after a context reset): a
 * session no handoff has closed yet goes on, so that the handoff reports
 * everything done since it began, not only what followed the last `start`.
 * A session is closed by a handoff of its own (one whose `session` is its
 * id), whatever the branch or the second it was written in: the handoff
 * marks the local session closed (a handoff committed on another branch is
 * not in this checkout's store), and a handoff of the session pulled from a
 * teammate's clone closes it too. `ORIGIN_SESSION` names the session
 * outright; a session older than 24 hours is over (see readSession()).
 */
export function beginSession(ws: Workspace, io: IO, index: MemoryIndex, at: { head: string; branch: string }): { id: string; resumed: boolean } {
  const named = io.env.ORIGIN_SESSION?.trim();
  const live = readSession(ws.layout, io.now());
  if (live && !live.closedBy && (!named || named === live.id) && !closedByHandoff(index, live)) {
    return { id: live.id, resumed: true };
  }
  const id = named || newSessionId(io.now());
  try {
    // A session begun by start reports from its own start: the briefing already shows what came since the last handoff,
    // and the commit that carried that handoff's work (written before it was committed) is not this session's.
    writeSession(ws.layout, { id, startedAt: isoNow(io), head: at.head, branch: at.branch });
  } catch {
    // A read-only checkout can still be briefed.
  }
  return { id, resumed: false };
}

/**
 * Whether a handoff of this very session (its `session` field) exists: a
 * teammate's handoff pulled meanwhile, or another agent's, does not close
 * it. Only entries created from a second before the session began are read,
 * newest first, so a big store costs a few rows.
 */
function closedByHandoff(index: MemoryIndex, session: SessionMarker): boolean {
  const from = Date.parse(session.startedAt) - 1000;
  for (const d of index.newest()) {
    if (!(index.createdMs(d) >= from)) return false;
    if (index.type(d) === 'handoff' && index.entry(d)?.session === session.id) return true;
  }
  return false;
}
