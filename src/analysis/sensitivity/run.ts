/**
 * A sensitivity analysis of a model in one call: buildDesign (design.ts),
 * evaluateDesign (evaluate.ts) and analyzeDesign (analyze.ts), on this
 * thread.
 *
 * @example
 * const model = loadModel("models/test/ishigami.yaml");
 * const r = runSensitivity(model, { method: "sobol", N: 1024, seed: 1 });
 * r.outputs.y.sobol!.indices; // [{ name: "x1", S1, S1_ci, ST, ST_ci, … }, …]
 */
import type { CompiledModel } from "../../model/types.js";
import { buildDesign } from "./design.js";
import { evaluateDesign } from "./evaluate.js";
import { analyzeDesign } from "./analyze.js";
import type { SensitivityOptions, SensitivityResult } from "./types.js";

/** Build, run and analyse a sensitivity analysis of a model. */
export function runSensitivity(model: CompiledModel, opts: SensitivityOptions): SensitivityResult {
  const design = buildDesign(model, opts);
  const table = evaluateDesign(model, design, { overrides: opts.overrides, onProgress: opts.onProgress });
  return analyzeDesign(design, table, { outputs: opts.outputs, resamples: opts.resamples, confLevel: opts.confLevel });
}
