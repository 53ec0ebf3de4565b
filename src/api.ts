/**
 * The programmatic API: the same functions the CLI runs, for scripts (the
 * eval and bench harnesses) and for tools that embed Origin.
 */
export { run } from './main.js';
export { processIO } from './io.js';
export type { IO, CommandContext } from './io.js';
export { openWorkspace } from './workspace.js';
export { gatherRecall, recallInView } from './recall/run.js';
export { recall } from './recall/engine.js';
export { openMemoryView, viewOf } from './session/memory-view.js';
export { terms, words, stem } from './core/text.js';
export { parseEntry } from './core/entry.js';
export { serializeEntry } from './core/serialize.js';
