import type { EntryJson } from '../core/json.js';
import type { RecallResult } from '../recall/run.js';

/** Compact text for a model to read; the structured content carries the rest. */
export function recallText(query: string, results: RecallResult[]): string {
  if (results.length === 0) return `Nothing in memory matches "${query}". Try other words, or the list tool.`;
  return results
    .map((r, i) => {
      const status = r.superseded_by ? `superseded by ${r.superseded_by}` : r.status;
      return `${i + 1}. ${r.id} [${r.type}, ${status}] ${r.title}${r.snippet ? `\n   ${r.snippet}` : ''}`;
    })
    .join('\n');
}

export function entryText(e: EntryJson): string {
  const meta = [`${e.id} · ${e.type} · ${e.status} · ${e.created}`];
  if (e.tags.length) meta.push(`tags: ${e.tags.join(', ')}`);
  if (e.files.length) meta.push(`files: ${e.files.join(', ')}`);
  if (e.links.length) meta.push(`links: ${e.links.join(', ')}`);
  if (e.supersedes.length) meta.push(`supersedes: ${e.supersedes.join(', ')}`);
  if (e.superseded_by?.length) meta.push(`superseded by: ${e.superseded_by.join(', ')}`);
  if (e.backlinks?.length) meta.push(`linked from: ${e.backlinks.join(', ')}`);
  return `# ${e.title}\n${meta.join('\n')}\n\n${e.body ?? ''}`.trimEnd();
}

export function listText(rows: EntryJson[], total: number, offset: number): string {
  if (rows.length === 0) return total === 0 ? 'No entries match.' : `No entries at offset ${offset} (there are ${total}).`;
  const lines = rows.map((e) => `${e.id} [${e.type}, ${e.status}] ${e.title}`);
  const end = offset + rows.length;
  if (end < total) lines.push(`(${end} of ${total}; next page: offset ${end})`);
  return lines.join('\n');
}
