import { type EntryType, TYPE_PREFIX } from './types.js';

/**
 * Entry ids: a type prefix and 8 random Crockford base32 characters
 * (`dec-7k2m9x4q`). No sequence numbers: two branches would both take N+1.
 * 32^8 ≈ 1.1e12 values per type, so among 100k entries of one type the chance
 * that any two collide is about n²/2N ≈ 0.45%; the writer also creates files
 * exclusively and retries, so a clash on one branch can never overwrite.
 */
export const ID_ALPHABET = '0123456789abcdefghjkmnpqrstvwxyz';
export const ID_RANDOM_LENGTH = 8;

const ID_PATTERN = /^(hnd|dec|gtc|fup|ctx)-[0-9a-hjkmnp-tv-z]{8}$/;

export type RandomBytes = (n: number) => Uint8Array;

const defaultRandom: RandomBytes = (n) => globalThis.crypto.getRandomValues(new Uint8Array(n));

export function newId(type: EntryType, random: RandomBytes = defaultRandom): string {
  const bytes = random(ID_RANDOM_LENGTH);
  let out = '';
  // 256 is a multiple of 32, so `% 32` is unbiased.
  for (const b of bytes) out += ID_ALPHABET[b % 32];
  return `${TYPE_PREFIX[type]}-${out}`;
}

export function isValidId(id: string): boolean {
  return ID_PATTERN.test(id);
}

/**
 * Loose form accepted on the command line: case-insensitive, and people
 * mistype Crockford's look-alikes (`i`/`l` for 1, `o` for 0).
 */
export function normaliseIdQuery(query: string): string {
  const q = query.trim().toLowerCase();
  const dash = q.indexOf('-');
  const head = dash >= 0 ? q.slice(0, dash + 1) : '';
  const tail = (dash >= 0 ? q.slice(dash + 1) : q).replace(/[il]/g, '1').replace(/o/g, '0');
  return head + tail;
}

/**
 * Does an id match what someone typed? Matches a prefix of the full id
 * (`dec-7k2`) or of its random part alone (`7k2m`).
 */
export function idMatches(id: string, query: string): boolean {
  const q = normaliseIdQuery(query);
  if (q.length === 0) return false;
  if (id.startsWith(q)) return true;
  const random = id.slice(id.indexOf('-') + 1);
  return !q.includes('-') && random.startsWith(q);
}
