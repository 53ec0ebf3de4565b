import { describe, expect, it } from 'vitest';
import { scoreQuery } from '../src/recall/engine.js';
import { type Ahead, type GatherRecallOptions, recallInView } from '../src/recall/run.js';
import { viewOf } from '../src/session/memory-view.js';
import { storedEntry } from './helpers/entries.js';

// recall ranks on the cached index while git status runs (gatherRecall); these
// check when recallInView may keep that work and when it must redo it.
const entries = [
  storedEntry({ id: 'dec-ra000001', title: 'Retry policy for the HTTP client', body: 'Retries with backoff.', files: ['src/http.ts'], path: '.origin/decisions/dec-ra000001.md' }),
  storedEntry({ id: 'dec-rb000001', title: 'Retry policy for the queue consumer', body: 'Retries with backoff.', files: ['src/queue.ts'], path: '.origin/decisions/dec-rb000001.md' }),
  storedEntry({ id: 'dec-lg000001', title: 'Log in JSON', body: 'Structured logs.', files: ['src/log.ts'], path: '.origin/decisions/dec-lg000001.md' }),
];
const now = new Date('2026-02-01T00:00:00Z');

describe('a recall done ahead on the cached index', () => {
  const view = viewOf(entries);
  const options: GatherRecallOptions = { limit: 10 };
  // Hits that no real ranking gives: seeing them back means the ahead work was kept.
  const marker = (): Ahead => ({ scored: scoreQuery(view.index, 'retry policy'), options, hits: [], texts: new Map() });
  const ids = (r: ReturnType<typeof recallInView>) => r.map((h) => h.id);

  it('is kept when the status shows no change, or changes that anchor no entry the question matches', () => {
    expect(recallInView(view, 'retry policy', { ...options, now, ahead: marker() })).toEqual([]);
    expect(recallInView(view, 'retry policy', { ...options, now, changedFiles: ['src/log.ts', 'README.md'], ahead: marker() })).toEqual([]);
  });

  it('is redone when a changed file anchors a matched entry (the diff prior decides), or for other options or another index', () => {
    expect(ids(recallInView(view, 'retry policy', { ...options, now, changedFiles: ['src/queue.ts'], ahead: marker() }))[0]).toBe('dec-rb000001');
    expect(ids(recallInView(view, 'retry policy', { limit: 1, now, ahead: marker() }))).toHaveLength(1);
    expect(ids(recallInView(view, 'retry policy', { ...options, filter: { types: ['decision'] }, now, ahead: marker() }))).toHaveLength(2);
    expect(ids(recallInView(viewOf(entries), 'retry policy', { ...options, now, ahead: marker() }))).toHaveLength(2);
    expect(ids(recallInView(view, 'json logs', { ...options, now, ahead: marker() }))).toEqual(['dec-lg000001']);
  });
});
