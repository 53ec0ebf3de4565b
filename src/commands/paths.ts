import { isAbsolute, relative, resolve } from 'node:path';
import { normalisePath } from '../core/filter.js';

/**
 * A path typed by the user, relative to where they stand, as a repo-relative
 * `/`-separated path: anchors must mean the same thing from any subfolder.
 */
export function relativeToRoot(root: string, cwd: string, path: string): string {
  const abs = isAbsolute(path) ? path : resolve(cwd, path);
  const rel = relative(root, abs);
  if (rel.startsWith('..') || isAbsolute(rel)) return normalisePath(path);
  return normalisePath(rel.split('\\').join('/')) || '.';
}
