/**
 * The merge use case: the shard files of a run, a sweep, a sensitivity
 * design or a comparison joined into exactly the single command's result.
 */
import { checkOptions } from "./options.js";
import { describeValue } from "../core/printable.js";
import { statSync } from "node:fs";
import { ArgumentError, UserError } from "../core/errors.js";
import type { CompiledModel } from "../model/types.js";
import type { ParameterSetting } from "../sampling/sampler.js";
import type { SimulationResult } from "../engine/simulate.js";
import { summarizeRun, type RunResult } from "../analysis/result.js";
import type { SweepResult } from "../analysis/sweep.js";
import type { SensitivityResult } from "../analysis/sensitivity.js";
import type { CompareResult } from "../analysis/compare.js";
import { checkShardHeads, mergeShardFiles, type ShardBytes } from "./shard-merge.js";
import { readShardBytes, readShardHeader, shardHeaderOf } from "./shard-binary.js";
import { parseMemory } from "./limits.js";
import { resolveOutputs } from "../analysis/sweep.js";
import { keepOutputs } from "./run.js";

/** A merged result, of the kind its shards came from; `command` reproduces it. */
export type MergeOutcome =
  | { kind: "run"; model: CompiledModel; sim: SimulationResult; result: RunResult & { command: string }; command: string }
  | { kind: "sweep"; model: CompiledModel; result: SweepResult; how: string[]; overrides: Record<string, ParameterSetting>; command: string }
  | { kind: "sensitivity"; result: SensitivityResult; command: string }
  | { kind: "compare"; model: CompiledModel; result: CompareResult; command: string };

/** A shard file: its path, or its name and bytes (a ShardOutcome's `bytes`). */
export type ShardInput = string | ShardBytes;

/** read(file), with an error of the file system as a UserError naming the file. */
function reading<T>(file: string, read: (file: string) => T): T {
  try {
    return read(file);
  } catch (err) {
    if (err instanceof UserError) throw err;
    const code = (err as NodeJS.ErrnoException).code;
    throw new UserError(file, code === "ENOENT" ? "no such file" : code === "EISDIR" ? "is a directory, not a shard file" : `cannot read the file (${code ?? (err as Error).message})`);
  }
}

const readHead = (file: string) => reading(file, readShardHeader);

function isRegularFile(input: ShardInput): boolean {
  try {
    return typeof input === "string" && statSync(input).isFile();
  } catch {
    return false; // the full read says why
  }
}

function readShard(input: ShardInput): ShardBytes {
  if (typeof input !== "string") return input;
  return { name: input, bytes: reading(input, readShardBytes) };
}

/** Shard files as merge takes them: an array of file names, or of { name, bytes } with the bytes in a Uint8Array (a Buffer). */
function checkShardInputs(files: unknown): void {
  if (!Array.isArray(files)) throw new ArgumentError("files", `must be an array of shard files (names, or { name, bytes }), got ${describeValue(files)}`);
  files.forEach((f, i) => {
    if (typeof f === "string") return;
    const ok = typeof f === "object" && f !== null && typeof (f as ShardBytes).name === "string" && (f as ShardBytes).bytes instanceof Uint8Array;
    if (!ok) throw new ArgumentError(`files[${i}]`, `must be a file name or { name, bytes } with bytes a Uint8Array, got ${describeValue(f)}`);
  });
}

/**
 * Merge shard files (any order) into the single command's result. Refuses
 * a mix of kinds, shards of different models, settings, seeds or versions,
 * duplicate or missing shards, truncated or altered files, a file that
 * breaks its schema or whose fields disagree (a column of the wrong length,
 * failure counts that do not match the flags, control characters in its
 * text), files of an older format or another format version, files larger
 * than the shard limit (RSI_SIM_MAX_SHARD_MB) and headers past the JSON
 * limits (src/core/json-read.ts).
 *
 * @example
 * const a = await runShard({ samples: 400 }, { index: 1, count: 2 });
 * const b = await runShard({ samples: 400 }, { index: 2, count: 2 });
 * const merged = await merge([{ name: "a", bytes: a.bytes }, { name: "b", bytes: b.bytes }]);
 * merged.kind; // "run": the same numbers as run({ samples: 400 })
 */
export async function merge(files: ShardInput[], options: { outputs?: string[]; maxMemory?: number | string } = {}): Promise<MergeOutcome> {
  options = checkOptions("merge", options);
  checkShardInputs(files);
  if (options.maxMemory !== undefined) parseMemory(options.maxMemory);
  // every file's header first: a mix, a duplicate or a merge too large for memory is refused before any
  // file is read whole (regular files only: a pipe's first bytes, once read, are gone; then after reading)
  const headsFirst = files.every(isRegularFile);
  if (headsFirst) checkShardHeads((files as string[]).map((name) => ({ name, ...readHead(name) })), options.maxMemory);
  const inputs = files.map(readShard);
  if (!headsFirst) checkShardHeads(inputs.map(({ name, bytes }) => ({ name, header: shardHeaderOf(name, bytes), size: bytes.length })), options.maxMemory);
  const merged = await mergeShardFiles(inputs);
  if (merged.kind !== "run") {
    if (options.outputs !== undefined) throw new ArgumentError("outputs", `applies to the shards of a run; these are the shards of a ${merged.kind === "sensitivity" ? "sensitivity design" : merged.kind === "compare" ? "comparison" : "sweep"}, whose outputs were chosen when it ran`);
    return merged;
  }
  // --outputs: the summary, table and CSV keep only these, as run({ outputs }) does, and the command that reproduces them says so
  const sim = options.outputs === undefined ? merged.sim : keepOutputs(merged.sim, resolveOutputs(merged.sim.model, options.outputs, { argument: "outputs" }));
  const command = options.outputs === undefined ? merged.command : `${merged.command} --outputs ${options.outputs.join(",")}`;
  return { kind: "run", model: sim.model, sim, result: { ...summarizeRun(sim), command }, command };
}
