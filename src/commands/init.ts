import type { CommandContext } from '../io.js';
import { IgnoredPathError, stagePaths } from '../git/git.js';
import { initLayout } from '../store/init.js';
import { layoutFor } from '../store/layout.js';
import { findRepoRoot } from '../git/git.js';

export interface InitOptions {
  json?: boolean;
  stage?: boolean;
}

/** `origin init`: creates `.origin/` in the repository around cwd. Idempotent. */
export async function runInit(ctx: CommandContext, options: InitOptions): Promise<number> {
  const root = findRepoRoot(ctx.cwd);
  const layout = layoutFor(root);
  const created = initLayout(layout);
  let staged = created.length > 0 && options.stage !== false;
  if (staged) {
    try {
      stagePaths(root, created);
    } catch (err) {
      if (!(err instanceof IgnoredPathError)) throw err;
      ctx.io.stderr(`origin: warning: set up but not staged: ${err.message}\n`);
      staged = false;
    }
  }
  if (options.json) {
    ctx.io.stdout(`${JSON.stringify({ root, created }, null, 2)}\n`);
    return 0;
  }
  const lines =
    created.length === 0
      ? [`Origin is already set up in ${root} (nothing changed).`]
      : [`Set up Origin in ${root}:`, ...created.map((p) => `  + ${p}`), '', staged ? 'These files are staged; commit them with your next commit.' : 'These files are not staged.'];
  lines.push(
    '',
    'Next steps:',
    '  origin start                          briefing at the start of a session',
    '  origin decision "Use X for Y" "why"   capture a decision (also: gotcha, followup, context)',
    '  origin list                           what is remembered',
    '  origin handoff --summary "..."        end a session with a handoff',
  );
  ctx.io.stdout(`${lines.join('\n')}\n`);
  return 0;
}
