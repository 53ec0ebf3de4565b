import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseEntry } from '../core/entry.js';
import { buildPostings } from '../core/postings.js';
import type { Entry, StoredEntry } from '../core/types.js';
import { MEMORY_PATHS, takeEarlyGit } from '../git/early.js';
import { readEntriesAt } from '../git/tree-entries.js';
import { type WorkingStatus, gitStatusAsync } from '../git/status.js';
import { openIndex, presumedIndex, readCachedIndex } from '../store/index-cache.js';
import { type IndexedEntry, type MemoryIndex, indexFromEntries } from '../store/memory-index.js';
import type { FileProblem } from '../store/scan.js';
import type { Workspace } from '../workspace.js';
import { reportProblems } from '../workspace.js';
import { mark } from '../timing.js';

/**
 * What the session loop and recall read memory through: the entries'
 * metadata and index (from the local cache, or from git at a ref), and each
 * entry's full text on demand.
 */
export interface MemoryView {
  index: MemoryIndex;
  /** Every live entry, decoded on first use (the hot paths read `index` columns instead). */
  readonly entries: IndexedEntry[];
  /** Full entry (body, author...) of one indexed entry. */
  full(entry: IndexedEntry): Entry | undefined;
  /** Working-tree status (absent for a view at a ref). */
  status?: WorkingStatus;
  /** The commit the view was read at (`--at`), if any. */
  at?: { ref: string; commit: string };
}

export interface OpenViewOptions {
  /** Read at this commit instead of the working tree. */
  at?: string;
  /** The working tree's status, already on its way. */
  status?: Promise<WorkingStatus>;
  /**
   * Work to do on the cached index while git status runs (it is the index
   * the view will have, unless the status shows entries changed since the
   * cache was written; then the view has another index object).
   */
  whileWaiting?: (presumed: MemoryIndex) => void;
  /**
   * The view is for reading memory only: its status covers `.origin` alone
   * (then `status.changed` lists no code file), which is all the cache
   * check needs and much quicker in a big repository.
   */
  memoryOnly?: boolean;
}

export async function openMemoryView(ws: Workspace, options: OpenViewOptions = {}): Promise<MemoryView> {
  if (options.at) {
    const { entries, problems, commit } = readEntriesAt(ws.root, options.at);
    report(ws, problems);
    const byId = new Map<string, StoredEntry>(entries.map((e) => [e.id, e]));
    const index = indexFromEntries(entries, buildPostings);
    return withEntries({ index, full: (e) => byId.get(e.id), at: { ref: options.at, commit } });
  }
  // The status the loader started for this command (src/git/early.ts), else one started now.
  const statusP =
    options.status ??
    (options.memoryOnly
      ? (takeEarlyGit(ws.root, 'memory')?.status ?? gitStatusAsync(ws.root, MEMORY_PATHS))
      : (takeEarlyGit(ws.root, 'status')?.status ?? gitStatusAsync(ws.root)));
  // No memory here yet: nothing to index, and a read command must not leave a cache folder behind.
  if (!existsSync(ws.layout.origin)) {
    const status = await statusP;
    return withEntries({ index: indexFromEntries([], buildPostings), status, full: () => undefined });
  }
  // Read while git status runs in its own process: the two take about as long.
  const cached = readCachedIndex(ws.layout);
  mark('cache read');
  if (cached && options.whileWaiting) {
    try {
      options.whileWaiting(presumedIndex(cached));
      mark('worked on the cached index');
    } catch {
      // A damaged part of the cache that the status may yet make us rebuild (the postings are read only now): the work is redone on the view's index.
    }
  }
  const status = await statusP;
  mark('git status');
  const { index, mode, changed } = openIndex(ws.layout, status, cached);
  mark(`index ${mode} (${changed} changed, ${index.size} entries)`);
  report(ws, index.problems);
  return withEntries({
    index,
    status,
    full: (e) => readIndexedEntry(ws.root, e),
  });
}

/** The full entry in an indexed entry's file, or undefined when it cannot be read or parsed. */
export function readIndexedEntry(root: string, e: IndexedEntry): Entry | undefined {
  try {
    return parseEntry(readFileSync(join(root, e.path), 'utf8'));
  } catch {
    return undefined;
  }
}

function report(ws: Workspace, problems: FileProblem[]): void {
  reportProblems(ws.io, problems);
}

/** An in-memory view over given entries (tests, MCP after a write). */
export function viewOf(entries: StoredEntry[]): MemoryView {
  const byId = new Map<string, StoredEntry>(entries.map((e) => [e.id, e]));
  const index: MemoryIndex = indexFromEntries(entries, buildPostings);
  return withEntries({ index, full: (e) => byId.get(e.id) });
}

/** Adds `entries`, decoded from the index on first use (a getter: spreading the view would decode them). */
function withEntries(view: Omit<MemoryView, 'entries'>): MemoryView {
  let entries: IndexedEntry[] | undefined;
  return Object.defineProperty(view, 'entries', {
    enumerable: true,
    get: () => {
      entries ??= view.index.entries;
      return entries;
    },
  }) as MemoryView;
}
