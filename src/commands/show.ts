import { entryToJson } from '../core/json.js';
import { idMatches } from '../core/id.js';
import { effectiveStatus, lookupIn } from '../core/relations.js';
import { openMemoryView } from '../session/memory-view.js';
import type { IndexRelations, IndexedEntry } from '../store/memory-index.js';
import type { StoredEntry } from '../core/types.js';
import { OriginError, UsageError } from '../errors.js';
import type { CommandContext, IO } from '../io.js';
import { safeText, styler } from '../term/style.js';
import { age } from '../term/time.js';
import { type Workspace, openWorkspace } from '../workspace.js';

export interface ShowOptions {
  id: string;
  json?: boolean;
}

/** `origin show <id or unique prefix>`: the whole entry, with derived relations. */
export async function runShow(ctx: CommandContext, options: ShowOptions): Promise<number> {
  const ws = openWorkspace(ctx);
  const { entry, relations, via } = await findEntry(ws, options.id);
  if (options.json) {
    ctx.io.stdout(`${JSON.stringify({ ...entryToJson(entry, { relations, body: true }), ...(via ? { resolved_from: via } : {}) }, null, 2)}\n`);
    return 0;
  }
  const c = styler(ctx.io);
  const status = effectiveStatus(entry, relations);
  const lines: string[] = [];
  if (via) lines.push(c.dim(`(${via} was merged into ${entry.id})`));
  lines.push(`${c.bold(safeText(entry.title))}`);
  lines.push(
    c.dim(
      `${entry.id} · ${entry.type} · ${status} · ${entry.created} (${age(entry.created, ctx.io.now())} ago)${entry.author ? ` · ${safeText(entry.author)}` : ''}${entry.agent ? ` via ${safeText(entry.agent)}` : ''}`,
    ),
  );
  const meta: [string, string[]][] = [
    ['tags', entry.tags],
    ['files', entry.files],
    ['links', entry.links],
    ['supersedes', entry.supersedes],
    ['superseded by', relations.supersededBy.get(entry.id) ?? []],
    ['linked from', relations.backlinks.get(entry.id) ?? []],
    ['merged from', entry.merged_from ?? []],
    ['distinct from', entry.distinct ?? []],
  ];
  for (const [label, values] of meta) if (values.length > 0) lines.push(c.dim(`${label}: `) + safeText(values.join(', ')));
  if (entry.branch || entry.commit) lines.push(c.dim(`branch ${entry.branch || '?'} at ${entry.commit.slice(0, 10) || '(no commit)'} · ${entry.path}`));
  lines.push('');
  if (entry.body.trim()) lines.push(safeText(entry.body.trimEnd()));
  ctx.io.stdout(`${lines.join('\n')}\n`);
  return 0;
}

export function printEntryJson(io: IO, entry: StoredEntry): void {
  io.stdout(`${JSON.stringify(entryToJson(entry, { body: true }), null, 2)}\n`);
}

/** The relations a lookup gives with each entry it finds. */
export type LookupRelations = Pick<IndexRelations, 'supersededBy' | 'backlinks' | 'mergedInto'>;

export interface EntryLookup {
  /** Finds one entry by id or unique prefix (its file read in full), or throws a clear error listing candidates. */
  find(query: string): { entry: StoredEntry; relations: LookupRelations; via?: string };
  /** What each entry that supersedes others names (for cycle checks). */
  supersedes: ReadonlyMap<string, readonly string[]>;
}

/**
 * Looks entries up through the index cache (kept current through git
 * status), reading only the file of the entry found: `show`, `edit`,
 * `resolve` and `supersede` no longer read every entry of the store (5 s at
 * 100k entries). Ids come from the index's id column and relations from
 * its relation columns: no other entry's row is decoded.
 */
export async function openLookup(ws: Workspace): Promise<EntryLookup> {
  const view = await openMemoryView(ws, { memoryOnly: true });
  const { index } = view;
  const relations = index.relations();
  return {
    supersedes: relations.supersedes,
    find(query) {
      if (!query.trim()) throw new UsageError('an entry id (or a unique prefix of one) is required');
      const found = lookupIn<number>(
        {
          get: (id) => {
            const doc = index.docOf(id);
            return doc >= 0 ? doc : undefined;
          },
          mergedInto: relations.mergedInto,
          matching: (q) => index.docsWhere((id) => idMatches(id, q)),
        },
        query,
      );
      if (found.kind === 'ambiguous') {
        const shown = found.matches.slice(0, 20).map((d) => {
          const e = index.entry(d) as IndexedEntry;
          return `  ${e.id}  ${e.type.padEnd(8)}  ${safeText(e.title)}`;
        });
        const more = found.matches.length > 20 ? [`  ... and ${found.matches.length - 20} more`] : [];
        throw new OriginError(`"${query}" matches ${found.matches.length} entries; type more of the id:`, [...shown, ...more]);
      }
      const row = found.kind === 'found' ? index.entry(found.entry) : undefined;
      if (!row) throw new OriginError(`no entry with id "${query}" (see \`origin list\`)`);
      const full = view.full(row);
      if (!full) throw new OriginError(`cannot read ${row.path} (it changed while origin ran?)`);
      return { entry: { ...full, path: row.path }, relations, ...(found.kind === 'found' && found.via ? { via: found.via } : {}) };
    },
  };
}

/** One lookup (see openLookup). */
export async function findEntry(ws: Workspace, query: string): Promise<{ entry: StoredEntry; relations: LookupRelations; via?: string }> {
  if (!query.trim()) throw new UsageError('an entry id (or a unique prefix of one) is required');
  return (await openLookup(ws)).find(query);
}
