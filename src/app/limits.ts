/**
 * Limits checked before any work starts: the most draws, design rows and
 * bootstrap resamples a job may ask for, and an estimate of the memory a job
 * needs against a limit (by default half of this machine's memory, or of
 * its container's). A job over a limit is an ArgumentError that names the
 * estimate and how to proceed, raised before a thread starts or an array is
 * allocated.
 */
import { totalmem } from "node:os";
import { ArgumentError, inTerms } from "../core/errors.js";
import { shardFileLimit } from "./shard-binary.js";
import type { CompiledModel } from "../model/types.js";
import { recordTimeCount } from "../model/record-times.js";

/** The most draws of a run or a sweep point, and rows of a sensitivity design (an Int32 index). */
export const MAX_DRAWS = 2 ** 31 - 1;
/** The most bootstrap resamples of a sensitivity analysis. */
export const MAX_RESAMPLES = 100_000;
/** The most points of a sweep's axis (a grid: of both axes together). */
export const MAX_POINTS = 10_000;
/** The share of the machine's memory a job may plan to use without --max-memory. */
export const MEMORY_FRACTION = 0.5;
/** Memory a job needs whatever its size: node, the CLI and the compiled model. */
export const BASE_BYTES = 150e6;
/** Memory of each worker thread: its isolate, node's modules and the engine (measured ~22 MB: BENCHMARKS.md). */
const WORKER_BYTES = 25e6;

const UNITS: Record<string, number> = { "": 1, b: 1, k: 1e3, kb: 1e3, m: 1e6, mb: 1e6, g: 1e9, gb: 1e9, t: 1e12, tb: 1e12, kib: 2 ** 10, mib: 2 ** 20, gib: 2 ** 30, tib: 2 ** 40 };

/**
 * A memory size: bytes, or a number with a unit (500MB, 8GB, 1.5GiB).
 *
 * @example
 * parseMemory("8GB"); // 8000000000
 */
export function parseMemory(value: number | string, argument = "maxMemory"): number {
  if (typeof value === "number") {
    if (!(Number.isFinite(value) && value >= 1)) throw new ArgumentError(argument, `must be at least 1 byte (a number of bytes), got ${value}`);
    return value;
  }
  const m = /^\s*(\d+(?:\.\d+)?|\.\d+)\s*([a-z]*)\s*$/i.exec(value);
  const unit = m ? UNITS[m[2].toLowerCase()] : undefined;
  if (!m || unit === undefined) throw new ArgumentError(argument, `must be a size such as 8GB or 500MB, got "${value}"`);
  // a bare number is bytes: 0.25 would be a quarter of a byte
  if (Number(m[1]) * unit < 1) throw new ArgumentError(argument, `must be at least 1 byte (a bare number is bytes; a size such as 8GB or 500MB), got "${value}"`);
  return Number(m[1]) * unit;
}

/** This machine's memory, or its container's where that is less. */
export function machineMemory(): number {
  const constrained = (process as { constrainedMemory?: () => number | undefined }).constrainedMemory?.() ?? 0;
  return constrained > 0 ? Math.min(constrained, totalmem()) : totalmem();
}

/** "1.2 GB", "350 MB", "1.1 MB" (a tenth of a MB below 10 MB, so that a size just over a small limit does not print as the limit) */
export function formatBytes(bytes: number): string {
  if (bytes >= 1e12) return `${(bytes / 1e12).toPrecision(3)} TB`;
  if (bytes >= 1e11) return `${Math.round(bytes / 1e9)} GB`;
  if (bytes >= 1e9) return `${(bytes / 1e9).toPrecision(2)} GB`;
  if (bytes >= 1e7) return `${Math.round(bytes / 1e6)} MB`;
  if (bytes >= 1e5) return `${(Math.round(bytes / 1e5) / 10).toFixed(1)} MB`;
  // (a limit of 1 byte had printed as "0.1 MB")
  if (bytes >= 1e3) return `${Math.round(bytes / 1e3)} KB`;
  return `${Math.round(bytes)} byte${Math.round(bytes) === 1 ? "" : "s"}`;
}

/** An estimate and its limit as text, with more digits where the two would print the same ("about 100.3 MB, over the limit of 100.0 MB"). */
export function overLimitTexts(bytes: number, limit: number): [string, string] {
  const a = formatBytes(bytes);
  const b = formatBytes(limit);
  if (a !== b) return [a, b];
  const unit = bytes >= 1e9 ? 1e9 : 1e6;
  const digits = Math.max(1, Math.ceil(-Math.log10((bytes - limit) / unit)));
  const text = (n: number) => `${(n / unit).toFixed(Math.min(digits, 6))} ${unit === 1e9 ? "GB" : "MB"}`;
  return [text(bytes), text(limit)];
}

