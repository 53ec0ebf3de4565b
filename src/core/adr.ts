/**
 * Understanding decision records written by other tools, for `origin import`:
 * adr-tools (`# 1. Title`, `Date: ...`, a `## Status` section), MADR and
 * log4brains (`- Status: accepted`, `- Date: ...` bullets, or front matter),
 * and plain markdown. Pure: takes the front matter data and the body.
 */
export interface ImportedRecord {
  title: string;
  status?: string;
  /** The status as the record wrote it, when it had to be mapped. */
  originalStatus?: string;
  date?: string;
  tags: string[];
  body: string;
  /** Ids or titles of records this one says it supersedes (kept as text). */
  format: 'adr-tools' | 'madr' | 'front-matter' | 'markdown';
}

const STATUS_MAP: [RegExp, string][] = [
  [/^superseded|^replaced/i, 'superseded'],
  [/^deprecated|^obsolete|^retired/i, 'deprecated'],
  [/^rejected|^declined|^withdrawn|^abandoned|^not accepted/i, 'rejected'],
  [/^accepted|^approved|^agreed|^adopted|^done|^implemented|^decided|^active|^complete/i, 'accepted'],
  [/^proposed|^draft|^proposal|^in progress|^under review|^open|^pending|^review/i, 'proposed'],
];

/**
 * A file named as one record of a numbered series: adr-tools and MADR
 * (`0007-use-postgres.md`), log4brains (`20200926-...`), `ADR-10.md`,
 * `adr-036-...`, `ADR003-...`. A team wrote each of those as a record of its
 * own; notes exported from another memory tool are not named that way.
 */
export function isNumberedRecordFile(path: string): boolean {
  const name = path.slice(path.lastIndexOf('/') + 1);
  // A daily note (2024-05-01.md) is named by a date, not a record number.
  if (/^\d{4}-\d{2}-\d{2}\.(md|markdown)$/i.test(name)) return false;
  return /^(?:adr|dr|rfc)?[-_ ]?\d+(?:[-_. ]|$)/i.test(name);
}

export function mapStatus(raw: string): string | undefined {
  const s = raw
    .replace(/[*_`[\]]/g, '')
    .trim()
    .toLowerCase();
  for (const [re, status] of STATUS_MAP) if (re.test(s)) return status;
  return undefined;
}

export function parseDecisionRecord(data: Record<string, unknown>, body: string, fileName: string): ImportedRecord {
  const text = body.replace(/\r\n?/g, '\n');
  const lines = text.split('\n');
  let title = typeof data.title === 'string' ? data.title.trim() : '';
  let format: ImportedRecord['format'] = Object.keys(data).length ? 'front-matter' : 'markdown';
  let rest = text;
  // The title is the first heading when nothing but blank lines and HTML comments (a template's guidance) comes before it;
  // the comments stay in the body, and a heading inside one is not the title.
  const visible = text.replace(/<!--[\s\S]*?-->/g, (m) => m.replace(/[^\n]/g, '')).split('\n');
  const headingAt = visible.findIndex((l) => /^#\s+\S/.test(l));
  if (headingAt >= 0 && visible.slice(0, headingAt).every((l) => !l.trim())) {
    const heading = (visible[headingAt] as string).replace(/^#\s+/, '').trim();
    if (!title) title = heading;
    rest = [...lines.slice(0, headingAt).filter((l) => l.trim()), ...lines.slice(headingAt + 1)].join('\n');
  }
  title = title.replace(/^(?:ADR|DR|RFC)?[-\s]?\d+[.:)]?\s+(?=\S)/i, '').trim();
  if (!title) title = fileName.replace(/\.md$/i, '').replace(/^\d+[-_]/, '').replace(/[-_]+/g, ' ');

  let status: string | undefined;
  let original: string | undefined;
  let date = typeof data.date === 'string' ? data.date : undefined;
  const fmStatus = typeof data.status === 'string' ? data.status : undefined;
  if (fmStatus) original = fmStatus;

  // MADR / log4brains: "- Status: accepted" and "- Date: 2020-09-24" bullets near the top.
  const bulletStatus = /^\s*[-*]?\s*\**status\**\s*:\s*\**\s*(.+?)\s*$/im.exec(rest.split('\n').slice(0, 15).join('\n'));
  const bulletDate = /^\s*[-*]?\s*\**date\**\s*:\s*\**\s*(\d{4}-\d{2}-\d{2})/im.exec(rest.split('\n').slice(0, 15).join('\n'));
  if (!original && bulletStatus) {
    original = bulletStatus[1];
    format = 'madr';
  }
  if (!date && bulletDate) date = bulletDate[1];
  // adr-tools: "Date: 2016-02-12" line and a "## Status" section whose first line is the status. A metadata
  // table near the top (NATS: "|Date |2020-04-30|", "|Status |Implemented|") says it too: whichever comes
  // first (a NATS design may have a "## Status" section about a Status interface further down; an adr-tools
  // record may have a table further down). A table's header row ("| Status | Meaning |" over "|---|---|") is no metadata.
  const statusSection = /^##\s+Status\s*\n+([^\n#][^\n]*)/im.exec(rest);
  const sectionLine = statusSection ? rest.slice(0, statusSection.index).split('\n').length - 1 : Number.POSITIVE_INFINITY;
  const headLines = rest.split('\n').slice(0, 20);
  const tableField = (name: string): { value: string; line: number } | undefined => {
    const row = new RegExp(`^\\s*\\|\\s*\\**${name}\\**\\s*\\|\\s*([^|]*?)\\s*\\|`, 'i');
    for (let k = 0; k < headLines.length; k++) {
      const m = row.exec(headLines[k] as string);
      if (m && !/^\s*\|[\s:|-]+\|\s*$/.test(headLines[k + 1] ?? '')) return { value: m[1] as string, line: k };
    }
    return undefined;
  };
  const tableDate = tableField('date');
  if (!date && tableDate && /^\d{4}-\d{2}-\d{2}/.test(tableDate.value)) date = tableDate.value.slice(0, 10);
  const tableStatus = tableField('status');
  if (!original && tableStatus && tableStatus.line < sectionLine) original = tableStatus.value;
  if (!original && statusSection) {
    original = statusSection[1];
    format = 'adr-tools';
  }
  if (original) {
    status = mapStatus(original);
    original = original.trim();
  }
  const tags = Array.isArray(data.tags) ? data.tags.map(String) : typeof data.tags === 'string' ? data.tags.split(/[,\s]+/).filter(Boolean) : [];
  return {
    title,
    ...(status ? { status } : {}),
    ...(original && original.toLowerCase() !== status ? { originalStatus: original } : {}),
    ...(date ? { date } : {}),
    tags: tags.map((t) => t.replace(/[^\p{L}\p{N}_./-]+/gu, '-').replace(/^-+|-+$/g, '')).filter(Boolean),
    body: rest.replace(/^\n+/, ''),
    format,
  };
}
