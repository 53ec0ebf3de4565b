import { entryToJson } from '../core/json.js';
import type { StoredEntry } from '../core/types.js';
import { UsageError } from '../errors.js';
import type { CommandContext } from '../io.js';
import { canonicalOrder } from '../refine/merge-body.js';
import { rewriteEntryFile } from '../store/write.js';
import { openWorkspace } from '../workspace.js';
import { persist } from './persist.js';
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
  const ws = openWorkspace(ctx);
  const lookup = await openLookup(ws);
  const first = lookup.find(options.a).entry;
  const second = lookup.find(options.b).entry;
  if (first.id === second.id) throw new UsageError(`${options.a} and ${options.b} are the same entry`);
  // The newer one carries the mark: by time, not by status (canonicalOrder with every entry counted in force).
  const [older, newer] = canonicalOrder(first, second, () => true) <= 0 ? [first, second] : [second, first];
  const already = (newer.distinct ?? []).includes(older.id) || (older.distinct ?? []).includes(newer.id);
  let written: StoredEntry = newer;
  if (already) ctx.io.stderr(`origin: ${newer.id} and ${older.id} are already marked distinct\n`);
  else {
    written = { ...newer, distinct: [...(newer.distinct ?? []), older.id] };
    rewriteEntryFile(ws.root, written);
    persist(ws, [written.path], options, `origin: ${written.id} and ${older.id} record different facts\n\n${written.id}: ${written.title}\n${older.id}: ${older.title}`);
  }
  if (options.json) ctx.io.stdout(`${JSON.stringify(entryToJson(written, { body: true }), null, 2)}\n`);
  else ctx.io.stdout(`${written.id} and ${older.id} are distinct (written on ${written.id}); refine will neither merge nor suggest them\n`);
  return 0;
}
