/**
 * Global sensitivity analysis of a model's outputs to its uncertain
 * parameters, in separate steps as in SALib: a design over the factors, the
 * model runs, and the analysis of each output. This module re-exports what
 * the rest of rsi-sim uses; the code is in sensitivity/, one file per
 * method and step:
 *
 * - factors.ts: the factors (quantile functions) and a model's parameters as factors
 * - sobol-design.ts, sobol-analyze.ts: Saltelli's design (2010); S1 with the
 *   estimator of Saltelli et al. (2010), ST with Jansen's (1999)
 * - morris-design.ts, morris-analyze.ts: Morris (1991) trajectories;
 *   elementary effects, μ* (Campolongo et al. 2007)
 * - oat-design.ts, oat-analyze.ts: one at a time ("tornado") at the priors'
 *   5th and 95th percentiles
 * - bootstrap.ts: the intervals of the Sobol' and Morris analyses
 * - types.ts: designs, options, outputs and results of a model
 * - design.ts: buildDesign; design-chunks.ts and evaluate.ts: running a
 *   design; analyze.ts: analyzeDesign; run.ts: runSensitivity, all three
 * - inner.ts: the probability level's inner draws (a row's value is its mean over K chance draws)
 * - design-file.ts, results-file.ts: design files and results files
 *
 * See docs/sensitivity.md.
 */
export type { Problem } from "./sensitivity/factors.js";
export { saltelliDesign } from "./sensitivity/sobol-design.js";
export { sobolAnalyze } from "./sensitivity/sobol-analyze.js";
export { morrisDesign } from "./sensitivity/morris-design.js";
export { morrisAnalyze } from "./sensitivity/morris-analyze.js";
export { oatPlan } from "./sensitivity/oat-design.js";
export { oatAnalyze, oatTornado } from "./sensitivity/oat-analyze.js";
export { LEVELS, METHODS, REST, aDesign, type DesignOutputs, type InnerHalf, type InnerStats, type Level, type Method, type ModelDesign, type OutputSensitivity, type SensitivityOptions, type SensitivityResult } from "./sensitivity/types.js";
export { DEFAULT_SOBOL_N, DEFAULT_TRAJECTORIES, PROBABILITY_DEFAULTS, analysedOutputs, buildDesign } from "./sensitivity/design.js";
export { evaluateDesign, evaluateDesignParallel, sortedFailures } from "./sensitivity/evaluate.js";
export { innerOf } from "./sensitivity/inner.js";
export { analyzeDesign, sensitivityJSON } from "./sensitivity/analyze.js";
export { runSensitivity } from "./sensitivity/run.js";
export { designJSON, designSha256, parseDesign, readDesign, writeDesign } from "./sensitivity/design-file.js";
export { parseResults } from "./sensitivity/results-file.js";
