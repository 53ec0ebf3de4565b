import { composeBriefing } from '../core/briefing.js';
import { UsageError } from '../errors.js';
import { type CommandContext, isoNow } from '../io.js';
import { gatherBriefing } from '../session/gather.js';
import { newSessionId, writeSession } from '../store/session.js';
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
  let session: string | undefined;
  if (!options.at && options.record !== false) {
    session = ctx.io.env.ORIGIN_SESSION?.trim() || newSessionId(ctx.io.now());
    try {
      writeSession(ws.layout, { id: session, startedAt: isoNow(ctx.io), head: input.head, branch: input.branch });
    } catch {
      // A read-only checkout can still be briefed.
    }
  }
  if (options.json) {
    const { age: _age, ...facts } = input;
    ctx.io.stdout(`${JSON.stringify({ ...facts, session, tokens: briefing.tokens, omitted: briefing.omitted, markdown: briefing.markdown, at: view.at }, null, 2)}\n`);
  } else {
    ctx.io.stdout(briefing.markdown);
  }
  return 0;
}
