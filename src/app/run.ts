/**
 * The run use case: a model as a Monte Carlo over its priors, summarised
 * (headline probabilities with Wilson intervals, quantiles, series), or one
 * shard of it for a merge elsewhere.
 */
import { checkOptions } from "./options.js";
import { ArgumentError, inTerms } from "../core/errors.js";
import type { CompiledModel } from "../model/types.js";
import type { SimulationResult } from "../engine/simulate.js";
import { joinSimulations, simulateParallel } from "../parallel/parallel.js";
import { untilPrecise, widestProbability, type PrecisionReport } from "../analysis/precision.js";
import { summarizeColumn } from "../analysis/summary.js";
import { checkPrecision, watchedProbabilities } from "./precision.js";
import { shardRange, type ShardSpec } from "../parallel/shard-spec.js";
import { summarizeRun, type RunResult } from "../analysis/result.js";
import { resolveOutputs } from "../analysis/sweep.js";
import { checkDraws, checkHorizon, checkSeed, checkWorkers } from "./check.js";
import { checkMemory, checkShardFile, joinedBytes, runBytes, shardFileBytes } from "./limits.js";
import { recordTimeCount } from "../model/record-times.js";
import { DEFAULT_SEED, resolveModel, type ModelRef } from "./model.js";
import { resolveSettings, type SettingInput } from "./settings.js";
import { runShardFile } from "./shard-format.js";

/**
 * Draws of a run when none are asked for.
 *
 * @example
 * const { result } = await run({ samples: DEFAULT_SAMPLES / 50 }); // 200 draws
 * result.samples; // 200
 */
export const DEFAULT_SAMPLES = 10_000;

/** What to run. Every field is optional. */
export interface RunOptions {
  /** a CompiledModel, a model file or a shipped model's name (default rsi-core) */
  model?: ModelRef;
  /** Monte Carlo draws (default 10,000) */
  samples?: number;
  /** random seed, 0 … 4294967295 (default 1): the same seed gives the same numbers */
  seed?: number;
  /** model time at which runs end (default: the model's horizon) */
  horizon?: number;
  /** parameter settings: a number fixes a parameter, a distribution ("0.5 to 3") replaces its prior */
  settings?: Record<string, SettingInput>;
  /** worker threads: a number or "auto" (default, one per core); results do not depend on it */
  workers?: number | "auto";
  /** keep each draw's parameter values (for a CSV of the draws; default false) */
  keepParameters?: boolean;
  /** record the model's series for fan charts (default true) */
  keepSeries?: boolean;
  /**
   * keep each draw's outputs in `sim.table` (default true); false keeps only
   * what the summary needs, folded in draw order as the draws are done, for
   * less memory: a run on several threads then leaves its table's output
   * columns empty (the result is the same)
   */
  keepTable?: boolean;
  /** called now and then with the draws done so far */
  onProgress?: (done: number, total: number) => void;
  /** the command that reproduces the numbers, kept in the result */
  command?: string;
  /** the most memory the run may plan to use: bytes, or a size such as "8GB" (default: half of this machine's) */
  maxMemory?: number | string;
  /** add draws in blocks of `samples` until every headline probability's 95% half-width is at most this (docs/precision.md) */
  precision?: number;
  /** the most draws `precision` may reach (default 1,000,000) */
  maxSamples?: number;
  /** outputs to keep in the summary, table and CSV, in this order (default: all of the model's) */
  outputs?: string[];
}

/** A run's outcome: the model, the per-draw outcome table and its summary. */
export interface RunOutcome {
  model: CompiledModel;
  sim: SimulationResult;
  result: RunResult & { command?: string };
  /** with `precision`: where it stopped and why (the result is that of a fixed run of `precision.samples` draws) */
  precision?: PrecisionReport;
}

/** One shard of a job: its shard file's bytes (src/app/shard-binary.ts) and what it covers. */
export interface ShardOutcome {
  spec: ShardSpec;
  range: { first: number; count: number };
  bytes: Uint8Array;
}

async function simulation(options: RunOptions, range?: { first: number; count: number }, shard = range !== undefined) {
  const model = await resolveModel(options.model);
  const samples = checkDraws("samples", options.samples ?? DEFAULT_SAMPLES);
  const seed = checkSeed(options.seed ?? DEFAULT_SEED);
  const horizon = checkHorizon(options.horizon, model);
  const overrides = resolveSettings(model, options.settings);
  const workers = checkWorkers(options.workers);
  // a shard keeps everything a merge may need: parameters (CSV) and series (JSON, HTML)
  const keepParameters = shard ? true : (options.keepParameters ?? false);
  const keepSeries = shard ? true : (options.keepSeries ?? true);
  const draws = range ? range.count : samples;
  // a whole run is summarised from the threads' sorted runs (parallel/sorted-runs.ts); a block or a shard is joined first
  const sortedRuns = range === undefined;
  // on several threads, a run that keeps only its summary folds and drops its output columns (column-fold.ts)
  const summaryOnly = sortedRuns && options.keepTable === false;
  // a shard's file: within what merge reads, and held once in memory beside the columns while it is written
  const file = shard ? shardFileBytes(model, draws) : 0;
  if (shard) checkShardFile(file, "samples", `${draws} draws of ${model.name}`);
  checkMemory(
    runMemory(model, draws, options, { keepParameters, keepSeries, keepTable: !(sortedRuns && options.keepTable === false && workers > 1) }) + file,
    { argument: "samples", what: `${draws} draws of ${model.name}`, advice: shard ? "split the job into more shards" : `split the run into shards (${inTerms("--shard K/N, then rsi-sim merge", "runShard, then merge")})` },
    options.maxMemory,
  );
  const sim = await simulateParallel(model, { samples, seed, horizon, overrides, workers, keepParameters, keepSeries, sortedRuns, summaryOnly, onProgress: options.onProgress, ...range });
  return { model, sim };
}

