import { realpathSync } from 'node:fs';
import { isAbsolute, posix, relative, resolve, sep } from 'node:path';
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
export function relativeToRoot(root: string, cwd: string, typed: string, options: { outside?: 'refuse' | 'keep' } = {}): string {
  // Windows separators read as separators everywhere: `..\\x` must not slip past the check as a file name.
  const path = typed.split('\\').join('/');
  const inside = (base: string): string | undefined => {
    const rel = relative(root, isAbsolute(path) ? path : resolve(base, path));
    return escapes(rel) ? undefined : normalisePath(rel.split('\\').join('/')) || '.';
  };
  const direct = inside(cwd);
  if (direct !== undefined) return direct;
  const real = realCwd(cwd);
  const viaReal = real && real !== cwd ? inside(real) : undefined;
  if (viaReal !== undefined) return viaReal;
  // An absolute path through a symlink to the repository (macOS's /tmp is /private/tmp): its shortest ancestor that
  // resolves into the root is read as resolved, the rest as typed (a symlink inside the repository stays a path in it).
  const viaResolved = isAbsolute(path) ? throughLinkedRoot(root, path) : undefined;
  if (viaResolved !== undefined) return viaResolved;
  // An anchor outside the repository would mean nothing in another clone (FORMAT: anchors are repo-relative).
  if (options.outside === 'refuse') throw new UsageError(`${typed} is outside the repository (${root}): anchor a path inside it`);
  return normalisePath(path);
}

/** `path` relative to `root`, when one of its ancestors is a symlink that resolves to the root or into it. */
function throughLinkedRoot(root: string, path: string): string | undefined {
  const parts = path.split('/').filter(Boolean);
  for (let k = 1; k <= parts.length; k++) {
    let real: string;
    try {
      real = realpathSync(`/${parts.slice(0, k).join('/')}`);
    } catch {
      return undefined;
    }
    const rel = relative(root, real);
    if (!escapes(rel)) {
      // The rest as typed, with its . and .. collapsed: a `..` that climbs out of the repository is outside it.
      const joined = posix.normalize([rel.split(sep).join('/'), ...parts.slice(k)].filter(Boolean).join('/'));
      return joined === '..' || joined.startsWith('../') ? undefined : normalisePath(joined === '.' ? '' : joined) || '.';
    }
  }
  return undefined;
}

/** Whether a path relative to the root leads out of it. */
function escapes(rel: string): boolean {
  return rel === '..' || rel.startsWith(`..${sep}`) || isAbsolute(rel);
}

function realCwd(cwd: string): string | undefined {
  try {
    return realpathSync(cwd);
  } catch {
    return undefined;
  }
}
