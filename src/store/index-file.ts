import { closeSync, mkdirSync, openSync, readSync, renameSync, unlinkSync, writeSync } from 'node:fs';
import { dirname } from 'node:path';
import type { Postings } from '../core/postings.js';

/**
 * The on-disk form of the local index cache (`.origin/.cache/index.bin`):
 *
 *   "ORGX" | u32 format | u32 json length | JSON header | pad to 4 |
 *   offsets (u32 × terms+1) | docLen (f32 × docs) | docs (u32 × P) | weights (f32 × P)
 *
 * The JSON header holds entry metadata and the term list; the postings stay
 * on disk and are read per query term with positioned reads, so loading a
 * 100k-entry index costs one small read and one JSON parse. Written to a
 * temporary file and renamed, so concurrent readers see the old or the new
 * file, never half of one.
 */
const MAGIC = 0x5847524f; // "ORGX" little-endian
export const INDEX_FORMAT = 4;

export interface IndexFile<H> {
  header: H;
  terms: string[];
  offsets: Uint32Array;
  docLen: Float32Array;
  /** Reads the postings of term number t. */
  postings(t: number): { docs: Uint32Array; weights: Float32Array };
  close(): void;
}

export function writeIndexFile<H>(path: string, header: H, postings: Postings): void {
  const json = Buffer.from(JSON.stringify({ header, terms: postings.terms }), 'utf8');
  const pad = (4 - ((12 + json.length) % 4)) % 4;
  const head = Buffer.alloc(12);
  head.writeUInt32LE(MAGIC, 0);
  head.writeUInt32LE(INDEX_FORMAT, 4);
  head.writeUInt32LE(json.length, 8);
  mkdirSync(dirname(path), { recursive: true });
  const tmp = `${path}.${process.pid}.${Math.random().toString(36).slice(2)}.tmp`;
  const fd = openSync(tmp, 'w');
  try {
    for (const part of [head, json, Buffer.alloc(pad), postings.offsets, postings.docLen, postings.docs, postings.weights]) {
      const buf = Buffer.isBuffer(part) ? part : Buffer.from(part.buffer, part.byteOffset, part.byteLength);
      let written = 0;
      while (written < buf.length) written += writeSync(fd, buf, written, buf.length - written);
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

/** Opens an index file; undefined when missing, of another format, or damaged. */
export function readIndexFile<H>(path: string): IndexFile<H> | undefined {
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
    if (readSync(fd, json, 0, jsonLen, 12) !== jsonLen) throw new Error('short');
    const parsed = JSON.parse(json.toString('utf8')) as { header: H; terms: string[] };
    let pos = 12 + jsonLen + ((4 - ((12 + jsonLen) % 4)) % 4);
    const docCount = (parsed.header as { docCount: number }).docCount;
    const offsets = new Uint32Array(parsed.terms.length + 1);
    readExact(fd, offsets, pos);
    pos += offsets.byteLength;
    const docLen = new Float32Array(docCount);
    readExact(fd, docLen, pos);
    pos += docLen.byteLength;
    const total = offsets[parsed.terms.length] as number;
    const docsAt = pos;
    const weightsAt = pos + total * 4;
    return {
      header: parsed.header,
      terms: parsed.terms,
      offsets,
      docLen,
      postings(t) {
        const start = offsets[t] as number;
        const n = (offsets[t + 1] as number) - start;
        const docs = new Uint32Array(n);
        const weights = new Float32Array(n);
        readExact(fd, docs, docsAt + start * 4);
        readExact(fd, weights, weightsAt + start * 4);
        return { docs, weights };
      },
      close() {
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

function readExact(fd: number, view: Uint32Array | Float32Array, position: number): void {
  const buf = Buffer.from(view.buffer, view.byteOffset, view.byteLength);
  let got = 0;
  while (got < buf.length) {
    const n = readSync(fd, buf, got, buf.length - got, position + got);
    if (n === 0) throw new Error('index file is truncated');
    got += n;
  }
}
