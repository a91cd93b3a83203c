/**
 * rsi-sim's library: one call per use case, the same calls the CLI makes.
 *
 * - run, sweep, compare, sensitivity: a model from its priors, at several
 *   values of a parameter or under named scenarios on common random numbers
 *   (compare: paired differences from a baseline), or which assumptions drive it;
 * - runShard, sweepShard, sensitivityShard, compareShard and merge: a job split over
 *   machines and joined into exactly the single call's result;
 * - report and the render functions: tables, JSON, CSV and offline HTML;
 * - playground: one offline HTML page that reruns a model in the browser.
 *
 * @example
 * import { run, renderRun } from "rsi-sim";
 * const outcome = await run({ samples: 2000, settings: { ratio: 200 } });
 * console.log(renderRun(outcome, "table"));
 */

// ---- use cases ----
export { run, runShard, DEFAULT_SAMPLES, type RunOptions, type RunOutcome, type ShardOutcome } from "./app/run.js";
export { sweep, sweepShard, DEFAULT_SWEEP_SAMPLES, type SweepOptions, type SweepAxisOptions, type SweepOutcome } from "./app/sweep.js";
export { compare, compareShard, DEFAULT_COMPARE_SAMPLES, type CompareOptions, type CompareOutcome, type ScenarioInput } from "./app/compare.js";
export {
  sensitivity,
  sensitivityDesign,
  sensitivityShard,
  analyzeSaved,
  type SensitivityRunOptions,
  type SensitivityOutcome,
  type PreparedSensitivity,
  type AnalysisOptions,
} from "./app/sensitivity.js";
export { merge, type MergeOutcome, type ShardInput } from "./app/merge.js";
export type { ShardBytes } from "./app/shard-merge.js";
export { report, reportPngs } from "./app/report.js";
export { playground, type PlaygroundOptions } from "./app/playground.js";
export { DEFAULT_MODEL, DEFAULT_SEED, type ModelRef } from "./app/model.js";
export type { SettingInput } from "./app/settings.js";

// ---- results ----
export type { RunResult } from "./analysis/result.js";
export type { OutputSummary } from "./analysis/summary.js";
export type { SweepResult, SweepPoint } from "./analysis/sweep.js";
export type { CompareResult, ScenarioResult, ScenarioComparison, TimelineCurve } from "./analysis/compare.js";
export type { BinaryComparison, ContinuousComparison, Comparison } from "./analysis/compare-stats.js";
export type { PrecisionReport } from "./analysis/precision.js";
export type { SensitivityResult, Method } from "./analysis/sensitivity.js";
export type { SimulationResult, OutcomeTable } from "./engine/simulate.js";
export type { ShardSpec } from "./parallel/shard-spec.js";

// ---- rendering ----
export { renderRun, renderRunHtml, renderSweep, renderSweepHtml, renderSensitivity, renderSensitivityHtml, renderCompare, renderCompareHtml, type Format, type TableLayout, type CSVLayout } from "./report/render.js";

// ---- models ----
export { loadModel, compileModel } from "./model/compile.js";
export { builtinModels } from "./model/locate.js";
export type { CompiledModel, ParameterInfo, ChanceInfo, OutputInfo } from "./model/types.js";

// ---- errors and threads ----
export { UserError, ModelError, ArgumentError } from "./core/errors.js";
export { closeWorkers } from "./parallel/parallel.js";
