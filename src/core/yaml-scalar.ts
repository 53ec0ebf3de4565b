/**
 * How one scalar is written in front matter. Plain when that is unambiguous
 * under YAML 1.2 (what a person would type), otherwise double-quoted with
 * JSON escapes, which are a subset of YAML's double-quoted escapes: so every
 * title round-trips exactly, control characters and emoji included.
 */
const PLAIN = /^[\p{L}\p{N}_./(][\p{L}\p{N} _.,/()+=~@:'-]*$/u;
// The same for ASCII text: compiling PLAIN's Unicode classes costs a millisecond, paid by every recall that reads a file.
const PLAIN_ASCII = /^[A-Za-z0-9_./(][A-Za-z0-9 _.,/()+=~@:'-]*$/;
// biome-ignore lint/suspicious/noControlCharactersInRegex: any code unit past ASCII sends the value to PLAIN
const NON_ASCII = /[^\u0000-\u007f]/;
const RESERVED = /^(true|false|yes|no|on|off|null|y|n|~)$/i;
const NUMBER_LIKE = /^[-+]?(\.?\d[\d_]*)(\.[\d_]*)?([eE][-+]?\d+)?$|^0[xob]|^[-+]?\.(inf|nan)$/i;

export function isPlainSafe(value: string): boolean {
  return (
    value.length > 0 &&
    (NON_ASCII.test(value) ? PLAIN.test(value) : PLAIN_ASCII.test(value)) &&
    !value.endsWith(' ') &&
    !value.endsWith(':') &&
    !value.includes(': ') &&
    !value.includes(' #') &&
    !RESERVED.test(value) &&
    !NUMBER_LIKE.test(value)
  );
}

export function formatScalar(value: string): string {
  if (isPlainSafe(value)) return value;
  // JSON.stringify leaves DEL, the C1 controls, U+2028/U+2029 and the BOM
  // raw; YAML counts them as non-printable (or, in YAML 1.1, as line breaks
  // that a double-quoted scalar folds into a space), so escape them too.
  return JSON.stringify(value).replace(/[\u007f-\u009f\u2028\u2029\ufeff]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

/**
 * Reads back what `formatScalar` wrote. Returns undefined for anything else,
 * so that the caller falls back to a full YAML parser.
 */
export function parseSimpleScalar(raw: string): string | undefined {
  if (raw.startsWith('"')) {
    if (!raw.endsWith('"') || raw.length < 2) return undefined;
    try {
      const v: unknown = JSON.parse(raw);
      return typeof v === 'string' ? v : undefined;
    } catch {
      return undefined;
    }
  }
  return isPlainSafe(raw) ? raw : undefined;
}
