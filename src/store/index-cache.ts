import { readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { PostingsBuilder } from '../core/postings.js';
import { TYPE_DIRS } from '../core/types.js';
import { gitTry } from '../git/git.js';
import type { WorkingStatus } from '../git/status.js';
import { readIndexFile, writeIndexFile } from './index-file.js';
import { ORIGIN_DIR, type Layout } from './layout.js';
import { type IndexHeader, type IndexedEntry, MemoryIndex, fromRow, postingsView, toIndexed, toRow } from './memory-index.js';
import { type FileProblem, listEntryFiles, parseStoredEntry } from './scan.js';

/**
 * The local index cache: kept fresh without stat-ing every file. Git already
 * knows what changed: `git status` (which the briefing runs anyway) lists
 * every entry file that differs from HEAD, and when HEAD moved (checkout,
 * pull, merge, rebase) `git diff-tree` between the tree the index was built
 * from and HEAD's lists what those changed. Only those files are read again;
 * when they are many, the whole index is rebuilt.
 */
const ENTRY_FILE = new RegExp(`^${ORIGIN_DIR}/(${Object.values(TYPE_DIRS).join('|')})/[^/]+\\.md$`);

export function isEntryPath(path: string): boolean {
  return ENTRY_FILE.test(path) && !path.slice(path.lastIndexOf('/') + 1).startsWith('.');
}

function indexPath(layout: Layout): string {
  return join(layout.cache, 'index.bin');
}

function originTree(root: string, head: string): string {
  if (!head) return '';
  const r = gitTry(root, ['rev-parse', '-q', '--verify', `${head}:${ORIGIN_DIR}`]);
  return r.ok ? r.stdout.trim() : '';
}

/** Entry files that differ from HEAD now (untracked folders expanded). */
function dirtyEntryPaths(layout: Layout, status: WorkingStatus): Set<string> {
  const out = new Set<string>();
  for (const c of status.changed) {
    if (c.path.endsWith('/')) {
      if (c.path === `${ORIGIN_DIR}/` || c.path.startsWith(`${ORIGIN_DIR}/`)) {
        for (const p of listEntryFiles(layout)) if (p.startsWith(c.path)) out.add(p);
      }
      continue;
    }
    if (isEntryPath(c.path)) out.add(c.path);
    if (c.from && isEntryPath(c.from)) out.add(c.from);
  }
  return out;
}

function signature(root: string, path: string): [number, number] | undefined {
  try {
    const s = statSync(join(root, path));
    return [s.mtimeMs, s.size];
  } catch {
    return undefined;
  }
}

export interface OpenIndexResult {
  index: MemoryIndex;
  /** How the index was obtained, for benchmarks and debugging. */
  mode: 'cached' | 'updated' | 'rebuilt';
  changed: number;
}

/** Rebuild instead of patching once this many entries changed since the last build. */
function rebuildThreshold(docCount: number): number {
  return Math.max(200, Math.floor(docCount / 100));
}

export function openIndex(layout: Layout, status: WorkingStatus): OpenIndexResult {
  const file = readIndexFile<IndexHeader>(indexPath(layout));
  if (!file) return { index: rebuildIndex(layout, status), mode: 'rebuilt', changed: -1 };
  const header = file.header;
  const dirty = dirtyEntryPaths(layout, status);
  const changed = new Set<string>();
  for (const p of dirty) {
    const was = header.sig[p];
    const now = signature(layout.root, p);
    if (!was || !now || was[0] !== now[0] || was[1] !== now[1]) changed.add(p);
  }
  for (const p of Object.keys(header.sig)) if (!dirty.has(p)) changed.add(p);
  if (status.head !== header.head) {
    const tree = originTree(layout.root, status.head);
    if (tree !== header.tree) {
      if (!tree || !header.tree) {
        file.close();
        return { index: rebuildIndex(layout, status), mode: 'rebuilt', changed: -1 };
      }
      const diff = gitTry(layout.root, ['diff-tree', '-r', '--name-only', '-z', header.tree, tree]);
      if (!diff.ok) {
        file.close();
        return { index: rebuildIndex(layout, status), mode: 'rebuilt', changed: -1 };
      }
      for (const p of diff.stdout.split('\0')) if (p) changed.add(`${ORIGIN_DIR}/${p}`);
    }
  }
  const entryChanges = [...changed].filter(isEntryPath);
  if (entryChanges.length > rebuildThreshold(header.docCount)) {
    file.close();
    return { index: rebuildIndex(layout, status), mode: 'rebuilt', changed: entryChanges.length };
  }
  const baseDocs: (IndexedEntry | undefined)[] = header.rows.map(fromRow);
  const byPath = new Map<string, number>();
  baseDocs.forEach((d, i) => {
    if (d) byPath.set(d.path, i);
  });
  const changedSet = new Set(entryChanges);
  const problems = header.problems.filter((p) => !changedSet.has(p.path));
  const delta: ConstructorParameters<typeof MemoryIndex>[2] = [];
  for (const path of entryChanges.sort()) {
    const at = byPath.get(path);
    if (at !== undefined) baseDocs[at] = undefined;
    let text: string;
    try {
      text = readFileSync(join(layout.root, path), 'utf8');
    } catch {
      continue; // deleted
    }
    try {
      const entry = parseStoredEntry(text, path);
      delta.push({ entry: toIndexed(entry), doc: entry });
    } catch (err) {
      problems.push({ path, reason: (err as Error).message });
    }
  }
  const index = new MemoryIndex(file, baseDocs, delta, problems);
  return { index, mode: entryChanges.length ? 'updated' : 'cached', changed: entryChanges.length };
}

/** Reads every entry file, builds the index, and writes the cache (best effort). */
export function rebuildIndex(layout: Layout, status: WorkingStatus): MemoryIndex {
  const files = listEntryFiles(layout);
  // Streamed: each entry's text is indexed and dropped before the next is read.
  const builder = new PostingsBuilder();
  const indexed: IndexedEntry[] = [];
  const problems: FileProblem[] = [];
  for (const path of files) {
    try {
      const entry = parseStoredEntry(readFileSync(join(layout.root, path), 'utf8'), path);
      builder.add(entry);
      indexed.push(toIndexed(entry));
    } catch (err) {
      problems.push({ path, reason: (err as Error).message });
    }
  }
  const postings = builder.finish();
  const dirty = dirtyEntryPaths(layout, status);
  const sig: Record<string, [number, number]> = {};
  for (const p of dirty) {
    const s = signature(layout.root, p);
    if (s) sig[p] = s;
  }
  const rows = indexed.map(toRow);
  const header: IndexHeader = { docCount: indexed.length, head: status.head, tree: originTree(layout.root, status.head), sig, problems, rows };
  try {
    writeIndexFile(indexPath(layout), header, postings);
  } catch {
    // A read-only checkout still works, only without a cache.
  }
  return new MemoryIndex(postingsView(postings), indexed, [], problems);
}
