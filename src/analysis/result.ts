/**
 * The run result: the JSON contract other tools read (schema
 * "rsi-sim.result/1", see docs/result-json.md). Fields may be added, never
 * renamed without bumping the schema.
 */
import { readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import type { SimulationResult } from "../engine/simulate.js";
import { summarize, type OutputSummary } from "./summary.js";

export const RESULT_SCHEMA = "rsi-sim.result/1";

const here = path.dirname(fileURLToPath(import.meta.url));
/** The package version, from package.json. */
export const VERSION: string = JSON.parse(readFileSync(path.join(here, "..", "..", "package.json"), "utf8")).version;

export interface RunResult {
  schema: string;
  version: string;
  model: { name: string; file: string; sha256: string };
  seed: number;
  samples: number;
  failed: number;
  failures: Record<string, number>;
  horizon: number;
  parameters: Record<string, number | string>;
  outputs: Record<string, OutputSummary>;
}

/** Summaries of a simulation in the result contract's shape. */
export function summarizeRun(sim: SimulationResult): RunResult {
  const kinds = Object.fromEntries(sim.model.outputs.map((o) => [o.name, o.kind]));
  return {
    schema: RESULT_SCHEMA,
    version: VERSION,
    model: { name: sim.model.name, file: sim.model.file, sha256: sim.model.sha256 },
    seed: sim.seed,
    samples: sim.samples,
    failed: sim.failures.count,
    failures: sim.failures.reasons,
    horizon: sim.horizon,
    parameters: sim.plan.settings,
    outputs: summarize(sim.table, kinds),
  };
}

/** JSON text of a result; NaN and infinities become null. */
export function resultJSON(result: object): string {
  return JSON.stringify(result, (_k, v) => (typeof v === "number" && !Number.isFinite(v) ? null : v), 2) + "\n";
}
