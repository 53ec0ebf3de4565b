import { cleanTitle } from '../core/entry.js';
import { normalisePath } from '../core/filter.js';
import { type GitContext, type HandoffParts, hasGitContext, isEmptyParts, renderHandoffBody } from '../core/handoff-body.js';
import { newId } from '../core/id.js';
import { endsWithAbbreviation, firstSentence, listItems } from '../core/sections.js';
import { titleKey } from '../core/text.js';
import type { Entry, StoredEntry } from '../core/types.js';
import { OriginError } from '../errors.js';
import { commitsIn, gitAsync } from '../git/async.js';
import { gitStatusAsync } from '../git/status.js';
import { type IO, isoNow } from '../io.js';
import { gatherProvenance } from '../provenance.js';
import { ORIGIN_DIR } from '../store/layout.js';
import { newSessionId, readSession, writeSession } from '../store/session.js';
import { createEntryFile } from '../store/write.js';
import type { Workspace } from '../workspace.js';
import { captureEntry } from '../commands/capture.js';
import { openMemoryView } from './memory-view.js';

/**
 * Writing a handoff: the author's sections plus what git and the store say
 * happened during the session (commits and diff stats since the session
 * began, or since the previous handoff on this branch; uncommitted paths;
 * entries captured; follow-ups closed).
 */
export interface HandoffRequest {
  parts: HandoffParts;
  title?: string;
  /** Turn each next step into a follow-up entry, linked from the handoff. */
  followups?: boolean;
  allowEmpty?: boolean;
  agent?: string;
  source?: string;
}

export interface HandoffResult {
  handoff: StoredEntry;
  followups: StoredEntry[];
  git: GitContext;
}

