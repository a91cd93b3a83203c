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

/** A file's text (UTF-8), or a UserError naming the file once it passes `maxBytes`; `what` says what the file is ("a model file"). */
export function readTextLimited(file: string, maxBytes: number, what: string): string {
  return readBytesLimited(file, maxBytes, what).toString("utf8");
}
