import { closeSync, mkdirSync, openSync, readdirSync, renameSync, unlinkSync, writeFileSync, writeSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { newId } from '../core/id.js';
import { serializeEntry } from '../core/serialize.js';
import { entryFileName } from '../core/slug.js';
import type { Entry, StoredEntry } from '../core/types.js';
import { OriginError } from '../errors.js';
import { type Layout, entryRelPath } from './layout.js';

/**
 * Writes entry files. New files are created exclusively (`wx`), so two
 * processes can never overwrite each other; on an id clash a fresh id is drawn.
 * Rewrites go through a temporary file and a rename, so a reader never sees
 * half a file.
 */
export function createEntryFile(layout: Layout, entry: Entry, takenIds?: ReadonlySet<string>): StoredEntry {
  return entryFileCreator(layout)(entry, takenIds);
}

/**
 * createEntryFile() for many new entries (an import): each type's folder is
 * listed once, not once per file (listing a folder of 10k entries for each
 * of 10k new files made an import quadratic).
 */
export function entryFileCreator(layout: Layout): (entry: Entry, takenIds?: ReadonlySet<string>) => StoredEntry {
  const listed = new Map<string, Set<string>>();
  return (entry, takenIds) => {
    const dir = layout.typeDir(entry.type);
    let existing = listed.get(dir);
    if (!existing) {
      mkdirSync(dir, { recursive: true });
      existing = new Set(readdirSync(dir).map((n) => n.slice(0, 12)));
      listed.set(dir, existing);
    }
    const inFolder = existing;
    const taken = (id: string) => inFolder.has(id) || takenIds?.has(id) === true;
    let current = entry;
    for (let attempt = 0; attempt < 8; attempt++) {
      if (attempt > 0) current = { ...current, id: newId(current.type) };
      if (taken(current.id)) continue;
      const name = entryFileName(current.id, current.title);
      const abs = join(dir, name);
      let fd: number;
      try {
        fd = openSync(abs, 'wx');
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code === 'EEXIST') continue;
        throw err;
      }
      try {
        writeSync(fd, serializeEntry(current));
      } finally {
        closeSync(fd);
      }
      inFolder.add(current.id);
      return { ...current, path: entryRelPath(current.type, name) };
    }
    throw new OriginError(`could not find a free id for a new ${entry.type} after 8 tries`);
  };
}

/** Replaces an existing entry file in place (same path), atomically. */
export function rewriteEntryFile(root: string, entry: StoredEntry): void {
  writeFileAtomic(join(root, entry.path), serializeEntry(entry));
}

export function writeFileAtomic(abs: string, text: string): void {
  mkdirSync(dirname(abs), { recursive: true });
  const tmp = `${abs}.${process.pid}.${Date.now().toString(36)}.tmp`;
  try {
    writeFileSync(tmp, text);
    renameSync(tmp, abs);
  } catch (err) {
    try {
      unlinkSync(tmp);
    } catch {
      // already gone
    }
    throw err;
  }
}
