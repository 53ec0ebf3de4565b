import { basename } from 'node:path';
import type { BriefingHandoff, BriefingInput, BriefingItem } from '../core/briefing.js';
import { normalisePath } from '../core/filter.js';
import { firstSentence, leadSentence, listItems, slotOf, splitSections } from '../core/sections.js';
import { commitsIn, defaultBranch, gitAsync, parseLog } from '../git/async.js';
import { briefingLogArgs, RECENT_COMMITS, takeEarlyGit } from '../git/early.js';
import { statusAndLog } from '../git/status-and-log.js';
import { LEAD_CHARS } from '../store/entry-table.js';
import { ORIGIN_DIR } from '../store/layout.js';
import type { IndexedEntry, MemoryIndex } from '../store/memory-index.js';
import { readSession } from '../store/session.js';
import { age } from '../term/time.js';
import { mark } from '../timing.js';
import type { Workspace } from '../workspace.js';
import { type MemoryView, openMemoryView } from './memory-view.js';
import { rankRelevant } from './relevant.js';

/**
 * Gathers the facts of a briefing: git (in parallel) and memory. The pure
 * composer (core/briefing.ts) then decides what fits the budget.
 */
export interface GatherOptions {
  at?: string;
  query?: string;
  budget?: number;
  surface?: 'cli' | 'mcp';
  /** Scores of entries for `--query`, by id (from recall); higher is more relevant. */
  rank?: (view: MemoryView, query: string) => Map<string, number>;
}

export interface Gathered {
  input: BriefingInput;
  view: MemoryView;
  changedFiles: string[];
  handoffEntry?: IndexedEntry;
}

const MAX_ITEMS = 24;
const MAX_SNIPPETS = 8;

