/**
 * Self-contained offline HTML reports of rsi-sim results: one file with
 * plotly.js inlined once and the charts' data, readable in light and dark
 * themes and at any width, with nothing fetched from the network.
 *
 * - runReportHtml: a run ("rsi-sim.result/1")
 * - sweepReportHtml: a sweep ("rsi-sim.sweep/1")
 * - sensitivityReportHtml: a sensitivity analysis ("rsi-sim.sensitivity/1")
 * - compareReportHtml: a comparison ("rsi-sim.compare/1")
 *
 * parseResultText reads any of the four from JSON text and checks it.
 *
 * @example
 * const html = runReportHtml(summarizeRun(sim));
 */
import { UserError } from "../core/errors.js";
import { checkJsonBounds } from "../core/json-read.js";
import type { RunResult } from "../analysis/result.js";
import type { SweepResult } from "../analysis/sweep.js";
import type { SensitivityResult } from "../analysis/sensitivity.js";
import { COMPARE_SCHEMA, type CompareResult } from "../analysis/compare.js";
import { runReportHtml } from "./run.js";
import { sweepReportHtml } from "./sweep.js";
import { sensitivityReportHtml } from "./sensitivity.js";
import { compareReportHtml } from "./compare.js";
import { checkCompareResult } from "./compare-check.js";
import type { ReportOptions } from "./common.js";

export { runReportHtml, sweepReportHtml, sensitivityReportHtml, type ReportOptions };

export const RUN_SCHEMA = "rsi-sim.result/1";
export const SWEEP_SCHEMA = "rsi-sim.sweep/1";
export const SENSITIVITY_SCHEMA = "rsi-sim.sensitivity/1";

export type ParsedResult =
  | { kind: "run"; result: RunResult & { command?: string } }
  | { kind: "sweep"; result: SweepResult }
  | { kind: "sensitivity"; result: SensitivityResult & { command?: string } }
  | { kind: "compare"; result: CompareResult };

const isObject = (x: unknown): x is Record<string, unknown> => typeof x === "object" && x !== null && !Array.isArray(x);

/**
 * A result from JSON text, with its kind from `schema`. Bad or truncated JSON,
 * an unknown schema or a missing part throws a one-line UserError naming `where`.
 */
export function parseResultText(text: string, where: string): ParsedResult {
  checkJsonBounds(text, where);
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (err) {
    const msg = (err as Error).message.split("\n")[0];
    const pos = /at position (\d+)/.exec(msg);
    const truncated = /end of (JSON )?input|Unterminated/i.test(msg) || (pos !== null && Number(pos[1]) >= text.trimEnd().length);
    throw new UserError(where, `${truncated ? "the JSON ends early (a truncated file?)" : "not valid JSON"}: ${msg}`);
  }
  if (!isObject(raw)) throw new UserError(where, "not an rsi-sim result: expected a JSON object");
  checkProbabilities(raw, "", where);
  const schema = raw.schema;
  const need = (cond: boolean, what: string) => {
    if (!cond) throw new UserError(where, `not a complete ${String(schema)} file: ${what}`);
  };
  if (schema === RUN_SCHEMA) {
    need(isObject(raw.outputs), `"outputs" is missing`);
    need(isObject(raw.model), `"model" is missing`);
    need(typeof raw.samples === "number", `"samples" is missing`);
    for (const key of ["distributions", "series", "parameters", "parameterInfo", "chance", "chanceInfo"]) need(raw[key] === undefined || isObject(raw[key]), `"${key}" is not an object`);
    for (const [name, d] of Object.entries((raw.distributions as Record<string, unknown>) ?? {})) {
      need(isObject(d) && Array.isArray(d.quantiles), `distributions.${name} has no quantiles`);
    }
    for (const [name, s] of Object.entries((raw.series as Record<string, unknown>) ?? {})) {
      need(isObject(s) && ["times", "running", "p5", "p25", "p50", "p75", "p95"].every((k) => Array.isArray(s[k])), `series.${name} is incomplete`);
    }
    return { kind: "run", result: raw as unknown as RunResult };
  }
  if (schema === SWEEP_SCHEMA) {
    need(Array.isArray(raw.swept) && raw.swept.length >= 1 && raw.swept.length <= 2, `"swept" must list one or two parameters`);
    need((raw.swept as unknown[]).every((a) => isObject(a) && typeof a.name === "string" && Array.isArray(a.values)), `"swept" entries need a name and values`);
    need(Array.isArray(raw.outputs), `"outputs" is missing`);
    need(Array.isArray(raw.points), `"points" is missing`);
    const expected = (raw.swept as { values: unknown[] }[]).reduce((n, a) => n * a.values.length, 1);
    need((raw.points as unknown[]).length === expected, `"points" has ${(raw.points as unknown[]).length} entries; the swept values make ${expected}`);
    need(typeof raw.samples === "number", `"samples" is missing`);
    return { kind: "sweep", result: raw as unknown as SweepResult };
  }
  if (schema === SENSITIVITY_SCHEMA) {
    need(typeof raw.method === "string", `"method" is missing`);
    need(isObject(raw.outputs), `"outputs" is missing`);
    need(Array.isArray(raw.factors), `"factors" is missing`);
    for (const [name, o] of Object.entries(raw.outputs as Record<string, unknown>)) {
      need(isObject(o), `outputs.${name} is not an object`);
      const part = (o as Record<string, unknown>)[raw.method as string];
      need(part === undefined || isObject(part), `outputs.${name}.${String(raw.method)} is not an object`);
      if (isObject(part)) need(Array.isArray(part.indices) || Array.isArray(part.rows), `outputs.${name}.${String(raw.method)} has no indices`);
    }
    return { kind: "sensitivity", result: raw as unknown as SensitivityResult };
  }
  if (schema === COMPARE_SCHEMA) {
    checkCompareResult(raw, need);
    return { kind: "compare", result: raw as unknown as CompareResult };
  }
  if (schema === "rsi-sim.design/1") throw new UserError(where, `is a sensitivity design, not results; run it and analyse it first (rsi-sim sensitivity), then make a report of the results`);
  const known = [RUN_SCHEMA, SWEEP_SCHEMA, SENSITIVITY_SCHEMA, COMPARE_SCHEMA].map((s) => `"${s}"`).join(", ");
  throw new UserError(where, schema === undefined ? `has no "schema" field; expected one of ${known}` : `unknown schema ${JSON.stringify(schema)}; this version reads ${known}`);
}

