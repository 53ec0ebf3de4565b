import type { MemoryView } from '../session/memory-view.js';
import { recall } from './engine.js';

/** Relevance of entries to `start --query`, by id: the recall engine's scores. */
export function rankForBriefing(view: MemoryView, query: string): Map<string, number> {
  const hits = recall(view.index, query, {
    limit: 60,
    textOf: (e) => {
      const f = view.full(e);
      return f ? `${f.title}\n${f.body}` : undefined;
    },
  });
  return new Map(hits.map((h) => [h.entry.id, h.score]));
}