/** The memory estimate of `draws` draws of a run with these options (limits.ts, runBytes). */
function runMemory(model: CompiledModel, draws: number, options: RunOptions, keep: { keepParameters: boolean; keepSeries: boolean; keepTable: boolean }): number {
  const recordTimes = recordTimeCount(model.time.start, checkHorizon(options.horizon, model) ?? model.time.horizon, model.time.recordEvery);
  return runBytes(model, draws, { ...keep, workers: checkWorkers(options.workers), recordTimes });
}

/**
 * Refuse a run to a precision whose blocks, all kept until it stops, could
 * outgrow the memory limit: checked for the most draws it may reach
 * (--max-samples) before the first block, not when a block reaches it; with
 * the blocks joined into one table at each look (8 bytes an output and a
 * failed flag a draw).
 */
async function checkPreciseMemory(options: RunOptions, cap: number): Promise<void> {
  const model = await resolveModel(options.model);
  watchedProbabilities(model, options.outputs, checkHorizon(options.horizon, model));
  checkMemory(
    runMemory(model, cap, options, { keepParameters: options.keepParameters ?? false, keepSeries: options.keepSeries ?? true, keepTable: true }) + joinedBytes(model, cap),
    { argument: "maxSamples", what: `a run to a precision of up to ${cap} draws of ${model.name}`, advice: `give a smaller ${inTerms("--max-samples", "maxSamples")} (the run stops there if not yet precise)` },
    options.maxMemory,
  );
}

/**
 * Run a model and summarise it.
 *
 * @example
 * const { result } = await run({ model: "rsi-core", samples: 2000, settings: { ratio: 200 } });
 * result.outputs.loc.p; // P(loss of control), with result.outputs.loc.ci its 95% interval
 */
export async function run(options: RunOptions = {}): Promise<RunOutcome> {
  options = checkOptions("run", options);
  const target = checkPrecision(options.precision, options.maxSamples, checkDraws("samples", options.samples ?? DEFAULT_SAMPLES));
  if (options.outputs !== undefined) {
    // checked before any draw; the names as the model spells them
    const model = await resolveModel(options.model);
    options = { ...options, model, outputs: resolveOutputs(model, options.outputs, { argument: "outputs" }) };
  }
  if (target) await checkPreciseMemory(options, target.cap);
  const done = target ? await preciseSimulation(options, target) : { ...(await simulation(options)), precision: undefined };
  const { model, precision } = done;
  const sim = keepOutputs(done.sim, options.outputs);
  const result = { ...summarizeRun(sim), ...(options.command === undefined ? {} : { command: options.command }) };
  return { model, sim, result, ...(precision ? { precision } : {}) };
}

/** The simulation with only the outputs `names` in its table (all when undefined), in that order. */
export function keepOutputs(sim: SimulationResult, names: string[] | undefined): SimulationResult {
  if (names === undefined) return sim;
  const columns = Object.fromEntries(names.map((n) => [n, sim.table.columns[n]]));
  return { ...sim, table: { ...sim.table, outputs: names, columns } };
}

/** Blocks of `samples` draws until every headline probability is precise enough, joined into one simulation. */
async function preciseSimulation(options: RunOptions, target: { precision: number; cap: number }) {
  const parts: SimulationResult[] = [];
  let model: CompiledModel | undefined;
  const precision = await untilPrecise(
    { block: options.samples ?? DEFAULT_SAMPLES, target: target.precision, cap: target.cap },
    async (first, count) => {
      const r = await simulation({ ...options, samples: first + count }, { first, count }, false);
      model = r.model;
      parts.push(r.sim);
    },
    (n) => {
      const sim = joinSimulations(parts, n);
      let ok = 0;
      for (let i = 0; i < sim.table.rows; i++) if (!sim.table.failed[i]) ok++;
      const watched = watchedProbabilities(model!, options.outputs, checkHorizon(options.horizon, model));
      return widestProbability(Object.fromEntries(watched.map((o) => [o, summarizeColumn(sim.table.columns[o], "binary", ok)])), watched);
    },
  );
  return { model: model!, sim: joinSimulations(parts, precision.samples), precision };
}

/**
 * Run shard `spec` (K of N) of a run: its draws only, as a shard file's bytes
 * that `merge` joins with the others into exactly the single run's result.
 *
 * @example
 * const shard = await runShard({ samples: 300, seed: 7 }, { index: 2, count: 3 });
 * shard.range; // { first: 100, count: 100 }: write shard.bytes to a file for merge
 */
export async function runShard(options: RunOptions, spec: ShardSpec): Promise<ShardOutcome> {
  options = checkOptions("run", options);
  if (options.outputs !== undefined) throw new ArgumentError("outputs", "a shard keeps every output (the merge needs them all); leave it out");
  const samples = checkDraws("samples", options.samples ?? DEFAULT_SAMPLES);
  const range = shardRange(spec, samples);
  const { sim } = await simulation({ ...options, samples }, range);
  return { spec, range, bytes: runShardFile(sim, spec, options.command ?? "") };
}
