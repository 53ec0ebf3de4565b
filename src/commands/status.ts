import { entryToJson } from '../core/json.js';
import { normaliseBody } from '../core/serialize.js';
import type { StoredEntry } from '../core/types.js';
import { OriginError } from '../errors.js';
import { type CommandContext, isoNow } from '../io.js';
import { rewriteEntryFile } from '../store/write.js';
import { openWorkspace } from '../workspace.js';
import { persist } from './persist.js';
import { findEntry } from './show.js';

export interface CloseOptions {
  id: string;
  /** A line on how it was resolved (or why dropped), appended to the body. */
  note?: string;
  commit?: boolean;
  stage?: boolean;
  json?: boolean;
}

/** `origin resolve <followup>` (status done) and `origin drop <followup>` (status dropped). */
export async function runClose(ctx: CommandContext, options: CloseOptions, status: 'done' | 'dropped'): Promise<number> {
  const ws = openWorkspace(ctx);
  const { entry, via } = await findEntry(ws, options.id);
  // An id merged away means the entry that absorbed it: say so, since that is the one closed.
  if (via) ctx.io.stderr(`origin: note: ${via} was merged into ${entry.id}; ${status === 'done' ? 'resolving' : 'dropping'} ${entry.id}\n`);
  const updated = closeFollowup(entry, status, isoNow(ctx.io), options.note);
  if (updated === entry) {
    ctx.io.stderr(`origin: ${entry.id} is already ${entry.status}\n`);
  } else {
    if (entry.status === status) ctx.io.stderr(`origin: ${entry.id} was already ${entry.status}; the note is added to it\n`);
    rewriteEntryFile(ws.root, updated);
    persist(ws, [updated.path], options, `origin: ${status === 'done' ? 'resolve' : 'drop'} ${updated.id}: ${updated.title}`);
  }
  if (options.json) ctx.io.stdout(`${JSON.stringify(entryToJson(updated, { body: true }), null, 2)}\n`);
  else ctx.io.stdout(`${updated.id} ${updated.status}: ${updated.title}\n`);
  return 0;
}

/**
 * A follow-up with its new status. The closing note is appended under its
 * own heading; nothing already written is changed. Returns the same object
 * when there is nothing to do.
 */
export function closeFollowup(entry: StoredEntry, status: 'done' | 'dropped', when: string, note?: string): StoredEntry {
  if (entry.type !== 'followup') {
    throw new OriginError(`${entry.id} is a ${entry.type}; only follow-ups are resolved or dropped`, [
      entry.type === 'decision' ? 'To retire a decision: origin supersede <old> --by <new>, or origin edit <id> --status deprecated' : `To retire it: origin edit ${entry.id} --status obsolete`,
    ]);
  }
  if (entry.status === status) {
    // Already closed so: a note is added to what it says (no second heading), and it keeps the time it was closed.
    if (!note?.trim()) return entry;
    return { ...entry, body: `${normaliseBody(entry.body)}${entry.body.trim() ? '\n' : ''}${note.trim()}\n` };
  }
  const heading = status === 'done' ? '## Resolution' : '## Dropped';
  const body = note?.trim() ? `${normaliseBody(entry.body)}${entry.body.trim() ? '\n' : ''}${heading}\n\n${note.trim()}\n` : entry.body;
  return { ...entry, status, closed: when, body };
}
