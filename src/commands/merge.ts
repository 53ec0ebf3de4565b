import { unlinkSync } from 'node:fs';
import { join } from 'node:path';
import { entryToJson } from '../core/json.js';
import { serializeEntry } from '../core/serialize.js';
import { type Entry, isActive, type StoredEntry } from '../core/types.js';
import { OriginError, UsageError } from '../errors.js';
import type { CommandContext, IO } from '../io.js';
import { analyse } from '../refine/analyse.js';
import { canonicalOrder, mergeEntries } from '../refine/merge-body.js';
import { markedDistinct, mergeBlocker, supersedeChecker } from '../refine/plan.js';
import { similarity, THRESHOLDS, Verifier } from '../refine/verify.js';
import { rewriteEntryFile } from '../store/write.js';
import { safeText, styler } from '../term/style.js';
import { type Workspace, openWorkspace } from '../workspace.js';
import { type PersistOptions, persist } from './persist.js';
import { openLookup } from './show.js';

export interface MergeOptions {
  a: string;
  b: string;
  /** Which of the two survives (its id, or a prefix of it); default: the one in force, else the older. */
  into?: string;
  dryRun?: boolean;
  json?: boolean;
  commit?: boolean;
  stage?: boolean;
}

/**
 * `origin merge <a> <b>`: what refine does for a high-confidence pair, by
 * hand, for a pair it only suggested. The entry in force (else the older)
 * keeps its id and absorbs the other's text, tags, files and links; the
 * other's file is removed in the same change, so `git revert` undoes it.
 */
export async function runMerge(ctx: CommandContext, options: MergeOptions): Promise<number> {
  const ws = openWorkspace(ctx);
  const done = await mergePair(ws, options, options);
  const { merged, from, into } = done;
  if (done.persisted === undefined) {
    if (options.json) ctx.io.stdout(`${JSON.stringify({ ...entryToJson(merged, { body: true }), removes: from.path }, null, 2)}\n`);
    else {
      const c = styler(ctx.io);
      ctx.io.stdout(`${c.bold(`would merge ${from.id} into ${into.id}`)} (and remove ${from.path}):\n\n${safeText(serializeEntry(merged))}`);
    }
    return 0;
  }
  if (options.json) ctx.io.stdout(`${JSON.stringify(entryToJson(merged, { body: true }), null, 2)}\n`);
  else ctx.io.stdout(`merged ${from.id} into ${into.id}${done.persisted === 'none' ? '' : ` (${done.persisted})`}; origin refine updates the wiki\n`);
  return 0;
}

export interface MergedPair {
  /** The survivor as it was, the absorbed entry, and the survivor after the merge. */
  into: StoredEntry;
  from: StoredEntry;
  merged: StoredEntry;
  /** How the change went into git; undefined for a dry run (nothing written). */
  persisted?: 'committed' | 'staged' | 'none';
}

/**
 * Merges two entries found by id or prefix (shared by the CLI and the MCP
 * server). Refuses what refine never merges (types, a supersede chain);
 * notes on stderr what a person may not have meant (a pair marked
 * distinct, different numbers or words, little text in common).
 */
