/**
 * Reading a user's text file with a size limit: the file is read in blocks
 * and refused as soon as it passes the limit, so `/dev/zero`, a pipe that
 * never ends or a huge file costs at most the limit, never all the memory.
 */
import { closeSync, openSync, readSync } from "node:fs";
import { UserError } from "./errors.js";

const BLOCK = 1 << 16;

/** A file's text (UTF-8), or a UserError naming the file once it passes `maxBytes`; `what` says what the file is ("a model file"). */
export function readTextLimited(file: string, maxBytes: number, what: string): string {
  const fd = openSync(file, "r");
  try {
    const parts: Buffer[] = [];
    let total = 0;
    for (;;) {
      const buf = Buffer.allocUnsafe(BLOCK);
      const n = readSync(fd, buf, 0, BLOCK, null);
      if (n === 0) break;
      total += n;
      if (total > maxBytes) throw new UserError(file, `is larger than ${maxBytes} bytes, too large for ${what}`);
      parts.push(n === BLOCK ? buf : buf.subarray(0, n));
    }
    return Buffer.concat(parts, total).toString("utf8");
  } finally {
    closeSync(fd);
  }
}