export async function writeHandoff(ws: Workspace, io: IO, cwd: string, req: HandoffRequest): Promise<HandoffResult> {
  const statusP = gitStatusAsync(ws.root);
  const view = await openMemoryView(ws, { status: statusP });
  const status = await statusP;
  const session = readSession(ws.layout, io.now());
  // The session this handoff belongs to: the one in progress (or named), else a new id for the handoff and the follow-ups it opens.
  const sessionId = io.env.ORIGIN_SESSION?.trim() || session?.id;
  const handoffSession = sessionId ?? newSessionId(io.now());

  // Where this handoff reports from: the open session's start (or the handoff it follows, for a session a capture
  // opened); once a handoff of the session closed it, that handoff; without a session, the last handoff on this branch.
  // Newest first; in one second, the handoff that closed this clone's session first (it is the later one).
  const closing = session?.closedBy;
  const handoffs = view.entries
    .filter((e) => e.type === 'handoff' && e.commit)
    .sort((a, b) => Date.parse(b.created) - Date.parse(a.created) || Number(b.id === closing) - Number(a.id === closing) || (a.id < b.id ? -1 : 1));
  const lastOfSession = sessionId ? handoffs.find((e) => e.session === sessionId) : undefined;
  const previous = handoffs.find((e) => e.branch === status.branch);
  const openSession = session && !session.closedBy && session.id === sessionId && !lastOfSession ? session : undefined;
  let base: GitContext['base'];
  if (openSession?.since) base = { ref: openSession.since.head, label: `${openSession.since.after}, the handoff this session follows (${openSession.since.at})` };
  else if (openSession?.head) base = { ref: openSession.head, label: `the session start (${openSession.startedAt})` };
  else if (lastOfSession) base = { ref: lastOfSession.commit, label: `this session's previous handoff ${lastOfSession.id}` };
  else if (previous) base = { ref: previous.commit, label: `the previous handoff ${previous.id}` };
  const sinceTime = (openSession ? (openSession.since?.at ?? openSession.startedAt) : undefined) ?? lastOfSession?.created ?? previous?.created ?? '';
  // What a handoff of this session already reported is not listed again: after one, only by time.
  const capturedSession = lastOfSession || (session?.closedBy && session.id === sessionId) ? undefined : sessionId;
  // Nor what a handoff before this one listed: the last one (it may share its second with entries captured after
  // it), and any written since this handoff's starting point (another session's, a handoff this session follows).
  const reported = new Set((lastOfSession ?? previous)?.links ?? []);
  for (const h of handoffs) if (sinceTime && h.created >= sinceTime) for (const l of h.links) reported.add(l);

  const [log, numstat] = await Promise.all([
    // Commits of memory alone (the last handoff's own) are not work to report.
    base && status.head ? commitsIn(ws.root, `${base.ref}..HEAD`, 100, { exclude: ORIGIN_DIR, touching: true }) : undefined,
    base && status.head ? gitAsync(ws.root, ['diff', '--numstat', '--no-renames', `${base.ref}..HEAD`, '--']) : undefined,
  ]);
  const files = numstat?.ok
    ? numstat.stdout
        .split('\n')
        .filter(Boolean)
        .map((l) => {
          const [a = '0', r = '0', ...p] = l.split('\t');
          return { path: p.join('\t'), added: Number(a) || 0, removed: Number(r) || 0 };
        })
        .filter((f) => !f.path.startsWith(`${ORIGIN_DIR}/`))
    : [];
  const uncommitted = status.changed.map((c) => normalisePath(c.path)).filter((p) => !p.startsWith(`${ORIGIN_DIR}/`));
  const inSession = (e: { created: string }) => (sinceTime ? e.created >= sinceTime : false);
  const captured = view.entries
    .filter((e) => e.type !== 'handoff' && !reported.has(e.id) && ((capturedSession && e.session === capturedSession) || inSession(e)))
    .filter((e) => !(e.type === 'followup' && e.status !== 'open' && !inSession(e)))
    .sort((a, b) => (a.created < b.created ? -1 : 1));
  // Closed since the session began, and not reported closed by a handoff already: one written since it was closed that links it
  // (a handoff links the follow-ups it reports closed; a link from before the closing was the follow-up being opened).
  const reportedClosed = (e: { id: string; closed?: string }) => handoffs.some((h) => h.created >= (e.closed as string) && h.links.includes(e.id));
  const resolved = view.entries.filter((e) => e.type === 'followup' && e.closed && sinceTime && e.closed >= sinceTime && !reportedClosed(e));

  const git: GitContext = {
    ...(base ? { base } : {}),
    commits: log?.commits ?? [],
    commitsTruncated: log?.truncated ?? false,
    files,
    uncommitted,
    captured: captured.map((e) => ({ id: e.id, type: e.type, title: e.title })),
    resolved: resolved.map((e) => ({ id: e.id, title: e.title, status: e.status })),
    followupsCreated: [],
    followupsOpen: [],
  };

  if (isEmptyParts(req.parts) && !hasGitContext(git) && !req.allowEmpty) {
    throw new OriginError('nothing to hand off: no summary or notes were given, and nothing changed since the session began', [
      'Say what happened: origin handoff --summary "..." --next "...", or pipe markdown with ## headings on stdin.',
      'To record an empty handoff anyway: --allow-empty',
    ]);
  }

  ws.ensureLayout();
  const ctx = { cwd, io };
  const followups: StoredEntry[] = [];
  if (req.followups) {
    // A next step already open as a follow-up (a step carried over from the last handoff) is linked, not opened twice.
    const openFollowups = new Map<string, { id: string; title: string }>(view.entries.filter((e) => e.type === 'followup' && e.status === 'open').map((e) => [titleKey(e.title), e]));
    for (const item of listItems(req.parts.slots.next ?? '', { open: true })) {
      const title = cleanTitle(item).slice(0, 200);
      if (!title) continue;
      const already = openFollowups.get(titleKey(title));
      if (already) {
        if (!git.followupsOpen.some((f) => f.id === already.id)) git.followupsOpen.push({ id: already.id, title: already.title });
        continue;
      }
      const created = captureEntry(ws, ctx, { type: 'followup', title, body: '', edit: false, session: handoffSession, source: req.source ?? 'cli', ...(req.agent ? { agent: req.agent } : {}) });
      followups.push(created);
      openFollowups.set(titleKey(title), created);
    }
    git.followupsCreated = followups.map((f) => ({ id: f.id, title: f.title }));
  }

  const summary = req.parts.slots.summary?.trim();
  const title = cleanTitle(req.title || req.parts.title || (summary ? titleFromSentence(firstSentence(summary, 90)) : '') || `Handoff on ${status.branch || 'main'}`);
  const prov = gatherProvenance(ws.layout, io, req.agent, handoffSession);
  const entry: Entry = {
    id: newId('handoff'),
    type: 'handoff',
    title,
    status: 'final',
    created: isoNow(io),
    ...prov,
    tags: [],
    files: [...new Set([...files.map((f) => f.path), ...uncommitted.filter((p) => !p.endsWith('/'))])].slice(0, 30),
    links: [...new Set([...captured.map((e) => e.id), ...followups.map((f) => f.id), ...git.followupsOpen.map((f) => f.id), ...resolved.map((e) => e.id)])],
    supersedes: [],
    source: req.source ?? 'cli',
    extra: {},
    body: renderHandoffBody(req.parts, git),
  };
  const handoff = createEntryFile(ws.layout, entry, new Set(view.entries.map((e) => e.id)));
  // Every handoff of the session moves its close point (a second handoff without a start reports from the first). A handoff
  // with no session in progress leaves a closed one behind all the same: it opens nothing, and the next start, capture or
  // handoff in this clone knows which handoff came last, even when two share their second.
  const closed = { closedBy: handoff.id, closedAt: handoff.created, closedHead: status.head || session?.head || '', closedBranch: status.branch };
  const marker = session && session.id === sessionId ? { ...session, ...closed } : !session && !sessionId ? { id: handoffSession, startedAt: handoff.created, head: status.head, branch: status.branch, ...closed } : undefined;
  if (marker) {
    try {
      writeSession(ws.layout, marker);
    } catch {
      // A read-only cache: the handoff, once in the store, closes the session anyway (on this branch).
    }
  }
  return { handoff, followups, git };
}

/** A sentence as a title: without its final full stop (an abbreviation keeps its own: "... tests, etc."). */
function titleFromSentence(sentence: string): string {
  return sentence.endsWith('.') && !sentence.endsWith('..') && !endsWithAbbreviation(sentence) && !/\betc\.$/.test(sentence) ? sentence.slice(0, -1) : sentence;
}
