import { OriginError } from '../errors.js';
import type { CommandContext } from '../io.js';

// Placeholder until the refine work lands (issue 5).
export async function runRefine(_ctx: CommandContext, _options: Record<string, unknown>): Promise<number> {
  throw new OriginError('origin refine is not available yet');
}
