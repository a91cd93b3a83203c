/**
 * rsi-sim's library API: the CLI and the notebooks call these.
 *
 * @example
 * import { loadModel, simulate, summarize } from "rsi-sim";
 * const model = loadModel("rsi-core");
 * const sim = simulate(model, { samples: 10_000, seed: 1, overrides: { ratio: 200 } });
 * const summary = summarizeRun(sim);
 */
export { loadModel, compileModel, resolveModelPath, builtinModels, MODELS_DIR } from "./model/compile.js";
export type { CompiledModel, ParameterInfo, OutputInfo } from "./model/types.js";
export { UserError, ModelError } from "./core/errors.js";
export { parseDistribution, distributionFromSpec, type Distribution } from "./model/distributions.js";
export { planParameters, type ParameterSetting } from "./sampling/sampler.js";
export { simulate, checkRunOptions, type SimulateOptions, type SimulationResult, type OutcomeTable } from "./engine/simulate.js";
export { Engine } from "./engine/engine.js";
export { histogramQuantile, runningAt, type SeriesHistograms } from "./engine/series.js";
export { summarize, summarizeColumn, type OutputSummary } from "./analysis/summary.js";
export { wilson, quantileSorted, meanAndSe } from "./analysis/stats.js";
export { summarizeRun, resultJSON, type RunResult } from "./analysis/result.js";
export { simulateParallel, resolveWorkers, prewarmWorkers, closeWorkers, WorkerPool } from "./parallel/parallel.js";
export { sweep, sweepParallel, sweepCSV, logValues, linearValues, type SweepResult, type SweepOptions } from "./analysis/sweep.js";
export { mergeShards, shardFileText, shardRange, parseShard } from "./parallel/shard.js";
export {
  runSensitivity,
  buildDesign,
  evaluateDesign,
  evaluateDesignParallel,
  analyzeDesign,
  saltelliDesign,
  sobolAnalyze,
  morrisDesign,
  morrisAnalyze,
  oatPlan,
  oatAnalyze,
  oatTornado,
  sensitivityJSON,
  writeDesign,
  readDesign,
} from "./analysis/sensitivity.js";
export { runReportHtml, sweepReportHtml, sensitivityReportHtml } from "./report/html.js";
