/**
 * Where a command's output goes: stdout and stderr (replaceable in tests),
 * and files, each written atomically, with a line on stderr for each file.
 * Output paths are checked before any computation (checkOutputs); several
 * files are written all or none; a long text (a CSV of millions of draws)
 * comes in chunks and is written as it comes; a closed stdout (`| head`)
 * ends the output quietly.
 */
import { printable } from "../core/printable.js";
import { accessSync, constants, realpathSync, statSync, type Stats } from "node:fs";
import path from "node:path";
import { writeAllAtomic, writeAtomic, type FileWrite } from "../core/atomic.js";
import { UserError } from "../core/errors.js";
import type { ShardOutcome } from "../app/run.js";
import { tableWidth } from "../report/text.js";
import { CSV_LAYOUTS, type CSVLayout } from "../report/sweep-csv.js";

export interface Io {
  stdout: (s: string) => void;
  stderr: (s: string) => void;
  isTTY: boolean;
  /** the width of the terminal stdout goes to; undefined when stdout is not a terminal */
  columns?: number;
  /** true once the reader of stdout has gone (EPIPE): the rest of the output is dropped */
  stdoutClosed?: () => boolean;
  /** resolves when stdout can take more (after a write it could not take at once) */
  drain?: () => Promise<void>;
}

let stdoutClosed = false;
let stdoutGuarded = false;

/** A closed pipe on stdout (`rsi-sim … | head`) is not an error: the output just ends. */
function guardStdout(): void {
  if (stdoutGuarded) return;
  stdoutGuarded = true;
  process.stdout.on("error", (err: NodeJS.ErrnoException) => {
    if (err.code !== "EPIPE") throw err;
    stdoutClosed = true;
  });
}

export const processIo: Io = {
  stdout: (s) => {
    guardStdout();
    if (!stdoutClosed) process.stdout.write(s);
  },
  stderr: (s) => process.stderr.write(s),
  isTTY: Boolean(process.stderr.isTTY),
  get columns() {
    return process.stdout.isTTY ? process.stdout.columns : undefined;
  },
  stdoutClosed: () => stdoutClosed,
  drain: () =>
    stdoutClosed || !process.stdout.writableNeedDrain
      ? Promise.resolve()
      : new Promise<void>((resolve) => {
          const done = () => {
            process.stdout.off("drain", done);
            process.stdout.off("error", done);
            resolve();
          };
          process.stdout.on("drain", done);
          process.stdout.on("error", done);
        }),
};

/**
 * How to lay out a table: when it goes to a terminal, the terminal's width
 * (never below 60) and the seconds since `started` (performance.now()), if
 * given; otherwise 80 columns and no time, so that a table in a file or a
 * pipe is the same bytes at every run (and rsi-sim merge's is the single
 * command's).
 */
export function tableLayout(io: Io, out: string | undefined, started?: number): { width: number; elapsed?: number } {
  const terminal = out === undefined && io.columns !== undefined;
  const width = tableWidth(terminal ? io.columns : undefined);
  return terminal && started !== undefined ? { width, elapsed: (performance.now() - started) / 1000 } : { width };
}

/** A text, or the same text in chunks (written one by one, never joined). */
export type Text = string | Iterable<string>;

/** What a command writes: an optional HTML report, then its text to `out` or to stdout. */
export interface Output {
  html?: { file: string; text: () => string };
  out?: string;
  text: Text;
  /** the stderr line for `out` (default "wrote FILE") */
  wrote?: string;
}

/** Write text to stdout, chunk by chunk, stopping when the reader has gone. */
async function writeStdout(io: Io, text: Text): Promise<void> {
  if (typeof text === "string") return io.stdout(text);
  for (const chunk of text) {
    if (io.stdoutClosed?.()) return;
    io.stdout(chunk);
    await io.drain?.();
  }
}

