import { type EntryFilter, matchesFilter, parseSince } from '../core/filter.js';
import { refuseUnknownStatus } from '../session/filters.js';
import { entryToJson } from '../core/json.js';
import { effectiveStatus } from '../core/relations.js';
import type { IndexedEntry, MemoryIndex } from '../store/memory-index.js';
import { type EntryType, normaliseType } from '../core/types.js';
import { UsageError } from '../errors.js';
import type { CommandContext } from '../io.js';
import { safeText, styler } from '../term/style.js';
import { age } from '../term/time.js';
import { openMemoryView } from '../session/memory-view.js';
import { openWorkspace } from '../workspace.js';
import { relativeToRoot } from './paths.js';

export interface ListOptions {
  type?: string[];
  status?: string[];
  tag?: string[];
  since?: string;
  file?: string;
  limit?: number;
  oldest?: boolean;
  json?: boolean;
}

/** Turns command-line filter options into an EntryFilter, rejecting what makes no sense. */
export function buildFilter(ctx: CommandContext, root: string, options: Omit<ListOptions, 'limit' | 'json' | 'oldest'>): EntryFilter {
  const types: EntryType[] = [];
  for (const t of (options.type ?? []).flatMap((v) => v.split(','))) {
    const type = normaliseType(t);
    if (!type) throw new UsageError(`unknown type "${t}"; use one of: handoff, decision, gotcha, followup, context`);
    types.push(type);
  }
  const filter: EntryFilter = {};
  if (types.length) filter.types = types;
  const statuses = (options.status ?? []).flatMap((v) => v.split(',')).map((s) => s.trim().toLowerCase()).filter(Boolean);
  if (statuses.length) filter.statuses = statuses;
  const tags = (options.tag ?? []).flatMap((v) => v.split(',')).map((s) => s.trim().replace(/^#/, '')).filter(Boolean);
  if (tags.length) filter.tags = tags;
  if (options.since) {
    const since = parseSince(options.since, ctx.io.now());
    if (!since) throw new UsageError(`--since "${options.since}" is neither a date (2026-11-01) nor an age (30m, 12h, 3d, 2w, 6mo, 1y)`);
    // m meant months before it meant minutes (as the age column does): say which, once per use.
    const minutes = /^\s*(\d+)\s*m\s*$/i.exec(options.since);
    if (minutes) ctx.io.stderr(`origin: note: --since ${minutes[1]}m means ${minutes[1]} minutes (for months: ${minutes[1]}mo)\n`);
    filter.since = since;
  }
  if (options.file) filter.file = relativeToRoot(root, ctx.cwd, options.file);
  return filter;
}

export interface ListPage {
  /** The rows of the page, in order. */
  rows: IndexedEntry[];
  /** How many entries the filter matches in all. */
  total: number;
}

/**
 * One page of the entries a filter matches, newest first (or oldest), in
 * the order the index keeps by creation time (ties by id). Type and status
 * are tested on the index's columns; a row is decoded only when the rest of
 * the filter needs it (tags, files, dates) or when it is on the page: on
 * 100k entries, `list --limit 20` decodes 20 rows, `--type followup
 * --status open` the few hundred it shows. When every row is needed they
 * are decoded in one go, which is faster than one at a time.
 */
export function listPage(index: MemoryIndex, filter: EntryFilter, page: { oldest?: boolean; offset?: number; limit?: number } = {}): ListPage {
  const relations = index.relations();
  const offset = page.offset ?? 0;
  const end = page.limit && page.limit > 0 ? offset + page.limit : Number.POSITIVE_INFINITY;
  const needsRow = Boolean(filter.tags?.length || filter.since || filter.file);
  if (needsRow || end === Number.POSITIVE_INFINITY) index.decodeAll();
  const order = [...index.newest()];
  if (page.oldest) order.reverse();
  const rows: IndexedEntry[] = [];
  let total = 0;
  for (const d of order) {
    if (filter.types?.length && !filter.types.includes(index.type(d))) continue;
    if (filter.statuses?.length && !filter.statuses.includes(effectiveStatus({ id: index.id(d), type: index.type(d), status: index.status(d) }, relations))) continue;
    const onPage = total >= offset && total < end;
    if (needsRow || onPage) {
      const row = index.entry(d);
      if (!row || (needsRow && !matchesFilter(row, filter, relations))) continue;
      if (onPage) rows.push(row);
    }
    total++;
  }
  return { rows, total };
}

/** `origin list`: entries matching the filters, newest first. */
export async function runList(ctx: CommandContext, options: ListOptions): Promise<number> {
  const ws = openWorkspace(ctx);
  const filter = buildFilter(ctx, ws.root, options);
  const view = await openMemoryView(ws, { memoryOnly: true });
  refuseUnknownStatus(filter, view.index);
  const relations = view.index.relations();
  const { rows: shown, total } = listPage(view.index, filter, { oldest: options.oldest ?? false, ...(options.limit ? { limit: options.limit } : {}) });
  if (options.json) {
    const rows = shown.flatMap((e) => {
      const full = view.full(e);
      if (!full) ctx.io.stderr(`origin: warning: could not read ${e.path} (changed or removed while listing?); left out\n`);
      return full ? [entryToJson({ ...full, path: e.path }, { relations })] : [];
    });
    ctx.io.stdout(`${JSON.stringify(rows, null, 2)}\n`);
    return 0;
  }
  if (shown.length === 0) {
    ctx.io.stdout(view.index.size === 0 ? 'No entries yet. Capture one: origin decision "title" "why"\n' : 'No entries match.\n');
    return 0;
  }
  const c = styler(ctx.io);
  const now = ctx.io.now();
  const lines = shown.map((e) => {
    const status = effectiveStatus(e, relations);
    const statusText = status.padEnd(10);
    const coloured = status === 'open' ? c.yellow(statusText) : /superseded|rejected|deprecated|dropped|obsolete/.test(status) ? c.dim(statusText) : c.green(statusText);
    const tags = e.tags.length ? c.cyan(` ${e.tags.map((t) => `#${t}`).join(' ')}`) : '';
    return `${c.bold(e.id)}  ${e.type.padEnd(8)}  ${coloured}  ${age(e.created, now).padStart(4)}  ${safeText(e.title)}${tags}`;
  });
  if (total > shown.length) lines.push(c.dim(`... ${total - shown.length} more (raise --limit)`));
  ctx.io.stdout(`${lines.join('\n')}\n`);
  return 0;
}
