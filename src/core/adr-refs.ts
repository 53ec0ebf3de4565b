/**
 * References between imported decision records, for `origin import`:
 * adr-tools writes "Superseded by [3. Use PostgreSQL](0003-use-postgresql.md)"
 * in the old record's Status section and "Supersedes [2. Use MySQL](...)" in
 * the new one; MADR and log4brains write "- Status: superseded by [...](...)";
 * and records link to each other in their prose. Origin keeps those as
 * `supersedes` and `links` on the referring record (FORMAT.md section 7), so
 * that a superseded record points at its replacement. Pure: text in, paths
 * out; the caller knows which files exist.
 */

export type RecordRefKind = 'supersedes' | 'superseded-by' | 'link';

export interface RecordRef {
  kind: RecordRefKind;
  /** A link target as written (`0003-x.md`, `./0003-x.md`, a URL), or a record number written bare (`ADR025`, `DR008`). */
  target: string;
}

// A statement of supersession at the start of a line or table cell: after
// list markers, headings, emphasis, emoji and a "Status:" label. Only whole
// supersessions: "in part supersedes", "supersedes some aspects of" and
// "Superseded [x]" (which way?) are read as plain links.
const LEAD = /^(?:[\s>*_\-+#|]|\d+[.)]\s|\p{Extended_Pictographic}|\u{FE0F})*(?:status\s*:\s*)?/iu;
const SUPERSEDED_BY = /^superseded\s+by\b/i;
const SUPERSEDES = /^supersedes\b(?!\s+(?:some|parts?|aspects?)\b)/i;
// [text](target), [text](<target with spaces>), with an optional "title".
const LINK = /\[(?:[^\]\\]|\\.)*\]\(\s*(?:<([^>]+)>|([^)\s]+))(?:\s+"[^"]*")?\s*\)/g;
// What may stand between two records a statement names together: "[A](a.md) and [B](b.md)", "[A](a.md), [B](b.md)".
const JOINED = /^[\s,;&*_]*(?:and|&)?[\s,*_]*$/i;
// A record named without a link, right after the verb: "Superseded by ADR025", "Superseded by 028-react-context-api.md".
const BARE = /^((?:adr|dr|rfc)?[-_ #]?\d+(?:[-\w.]*\.md)?)\b/i;

/** The references a record's body makes to other records, in order of appearance. */
export function recordRefs(body: string): RecordRef[] {
  const out: RecordRef[] = [];
  let fenced = false;
  // "Superseded by" alone on its line names its record on the next one.
  let pending: RecordRefKind | undefined;
  for (const raw of body.split('\n')) {
    if (/^\s*(```|~~~)/.test(raw)) fenced = !fenced;
    if (fenced) continue;
    // Links inside inline code are examples, not references.
    const text = raw.replace(/`[^`]*`/g, ' ');
    if (!text.trim()) continue;
    const carried = pending;
    pending = undefined;
    for (const cell of text.includes('|') ? text.split('|') : [text]) {
      const line = cell.replace(LEAD, '').replace(/^[*_]+|(?<=^\w+)[*_]+/g, '');
      const verb = SUPERSEDED_BY.exec(line) ?? SUPERSEDES.exec(line);
      const kind: RecordRefKind = verb ? (/by$/i.test(verb[0]) ? 'superseded-by' : 'supersedes') : (carried ?? 'link');
      const rest = verb ? line.slice(verb[0].length).replace(/^[\s:*_]+/, '') : line;
      // Only the record the statement names first, and those joined to it, are superseded: "Supersedes [B](b.md); see [A](a.md)" links A.
      let named = kind !== 'link';
      let previousEnd = -1;
      let found = false;
      for (const m of cell.matchAll(LINK)) {
        const at = m.index as number;
        if (named && previousEnd >= 0 && !JOINED.test(cell.slice(previousEnd, at))) named = false;
        previousEnd = at + m[0].length;
        found = true;
        const target = ((m[1] ?? m[2]) as string).trim().replace(/\\/g, '/');
        if (/^(?:mailto:|#)/i.test(target)) continue;
        out.push({ kind: named ? kind : 'link', target });
      }
      if (!found && kind !== 'link') {
        const bare = BARE.exec(rest);
        if (bare) out.push({ kind, target: (bare[1] as string).trim() });
        else if (verb && !rest.trim()) pending = kind;
      }
    }
  }
  return out;
}

/**
 * The imported file a reference names, among `sources` (paths relative to
 * the folder imported, `/`-separated), or undefined. A relative link is
 * resolved from the referring record's folder; a URL by its file name in
 * that folder (records often link to their own copy on GitHub); a bare
 * record number by the one file of that folder numbered so.
 */
export function resolveRecordRef(from: string, target: string, sources: ReadonlySet<string>): string | undefined {
  const folder = from.includes('/') ? from.slice(0, from.lastIndexOf('/') + 1) : '';
  let path = target.replace(/[?#].*$/, '');
  try {
    path = decodeURIComponent(path);
  } catch {
    // Not percent-encoded after all: use it as written.
  }
  if (/^[a-z][a-z0-9+.-]*:/i.test(path)) {
    const name = path.slice(path.lastIndexOf('/') + 1);
    return /\.md$/i.test(name) && sources.has(folder + name) ? folder + name : undefined;
  }
  if (/\.(md|markdown)$/i.test(path)) {
    const joined = normalise(path.startsWith('/') ? path.slice(1) : folder + path);
    if (joined !== undefined && sources.has(joined)) return joined;
    // A record renamed since the link was written keeps its number and most of
    // its name ("ADR045-use-forms-api.md" is now "ADR045-remove-forms-api.md";
    // "007-multiple-sites-revisited.md" is not "007-css-in-js.md").
    if (joined === undefined || path.includes('/')) return undefined;
  }
  return numbered(folder, path, sources);
}

/** The one file of `folder` with the record number `name` starts with (and, when `name` has one, much of its slug), if exactly one. */
function numbered(folder: string, name: string, sources: ReadonlySet<string>): string | undefined {
  const number = recordNumber(name);
  if (!number) return undefined;
  let found: string | undefined;
  for (const s of sources) {
    if (!s.startsWith(folder) || s.slice(folder.length).includes('/')) continue;
    const n = recordNumber(s.slice(folder.length));
    // "ADR-12" names "0012-x.md" as well as "ADR012-x.md", not "DR012-x.md".
    if (!n || n.value !== number.value || (number.prefix && n.prefix && n.prefix !== number.prefix)) continue;
    if (number.slug.length > 0 && sharedShare(number.slug, n.slug) < 0.5) continue;
    if (found !== undefined) return undefined; // two files numbered so: no guess
    found = s;
  }
  return found;
}

/** "ADR025" -> {prefix: 'adr', value: 25, slug: []}; "0019-use-go.md" -> {prefix: '', value: 19, slug: ['use', 'go']}. */
function recordNumber(name: string): { prefix: string; value: number; slug: string[] } | undefined {
  const m = /^(adr|dr|rfc)?[-_ #]?(\d+)(?:[-_. ]|$)/i.exec(name);
  if (!m) return undefined;
  const slug = name
    .slice(m[0].length)
    .replace(/\.(md|markdown)$/i, '')
    .toLowerCase()
    .split(/[^a-z0-9]+/)
    .filter((w) => w.length > 0);
  return { prefix: (m[1] ?? '').toLowerCase(), value: Number(m[2]), slug };
}

/** Share of the words of `a` found in `b`. */
function sharedShare(a: readonly string[], b: readonly string[]): number {
  const set = new Set(b);
  return a.filter((w) => set.has(w)).length / a.length;
}

/** Resolves `.` and `..` segments; undefined when the path climbs out of the folder imported. */
function normalise(path: string): string | undefined {
  const parts: string[] = [];
  for (const seg of path.split('/')) {
    if (seg === '' || seg === '.') continue;
    if (seg === '..') {
      if (parts.length === 0) return undefined;
      parts.pop();
    } else parts.push(seg);
  }
  return parts.join('/');
}

export interface RecordToRelate {
  id: string;
  /** The imported file's path (the entry's `source`). */
  source: string;
  /** What entries it already supersedes (an entry imported before). */
  supersedes?: readonly string[];
  /** Its references (for a record imported before: read again from its file, when it is still there). */
  refs?: readonly RecordRef[];
}

export interface Relations {
  supersedes: string[];
  links: string[];
}

/**
 * The `supersedes` and `links` of the records being imported (`fresh`), from
 * their references to each other and to records imported before
 * (`earlier`). A relation is written on the newer record only: "Superseded
 * by X" in a fresh record is kept only when X is fresh too, and a record
 * imported before that now says "Superseded by X" (its status was edited
 * when X was written) gives X the relation. A supersession that would close
 * a cycle is left out (FORMAT.md section 7), a record a supersession already
 * relates is not linked as well, and each list stops at `maxItems`, in the
 * order written (an index of every record would otherwise make an entry too
 * big to edit).
 */
export function relateRecords(fresh: readonly RecordToRelate[], earlier: readonly RecordToRelate[], maxItems = Number.POSITIVE_INFINITY): Map<string, Relations> {
  const idOf = new Map<string, string>();
  for (const r of [...earlier, ...fresh]) idOf.set(r.source, r.id);
  const sources = new Set(idOf.keys());
  const out = new Map<string, Relations>(fresh.map((r) => [r.id, { supersedes: [], links: [] }]));
  const replaces = new Map<string, Set<string>>();
  for (const r of earlier) replaces.set(r.id, new Set(r.supersedes ?? []));
  const reaches = (from: string, to: string) => {
    const seen = new Set<string>();
    const stack = [from];
    while (stack.length > 0) {
      const at = stack.pop() as string;
      if (at === to) return true;
      if (seen.has(at)) continue;
      seen.add(at);
      for (const next of replaces.get(at) ?? []) stack.push(next);
    }
    return false;
  };
  const supersede = (newer: string, older: string) => {
    const rel = out.get(newer);
    if (!rel || newer === older || rel.supersedes.includes(older) || rel.supersedes.length >= maxItems || reaches(older, newer)) return;
    rel.supersedes.push(older);
    let set = replaces.get(newer);
    if (!set) replaces.set(newer, (set = new Set()));
    set.add(older);
  };
  const links: Array<[string, string]> = [];
  for (const r of [...fresh, ...earlier]) {
    for (const ref of r.refs ?? []) {
      const target = resolveRecordRef(r.source, ref.target, sources);
      const other = target === undefined ? undefined : idOf.get(target);
      if (other === undefined || other === r.id) continue;
      if (ref.kind === 'supersedes') supersede(r.id, other);
      else if (ref.kind === 'superseded-by') supersede(other, r.id);
      else links.push([r.id, other]);
    }
  }
  for (const [from, to] of links) {
    const rel = out.get(from);
    if (!rel || rel.links.length >= maxItems) continue;
    const related = rel.supersedes.includes(to) || replaces.get(to)?.has(from) === true;
    if (!related && !rel.links.includes(to)) rel.links.push(to);
  }
  return out;
}
