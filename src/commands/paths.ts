import { realpathSync } from 'node:fs';
import { basename, dirname, isAbsolute, join, relative, resolve, sep } from 'node:path';
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
  const inside = (base: string, p = path): string | undefined => {
    const abs = isAbsolute(p) ? p : resolve(base, p);
    const rel = relative(root, abs);
    if (rel === '..' || rel.startsWith(`..${sep}`) || isAbsolute(rel)) return undefined;
    return normalisePath(rel.split('\\').join('/')) || '.';
  };
  const direct = inside(cwd);
  if (direct !== undefined) return direct;
  const real = realCwd(cwd);
  const viaReal = real && real !== cwd ? inside(real) : undefined;
  if (viaReal !== undefined) return viaReal;
  // An absolute path through a symlink (macOS's /tmp is /private/tmp): resolved as git resolved the root.
  const resolved = isAbsolute(path) ? realPrefix(path) : undefined;
  const viaResolved = resolved && resolved !== path ? inside(cwd, resolved) : undefined;
  if (viaResolved !== undefined) return viaResolved;
  // An anchor outside the repository would mean nothing in another clone (FORMAT: anchors are repo-relative).
  if (options.outside === 'refuse') throw new UsageError(`${typed} is outside the repository (${root}): anchor a path inside it`);
  return normalisePath(path);
}

/** The path with its deepest existing folder resolved (the file itself may not exist yet). */
function realPrefix(path: string): string | undefined {
  let head = path;
  const rest: string[] = [];
  while (head !== dirname(head)) {
    try {
      return join(realpathSync(head), ...rest.reverse());
    } catch {
      rest.push(basename(head));
      head = dirname(head);
    }
  }
  return undefined;
}

function realCwd(cwd: string): string | undefined {
  try {
    return realpathSync(cwd);
  } catch {
    return undefined;
  }
}
