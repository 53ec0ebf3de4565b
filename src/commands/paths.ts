import { realpathSync } from 'node:fs';
import { isAbsolute, relative, resolve, sep } from 'node:path';
import { normalisePath } from '../core/filter.js';

/**
 * A path typed by the user, relative to where they stand, as a repo-relative
 * `/`-separated path: anchors must mean the same thing from any subfolder.
 * The root comes from git, which resolves symlinks; so when the path does not
 * fall inside it as given (cwd reached through a symlink, `-C link/sub`), the
 * cwd is resolved the same way and tried again.
 */
export function relativeToRoot(root: string, cwd: string, path: string): string {
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
  return viaReal ?? normalisePath(path);
}

function realCwd(cwd: string): string | undefined {
  try {
    return realpathSync(cwd);
  } catch {
    return undefined;
  }
}
