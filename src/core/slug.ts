/**
 * A file-name-safe slug from a title. The full title always stays in the
 * front matter; the slug only makes the file name readable. It can never
 * contain a path separator, `..`, control characters or anything outside
 * `[a-z0-9-]`, whatever the title holds.
 */
export const MAX_SLUG_LENGTH = 48;

export function slugify(title: string): string {
  const ascii = title
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '') // strip accents: "Café" -> "Cafe"
    .toLowerCase()
    .replace(/['’]/g, '') // "don't" -> "dont", not "don-t"
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '');
  let slug = ascii.slice(0, MAX_SLUG_LENGTH);
  // Cut at a word boundary when the cut fell inside a word.
  if (ascii.length > MAX_SLUG_LENGTH && ascii[MAX_SLUG_LENGTH] !== '-') {
    const lastDash = slug.lastIndexOf('-');
    if (lastDash > MAX_SLUG_LENGTH / 2) slug = slug.slice(0, lastDash);
  }
  slug = slug.replace(/-+$/g, '');
  return slug || 'entry';
}

/** File name for an entry: `<id>-<slug>.md`. */
export function entryFileName(id: string, title: string): string {
  return `${id}-${slugify(title)}.md`;
}

/** The id a file name carries, if it looks like one of ours. */
export function idFromFileName(name: string): string | undefined {
  const m = /^([a-z]{3}-[0-9a-z]{8})(?:-|\.md$)/.exec(name);
  return m?.[1];
}
