import { composeBriefing } from '../core/briefing.js';
import { UsageError } from '../errors.js';
import type { CommandContext } from '../io.js';
import { gatherBriefing } from '../session/gather.js';
import { beginSession } from '../session/begin.js';
import { openWorkspace } from '../workspace.js';
import { mark } from '../timing.js';

export interface StartOptions {
  budget?: number;
  query?: string;
  at?: string;
  json?: boolean;
  /** Do not record a session start (a read-only look). */
  record?: boolean;
}

/** `origin start`: the briefing that opens a session, and the session marker. */
export async function runStart(ctx: CommandContext, options: StartOptions): Promise<number> {
  if (options.budget !== undefined && (!Number.isInteger(options.budget) || options.budget < 200)) {
    throw new UsageError('--budget must be a whole number of tokens, at least 200');
  }
  mark('start loaded');
  const ws = openWorkspace(ctx);
  const rank = options.query ? (await import('../recall/briefing-rank.js')).rankForBriefing : undefined;
  const { input, view } = await gatherBriefing(ws, { ...options, ...(rank ? { rank } : {}) });
  mark('gathered');
  const briefing = composeBriefing(input);
  mark('composed');
  const session = !options.at && options.record !== false ? beginSession(ws, ctx.io, view.index, input) : undefined;
  if (options.json) {
    const { age: _age, ...facts } = input;
    const sessionFacts = session ? { session: session.id, sessionResumed: session.resumed } : {};
    ctx.io.stdout(`${JSON.stringify({ ...facts, ...sessionFacts, tokens: briefing.tokens, omitted: briefing.omitted, markdown: briefing.markdown, at: view.at }, null, 2)}\n`);
  } else {
    ctx.io.stdout(briefing.markdown);
  }
  return 0;
}
