/**
 * The sweep use case: a model at each value of one parameter (or each cell
 * of a two-parameter grid) on the same draws (common random numbers), so
 * the differences between points are paired; or one shard of such a sweep.
 */
import { checkOptions } from "./options.js";
import { ArgumentError, flagOf, inTerms, optionTerm } from "../core/errors.js";
import type { CompiledModel } from "../model/types.js";
import type { ParameterSetting } from "../sampling/sampler.js";
import { shardRange, type ShardSpec } from "../parallel/shard-spec.js";
import type { SimulationResult } from "../engine/simulate.js";
import { joinSimulations } from "../parallel/parallel.js";
import { untilPrecise, widestProbability, type PrecisionReport } from "../analysis/precision.js";
import { checkPrecision, watchedProbabilities } from "./precision.js";
import { checkValues, finishSweep, findParameter, linearValues, logValues, resolveOutputs, sweepParallel, type SweepResult } from "../analysis/sweep.js";
import { checkDraws, checkHorizon, checkSeed, checkWorkers } from "./check.js";
import { checkAtMost, checkMemory, checkShardFile, MAX_POINTS, joinedBytes, runBytes, runsBytes, shardFileBytes } from "./limits.js";
import { DEFAULT_SEED, resolveModel, type ModelRef } from "./model.js";
import type { ShardOutcome } from "./run.js";
import { resolveSettings, type SettingInput } from "./settings.js";
import { sweepShardPoint, sweepShardFile, type PointColumns } from "./shard-format.js";

/**
 * Draws per point of a sweep when none are asked for.
 *
 * @example
 * const { result } = await sweep({ param: "ratio", values: [20, 2000], samples: DEFAULT_SWEEP_SAMPLES / 10 });
 * result.samples; // 200
 */
export const DEFAULT_SWEEP_SAMPLES = 2000;
/** Points of a range when none are asked for. */
export const DEFAULT_POINTS = 11;

/** One axis of a sweep: a parameter and its values, listed or as a range. */
export interface SweepAxisOptions {
  /** the parameter (snake_case or kebab-case) */
  param: string;
  /** its values, in order (at least 2); or give `range` */
  values?: number[];
  /** [lo, hi]: `points` values from lo to hi, evenly spaced (or in log10 with `log`) */
  range?: [number, number];
  points?: number;
  log?: boolean;
}

/** What to sweep. */
export interface SweepOptions extends SweepAxisOptions {
  model?: ModelRef;
  /** a second axis: the points are then the grid of both */
  second?: SweepAxisOptions;
  /** outputs to summarise (default: the model's headline outputs) */
  outputs?: string[];
  /** draws per point (default 2,000) */
  samples?: number;
  seed?: number;
  horizon?: number;
  /** settings of the other parameters, as for run */
  settings?: Record<string, SettingInput>;
  workers?: number | "auto";
  onProgress?: (done: number, total: number) => void;
  command?: string;
  /** the most memory the sweep may plan to use: bytes, or a size such as "8GB" (default: half of this machine's) */
  maxMemory?: number | string;
  /** add draws per point in blocks of `samples` until every point's headline probabilities have a 95% half-width at most this */
  precision?: number;
  /** the most draws per point `precision` may reach (default 1,000,000) */
  maxSamples?: number;
}

/** A sweep's outcome: the result (points, paired differences), how each axis was given, the other settings. */
export interface SweepOutcome {
  model: CompiledModel;
  result: SweepResult;
  how: string[];
  overrides: Record<string, ParameterSetting>;
  /** with `precision`: where it stopped and why (the result is that of a fixed sweep of `precision.samples` draws per point) */
  precision?: PrecisionReport;
}

