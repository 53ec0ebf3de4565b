import { idMatches, isValidId } from '../core/id.js';
import { UsageError } from '../errors.js';

/**
 * An id a person or an agent typed in `--link` or `--supersedes`, as it is
 * stored: the full id when it names an entry here or is the unique prefix of
 * one; a well-formed id kept as written (the entry may live on another
 * branch); anything else refused, since links hold ids (FORMAT §5).
 */
export function resolveIdRef(known: ReadonlySet<string>, typed: string): string {
  const q = typed.trim().toLowerCase();
  if (known.has(q)) return q;
  // A prefix of three characters or more (of the random part, or with the type): one or two pick an entry by luck.
  const matches = q.replace(/^[a-z]{3}-/, '').length >= 3 ? [...known].filter((id) => idMatches(id, q)) : [];
  if (matches.length === 1) return matches[0] as string;
  if (isValidId(q)) return q;
  if (matches.length > 1) throw new UsageError(`"${typed}" is the start of several entries (${matches.slice(0, 5).join(', ')}${matches.length > 5 ? ', ...' : ''}): give more of the id`);
  if (q.replace(/^[a-z]{3}-/, '').length < 3 && [...known].some((id) => idMatches(id, q))) {
    throw new UsageError(`"${typed}" is too short to name an entry in a link or supersedes: give at least 3 characters after the type, as in ${[...known].find((id) => idMatches(id, q))?.slice(0, 7)}`);
  }
  throw new UsageError(`"${typed}" is not an entry id (like dec-7k2m9x4q), and no entry here starts with it`);
}
