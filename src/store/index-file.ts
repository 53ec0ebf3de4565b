import { closeSync, mkdirSync, openSync, readSync, renameSync, unlinkSync, writeSync } from 'node:fs';
import { dirname } from 'node:path';

/**
 * The on-disk container of the local index cache (`.origin/.cache/index.bin`):
 *
 *   "ORGX" | u32 format | u32 json length | JSON { header, sections } | pad to 8 |
 *   section bytes, each starting on an 8-byte boundary
 *
 * The JSON part is small (freshness facts, a few tables); everything that
 * grows with the store is a binary section, so opening a 100k-entry index
 * parses no per-entry JSON at all. Sections are read whole on demand, or in
 * slices with positioned reads (the postings of one query term). Written to
 * a temporary file and renamed, so concurrent readers see the old or the new
 * file, never half of one; a reader keeps its file descriptor, so a rename
 * under it does not change what it reads.
 */
const MAGIC = 0x5847524f; // "ORGX" little-endian
export const INDEX_FORMAT = 11;

type Bytes = Buffer | Uint8Array | Uint16Array | Uint32Array | Float32Array | Float64Array;

export interface IndexFile<H> {
  header: H;
  has(name: string): boolean;
  /** A whole section as raw bytes. */
  bytes(name: string): Buffer;
  u8(name: string): Uint8Array;
  u16(name: string): Uint16Array;
  u32(name: string): Uint32Array;
  f32(name: string): Float32Array;
  f64(name: string): Float64Array;
  /** `length` bytes from byte `start` of a section. */
  range(name: string, start: number, length: number): Buffer;
  /** `count` elements of 4 bytes from element `start` of a u32 or f32 section. */
  slice32(name: string, start: number, count: number, into: Uint32Array | Float32Array): void;
  close(): void;
}

const align8 = (n: number) => (n + 7) & ~7;

function asBuffer(part: Bytes): Buffer {
  return Buffer.isBuffer(part) ? part : Buffer.from(part.buffer, part.byteOffset, part.byteLength);
}

export function writeIndexFile<H>(path: string, header: H, sections: [string, Bytes][]): void {
  const table: Record<string, [number, number]> = {};
  let at = 0;
  for (const [name, part] of sections) {
    table[name] = [at, part.byteLength];
    at = align8(at + part.byteLength);
  }
  const json = Buffer.from(JSON.stringify({ header, sections: table }), 'utf8');
  const head = Buffer.alloc(12);
  head.writeUInt32LE(MAGIC, 0);
  head.writeUInt32LE(INDEX_FORMAT, 4);
  head.writeUInt32LE(json.length, 8);
  const dataStart = align8(12 + json.length);
  mkdirSync(dirname(path), { recursive: true });
  const tmp = `${path}.${process.pid}.${Math.random().toString(36).slice(2)}.tmp`;
  const fd = openSync(tmp, 'w');
  try {
    let pos = 0;
    const put = (buf: Buffer) => {
      let written = 0;
      while (written < buf.length) written += writeSync(fd, buf, written, buf.length - written, pos + written);
      pos += buf.length;
    };
    put(head);
    put(json);
    put(Buffer.alloc(dataStart - pos));
    for (const [name, part] of sections) {
      const buf = asBuffer(part);
      put(buf);
      const end = dataStart + align8((table[name] as [number, number])[0] + buf.length);
      if (end > pos) put(Buffer.alloc(end - pos));
    }
  } finally {
    closeSync(fd);
  }
  try {
    renameSync(tmp, path);
  } catch (err) {
    try {
      unlinkSync(tmp);
    } catch {
      // gone already
    }
    throw err;
  }
}

/**
 * Told of every index file opened in this bundle. A command closes its file
 * when the process ends; a long-running server (origin mcp) opens one per
 * call and must close it when the call is done, or it runs out of file
 * handles: it installs a tracker (see src/mcp/call-files.ts).
 */
let onOpen: ((file: { close(): void }) => void) | undefined;

export function trackIndexFiles(tracker: ((file: { close(): void }) => void) | undefined): void {
  onOpen = tracker;
}

/** Opens an index file; undefined when missing, of another format, or damaged. */
export function readIndexFile<H>(path: string): IndexFile<H> | undefined {
  const file = openIndexFile<H>(path);
  if (file) onOpen?.(file);
  return file;
}

function openIndexFile<H>(path: string): IndexFile<H> | undefined {
  let fd: number;
  try {
    fd = openSync(path, 'r');
  } catch {
    return undefined;
  }
  try {
    const head = Buffer.alloc(12);
    if (readSync(fd, head, 0, 12, 0) !== 12) throw new Error('short');
    if (head.readUInt32LE(0) !== MAGIC || head.readUInt32LE(4) !== INDEX_FORMAT) throw new Error('format');
    const jsonLen = head.readUInt32LE(8);
    const json = Buffer.alloc(jsonLen);
    readFully(fd, json, 12);
    const parsed = JSON.parse(json.toString('utf8')) as { header: H; sections: Record<string, [number, number]> };
    const dataStart = align8(12 + jsonLen);
    let closed = false;
    const where = (name: string): [number, number] => {
      const s = parsed.sections[name];
      if (!s) throw new Error(`index section ${name} is missing`);
      return s;
    };
    // Each typed view gets its own aligned buffer (Buffer.alloc may hand out unaligned pool slices).
    const read = <T>(name: string, width: number, make: (b: ArrayBuffer, n: number) => T): T => {
      const [off, len] = where(name);
      if (len % width !== 0) throw new Error(`index section ${name} is damaged`);
      const ab = new ArrayBuffer(len);
      readFully(fd, Buffer.from(ab), dataStart + off);
      return make(ab, len / width);
    };
    return {
      header: parsed.header,
      has: (name) => name in parsed.sections,
      bytes: (name) => read(name, 1, (b) => Buffer.from(b)),
      u8: (name) => read(name, 1, (b, n) => new Uint8Array(b, 0, n)),
      u16: (name) => read(name, 2, (b, n) => new Uint16Array(b, 0, n)),
      u32: (name) => read(name, 4, (b, n) => new Uint32Array(b, 0, n)),
      f32: (name) => read(name, 4, (b, n) => new Float32Array(b, 0, n)),
      f64: (name) => read(name, 8, (b, n) => new Float64Array(b, 0, n)),
      range(name, start, length) {
        const [off, len] = where(name);
        if (start + length > len) throw new Error(`index section ${name} is truncated`);
        const buf = Buffer.allocUnsafe(length);
        readFully(fd, buf, dataStart + off + start);
        return buf;
      },
      slice32(name, start, count, into) {
        const [off, len] = where(name);
        if ((start + count) * 4 > len) throw new Error(`index section ${name} is truncated`);
        readFully(fd, Buffer.from(into.buffer, into.byteOffset, count * 4), dataStart + off + start * 4);
      },
      close() {
        // Once only: a second closeSync could close another file that reused the descriptor number.
        if (closed) return;
        closed = true;
        try {
          closeSync(fd);
        } catch {
          // already closed
        }
      },
    };
  } catch {
    closeSync(fd);
    return undefined;
  }
}

function readFully(fd: number, buf: Buffer, position: number): void {
  let got = 0;
  while (got < buf.length) {
    const n = readSync(fd, buf, got, buf.length - got, position + got);
    if (n === 0) throw new Error('index file is truncated');
    got += n;
  }
}