export async function gatherBriefing(ws: Workspace, options: GatherOptions): Promise<Gathered> {
  const root = ws.root;
  const targetRef = options.at ?? 'HEAD';
  // Recent history, asked for up front (with status, while the index loads):
  // it gives HEAD's subject and, usually, every commit since the handoff.
  const recentArgs = briefingLogArgs(targetRef);
  const both = options.at ? undefined : (takeEarlyGit(root, 'briefing') ?? statusAndLog(root, recentArgs));
  const statusP = both?.status;
  const recentP = (both?.log ?? gitAsync(root, recentArgs)).then((r) => (r.ok ? parseLog(r.stdout, RECENT_COMMITS) : undefined));
  const defaultP = defaultBranch(root, ws.config.defaultBranch, ws.io.env);
  const view = await openMemoryView(ws, { at: options.at, status: statusP });
  const status = view.status;
  const branch = options.at ? options.at : (status?.branch ?? '');
  const base = await defaultP;
  const branchDiffP = base && base !== branch ? gitAsync(root, ['diff', '--name-only', '--no-renames', `${base}...${targetRef}`, '--']) : undefined;

  const index = view.index;
  const supersededBy = index.supersededBy();

  // 2. The latest handoff of this branch, else of the default branch, else any.
  const handoffDoc = latestHandoffDoc(index, branch, base, readSession(ws.layout, ws.io.now())?.closedBy);
  const handoffEntry = handoffDoc === undefined ? undefined : index.entry(handoffDoc);
  mark('handoff chosen');
  const [recent, branchDiff] = await Promise.all([recentP, branchDiffP]);
  const head = recent?.commits[0]?.sha ?? '';
  const headSubject = recent?.commits[0]?.subject ?? '';
  let since: Awaited<ReturnType<typeof commitsIn>>;
  if (handoffEntry?.commit) {
    const at = recent ? recent.commits.findIndex((c) => c.sha.startsWith(handoffEntry.commit)) : -1;
    if (at >= 0 && recent) {
      // Commits of memory alone (the handoff's own) are not what happened since it.
      const commits = recent.commits.slice(0, at).filter((c) => c.files.length > 0 || c.merge);
      since = { commits, files: [...new Set(commits.flatMap((c) => c.files))].sort(), truncated: false };
    } else {
      // The handoff is older than the recent history, or on another line of it: ask git exactly.
      since = await commitsIn(root, `${handoffEntry.commit}..${targetRef}`, 200, { exclude: ORIGIN_DIR, touching: true });
    }
  }
  mark('git answers');

  // 5. What this branch and the working tree touch, for ranking gotchas and decisions.
  const changed = new Set<string>();
  if (branchDiff?.ok) for (const f of branchDiff.stdout.split('\n')) if (f.trim()) changed.add(f.trim());
  for (const c of status?.changed ?? []) changed.add(normalisePath(c.path));
  const changedFiles = [...changed].filter((f) => !f.startsWith(`${ORIGIN_DIR}/`)).sort();
  const anchored = index.anchoredTo(changedFiles);

  const queryScores = options.query && options.rank ? options.rank(view, options.query) : undefined;
  const now = ws.io.now();
  const relevant = (type: 'gotcha' | 'decision' | 'context') => {
    const ranked = rankRelevant(index, type, { anchored, supersededBy, ...(queryScores ? { queryScores } : {}) }, MAX_ITEMS);
    // Bodies are read only for the items a briefing can show with a snippet.
    const items: BriefingItem[] = ranked.docs.map(({ doc, touched }, i) => {
      const e = index.entry(doc) as IndexedEntry;
      return {
        id: e.id,
        title: e.title,
        created: e.created,
        status: e.status,
        snippet: i < MAX_SNIPPETS ? (e.lead ?? leadSentence(view.full(e)?.body ?? '', LEAD_CHARS)) : '',
        files: e.files,
        ...(touched.length ? { why: `touches ${touched.slice(0, 2).join(', ')}${touched.length > 2 ? ', …' : ''}` } : {}),
      };
    });
    return { items, total: ranked.total };
  };
  mark('before relevant');
  const gotchas = relevant('gotcha');
  const decisions = relevant('decision');
  const context = relevant('context');

  mark('relevant');
  const followups = index
    .docsOfType('followup')
    .filter((d) => index.status(d) === 'open')
    .sort((a, b) => index.newer(b, a))
    .map((d) => {
      const e = index.entry(d) as IndexedEntry;
      return { id: e.id, title: e.title, created: e.created };
    });

  // "None on this branch yet" is only true of a branch: `--at HEAD~3` or a tag names none.
  const onBranch = options.at ? (await gitAsync(root, ['rev-parse', '--verify', '-q', `refs/heads/${options.at}`])).ok : true;
  let handoff: BriefingHandoff | undefined;
  if (handoffEntry) {
    const full = view.full(handoffEntry);
    const latest = handoffNotes(full?.body ?? '');
    // A handoff of the git context alone (nobody wrote in it) would hide the last notes: those are shown, and said to be.
    let notes = latest;
    let notesFrom: BriefingHandoff['notesFrom'];
    if (!latest.written) {
      const earlier = earlierNotes(view, handoffEntry);
      if (earlier) {
        notes = earlier.notes;
        notesFrom = { id: earlier.entry.id, created: earlier.entry.created };
      }
    }
    handoff = {
      id: handoffEntry.id,
      title: handoffEntry.title,
      created: handoffEntry.created,
      author: full?.author ?? '',
      agent: full?.agent ?? '',
      commit: handoffEntry.commit,
      branch: handoffEntry.branch,
      summary: notes.summary,
      next: notes.next,
      gotchas: notes.gotchas,
      decisions: notes.decisions,
      ...(notesFrom ? { notesFrom } : {}),
      ...(handoffEntry.branch !== branch && onBranch ? { fallbackFrom: handoffEntry.branch || '(unknown branch)' } : {}),
    };
  }

  const input: BriefingInput = {
    repo: basename(root),
    branch,
    head,
    headSubject,
    uncommitted: status ? status.changed.filter((c) => !c.path.startsWith(`${ORIGIN_DIR}/.cache`)).length : 0,
    ...(options.at ? { at: options.at } : {}),
    ...(handoff ? { handoff } : {}),
    ...(since ? { since: { count: since.commits.length + (since.truncated ? 1 : 0), log: since.commits, files: since.files.filter((f) => !f.startsWith(`${ORIGIN_DIR}/`)) } } : {}),
    followups,
    gotchas: gotchas.items,
    decisions: decisions.items,
    context: context.items,
    totals: { gotchas: gotchas.total, decisions: decisions.total, context: context.total },
    totalEntries: index.size,
    ...(options.query ? { query: options.query } : {}),
    ...(index.problems.length > 0 ? { problems: index.problems.map((p) => ({ path: p.path, reason: p.reason })) } : {}),
    budget: options.budget ?? ws.config.budget,
    age: (iso) => age(iso, now),
    surface: options.surface ?? 'cli',
  };
  return { input, view, changedFiles, handoffEntry };
}

