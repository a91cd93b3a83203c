/**
 * Where a command's output goes: stdout and stderr (replaceable in tests),
 * and files, each written atomically, with a line on stderr for each file.
 */
import { writeAtomic } from "../core/atomic.js";
import type { ShardOutcome } from "../app/run.js";

export interface Io {
  stdout: (s: string) => void;
  stderr: (s: string) => void;
  isTTY: boolean;
}

export const processIo: Io = {
  stdout: (s) => process.stdout.write(s),
  stderr: (s) => process.stderr.write(s),
  isTTY: Boolean(process.stderr.isTTY),
};

/** What a command writes: an optional HTML report, then its text to `out` or to stdout. */
export interface Output {
  html?: { file: string; text: () => string };
  out?: string;
  text: string;
  /** the stderr line for `out` (default "wrote FILE") */
  wrote?: string;
}

/** Write a command's outputs. */
export function emit(io: Io, o: Output): void {
  if (o.html) {
    writeAtomic(o.html.file, o.html.text());
    io.stderr(`rsi-sim: wrote ${o.html.file}\n`);
  }
  if (o.out) {
    writeAtomic(o.out, o.text);
    io.stderr(`rsi-sim: ${o.wrote ?? `wrote ${o.out}`}\n`);
  } else {
    io.stdout(o.text);
  }
}

/** Write a shard file and say what it covers (`describe` follows "wrote shard K/N"). */
export function emitShard(io: Io, shard: ShardOutcome, file: string, describe: string): void {
  writeAtomic(file, shard.text);
  io.stderr(`rsi-sim: wrote shard ${shard.spec.index}/${shard.spec.count}${describe} to ${file}\n`);
}

/** The output format: the flag's, else from the output file's extension, else table. */
export function formatFor(format: string | undefined, out: string | undefined, allowed: string[]): string {
  if (format !== undefined) return format;
  if (out?.endsWith(".json") && allowed.includes("json")) return "json";
  if (out?.endsWith(".csv") && allowed.includes("csv")) return "csv";
  return "table";
}
