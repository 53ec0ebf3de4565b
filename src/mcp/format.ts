import type { EntryJson } from '../core/json.js';
import type { PlanJson } from '../commands/refine.js';
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
  if (e.merged_from?.length) meta.push(`merged from: ${e.merged_from.join(', ')}`);
  if (e.distinct?.length) meta.push(`distinct from: ${e.distinct.join(', ')}`);
  return `# ${e.title}\n${meta.join('\n')}\n\n${e.body ?? ''}`.trimEnd();
}

export function listText(rows: EntryJson[], total: number, offset: number): string {
  if (rows.length === 0) return total === 0 ? 'No entries match.' : `No entries at offset ${offset} (there are ${total}).`;
  const lines = rows.map((e) => `${e.id} [${e.type}, ${e.status}] ${e.title}`);
  const end = offset + rows.length;
  if (end < total) lines.push(`(${end} of ${total}; next page: offset ${end})`);
  return lines.join('\n');
}

/** Refine's plan as a model reads it: what merges on its own, then the pairs to decide on, each with why. */
export function duplicatesText(plan: PlanJson, merges: PlanJson['merges'], suggestions: PlanJson['suggestions']): string {
  const out: string[] = [];
  const absorbed = plan.merges.reduce((n, m) => n + m.from.length, 0);
  if (absorbed === 0) out.push('refine would merge nothing on its own.');
  else {
    out.push(`refine would merge ${absorbed} duplicate ${absorbed === 1 ? 'entry' : 'entries'} on its own:`);
    for (const m of merges) out.push(`- ${m.into} "${m.title}" absorbs ${m.from.map((id, k) => `${id} "${m.from_titles[k]}"`).join(', ')} (score ${m.score})`);
    if (merges.length < plan.merges.length) out.push(`  (${plan.merges.length - merges.length} more groups)`);
  }
  if (plan.suggestions.length === 0) out.push('No pairs to review.');
  else {
    out.push('', `${plan.suggestions.length} ${plan.suggestions.length === 1 ? 'pair' : 'pairs'} to review, by kind: duplicate (judged one fact but held back: merge after a look), update (the newer changes a number or word: supersede the older), disagree (opposite statements: distinct, or supersede), same-title, similar. Each pair names first the entry a merge keeps (the one in force, else the older):`);
    for (const s of suggestions) {
      const kind = s.held ? `${s.kind}, held back: ${s.held}` : s.kind;
      out.push(`- ${s.a} "${s.a_title}" / ${s.b} "${s.b_title}" (${kind}; score ${s.score})${s.reason ? `: ${s.reason}` : ''}`);
    }
    if (suggestions.length < plan.suggestions.length) out.push(`  (${plan.suggestions.length - suggestions.length} more; raise limit)`);
  }
  return out.join('\n');
}