export async function mergePair(ws: Workspace, pair: { a: string; b: string; into?: string; dryRun?: boolean }, options: PersistOptions): Promise<MergedPair> {
  const { io } = ws;
  const lookup = await openLookup(ws);
  const first = lookup.find(pair.a);
  const second = lookup.find(pair.b);
  if (first.entry.id === second.entry.id) {
    const via = first.via ?? second.via;
    // The same entry named twice is a mistake in the command (exit 2); one already merged is the store's state (exit 1).
    if (!via) throw new UsageError(`${pair.a} and ${pair.b} are the same entry: an entry cannot be merged with itself`);
    throw new OriginError(`${via} was already merged into ${first.entry.id}`);
  }
  for (const found of [first, second]) if (found.via) io.stderr(`origin: note: ${found.via} was merged into ${found.entry.id}; merging ${found.entry.id}\n`);
  const blocker = mergeBlocker(first.entry, second.entry, supersedeChecker([...lookup.supersedes].map(([id, supersedes]) => ({ id, supersedes: [...supersedes] }))));
  if (blocker) throw new OriginError(`cannot merge ${first.entry.id} and ${second.entry.id}: ${blocker}`);
  // In force: by its own status, and not replaced by another entry.
  const superseded = new Set([...lookup.supersedes.values()].flatMap((ids) => [...ids]));
  const inForce = (e: Entry) => isActive(e) && !superseded.has(e.id);
  const state = (e: Entry) => (superseded.has(e.id) ? 'superseded' : e.status);
  const [into, from] = pair.into !== undefined ? chosen(lookup.find(pair.into).entry, first.entry, second.entry, pair.into) : canonicalOrder(first.entry, second.entry, inForce) <= 0 ? [first.entry, second.entry] : [second.entry, first.entry];
  const merged = mergeEntries(into, [from]);
  warnIfDifferent(io, into, from);
  if (state(into) !== state(from)) {
    // The entry in force wins; say what happened to the other's status, whose words (a resolution, say) stay in the body.
    io.stderr(`origin: note: the merged entry keeps ${into.id}'s status (${safeText(state(into))}); ${from.id} was ${safeText(state(from))}, and its text stays in the body\n`);
  }
  if (pair.dryRun) return { into, from, merged };
  rewriteEntryFile(ws.root, merged);
  unlinkSync(join(ws.root, from.path));
  // Batch plumbing: it also stages the removal of a file git never tracked (a capture left unstaged).
  const persisted = persist(ws, [into.path, from.path], { ...options, batch: true }, `origin: merge ${from.id} into ${into.id}\n\n${from.id}: ${from.title}\n\nThe merged file is removed here; git show/revert of this commit recovers it.`);
  return { into, from, merged, persisted };
}

/** The pair as [survivor, absorbed] when `--into` names one of the two; a usage error otherwise. */
function chosen(pick: StoredEntry, a: StoredEntry, b: StoredEntry, query: string): [StoredEntry, StoredEntry] {
  if (pick.id === a.id) return [a, b];
  if (pick.id === b.id) return [b, a];
  throw new UsageError(`--into ${query} is ${pick.id}, neither of the two entries merged (${a.id}, ${b.id})`);
}

/**
 * A person may merge what refine would not; say so when the two seem to
 * record different decisions, but do as asked. Only the two texts are
 * analysed (a second store-wide pass is not worth a warning).
 */
function warnIfDifferent(io: IO, a: StoredEntry, b: StoredEntry): void {
  const verifier = new Verifier(analyse([a, b]), [a, b]);
  const f = verifier.features(0, 1);
  if (markedDistinct(a, b)) {
    io.stderr(`origin: note: ${a.id} and ${b.id} were marked distinct (origin distinct); merging them drops the mark\n`);
  } else if (f.conflict > 0) {
    io.stderr(`origin: note: ${a.id} and ${b.id} may record different decisions (they disagree about ${(f.conflictWords ?? f.conflictTerms).slice(0, 3).join(', ')})\n`);
  } else if (f.differences?.length) {
    const [older, newer] = canonicalOrder(a, b, () => true) <= 0 ? [a, b] : [b, a];
    io.stderr(`origin: note: ${a.id} and ${b.id} may record different facts (they differ on ${f.differences.slice(0, 2).join('; ')}); if the newer replaces the older: origin supersede ${older.id} --by ${newer.id}\n`);
  } else if (similarity(f.cosine, f.contain) < THRESHOLDS.related) {
    // Two entries with little text in common are rarely one fact: a mistyped id, say.
    io.stderr(`origin: note: ${a.id} and ${b.id} have little text in common (similarity ${similarity(f.cosine, f.contain).toFixed(2)}); check the ids\n`);
  }
}
