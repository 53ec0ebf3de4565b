import { OriginError } from '../errors.js';
import type { CommandContext } from '../io.js';

// Placeholder until the refine work lands (issue 5).
export async function runMerge(_ctx: CommandContext, _options: Record<string, unknown>): Promise<number> {
  throw new OriginError('origin merge is not available yet');
}
