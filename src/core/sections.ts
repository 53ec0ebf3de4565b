import { inlineText } from './text.js';

/**
 * Reading and writing markdown bodies made of `## Heading` sections, as
 * handoffs are. Headings are matched loosely ("Next steps", "Open threads /
 * next steps", "TODO" all land in the same slot) so that an agent's own
 * words are understood.
 */
export interface Section {
  heading: string;
  text: string;
}

/** `starts` decides which headings (levels 1-3) open a section; by default, all of them. */
export function splitSections(markdown: string, options: { starts?: (level: number, heading: string) => boolean } = {}): { preamble: string; sections: Section[] } {
  const lines = markdown.replace(/\r\n?/g, '\n').split('\n');
  const sections: Section[] = [];
  const pre: string[] = [];
  let current: { heading: string; lines: string[] } | undefined;
  let fence = false;
  for (const line of lines) {
    if (/^\s*(```|~~~)/.test(line)) fence = !fence;
    const h = fence ? null : /^(#{1,3})\s+(.+?)(?:\s+#+)?\s*$/.exec(line);
    if (h && (!options.starts || options.starts((h[1] as string).length, h[2] as string))) {
      if (current) sections.push({ heading: current.heading, text: current.lines.join('\n').trim() });
      current = { heading: h[2] as string, lines: [] };
    } else if (current) current.lines.push(line);
    else pre.push(line);
  }
  if (current) sections.push({ heading: current.heading, text: current.lines.join('\n').trim() });
  return { preamble: pre.join('\n').trim(), sections };
}

export type HandoffSlot = 'summary' | 'changed' | 'decisions' | 'next' | 'gotchas' | 'files';

// Whole words only: "Framework choice" is not about work done, nor "Dockerfile notes" about files.
const SLOT_PATTERNS: [HandoffSlot, RegExp][] = [
  ['next', /\b(next|open|threads?|todos?|to do|remaining|follow|follow-?ups?|pending|left)\b/i],
  ['summary', /\b(summary|overview|tl;?dr|what (i|we) did|session)\b/i],
  ['changed', /\b(chang\w*|done|progress|accomplish\w*|work(ed)?)\b/i],
  ['decisions', /\b(decisions?|decided|choices?)\b/i],
  ['gotchas', /\b(gotchas?|pitfalls?|lessons?|caveats?|warnings?|issues?|problems?|learn\w*)\b/i],
  ['files', /\b(files?|commands?|relevant|pointers?|references?|where)\b/i],
];

/** Words that section names are made of ("Next steps", "Open threads / next steps", "What changed", "TL;DR"). */
const SECTION_WORDS = new Set(
  'summary overview tl dr tldr what i we did done changed changes change progress accomplished work decisions decision decided choices next steps step open threads thread questions todo todos to do remaining follow ups up followups follow-ups pending left gotchas gotcha pitfalls lessons learned caveats warnings issues problems relevant files file commands pointers references and or the this session notes'.split(' '),
);

/**
 * Whether a heading is a section name as a whole ("Next steps"), not a
 * title that happens to hold such a word ("Session 9 handoff", "Framework
 * choice", "Dockerfile"): what tells a note's sections from its title and
 * from headings inside its sections.
 */
export function isSectionName(heading: string): boolean {
  // One-letter leftovers of contractions ("What's next") say nothing.
  const words = (heading.toLowerCase().match(/[a-z]+/g) ?? []).filter((w) => w.length > 1);
  if (words.length === 0 || slotOf(heading) === undefined) return false;
  if (words.every((w) => SECTION_WORDS.has(w))) return true;
  // A short heading led or closed by a word only section names use ("Key decisions", "Files touched", "Next steps
  // for the migration"); "session" is not one of them, since a title often opens with it ("Session 9 handoff").
  return words.length <= 5 && (HEAD_WORDS.has(words[0] as string) || HEAD_WORDS.has(words[words.length - 1] as string));
}

const HEAD_WORDS = new Set('summary overview tldr next steps decisions gotchas pitfalls lessons caveats warnings issues questions files commands changes changed todo todos followups'.split(' '));

export function slotOf(heading: string): HandoffSlot | undefined {
  for (const [slot, re] of SLOT_PATTERNS) if (re.test(heading)) return slot;
  return undefined;
}

/** The list items of a markdown text (`- x`, `* x`, `1. x`), or its non-empty lines when it has none. */
export function listItems(text: string, options: { open?: boolean } = {}): string[] {
  const items: string[] = [];
  let sawBullet = false;
  // A ticked task ("- [x] fix tests") is done: with `open`, it is left out with its continuation lines and the
  // items nested under it (what was done for it).
  let skipUnder = -1;
  for (const line of text.split('\n')) {
    const m = /^(\s*)(?:[-*+]|\d+[.)])\s+(?:\[([ xX])\]\s+)?(.*)$/.exec(line);
    if (m) {
      sawBullet = true;
      const indent = (m[1] as string).replace(/\t/g, '    ').length;
      if (skipUnder >= 0 && indent > skipUnder) continue;
      skipUnder = options.open === true && (m[2] === 'x' || m[2] === 'X') ? indent : -1;
      if (skipUnder < 0) items.push((m[3] as string).trim());
    } else if (sawBullet && /^\s{2,}\S/.test(line) && items.length) {
      if (skipUnder < 0) items[items.length - 1] += ` ${line.trim()}`;
    }
  }
  if (sawBullet) return items.filter(Boolean);
  return text
    .split('\n')
    .map((l) => l.trim())
    .filter(Boolean);
}

/** First sentence (or line) of a text, for one-line previews. */
export function firstSentence(text: string, maxChars = 160): string {
  const plain = inlineText(text.replace(/```[\s\S]*?```/g, ' '))
    .replace(/^#{1,6}\s+.*$/gm, ' ')
    .replace(/\s+/g, ' ')
    .trim();
  const s = plain.slice(0, sentenceEnd(plain));
  return s.length > maxChars ? `${s.slice(0, maxChars - 1).replace(/\s+\S*$/, '')}…` : s;
}

// Abbreviations whose full stop ends no sentence ("in e.g. the retry path", "J. Smith").
const ABBREVIATION = /(?:^|[\s(])(?:e\.g|i\.e|vs|cf|approx|incl|esp|fig)\.$/i;
const INITIAL = /(?:^|[\s(])[A-Z]\.$/;

/** Whether `text` ends with an abbreviation's full stop rather than a sentence's. */
export function endsWithAbbreviation(text: string): boolean {
  const tail = text.slice(-12);
  return ABBREVIATION.test(tail) || INITIAL.test(tail);
}

/** Where the first sentence of at least 20 characters ends: at . ! ? followed by a space (not an abbreviation's), or at the end. */
function sentenceEnd(plain: string): number {
  const re = /[.!?](?=\s|$)/g;
  for (let m = re.exec(plain); m; m = re.exec(plain)) {
    const end = m.index + 1;
    if (end < 20) continue;
    if (m[0] === '.' && endsWithAbbreviation(plain.slice(0, end))) continue;
    return end;
  }
  return plain.length;
}

const STATUS_HEADING = /^#{1,6}\s+status\s*:?\s*$/i;
const METADATA_KEY = /^\s*(?:[-*]\s+)?(?:\*\*)?(?:date|status|deciders?|authors?|technical story|consulted|informed|tags|updates|supersedes|superseded by)(?:\*\*)?\s*:/i;

/**
 * A line of a decision record's metadata: "Date: 2018-03-06", "- Status:
 * accepted", a row of a metadata table, a status section's "Accepted". Not
 * a sentence that happens to open with such a word ("Status: the API
 * returns 200 even on failure."): metadata ends without a full stop.
 */
function isMetadataLine(line: string, inStatusSection: boolean): boolean {
  const text = line.trim();
  if (/[.!?…]$/.test(text) || text.length > 100) return false;
  return inStatusSection || METADATA_KEY.test(text) || text.startsWith('|');
}

/**
 * `firstSentence` of a body, computed from its opening text only (fenced
 * code, headings and a record's opening metadata skipped, ~600 characters
 * kept): cheap enough to run on every entry when the index is built, so a
 * briefing can show an entry's lead without reading its file.
 */
export function leadSentence(body: string, maxChars = 160): string {
  const kept: string[] = [];
  let size = 0;
  let inFence = false;
  let inStatus = false;
  // Metadata is skipped only before the prose begins; a body that is nothing but metadata keeps it (below).
  let prose = false;
  let from = 0;
  while (from <= body.length && size < 600) {
    let to = body.indexOf('\n', from);
    if (to < 0) to = body.length;
    const line = body.slice(from, to);
    from = to + 1;
    if (/^\s*```/.test(line)) {
      inFence = !inFence;
      continue;
    }
    if (inFence) continue;
    if (/^#{1,6}\s/.test(line)) {
      inStatus = STATUS_HEADING.test(line);
      continue;
    }
    if (!prose && line.trim() !== '' && isMetadataLine(line, inStatus)) continue;
    if (line.trim() !== '') prose = true;
    kept.push(line);
    size += line.length + 1;
  }
  return firstSentence(kept.join('\n'), maxChars) || firstSentence(body.replace(/^#{1,6}\s.*$/gm, ''), maxChars);
}
