import { UsageError } from '../errors.js';
import type { CommandContext, IO } from '../io.js';
import { gatherRecall, type RecallResult } from '../recall/run.js';
import { safeText, styler } from '../term/style.js';
import { age } from '../term/time.js';
import { openWorkspace } from '../workspace.js';
import { mark } from '../timing.js';
import { buildFilter } from './list.js';

export interface RecallCommandOptions {
  query: string;
  type?: string[];
  status?: string[];
  tag?: string[];
  file?: string;
  since?: string;
  limit?: number;
  json?: boolean;
}

/** `origin recall "<question>"` (alias `search`): ranked memory entries, best first. */
export async function runRecall(ctx: CommandContext, options: RecallCommandOptions): Promise<number> {
  mark('recall loaded');
  if (!options.query.trim()) throw new UsageError('give a question or keywords to recall (to see every entry: origin list)');
  const ws = openWorkspace(ctx);
  const filter = buildFilter(ctx, ws.root, options);
  const results = await gatherRecall(ws, options.query, { filter, limit: options.limit ?? 10 });
  mark('ranked');
  if (options.json) {
    ctx.io.stdout(`${JSON.stringify(results, null, 2)}\n`);
    return 0;
  }
  printResults(ctx.io, results);
  return 0;
}

function printResults(io: IO, results: RecallResult[]): void {
  if (results.length === 0) {
    io.stdout('Nothing in memory matches. Try other words, or `origin list`.\n');
    return;
  }
  const c = styler(io);
  const now = io.now();
  const lines: string[] = [];
  for (const r of results) {
    const status = r.superseded_by ? `superseded by ${r.superseded_by}` : r.status;
    lines.push(`${c.bold(r.id)}  ${r.type}  ${c.dim(status)}  ${c.dim(age(r.created, now))}  ${c.bold(safeText(r.title))}  ${c.dim(`(${r.score.toFixed(2)})`)}`);
    if (r.snippet) {
      let text = '';
      let at = 0;
      for (const [s, e] of r.marks) {
        text += safeText(r.snippet.slice(at, s)) + c.yellow(c.bold(safeText(r.snippet.slice(s, e))));
        at = e;
      }
      text += safeText(r.snippet.slice(at));
      lines.push(`    ${text}`);
    }
  }
  io.stdout(`${lines.join('\n')}\n`);
}