/** What a job is, for the memory check's message: the argument that sizes it and how to make it smaller. */
export interface JobSize {
  /** the argument that sizes the job (samples, points, trajectories) */
  argument: string;
  /** "1000000 draws of rsi-core" */
  what: string;
  /** how to proceed other than raising the limit (inTerms for a flag or an option) */
  advice: string;
  /** what the argument is, as a library caller reads it before `what` (default "is too large for the memory limit") */
  problem?: string;
}

/** The memory of a table of `draws` draws joined from blocks (joinSimulations, at each look of a run to a precision): 8 bytes an output and a failed flag a draw. */
export const joinedBytes = (model: CompiledModel, draws: number): number => draws * (8 * model.outputs.length + 1);

/** The memory of `runs` runs of `draws` draws kept side by side (a comparison's scenarios, a sweep's points): the fixed base and the threads once. */
export function runsBytes(model: CompiledModel, runs: number, draws: number, shape: RunShape): number {
  const base = runBytes(model, 0, shape);
  return base + runs * (runBytes(model, draws, shape) - base);
}

/** Refuse a job whose memory estimate is over the limit (`maxMemory`, else MEMORY_FRACTION of the machine's). */
export function checkMemory(bytes: number, job: JobSize, maxMemory?: number | string): void {
  const limit = maxMemory === undefined ? MEMORY_FRACTION * machineMemory() : parseMemory(maxMemory);
  if (bytes <= limit) return;
  const maxFlag = inTerms("--max-memory", "maxMemory");
  const whose = maxMemory === undefined ? `half of this machine's ${formatBytes(machineMemory())}` : `set by ${maxFlag}`;
  const [need, most] = overLimitTexts(bytes, limit);
  // the CLI says "--samples: 1000 draws … would need"; a library caller reads "samples is too large for the memory limit: 1000 draws …"
  const problem = inTerms("", `${job.problem ?? "is too large for the memory limit"}: `);
  throw new ArgumentError(job.argument, `${problem}${job.what} would need about ${need} of memory, over the limit of ${most} (${whose}); ${job.advice}, or raise the limit with ${maxFlag}`);
}

/** A count of at most `max`: past it an ArgumentError that says why. */
export function checkAtMost(argument: string, value: number, max: number, why: string): number {
  if (value > max) throw new ArgumentError(argument, `must be at most ${max}${why ? ` (${why})` : ""}, got ${value}`);
  return value;
}

/** What a run keeps per draw and per thread. */
export interface RunShape {
  /** outputs kept per draw (default: all of the model's) */
  outputs?: number;
  keepParameters?: boolean;
  keepSeries?: boolean;
  /** the outcome table's output columns kept (default true); false: folded and dropped as the draws are done */
  keepTable?: boolean;
  /** worker threads (each holds its own series histograms) */
  workers: number;
  /** record times per series */
  recordTimes: number;
}

/**
 * The memory of `draws` draws of a run: per draw, each kept output (and
 * parameter) as a float64 in the outcome table, the threads' sorted runs of
 * the continuous outputs, and the chunks on their way from the workers
 * until they are collected (24 bytes a column and 64 a draw: measured,
 * rsi-core's 27 outputs took ~620 bytes a draw, BENCHMARKS.md); an output
 * folded and dropped (keepTable false: a JSON summary) costs 8 bytes a draw
 * (its sorted run; rsi-core's outputs measured ~190 bytes a draw in all
 * against this 280, BENCHMARKS.md); per worker thread, its heap; per
 * thread, the series histograms.
 */
export function runBytes(model: CompiledModel, draws: number, shape: RunShape): number {
  const outputs = shape.outputs ?? model.outputs.length;
  const perDraw = (shape.keepTable === false ? 8 : 24) * outputs + (shape.keepParameters ? 24 * model.parameters.length : 0) + 64;
  const bins = model.series.reduce((n, s) => n + s.bins + 3, 0);
  const series = shape.keepSeries === false ? 0 : (shape.workers + 1) * shape.recordTimes * bins * 8;
  return BASE_BYTES + Math.max(0, shape.workers - 1) * WORKER_BYTES + draws * perDraw + series;
}

/**
 * The size of a (binary) shard file: its columns, and its header and a
 * run's series histograms. Columns: 8 bytes a float64 value, 1 a value of
 * a 0/1 output (stored as binary8: 0, 1 or NaN a byte) and 1 a failed flag
 * (a run's shard: its outputs; the parameter columns, which the merge
 * samples again, are stored only in the rare shard whose settings do not
 * sample back to the same values; a sweep's or a comparison's: the outputs
 * and failed flags at each point or scenario). rsi-core: 154 bytes a draw
 * (9 of its 27 outputs are 0/1), measured and estimated; it had been
 * estimated at 217 and a shard of 5,000,000 draws (0.77 GB) refused. (An
 * output declared `type: binary` whose values are not 0 and 1 is stored as
 * float64: such a file is larger than this.) The rest, whatever the number
 * of draws (shardOverheadBytes): ~0.39 MB for a run of rsi-core, most of it
 * the series histograms; it had been left out, and a shard estimated at
 * 0.2 MB under a limit of 0.3 MB was written (0.54 MB) and then refused by
 * the merge.
 */
