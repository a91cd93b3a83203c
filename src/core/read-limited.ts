/**
 * Reading a user's file with a size limit: the file is read in blocks
 * and refused as soon as it passes the limit, so `/dev/zero`, a pipe that
 * never ends or a huge file costs at most the limit, never all the memory.
 */
import { closeSync, openSync, readSync } from "node:fs";
import { UserError } from "./errors.js";

const BLOCK = 1 << 16;

/**
 * A file's bytes, or a UserError naming the file once it passes `maxBytes`;
 * `what` says what the file is ("a shard file"). `first`, when given, sees
 * the first block read (up to 64 KB) before any more is read, and may throw
 * to stop there (a file that does not begin as it should).
 */
export function readBytesLimited(file: string, maxBytes: number, what: string, first?: (head: Buffer) => void): Buffer {
  const fd = openSync(file, "r");
  try {
    const parts: Buffer[] = [];
    let total = 0;
    for (;;) {
      const buf = Buffer.allocUnsafe(BLOCK);
      const n = readSync(fd, buf, 0, BLOCK, null);
      if (total === 0) first?.(buf.subarray(0, n));
      if (n === 0) break;
      total += n;
      if (total > maxBytes) throw new UserError(file, `is larger than ${maxBytes} bytes, too large for ${what}`);
      parts.push(n === BLOCK ? buf : buf.subarray(0, n));
    }
    // a buffer of its own (Buffer.concat may return a slice of the shared pool), so typed views of it are aligned
    const out = Buffer.from(new ArrayBuffer(total));
    let at = 0;
    for (const p of parts) {
      p.copy(out, at);
      at += p.length;
    }
    return out;
  } finally {
    closeSync(fd);
  }
}

const utf8 = new TextDecoder("utf-8", { fatal: true });

/**
 * A file's text (UTF-8), or a UserError naming the file once it passes
 * `maxBytes` or where it is not UTF-8 (its bytes had been read as U+FFFD,
 * silently); `what` says what the file is ("a model file").
 */
export function readTextLimited(file: string, maxBytes: number, what: string): string {
  const bytes = readBytesLimited(file, maxBytes, what);
  try {
    return utf8.decode(bytes);
  } catch {
    const at = firstInvalidUtf8(bytes);
    const line = bytes.subarray(0, at).reduce((n, b) => n + (b === 0x0a ? 1 : 0), 1);
    throw new UserError(file, `is not UTF-8 text: byte ${at + 1} (line ${line}) is 0x${bytes[at].toString(16).padStart(2, "0")}; save it as UTF-8`);
  }
}

/** The offset of the first byte that does not begin a valid UTF-8 sequence, or the length if none. */
function firstInvalidUtf8(b: Uint8Array): number {
  for (let i = 0; i < b.length; ) {
    const c = b[i];
    const n = c < 0x80 ? 1 : c >= 0xc2 && c <= 0xdf ? 2 : c >= 0xe0 && c <= 0xef ? 3 : c >= 0xf0 && c <= 0xf4 ? 4 : 0;
    if (n === 0 || i + n > b.length) return i;
    const seq = b.subarray(i, i + n);
    try {
      utf8.decode(seq);
    } catch {
      return i;
    }
    i += n;
  }
  return b.length;
}
