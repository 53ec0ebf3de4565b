import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { GENERATED_MARKER, type WikiPages } from '../refine/wiki.js';
import type { Threads } from '../threads/refine-threads.js';
import { mark } from '../timing.js';

/**
 * The wiki pages on disk against the ones refine builds: which differ, which
 * are stale. Only files that start with the generated marker count as ours:
 * anything else a person put in the folder is left alone.
 */

export interface WikiDiff {
  pages: WikiPages;
  /** Pages that are new or differ from the file on disk. */
  changed: string[];
  /** Generated pages on disk that refine no longer produces. */
  removed: string[];
}

/** Markdown files in the wiki folder now. */
function pagesOnDisk(dir: string): string[] {
  return existsSync(dir) ? readdirSync(dir).filter((n) => n.endsWith('.md')) : [];
}

/** Generated pages on disk that `pages` no longer has. */
function stalePages(dir: string, onDisk: readonly string[], pages: WikiPages): string[] {
  return onDisk.filter((name) => !pages.has(name) && readFileSync(join(dir, name), 'utf8').startsWith(GENERATED_MARKER)).sort();
}

/** Is page `name` new, or different on disk? Only the pages on disk are read (a first refine has none: no failed read per page). */
function pageChanged(dir: string, present: ReadonlySet<string>, name: string, text: string): boolean {
  return !present.has(name) || readFileSync(join(dir, name), 'utf8') !== text;
}

/** What writing `pages` would change (for --dry-run and --check). */
export function diffWiki(dir: string, pages: WikiPages): WikiDiff {
  const onDisk = pagesOnDisk(dir);
  const present = new Set(onDisk);
  const changed: string[] = [];
  for (const [name, text] of pages) if (pageChanged(dir, present, name, text)) changed.push(name);
  return { pages, changed, removed: stalePages(dir, onDisk, pages) };
}

/** Characters of pages handed to the writing thread at a time: enough that a batch is worth a message, few enough that writing starts early. */
const BATCH_CHARS = 4 << 20;

/**
 * Writes the pages that changed while the next ones are built: `page` is
 * buildWiki()'s onPage. Each batch goes to a worker thread (Threads.write),
 * so the disk works while this thread builds; at 100k entries the pages are
 * ~60 MB, and writing them after the build left this thread waiting ~1.5 s.
 * Stale pages are removed last.
 */
export class WikiWriter {
  private readonly onDisk: string[];
  private readonly present: Set<string>;
  private readonly changed: string[] = [];
  private batch: Array<[abs: string, text: string]> = [];
  private chars = 0;
  private readonly pending: Array<{ wait(): void }> = [];

  constructor(
    private readonly threads: Threads,
    private readonly dir: string,
  ) {
    this.onDisk = pagesOnDisk(dir);
    this.present = new Set(this.onDisk);
  }

  readonly page = (name: string, text: string): void => {
    if (!pageChanged(this.dir, this.present, name, text)) return;
    this.changed.push(name);
    this.batch.push([join(this.dir, name), text]);
    this.chars += text.length;
    if (this.chars >= BATCH_CHARS) this.flush([]);
  };

  /** Writes what is left, removes the stale pages, and waits until all is on disk. */
  finish(pages: WikiPages): WikiDiff {
    const removed = stalePages(this.dir, this.onDisk, pages);
    this.flush(removed.map((name) => join(this.dir, name)));
    mark(`waiting for ${this.pending.length} batches of pages to be written`);
    this.settle();
    return { pages, changed: this.changed.sort(), removed };
  }

  /** Waits for the batches already handed over (when the build failed half-way: no thread left writing behind the error). */
  abandon(): void {
    try {
      this.settle();
    } catch {
      // The build's error is the one to report.
    }
  }

  private flush(removes: string[]): void {
    if (this.batch.length === 0 && removes.length === 0) return;
    this.pending.push(this.threads.write(this.batch, removes));
    this.batch = [];
    this.chars = 0;
  }

  private settle(): void {
    // Every batch is waited for, even after one failed: then the first failure is thrown.
    let failure: unknown;
    for (const p of this.pending.splice(0)) {
      try {
        p.wait();
      } catch (err) {
        failure ??= err;
      }
    }
    if (failure !== undefined) throw failure;
  }
}