export function shardFileBytes(model: CompiledModel, draws: number, columns?: { points: number; outputs: string[] }): number {
  const outputs = columns ? model.outputs.filter((o) => columns.outputs.includes(o.name)) : model.outputs;
  const perPoint = outputs.reduce((n, o) => n + (o.kind === "binary" ? 1 : 8), 0) + 1;
  const points = columns ? columns.points : 1;
  return draws * points * perPoint + shardOverheadBytes(model, columns ? { points, outputs: outputs.length } : undefined);
}

/**
 * What a shard file holds besides its columns, from above: the preamble,
 * checksum and padding; the header (the model's text as JSON, and per point
 * or scenario its settings, failures and directory entries, ~64 bytes a
 * parameter and ~100 a block, a few KB more); and a run's series histograms,
 * float64 counts of (bins + 3) per series and record time (at the model's
 * own horizon). rsi-core's run: 0.39 MB (measured: 0.37 MB).
 */
export function shardOverheadBytes(model: CompiledModel, points?: { points: number; outputs: number }): number {
  const settings = 64 * (model.parameters.length + model.chance.length);
  const fixed = 8192 + JSON.stringify(model.source).length;
  if (points) return fixed + points.points * (settings + 2048 + 100 * (points.outputs + 1));
  const times = recordTimeCount(model.time.start, model.time.horizon, model.time.recordEvery);
  const histograms = times * model.series.reduce((n, s) => n + (s.bins + 3) * 8, 0);
  const blocks = model.outputs.length + 1 + model.series.length + model.parameters.length + model.chance.length;
  return fixed + settings + 2048 + 100 * blocks + 24 * times + histograms;
}

/**
 * The size of a sensitivity shard file's columns: per design row, 8 bytes
 * for each analysed output and 1 for its failed flag; at the probability
 * level (K inner draws a row, `inner` given) also the row's inner
 * statistics: its failed inner runs (8) and, per output, the runs where it
 * is defined and their variance (16), and for K ≥ 2 the same of the row's
 * second half (failed runs, and per output defined runs and mean). The
 * header adds a fixed ~0.1 MB, which this leaves out. An upper bound: a
 * column that holds only 0 and 1 is stored a byte a value.
 */
export function sensitivityShardFileBytes(rows: number, outputs: number, inner?: number): number {
  const stats = inner === undefined ? 0 : 8 + 16 * outputs + (inner >= 2 ? 8 + 16 * outputs : 0);
  return rows * (8 * outputs + 1 + stats);
}

/** Refuse a shard whose file would be larger than `rsi-sim merge` reads: found before the run, not at the merge. */
export function checkShardFile(bytes: number, argument: string, what: string): void {
  const max = shardFileLimit();
  if (bytes <= max) return;
  const [size, most] = overLimitTexts(bytes, max);
  throw new ArgumentError(argument, `a shard of ${what} would be a file of about ${size}, larger than the ${most} rsi-sim merge reads (RSI_SIM_MAX_SHARD_MB); split the job into more shards, or raise RSI_SIM_MAX_SHARD_MB`);
}

/**
 * The memory of a sensitivity design of `rows` rows over `factors` factors,
 * with `outputs` outputs in its table (all of the model's) and the
 * bootstrap's replicates of the `analysed` ones. At the probability
 * level (`inner` K > 1 draws a row) a row also keeps its inner statistics
 * (the halves, defined counts and variances: twice an outcome-level row's
 * 40 bytes an output) and the inner runs' chunks cost a fixed ~100 MB more.
 * Measured (rsi-core, Sobol', 30 factors, 27 outputs, K = 32, two
 * threads; BENCHMARKS.md): 415, 776 and 850 MB at N = 2048, 8192 and 10000
 * base rows, estimated 439, 927 and 1,070 MB (it had estimated 665 MB,
 * 1.8 GB and 2.1 GB, charging five times the outputs to the rows and to the
 * bootstrap, and refused jobs that fit).
 */
export function designBytes(rows: number, factors: number, outputs: number, resamples: number, inner = 1, analysed = outputs): number {
  const probability = inner > 1;
  const perRow = 8 * factors + 4 + 40 * outputs * (probability ? 2 : 1);
  return BASE_BYTES + (probability ? 100e6 : 0) + rows * perRow + resamples * (factors + 1) * analysed * 8 * 4;
}
