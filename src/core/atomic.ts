/**
 * Atomic file writes: the text goes to a temporary file beside the target,
 * then a rename puts it in place, so a reader (or an interrupted run) never
 * sees half a file. Several files are written all or none: every temporary
 * file first, then the renames. A failed write removes its temporary files,
 * and so does the process when it exits or is stopped by SIGINT, SIGTERM or
 * SIGHUP while a temporary file is live. Text may come as chunks (an
 * iterable of strings), written as they come, so its memory stays bounded.
 */
import { closeSync, existsSync, openSync, renameSync, rmSync, writeSync } from "node:fs";
import path from "node:path";
import { UserError } from "./errors.js";

/** What a file holds: text, bytes, or text in chunks (written one by one, never joined). */
export type FileContent = string | Uint8Array | Iterable<string | Uint8Array>;

/** The temporary file that an atomic write of `file` uses. */
export function tempFileFor(file: string): string {
  return path.join(path.dirname(file), `.${path.basename(file)}.${process.pid}.tmp`);
}

// ---- temporary files alive now, removed on exit and on a stopping signal ----

const live = new Set<string>();
const SIGNALS = ["SIGINT", "SIGTERM", "SIGHUP"] as const;
let exitHook = false;
let signalHooks = false;

function removeLive(): void {
  for (const tmp of live) {
    try {
      rmSync(tmp, { force: true });
    } catch {
      // nothing more can be done while the process stops
    }
  }
  live.clear();
}

/** A stopping signal: remove the temporary files, then stop as the signal would have (unless someone else listens). */
function onSignal(signal: NodeJS.Signals): void {
  removeLive();
  unhookSignals();
  if (process.listenerCount(signal) === 0) process.kill(process.pid, signal);
}

function unhookSignals(): void {
  if (!signalHooks) return;
  for (const s of SIGNALS) process.removeListener(s, onSignal);
  signalHooks = false;
}

function track(tmp: string): void {
  live.add(tmp);
  if (!exitHook) {
    process.on("exit", removeLive);
    exitHook = true;
  }
  if (!signalHooks) {
    for (const s of SIGNALS) process.on(s, onSignal);
    signalHooks = true;
  }
}

function untrack(tmp: string): void {
  live.delete(tmp);
  if (live.size === 0) unhookSignals();
}

/** The temporary files of atomic writes in progress (for tests). */
export function liveTempFiles(): string[] {
  return [...live];
}

// ---- writing ----

const errorCode = (err: unknown) => (err as NodeJS.ErrnoException).code ?? (err as Error).message;

/** A file system failure as a UserError naming the target file. */
function cannotWrite(file: string, err: unknown): UserError {
  return new UserError(file, `cannot write the file (${errorCode(err)})`);
}

/** Write all of `bytes` at the file's current position. */
function writeAll(fd: number, bytes: Uint8Array): void {
  let done = 0;
  while (done < bytes.length) done += writeSync(fd, bytes, done, bytes.length - done);
}

const pause = () => new Promise<void>((resolve) => setImmediate(resolve));

/**
 * Write `content` to the open file: text and bytes at once, chunks one by
 * one (with `yieldEvery` set, the event loop runs between chunks, so a signal
 * can stop a long write). Errors of the file system are UserErrors naming
 * `file`; an error of the chunks' producer goes through as it is.
 */
async function writeContent(fd: number, file: string, content: FileContent, yieldEvery: boolean): Promise<void> {
  const put = (c: string | Uint8Array) => writeSyncContent(fd, file, c);
  if (typeof content === "string" || content instanceof Uint8Array) return put(content);
  for (const chunk of content) {
    put(chunk);
    if (yieldEvery) await pause();
  }
}

function writeSyncContent(fd: number, file: string, content: string | Uint8Array): void {
  try {
    writeAll(fd, typeof content === "string" ? Buffer.from(content, "utf8") : content);
  } catch (err) {
    throw cannotWrite(file, err);
  }
}

function openTemp(file: string): { tmp: string; fd: number } {
  const tmp = tempFileFor(file);
  track(tmp);
  try {
    return { tmp, fd: openSync(tmp, "w") };
  } catch (err) {
    untrack(tmp);
    throw cannotWrite(file, err);
  }
}

function discard(tmp: string): void {
  rmSync(tmp, { force: true });
  untrack(tmp);
}

/** Write `text` to `file` atomically; a failure is a UserError naming the file, and leaves no temporary file. */
export function writeAtomic(file: string, text: string | Uint8Array): void {
  const { tmp, fd } = openTemp(file);
  try {
    try {
      writeSyncContent(fd, file, text);
    } finally {
      closeSync(fd);
    }
    renameSync(tmp, file);
    untrack(tmp);
  } catch (err) {
    discard(tmp);
    throw err instanceof UserError ? err : cannotWrite(file, err);
  }
}

/** One file of writeAllAtomic. */
export interface FileWrite {
  file: string;
  content: FileContent;
}

/**
 * Write several files atomically, all or none: every temporary file is
 * written first, then each is renamed into place. If any write fails, every
 * temporary file is removed (and a file the renames had already created is
 * removed again), so no output is left without the others. Chunked content
 * is written chunk by chunk with the event loop running in between, so that
 * SIGINT stops a long write and leaves nothing behind.
 *
 * @example
 * await writeAllAtomic([{ file: "run.json", content: json }, { file: "run.html", content: html }]);
 */
export async function writeAllAtomic(files: FileWrite[]): Promise<void> {
  const names = new Set(files.map((f) => path.resolve(f.file)));
  if (names.size !== files.length) throw new UserError(files[0].file, "the same file given twice as an output");
  const temps: string[] = [];
  try {
    for (const { file, content } of files) {
      const { tmp, fd } = openTemp(file);
      temps.push(tmp);
      try {
        await writeContent(fd, file, content, true);
      } finally {
        closeSync(fd);
      }
    }
  } catch (err) {
    for (const tmp of temps) discard(tmp);
    throw err;
  }
  renameAll(files, temps);
}

/** The renames of writeAllAtomic: on a failure, undo the files created and remove the other temporary files. */
function renameAll(files: FileWrite[], temps: string[]): void {
  const created: string[] = [];
  for (let i = 0; i < files.length; i++) {
    const { file } = files[i];
    const existed = existsSync(file);
    try {
      renameSync(temps[i], file);
      untrack(temps[i]);
      if (!existed) created.push(file);
    } catch (err) {
      for (const tmp of temps.slice(i)) discard(tmp);
      for (const f of created) rmSync(f, { force: true });
      throw cannotWrite(file, err);
    }
  }
}
