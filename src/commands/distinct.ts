import { entryToJson } from '../core/json.js';
import type { StoredEntry } from '../core/types.js';
import { OriginError, UsageError } from '../errors.js';
import { markedDistinct } from '../refine/plan.js';
import type { CommandContext } from '../io.js';
import { rewriteEntryFile } from '../store/write.js';
import { type Workspace, openWorkspace } from '../workspace.js';
import { type PersistOptions, persist } from './persist.js';
import { openLookup } from './show.js';

export interface DistinctOptions {
  a: string;
  b: string;
  commit?: boolean;
  stage?: boolean;
  json?: boolean;
}

/**
 * `origin distinct <a> <b>`: two entries that look alike record different
 * facts. Written on the newer entry only (`distinct: [older id]`), as
 * relations are, so the older file stays byte-identical and two branches
 * that mark different pairs do not touch the same file. Refine then neither
 * merges nor suggests the pair; after `git revert` of a wrong merge, this
 * is what keeps the next refine from making it again.
 */
export async function runDistinct(ctx: CommandContext, options: DistinctOptions): Promise<number> {
  const { written, older } = await markDistinct(openWorkspace(ctx), options.a, options.b, options);
  if (options.json) ctx.io.stdout(`${JSON.stringify(entryToJson(written, { body: true }), null, 2)}\n`);
  else ctx.io.stdout(`${written.id} and ${older.id} are distinct (written on ${written.id}); refine will neither merge nor suggest them\n`);
  return 0;
}

/**
 * Marks two entries found by id or prefix as different facts, on the newer
 * one (shared by the CLI and the MCP server). `changed` is false when the
 * mark was there already.
 */
export async function markDistinct(ws: Workspace, a: string, b: string, options: PersistOptions): Promise<{ written: StoredEntry; older: StoredEntry; changed: boolean }> {
  const lookup = await openLookup(ws);
  const one = lookup.find(a);
  const two = lookup.find(b);
  const [first, second] = [one.entry, two.entry];
  if (first.id === second.id) {
    const via = one.via ?? two.via;
    if (!via) throw new UsageError(`${a} and ${b} are the same entry`);
    // The undo of a wrong merge: the merged file must come back first.
    throw new OriginError(`${via} is merged into ${first.id}: undo the merge first (git revert of its commit), then mark the two distinct`);
  }
  for (const found of [one, two]) if (found.via) ws.io.stderr(`origin: note: ${found.via} was merged into ${found.entry.id}; marking ${found.entry.id}\n`);
  // The newer one carries the mark: by time alone (then id), never by status.
  const [older, newer] = newerLast(first, second);
  if (markedDistinct(older, newer)) {
    ws.io.stderr(`origin: note: ${newer.id} and ${older.id} are already marked distinct\n`);
    return { written: newer, older, changed: false };
  }
  const written = { ...newer, distinct: [...(newer.distinct ?? []), older.id] };
  rewriteEntryFile(ws.root, written);
  persist(ws, [written.path], options, `origin: ${written.id} and ${older.id} record different facts\n\n${written.id}: ${written.title}\n${older.id}: ${older.title}`);
  return { written, older, changed: true };
}

/** The two as [older, newer]: by `created`, then by id (the larger id counts as newer when the times tie). */
function newerLast(a: StoredEntry, b: StoredEntry): [StoredEntry, StoredEntry] {
  const time = (e: StoredEntry) => {
    const t = Date.parse(e.created);
    return Number.isNaN(t) ? Number.NEGATIVE_INFINITY : t;
  };
  const d = time(a) - time(b);
  return d < 0 || (d === 0 && a.id < b.id) ? [a, b] : [b, a];
}