/** The heading of the section `origin handoff` writes itself (see handoff-body.ts). */
const GATHERED_GIT_CONTEXT = /^git context \(gathered by origin\)$/i;

interface HandoffNotes {
  /** Whether anybody wrote in it (any section but origin's git context, or a preamble). */
  written: boolean;
  summary: string;
  next: string[];
  gotchas: string[];
  decisions: string[];
}

/** What a handoff's author wrote: the summary (else their first words), the open steps, gotchas and decisions. */
function handoffNotes(body: string): HandoffNotes {
  const { preamble, sections } = splitSections(body);
  // Never origin's own git context section (the briefing shows what changed apart).
  const authored = sections.filter((s) => !GATHERED_GIT_CONTEXT.test(s.heading));
  const items = (slot: string, open = false) => authored.filter((s) => slotOf(s.heading) === slot).flatMap((s) => listItems(s.text, { open }));
  return {
    written: authored.some((s) => s.text.trim() !== '') || preamble.trim() !== '',
    // Without a summary, the author's first words, but not from the lists shown apart (steps, gotchas, decisions: a ticked step is no summary).
    summary:
      authored.find((s) => slotOf(s.heading) === 'summary')?.text ||
      preamble ||
      firstSentence(
        authored
          .filter((s) => !LISTED_APART.has(slotOf(s.heading) ?? ''))
          .map((s) => s.text)
          .join('\n\n'),
        400,
      ),
    next: items('next', true),
    gotchas: items('gotchas'),
    decisions: items('decisions'),
  };
}

const LISTED_APART = new Set(['next', 'gotchas', 'decisions']);

/** Handoffs looked at, at most, for the last one with notes before a git-context-only one. */
const NOTES_LOOKBACK = 20;

/** The last handoff of the same branch before `latest` that somebody wrote in, with its notes. */
function earlierNotes(view: MemoryView, latest: IndexedEntry): { entry: IndexedEntry; notes: HandoffNotes } | undefined {
  const { index } = view;
  let looked = 0;
  for (const d of index.newest()) {
    if (index.type(d) !== 'handoff' || index.branch(d) !== latest.branch || index.id(d) === latest.id || index.createdMs(d) > Date.parse(latest.created)) continue;
    if (++looked > NOTES_LOOKBACK) return undefined;
    const entry = index.entry(d) as IndexedEntry;
    const notes = handoffNotes(view.full(entry)?.body ?? '');
    if (notes.written) return { entry, notes };
  }
  return undefined;
}

/** The doc of the latest handoff written on `branch`, else on `base` (the default branch), else on any branch. */
export function latestHandoffDoc(index: MemoryIndex, branch: string, base?: string, prefer?: string): number | undefined {
  let onBase: number | undefined;
  let newest: number | undefined;
  let found: number | undefined;
  for (const d of index.newest()) {
    if (found !== undefined) {
      // Times have whole seconds: among handoffs of the same second, the one that closed this clone's session
      // (`prefer`) is the later one, whatever the order of their ids.
      if (index.createdMs(d) !== index.createdMs(found)) break;
      if (index.type(d) === 'handoff' && index.branch(d) === branch && index.id(d) === prefer) return d;
      continue;
    }
    if (index.type(d) !== 'handoff') continue;
    newest ??= d;
    const b = index.branch(d);
    if (b === branch) {
      if (!prefer || index.id(d) === prefer) return d;
      found = d;
      continue;
    }
    if (base && b === base) onBase ??= d;
  }
  return found ?? onBase ?? newest;
}
