/**
 * Atomic file writes: the text goes to a temporary file beside the target,
 * then a rename puts it in place, so a reader (or an interrupted run) never
 * sees half a file. A failed write removes its temporary file.
 */
import { rmSync, renameSync, writeFileSync } from "node:fs";
import path from "node:path";
import { UserError } from "./errors.js";

/** The temporary file that an atomic write of `file` uses. */
export function tempFileFor(file: string): string {
  return path.join(path.dirname(file), `.${path.basename(file)}.${process.pid}.tmp`);
}

/** Write `text` to `file` atomically; a failure is a UserError naming the file. */
export function writeAtomic(file: string, text: string | Uint8Array): void {
  const tmp = tempFileFor(file);
  try {
    writeFileSync(tmp, text);
    renameSync(tmp, file);
  } catch (err) {
    rmSync(tmp, { force: true });
    throw new UserError(file, `cannot write the file (${(err as NodeJS.ErrnoException).code ?? (err as Error).message})`);
  }
}
