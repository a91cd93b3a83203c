/**
 * The compare use case: two or more scenarios (named sets of settings) run
 * on the same draws (common random numbers) and compared with a baseline
 * draw by draw; optionally with draws added in blocks until the headline
 * differences are as precise as asked (`precision`); or one shard of a
 * comparison (the same block of draws under every scenario) for `merge`.
 */
import { checkOptions } from "./options.js";
import { controlCharacterIn } from "../model/compile-texts.js";
import { ArgumentError, inTerms } from "../core/errors.js";
import type { CompiledModel } from "../model/types.js";
import type { ParameterSetting } from "../sampling/sampler.js";
import type { SimulationResult } from "../engine/simulate.js";
import { joinSimulations, simulateParallel } from "../parallel/parallel.js";
import { shardRange, type ShardSpec } from "../parallel/shard-spec.js";
import { finishCompare, timelineOutputs, widestDifference, type CompareResult, type CompareScenario, type CompareSpec } from "../analysis/compare.js";
import { untilPrecise, type PrecisionReport } from "../analysis/precision.js";
import { resolveOutputs } from "../analysis/sweep.js";
import { checkDraws, checkHorizon, checkSeed, checkWorkers } from "./check.js";
import { checkMemory, checkShardFile, joinedBytes, runsBytes, shardFileBytes } from "./limits.js";
import { DEFAULT_SEED, resolveModel, type ModelRef } from "./model.js";
import { checkPrecision, watchedProbabilities } from "./precision.js";
import { resolveSettings, type SettingInput } from "./settings.js";
import type { ShardOutcome } from "./run.js";
import { compareShardFile } from "./shard-format.js";

/**
 * Draws of a comparison when none are asked for (each scenario runs all of them).
 *
 * @example
 * const { result } = await compare({ samples: DEFAULT_COMPARE_SAMPLES / 50, scenarios: [{ name: "a" }, { name: "b", settings: { ratio: 20 } }] });
 * result.samples; // 200
 */
export const DEFAULT_COMPARE_SAMPLES = 10_000;

/** One scenario as a caller gives it: a name and its settings (on top of the shared `settings`). */
export interface ScenarioInput {
  name: string;
  settings?: Record<string, SettingInput>;
}

/** What to compare. */
export interface CompareOptions {
  model?: ModelRef;
  /** at least two scenarios, with different names */
  scenarios: ScenarioInput[];
  /** the baseline scenario's name (default: the first) */
  baseline?: string;
  /** settings every scenario shares (a scenario's own settings win) */
  settings?: Record<string, SettingInput>;
  /** outputs to compare (default: the model's headline outputs) */
  outputs?: string[];
  /** date outputs for the timeline (default: every output that is the date of a milestone, event or hazard) */
  timeline?: string[];
  /** draws (default 10,000); with `precision`, the first block and the block size */
  samples?: number;
  seed?: number;
  horizon?: number;
  /** bootstrap resamples for the quantile shifts (default 1000) */
  resamples?: number;
  /** add draws in blocks until every headline difference's 95% half-width is at most this */
  precision?: number;
  /** the most draws `precision` may reach (default 1,000,000) */
  maxSamples?: number;
  workers?: number | "auto";
  onProgress?: (done: number, total: number) => void;
  command?: string;
  maxMemory?: number | string;
}

/** A comparison's outcome; with `precision`, how it stopped (the result is that of a fixed run of `precision.samples` draws). */
export interface CompareOutcome {
  model: CompiledModel;
  result: CompareResult;
  precision?: PrecisionReport;
}

/** A comparison's checked plan. */
interface ComparePlan {
  model: CompiledModel;
  spec: CompareSpec;
  /** the settings every scenario shares */
  shared: Record<string, ParameterSetting>;
  overrides: Record<string, ParameterSetting>[];
  horizon?: number;
  workers: number;
}