/** Fields that hold a probability wherever they are (a run's, a sweep point's, a scenario's p, a comparison's p_baseline and p_scenario, a timeline's p a year). */
const PROBABILITY_KEYS = new Set(["p", "p_baseline", "p_scenario", "p_defined"]);

/**
 * Every probability in a result (and the 95% interval beside a p) is null
 * or a number from 0 to 1, with the interval's ends in order: a result
 * file edited or damaged by hand is refused, naming the field, instead of
 * drawn as 150% with an interval of [-300%, 700%].
 */
function checkProbabilities(x: unknown, path: string, where: string): void {
  if (Array.isArray(x)) {
    x.forEach((v, i) => checkProbabilities(v, `${path}[${i}]`, where));
    return;
  }
  if (!isObject(x)) return;
  const probability = (v: unknown) => v === null || (typeof v === "number" && v >= 0 && v <= 1);
  // a timeline's p is a probability a year (per scenario)
  const probabilities = (v: unknown): boolean => probability(v) || (Array.isArray(v) && v.every(probabilities));
  const fail = (field: string, v: unknown, what: string) => {
    throw new UserError(where, `${path ? `${path.slice(1)}.` : ""}${field} must be ${what}, got ${JSON.stringify(v)?.slice(0, 60)}`);
  };
  for (const [k, v] of Object.entries(x)) {
    if (PROBABILITY_KEYS.has(k) && !probabilities(v)) fail(k, v, "a probability (a number from 0 to 1, or null)");
    else if (k === "ci" && (typeof x.p === "number" || x.p === null)) {
      const ok = Array.isArray(v) && v.length === 2 && v.every(probability) && !(typeof v[0] === "number" && typeof v[1] === "number" && v[0] > v[1]);
      if (!ok) fail(k, v, "the interval [low, high] of a probability (numbers from 0 to 1, or null, low ≤ high)");
    } else if (typeof v === "object" && v !== null) checkProbabilities(v, `${path}.${k}`, where);
  }
}

/** The report of any parsed result. */
export function reportHtml(parsed: ParsedResult, opts: ReportOptions = {}): string {
  switch (parsed.kind) {
    case "run":
      return runReportHtml(parsed.result, opts);
    case "sweep":
      return sweepReportHtml(parsed.result, opts);
    case "sensitivity":
      return sensitivityReportHtml(parsed.result, opts);
    case "compare":
      return compareReportHtml(parsed.result, opts);
  }
}
