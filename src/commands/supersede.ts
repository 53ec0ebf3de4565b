import { entryToJson } from '../core/json.js';
import { OriginError } from '../errors.js';
import type { CommandContext } from '../io.js';
import { rewriteEntryFile } from '../store/write.js';
import type { StoredEntry } from '../core/types.js';
import { type Workspace, openWorkspace } from '../workspace.js';
import { type PersistOptions, persist } from './persist.js';
import { openLookup } from './show.js';

export interface SupersedeOptions {
  old: string;
  by: string;
  commit?: boolean;
  stage?: boolean;
  json?: boolean;
}

/**
 * `origin supersede <old> --by <new>`: records on the NEW entry that it
 * replaces the old one. The old file is never touched; its "superseded"
 * status is derived when reading.
 */
export async function runSupersede(ctx: CommandContext, options: SupersedeOptions): Promise<number> {
  const ws = openWorkspace(ctx);
  const { old, replacement, changed } = await supersedeEntry(ws, options.old, options.by, options);
  if (!changed) ctx.io.stderr(`origin: ${replacement.id} already supersedes ${old.id}\n`);
  if (options.json) ctx.io.stdout(`${JSON.stringify(entryToJson(replacement, { body: true }), null, 2)}\n`);
  else ctx.io.stdout(`${replacement.id} supersedes ${old.id}\n`);
  return 0;
}

/**
 * Records on the newer entry that it replaces the older one, refusing
 * self-supersession, handoffs and cycles. Shared by the CLI and the MCP server.
 */
export async function supersedeEntry(ws: Workspace, oldQuery: string, byQuery: string, options: PersistOptions): Promise<{ old: StoredEntry; replacement: StoredEntry; changed: boolean }> {
  const lookup = await openLookup(ws);
  const { entry: old } = lookup.find(oldQuery);
  const { entry: replacement } = lookup.find(byQuery);
  if (old.id === replacement.id) throw new OriginError('an entry cannot supersede itself');
  if (old.type === 'handoff' || replacement.type === 'handoff') throw new OriginError('handoffs are a history; they are not superseded');
  if (old.type !== replacement.type) {
    throw new OriginError(`a ${old.type} is superseded by another ${old.type}, not by a ${replacement.type} (${replacement.id}); to relate them: origin edit ${replacement.id} --link ${old.id}`);
  }
  // Refuse a cycle: the old entry must not (transitively) supersede the new one.
  const seen = new Set<string>();
  const stack = [...old.supersedes];
  while (stack.length > 0) {
    const id = stack.pop() as string;
    if (id === replacement.id) throw new OriginError(`${old.id} already supersedes ${replacement.id} (directly or through others); that would be a cycle`);
    if (seen.has(id)) continue;
    seen.add(id);
    stack.push(...(lookup.supersedes.get(id) ?? []));
  }
  if (replacement.supersedes.includes(old.id)) return { old, replacement, changed: false };
  const updated = { ...replacement, supersedes: [...replacement.supersedes, old.id] };
  rewriteEntryFile(ws.root, updated);
  persist(ws, [updated.path], options, `origin: ${updated.id} supersedes ${old.id}`);
  return { old, replacement: updated, changed: true };
}