/** The scenarios (an array of objects: checkOptions) named, each once, in one line; the baseline's index. */
function checkScenarios(scenarios: ScenarioInput[], baseline: string | undefined): number {
  if (scenarios.length < 2) throw new ArgumentError("scenarios", `give at least two scenarios to compare, got ${scenarios.length}`);
  const names = scenarios.map((s) => s.name);
  names.forEach((n, i) => {
    if (typeof n !== "string" || n.trim() === "") throw new ArgumentError("scenarios", `scenario ${i + 1} needs a name`);
    const bad = controlCharacterIn(n);
    if (bad !== null) throw new ArgumentError("scenarios", `the name of scenario ${i + 1} holds the control character ${bad}; a name is one line of text`);
    if (names.indexOf(n) !== i) throw new ArgumentError("scenarios", `two scenarios are named "${n}"; give each its own name`);
  });
  if (baseline === undefined) return 0;
  const b = names.indexOf(baseline);
  if (b < 0) throw new ArgumentError("baseline", `no scenario is named "${baseline}"; the scenarios are ${names.map((n) => `"${n}"`).join(", ")}`);
  return b;
}

async function plan(options: CompareOptions): Promise<ComparePlan> {
  const model = await resolveModel(options.model);
  const base = checkScenarios(options.scenarios, options.baseline);
  const shared = resolveSettings(model, options.settings);
  const scenarios: CompareScenario[] = options.scenarios.map((s) => ({ name: s.name, settings: resolveSettings(model, s.settings) }));
  const spec: CompareSpec = {
    scenarios,
    settings: shared,
    baseline: base,
    seed: checkSeed(options.seed ?? DEFAULT_SEED),
    samples: checkDraws("samples", options.samples ?? DEFAULT_COMPARE_SAMPLES),
    outputs: resolveOutputs(model, options.outputs, { argument: "outputs" }),
    timeline: timelineOutputs(model, options.timeline),
    resamples: options.resamples,
  };
  if (spec.resamples !== undefined && (!Number.isInteger(spec.resamples) || spec.resamples < 0 || spec.resamples > 100_000)) {
    throw new ArgumentError("resamples", `must be a whole number from 0 to 100000, got ${spec.resamples}`);
  }
  const overrides = scenarios.map((s) => ({ ...shared, ...s.settings }));
  return { model, spec, shared, overrides, horizon: checkHorizon(options.horizon, model), workers: checkWorkers(options.workers) };
}

/**
 * Refuse a comparison (or a shard of `shard` draws of it) whose memory
 * estimate is over the limit: every scenario's draws (the fixed base and
 * the worker threads once: the scenarios run one after another), and a
 * shard's file of scenarios × draws × (kept columns + failed flags) values.
 * To a precision, `draws` is --max-samples, the most its blocks may reach.
 */
function checkCompareMemory(p: ComparePlan, draws: number, maxMemory?: number | string, kind: "run" | "shard" | "precision" = "run"): void {
  const what = `${kind === "precision" ? "a comparison to a precision of up to " : ""}${p.overrides.length} scenarios of ${draws} draws`;
  const file = { points: p.overrides.length, outputs: compareColumns(p.spec) };
  const shard = kind === "shard";
  // a shard's file: within what merge reads, and held once in memory while it is written
  const fileBytes = shard ? shardFileBytes(p.model, draws, file) : 0;
  if (shard) checkShardFile(fileBytes, "samples", what);
  const joined = kind === "precision" ? p.overrides.length * joinedBytes(p.model, draws) : 0;
  const bytes = runsBytes(p.model, p.overrides.length, draws, { keepSeries: false, workers: p.workers, recordTimes: 0 }) + joined + fileBytes;
  const advice = {
    run: `give fewer draws or split the comparison into shards (${inTerms("--shard K/N, then rsi-sim merge", "compareShard, then merge")})`,
    shard: "split the comparison into more shards",
    precision: `give a smaller ${inTerms("--max-samples", "maxSamples")} (the comparison stops there if not yet precise)`,
  }[kind];
  checkMemory(bytes, { argument: kind === "precision" ? "maxSamples" : "samples", what, advice }, maxMemory);
}

/** Draws [first, first + count) of every scenario, one simulation each. */
async function runScenarios(p: ComparePlan, samples: number, range: { first: number; count: number }, onProgress?: (done: number, total: number) => void): Promise<SimulationResult[]> {
  const sims: SimulationResult[] = [];
  const total = p.overrides.length * range.count;
  for (const [s, overrides] of p.overrides.entries()) {
    const done = s * range.count;
    sims.push(
      await simulateParallel(p.model, {
        samples,
        seed: p.spec.seed,
        horizon: p.horizon,
        overrides,
        ...range,
        keepParameters: false,
        keepSeries: false,
        workers: p.workers,
        onProgress: onProgress ? (d) => onProgress(done + d, total) : undefined,
      }),
    );
  }
  return sims;
}

