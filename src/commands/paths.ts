import { realpathSync } from 'node:fs';
import { isAbsolute, relative, resolve, sep } from 'node:path';
import { normalisePath } from '../core/filter.js';
import { UsageError } from '../errors.js';

/**
 * A path typed by the user, relative to where they stand, as a repo-relative
 * `/`-separated path: anchors must mean the same thing from any subfolder.
 * The root comes from git, which resolves symlinks; so when the path does not
 * fall inside it as given (cwd reached through a symlink, `-C link/sub`), the
 * cwd is resolved the same way and tried again. A path outside the
 * repository is refused with `outside: 'refuse'` (a new anchor), else kept as
 * typed (a filter, or removing an anchor stored that way).
 */
export function relativeToRoot(root: string, cwd: string, path: string, options: { outside?: 'refuse' | 'keep' } = {}): string {
  const inside = (base: string): string | undefined => {
    const abs = isAbsolute(path) ? path : resolve(base, path);
    const rel = relative(root, abs);
    if (rel === '..' || rel.startsWith(`..${sep}`) || isAbsolute(rel)) return undefined;
    return normalisePath(rel.split('\\').join('/')) || '.';
  };
  const direct = inside(cwd);
  if (direct !== undefined) return direct;
  const real = realCwd(cwd);
  const viaReal = real && real !== cwd ? inside(real) : undefined;
  if (viaReal !== undefined) return viaReal;
  // An anchor outside the repository would mean nothing in another clone (FORMAT: anchors are repo-relative).
  if (options.outside === 'refuse') throw new UsageError(`${path} is outside the repository (${root}): anchor a path inside it`);
  return normalisePath(path);
}

function realCwd(cwd: string): string | undefined {
  try {
    return realpathSync(cwd);
  } catch {
    return undefined;
  }
}
