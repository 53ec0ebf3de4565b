import { yamlLib } from './yaml-lazy.js';
import { type Entry, KEY_ORDER, REQUIRED_KEYS } from './types.js';
import { formatScalar } from './yaml-scalar.js';

/**
 * Writes an entry as a markdown file with front matter. Our own serialiser,
 * not a YAML library's, so that the key order and quoting never change
 * between versions and diffs stay one line per changed field:
 *
 *   - standard keys in KEY_ORDER; the required ones always, even when empty;
 *   - then unknown keys, in the order they were read;
 *   - lists in block style, one item per line (`[]` when empty);
 *   - LF line endings, one blank line before the body, one newline at the end.
 */
export function serializeEntry(entry: Entry): string {
  const lines: string[] = ['---'];
  const required = new Set<string>(REQUIRED_KEYS);
  const record = entry as unknown as Record<string, unknown>;
  for (const key of KEY_ORDER) {
    const value = record[key];
    const empty = value === undefined || (Array.isArray(value) && value.length === 0 && !required.has(key));
    if (empty && !required.has(key)) continue;
    lines.push(...formatField(key, value ?? ''));
  }
  for (const [key, value] of Object.entries(entry.extra)) {
    if (value === undefined) continue;
    lines.push(yamlLib().stringify({ [key]: value }, { lineWidth: 0 }).replace(/\n$/, ''));
  }
  lines.push('---');
  const body = normaliseBody(entry.body);
  return `${lines.join('\n')}\n${body ? `\n${body}` : ''}`;
}

function formatField(key: string, value: unknown): string[] {
  if (Array.isArray(value)) {
    if (value.length === 0) return [`${key}: []`];
    return [`${key}:`, ...value.map((item) => `  - ${formatScalar(String(item))}`)];
  }
  const text = String(value);
  return [text === '' ? `${key}: ""` : `${key}: ${formatScalar(text)}`];
}

/** LF endings, no leading blank (or whitespace-only) lines, no trailing whitespace, exactly one final newline (or nothing). */
export function normaliseBody(body: string): string {
  const text = body.replace(/\r\n?/g, '\n').replace(/^(?:[ \t]*\n)+/, '').replace(/\s+$/, '');
  return text ? `${text}\n` : '';
}