/**
 * Compare scenarios on the same draws: each output's value under each
 * scenario and its paired difference from the baseline.
 *
 * @example
 * const { result } = await compare({ samples: 500, scenarios: [{ name: "200:1", settings: { ratio: 200 } }, { name: "20:1", settings: { ratio: 20 } }] });
 * result.comparisons[0].outputs.loc; // { diff, ci, up, down, rr, nnt, … }: P(loc) at 20:1 minus at 200:1, paired
 */
export async function compare(options: CompareOptions): Promise<CompareOutcome> {
  checkOptions("compare", options, false);
  const p = await plan(options);
  const target = checkPrecision(options.precision, options.maxSamples, p.spec.samples);
  if (!target) {
    checkCompareMemory(p, p.spec.samples, options.maxMemory);
    const sims = await runScenarios(p, p.spec.samples, { first: 0, count: p.spec.samples }, options.onProgress);
    return { model: p.model, result: withCommand(finishCompare(p.model, p.spec, sims), options.command) };
  }
  const watched = watchedProbabilities(p.model, p.spec.outputs, p.horizon, options.outputs !== undefined);
  checkCompareMemory(p, target.cap, options.maxMemory, "precision");
  const parts: SimulationResult[][] = p.overrides.map(() => []);
  const joined = (n: number) => parts.map((ps) => joinSimulations(ps, n));
  const report = await untilPrecise(
    { block: p.spec.samples, target: target.precision, cap: target.cap },
    async (first, count) => {
      const sims = await runScenarios(p, first + count, { first, count }, options.onProgress);
      sims.forEach((s, k) => parts[k].push(s));
    },
    (n) => widestDifference(p.model, finishCompare(p.model, { ...p.spec, samples: n, resamples: 0, timeline: [] }, joined(n)), watched),
  );
  const result = finishCompare(p.model, { ...p.spec, samples: report.samples }, joined(report.samples));
  return { model: p.model, result: withCommand(result, options.command), precision: report };
}

function withCommand(result: CompareResult, command?: string): CompareResult {
  if (command !== undefined) result.command = command;
  return result;
}

/** The columns a comparison's shard keeps: the compared outputs and the timeline's. */
export function compareColumns(result: Pick<CompareSpec, "outputs" | "timeline">): string[] {
  return [...new Set([...(result.outputs ?? []), ...(result.timeline ?? [])])];
}

/**
 * Shard `spec` (K of N) of a comparison: the same block of draws under
 * every scenario, as a shard file's bytes; `merge` joins the shards into
 * exactly the comparison's result.
 *
 * @example
 * const shard = await compareShard({ samples: 200, scenarios: [{ name: "a" }, { name: "b", settings: { ratio: 20 } }] }, { index: 2, count: 2 });
 * shard.range; // { first: 100, count: 100 }: write shard.bytes to a file for merge
 */
export async function compareShard(options: CompareOptions, spec: ShardSpec): Promise<ShardOutcome & { scenarios: number }> {
  checkOptions("compare", options, false);
  const p = await plan(options);
  if (options.precision !== undefined) throw new ArgumentError("precision", "a shard runs a fixed block of draws; give samples N (the N a precision run stopped at)");
  const range = shardRange(spec, p.spec.samples);
  checkCompareMemory(p, range.count, options.maxMemory, "shard");
  const sims = await runScenarios(p, p.spec.samples, range, options.onProgress);
  const opts = {
    scenarios: p.spec.scenarios,
    baseline: p.spec.baseline ?? 0,
    settings: p.shared,
    outputs: p.spec.outputs!,
    timeline: p.spec.timeline!,
    samples: p.spec.samples,
    seed: p.spec.seed,
    horizon: p.horizon ?? null,
    resamples: p.spec.resamples ?? null,
  };
  const bytes = compareShardFile(p.model, opts, sims, compareColumns(p.spec), spec, range, options.command ?? "");
  return { spec, range, bytes, scenarios: sims.length };
}