/** The values of one axis and how they were given (for the table's header). */
export function axisValues(model: CompiledModel, axis: SweepAxisOptions, suffix: "" | "2" = ""): { name: string; values: number[]; how: string } {
  const arg = (n: string) => `${n}${suffix}`;
  const name = findParameter(model, axis.param, { argument: suffix ? "param2" : "param" }).name;
  // each option named in the caller's words: --values2 on the command line, values2 in the library (inTerms)
  const term = (n: string) => optionTerm(arg(n));
  if (axis.values !== undefined && axis.range !== undefined) throw new ArgumentError(arg("values"), `give ${term("values")} or ${term("range")}, not both`);
  if (axis.values === undefined && axis.range === undefined) {
    const how = inTerms(`${flagOf(arg("values"))} LIST, or ${flagOf(arg("range"))} LO:HI with its points`, `${arg("values")} (a list), or ${arg("range")} [lo, hi] with its points`);
    throw new ArgumentError(arg("values"), `give the values of ${name}: ${how}`);
  }
  if (axis.values !== undefined) {
    if (axis.log) throw new ArgumentError(arg("log"), `applies to ${term("range")} only`);
    if (axis.points !== undefined) throw new ArgumentError(arg("points"), `applies to ${term("range")} only`);
    const values = axis.values;
    checkAtMost(arg("values"), values.length, MAX_POINTS, "values of one sweep");
    checkValues(model, name, values, { argument: arg("values") });
    return { name, values, how: `${values.length} values given` };
  }
  const points = axis.points ?? DEFAULT_POINTS;
  if (!Number.isSafeInteger(points)) throw new ArgumentError(arg("points"), `must be a whole number, got ${points}`);
  if (points < 2) throw new ArgumentError(arg("points"), `a sweep needs at least 2 points, got ${points}`);
  checkAtMost(arg("points"), points, MAX_POINTS, "points of one sweep");
  const [lo, hi] = axis.range!;
  const where = { argument: arg("range") };
  const values = axis.log ? logValues(lo, hi, points, where) : linearValues(lo, hi, points, where);
  checkValues(model, name, values, where);
  return { name, values, how: `${points} ${axis.log ? "log-spaced" : "evenly spaced"} points from ${lo} to ${hi}` };
}

async function plan(options: SweepOptions) {
  const model = await resolveModel(options.model);
  const axis1 = axisValues(model, options);
  const axis2 = options.second ? axisValues(model, options.second, "2") : undefined;
  if (axis2 && axis2.name === axis1.name) throw new ArgumentError("param2", `must differ from the swept parameter ${axis1.name}`);
  const swept = [axis1.name, ...(axis2 ? [axis2.name] : [])];
  if (axis2) checkAtMost("points", axis1.values.length * axis2.values.length, MAX_POINTS, "points of a grid, both axes together");
  for (const name of Object.keys(options.settings ?? {})) {
    if (swept.includes(name)) throw new ArgumentError(name, `${name} is the swept parameter; drop this setting`);
  }
  const sweepOptions = {
    param: axis1.name,
    values: axis1.values,
    param2: axis2?.name,
    values2: axis2?.values,
    samples: checkDraws("samples", options.samples ?? DEFAULT_SWEEP_SAMPLES),
    seed: checkSeed(options.seed ?? DEFAULT_SEED),
    horizon: checkHorizon(options.horizon, model),
    overrides: resolveSettings(model, options.settings),
    outputs: resolveOutputs(model, options.outputs, { argument: "outputs" }),
  };
  return { model, sweepOptions, how: [axis1.how, ...(axis2 ? [axis2.how] : [])], workers: checkWorkers(options.workers) };
}

/**
 * Refuse a sweep (or a shard of `draws` draws of it) whose memory estimate
 * is over the limit: a point's run and its predecessor's columns (for the
 * paired differences), and a shard's columns of every point.
 */
function checkSweepMemory(model: CompiledModel, planned: Awaited<ReturnType<typeof plan>>, maxMemory: number | string | undefined, draws?: number): void {
  const { sweepOptions: o, workers } = planned;
  const n = draws ?? o.samples;
  const points = o.values.length * (o.values2?.length ?? 1);
  const outputs = o.outputs;
  const point = runBytes(model, n, { keepSeries: false, workers, recordTimes: 0 });
  const what = `${points} points of ${n} draws`;
  // a shard's file: within what merge reads, and held once in memory while it is written
  const shard = draws === undefined ? 0 : shardFileBytes(model, n, { points, outputs });
  if (draws !== undefined) checkShardFile(shard, "samples", what);
  checkMemory(2 * point + shard, { argument: "samples", what, advice: `give fewer draws per point or split the sweep into shards (${inTerms("--shard K/N", "sweepShard")})` }, maxMemory);
}

/**
 * Refuse a sweep to a precision whose blocks, kept at every point until it
 * stops, could outgrow the memory limit: up to `cap` draws at each point
 * (the fixed base and the threads once), checked before the first block.
 */
