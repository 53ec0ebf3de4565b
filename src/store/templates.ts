import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { EntryType } from '../core/types.js';
import { packageRoot } from '../package-files.js';
import type { Layout } from './layout.js';

/** The body template of a type: the project's `.origin/templates/<type>.md`, else ours. */
export function loadTemplate(layout: Layout, type: EntryType): string {
  try {
    return readFileSync(join(layout.templates, `${type}.md`), 'utf8');
  } catch {
    return readFileSync(join(packageRoot(), 'templates', `${type}.md`), 'utf8');
  }
}