/** Write a command's outputs: the files all or none (--html and --out), then the text to stdout if not to --out. */
export async function emit(io: Io, o: Output): Promise<void> {
  const files: FileWrite[] = [];
  if (o.html) files.push({ file: o.html.file, content: o.html.text() });
  if (o.out !== undefined) files.push({ file: o.out, content: o.text });
  await writeAllAtomic(files);
  if (o.html) io.stderr(`rsi-sim: wrote ${printable(o.html.file)}\n`);
  if (o.out !== undefined) io.stderr(`rsi-sim: ${printable(o.wrote ?? `wrote ${o.out}`)}\n`);
  else await writeStdout(io, o.text);
}

/** Write a shard file and say what it covers (`describe` follows "wrote shard K/N"). */
export function emitShard(io: Io, shard: ShardOutcome, file: string, describe: string): void {
  writeAtomic(file, shard.bytes);
  io.stderr(`rsi-sim: wrote shard ${shard.spec.index}/${shard.spec.count}${describe} to ${printable(file)}\n`);
}

/** The formats an --out file's extension says: .json, .csv, and .txt for a table. */
const EXTENSION_FORMAT: Record<string, string> = { json: "json", csv: "csv", txt: "table" };
/** What each format writes, as the messages say it. */
const FORMAT_TEXT: Record<string, string> = { json: "JSON", csv: "CSV", table: "a text table" };
/** The extension a format's file takes. */
const FORMAT_EXTENSION: Record<string, string> = { json: ".json", csv: ".csv", table: ".txt" };

/** "table, json or csv" */
const orList = (items: string[]) => (items.length === 1 ? items[0] : `${items.slice(0, -1).join(", ")} or ${items.at(-1)}`);

/**
 * The output format of a command that writes `allowed` formats: --format's,
 * else the one --out's extension says (.json, .csv, .txt for a table), else
 * `fallback`. An --out whose name contradicts what is written is refused
 * naming --out: an extension that says another format than --format, or a
 * format the command does not write; an .html file (the HTML report is
 * --html's) and a .shard file (written only with --shard K/N, or, for
 * merge, read). Other names (no extension, .dat, …) take the format.
 *
 * @example
 * outputFormat("rsi-sim", undefined, "run.json", ["table", "json", "csv"], "table"); // "json"
 * outputFormat("rsi-sim", "csv", "x.json", ["table", "json", "csv"], "table"); // throws "--out: x.json: --format csv writes CSV; …"
 */
export function outputFormat(command: string, format: string | undefined, out: string | undefined, allowed: string[], fallback: string): string {
  if (out === undefined) return format ?? fallback;
  const ext = /\.([A-Za-z]+)$/.exec(out)?.[1].toLowerCase();
  const name = printable(out);
  const names = format === undefined ? orList(allowed.map((f) => FORMAT_EXTENSION[f])) : FORMAT_EXTENSION[format];
  const writes = FORMAT_TEXT[format ?? fallback];
  if (ext === "html" || ext === "htm") {
    throw new UserError("--out", `${name}: --out writes ${writes}, not HTML; the HTML report is written by --html ${name} (name --out's file ${names})`);
  }
  if (ext === "shard") {
    const shard = command === "rsi-sim merge" ? "a shard file is what merge reads" : "a shard file is written only with --shard K/N";
    throw new UserError("--out", `${name}: ${shard}; ${command} --out writes ${writes}: name the file ${names}`);
  }
  const said = ext === undefined ? undefined : EXTENSION_FORMAT[ext];
  if (said === undefined) return format ?? fallback;
  if (!allowed.includes(said)) throw new UserError("--out", `${name}: ${command} writes ${orList(allowed.map((f) => FORMAT_TEXT[f]))}, not ${FORMAT_TEXT[said]}; name the file ${names}`);
  if (format !== undefined && format !== said) {
    throw new UserError("--out", `${name}: --format ${format} writes ${FORMAT_TEXT[format]}; name the file ${FORMAT_EXTENSION[format]} or give --format ${said}`);
  }
  return said;
}

/** --csv-layout: wide (the default) or long, and only with CSV output. */
export function csvLayoutFlag(layout: string | undefined, format: string): CSVLayout {
  if (layout === undefined) return "wide";
  if (!(CSV_LAYOUTS as readonly string[]).includes(layout)) throw new UserError("--csv-layout", `must be wide or long, got "${layout}"`);
  if (format !== "csv") throw new UserError("--csv-layout", "goes with CSV output (--format csv or --out FILE.csv)");
  return layout as CSVLayout;
}