function checkPreciseSweepMemory(model: CompiledModel, planned: Awaited<ReturnType<typeof plan>>, cap: number, maxMemory: number | string | undefined): void {
  const { sweepOptions: o, workers } = planned;
  const points = o.values.length * (o.values2?.length ?? 1);
  const bytes = runsBytes(model, points, cap, { keepSeries: false, workers, recordTimes: 0 }) + points * joinedBytes(model, cap);
  checkMemory(bytes, { argument: "maxSamples", what: `a sweep to a precision of up to ${cap} draws at each of ${points} points`, advice: `give a smaller ${inTerms("--max-samples", "maxSamples")} (the sweep stops there if not yet precise) or fewer points` }, maxMemory);
}

/**
 * Sweep a parameter (or a grid of two) on common random numbers.
 *
 * @example
 * const { result } = await sweep({ model: "rsi-core", param: "ratio", values: [20, 200, 2000], samples: 500 });
 * result.points.map((p) => p.outputs.loc.p); // P(loss of control) at each ratio
 */
export async function sweep(options: SweepOptions): Promise<SweepOutcome> {
  checkOptions("sweep", options, false);
  const planned = await plan(options);
  const { model, sweepOptions, how, workers } = planned;
  checkSweepMemory(model, planned, options.maxMemory);
  const target = checkPrecision(options.precision, options.maxSamples, sweepOptions.samples);
  if (target) checkPreciseSweepMemory(model, planned, target.cap, options.maxMemory);
  const { result, precision } = target
    ? await preciseSweep(planned, target, options.onProgress, options.outputs !== undefined)
    : { result: await sweepParallel(model, { ...sweepOptions, workers, onProgress: options.onProgress }), precision: undefined };
  if (options.command !== undefined) result.command = options.command;
  return { model, result, how, overrides: sweepOptions.overrides, ...(precision ? { precision } : {}) };
}

/** A sweep grown in blocks of draws at every point until each point's headline probabilities are precise enough. */
async function preciseSweep(planned: Awaited<ReturnType<typeof plan>>, target: { precision: number; cap: number }, onProgress?: (done: number, total: number) => void, chosen = true) {
  const { model, sweepOptions: o, workers } = planned;
  const parts: SimulationResult[][] = [];
  const finish = (n: number) => finishSweep(model, { ...o, samples: n }, parts.map((ps) => joinSimulations(ps, n)));
  const watched = watchedProbabilities(model, o.outputs, o.horizon, chosen);
  const precision = await untilPrecise(
    { block: o.samples, target: target.precision, cap: target.cap },
    async (first, count) => {
      await sweepParallel(model, { ...o, samples: first + count, first, count, workers, onProgress, onPoint: (i, sim) => (parts[i] ??= []).push(sim) });
    },
    (n) => {
      const r = finish(n);
      return r.points.map((pt) => widestProbability(pt.outputs, watched, Object.entries(pt.values).map(([k, v]) => `${k} = ${v}`).join(", "))).reduce((a, b) => (b.halfWidth > a.halfWidth ? b : a));
    },
  );
  return { result: finish(precision.samples), precision };
}

/**
 * Shard `spec` of a sweep: the same block of draws at every point, as a shard file's bytes.
 *
 * @example
 * const shard = await sweepShard({ param: "ratio", values: [20, 200], samples: 200 }, { index: 1, count: 2 });
 * shard.points; // 2
 */
export async function sweepShard(options: SweepOptions, spec: ShardSpec): Promise<ShardOutcome & { points: number }> {
  checkOptions("sweep", options, false);
  const planned = await plan(options);
  const { model, sweepOptions, how, workers } = planned;
  const range = shardRange(spec, sweepOptions.samples);
  checkSweepMemory(model, planned, options.maxMemory, range.count);
  const points: PointColumns[] = [];
  await sweepParallel(model, {
    ...sweepOptions,
    ...range,
    workers,
    onProgress: options.onProgress,
    onPoint: (_index, sim) => points.push(sweepShardPoint(sim, sweepOptions.outputs)),
  });
  const bytes = sweepShardFile(model, { ...sweepOptions, how }, points, spec, range, options.command ?? "");
  return { spec, range, bytes, points: points.length };
}

