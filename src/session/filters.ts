import { type EntryFilter, unknownStatus } from '../core/filter.js';
import { UsageError } from '../errors.js';
import type { MemoryIndex } from '../store/memory-index.js';

/** A usage error for a status filter no entry of `index` could match (see unknownStatus()). */
export function refuseUnknownStatus(filter: EntryFilter, index: MemoryIndex): void {
  const unknown = unknownStatus(filter, index.statusesUsed());
  if (unknown) throw new UsageError(`unknown status "${unknown.status}"; use one of: ${unknown.known.join(', ')}`);
}