/** A file a command writes (`file` undefined: the flag was not given), named by its flag. */
export interface OutputArg {
  flag: string;
  file: string | undefined;
}

/** A file a command reads, and what it is to the command ("the model file"). */
export interface InputArg {
  what: string;
  file: string | undefined;
}

/** What identifies a file: its real path (that of its directory, if it does not exist yet). */
function identity(file: string): string {
  const abs = path.resolve(file);
  try {
    return realpathSync(abs);
  } catch {
    try {
      return path.join(realpathSync(path.dirname(abs)), path.basename(abs));
    } catch {
      return abs;
    }
  }
}

/** A file's status, or undefined where there is none (or no access to it). */
function stat(file: string): Stats | undefined {
  try {
    return statSync(file);
  } catch {
    return undefined;
  }
}

/** Whether two paths are one file (the same real path, or the same inode: a hard link). */
function sameFile(a: string, b: string): boolean {
  if (identity(a) === identity(b)) return true;
  const sa = stat(a);
  const sb = stat(b);
  return sa !== undefined && sb !== undefined && sa.ino === sb.ino && sa.dev === sb.dev;
}

/** One output path: a name, not a directory nor a device, in a directory that exists and is writable. */
function checkOutput({ flag, file }: { flag: string; file: string }): void {
  if (file.trim() === "") throw new UserError(flag, `needs a file name, got an empty one${flag === "--out" ? " (to print to stdout, leave --out out)" : ""}`);
  if (/[\\/]$/.test(file)) throw new UserError(flag, `${file} names a directory; give a file name`);
  const st = stat(file);
  if (st?.isDirectory()) throw new UserError(flag, `${file} is a directory; give a file name`);
  if (st && !st.isFile()) throw new UserError(flag, `${file} is not a regular file; give a file name`);
  const dir = path.dirname(path.resolve(file));
  const dst = stat(dir);
  if (!dst) throw new UserError(flag, `cannot write ${file}: the directory ${dir} does not exist`);
  if (!dst.isDirectory()) throw new UserError(flag, `cannot write ${file}: ${dir} is not a directory`);
  try {
    accessSync(dir, constants.W_OK);
  } catch {
    throw new UserError(flag, `cannot write ${file}: the directory ${dir} is not writable`);
  }
}

/**
 * Check a command's output files before it computes anything: each a file
 * name (not empty, not a directory) in a writable directory; no two the same
 * file; none one of the command's `inputs` (the model file, shard files, a
 * result file), which the write would overwrite. Inputs that are not files
 * (a shipped model's name) are skipped. Throws a UserError naming the flag.
 *
 * @example
 * checkOutputs([{ flag: "--out", file: out }, { flag: "--html", file: html }], [{ what: "the model file", file: "mine.yaml" }]);
 */
export function checkOutputs(outputs: OutputArg[], inputs: InputArg[] = []): void {
  const given = outputs.filter((o): o is { flag: string; file: string } => o.file !== undefined);
  for (const o of given) checkOutput(o);
  for (let i = 0; i < given.length; i++) {
    for (let j = i + 1; j < given.length; j++) {
      if (sameFile(given[i].file, given[j].file)) throw new UserError(`${given[i].flag} and ${given[j].flag}`, `both name ${given[j].file}; give each its own file`);
    }
  }
  const files = inputs.filter((i): i is { what: string; file: string } => i.file !== undefined && stat(i.file)?.isFile() === true);
  for (const o of given) {
    const input = files.find((i) => sameFile(o.file, i.file));
    if (input) throw new UserError(o.flag, `${o.file} is ${input.what} this command reads; writing it would destroy it`);
  }
  // an HTML report in a file named .pdf or .png would open as garbage
  for (const o of given) {
    if (o.flag === "--html" && !/\.html?$/i.test(o.file)) throw new UserError(o.flag, `writes an HTML report; give a file name ending in .html, got ${o.file}`);
  }
}
