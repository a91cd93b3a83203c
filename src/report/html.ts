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
 * parseResultText reads any of the four from JSON text and checks it
 * (result-check.ts: its kind's schema and what relates its fields).
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
import { checkResult } from "./result-check.js";
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
  checkProbabilities(raw, where);
  const schema = raw.schema;
  const need = (cond: boolean, what: string) => {
    if (!cond) throw new UserError(where, `not a complete ${String(schema)} file: ${what}`);
  };
  if (schema === RUN_SCHEMA) {
    checkResult("run", raw, where);
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
    checkResult("sweep", raw, where);
    return { kind: "sweep", result: raw as unknown as SweepResult };
  }
  if (schema === SENSITIVITY_SCHEMA) {
    checkResult("sensitivity", raw, where);
    return { kind: "sensitivity", result: raw as unknown as SensitivityResult };
  }
  if (schema === COMPARE_SCHEMA) {
    checkCompareResult(raw, need);
    checkResult("compare", raw, where);
    return { kind: "compare", result: raw as unknown as CompareResult };
  }
  if (schema === "rsi-sim.design/1") throw new UserError(where, `is a sensitivity design, not results; run it and analyse it first (rsi-sim sensitivity), then make a report of the results`);
  const known = [RUN_SCHEMA, SWEEP_SCHEMA, SENSITIVITY_SCHEMA, COMPARE_SCHEMA].map((s) => `"${s}"`).join(", ");
  throw new UserError(where, schema === undefined ? `has no "schema" field; expected one of ${known}` : `unknown schema ${JSON.stringify(schema)}; this version reads ${known}`);
}

/**
 * The probabilities of a result (the schema already known) and the 95%
 * interval beside each p are null or numbers from 0 to 1, the interval's
 * ends in order: a result file edited or damaged by hand is refused, naming
 * the field, instead of drawn as 150% with an interval of [-300%, 700%].
 * Only the fields rsi-sim writes as probabilities are checked, at their
 * places: a binary output's p and ci (a run's outputs, a sweep point's, a
 * scenario's), a comparison's p_baseline and p_scenario, a timeline's p a
 * year; never a key of a map of names (a parameter or an output named p).
 */
function checkProbabilities(raw: Record<string, unknown>, where: string): void {
  const probability = (v: unknown) => v === null || (typeof v === "number" && v >= 0 && v <= 1);
  const probabilities = (v: unknown): boolean => probability(v) || (Array.isArray(v) && v.every(probabilities));
  const fail = (field: string, v: unknown, what: string): never => {
    throw new UserError(where, `${field} must be ${what}, got ${JSON.stringify(v)?.slice(0, 60)}`);
  };
  const PROBABILITY = "a probability (a number from 0 to 1, or null)";
  /** A map of outputs (name → summary) at `path`: each binary one's p and ci. */
  const outputs = (m: unknown, path: string) => {
    if (!isObject(m)) return;
    for (const [name, o] of Object.entries(m)) {
      if (!isObject(o) || !("p" in o)) continue;
      if (!probability(o.p)) fail(`${path}.${name}.p`, o.p, PROBABILITY);
      const ci = o.ci;
      if (ci !== undefined && !(Array.isArray(ci) && ci.length === 2 && ci.every(probability) && !(typeof ci[0] === "number" && typeof ci[1] === "number" && ci[0] > ci[1]))) {
        fail(`${path}.${name}.ci`, ci, "the interval [low, high] of a probability (numbers from 0 to 1, or null, low ≤ high)");
      }
    }
  };
  const each = (list: unknown, path: string, check: (x: Record<string, unknown>, at: string) => void) => {
    if (Array.isArray(list)) list.forEach((x, i) => isObject(x) && check(x, `${path}[${i}]`));
  };
  if (raw.schema === RUN_SCHEMA) outputs(raw.outputs, "outputs");
  if (raw.schema === SWEEP_SCHEMA) each(raw.points, "points", (pt, at) => outputs(pt.outputs, `${at}.outputs`));
  if (raw.schema === COMPARE_SCHEMA) {
    each(raw.scenarios, "scenarios", (sc, at) => outputs(sc.outputs, `${at}.outputs`));
    each(raw.comparisons, "comparisons", (c, at) => {
      if (!isObject(c.outputs)) return;
      for (const [name, o] of Object.entries(c.outputs)) {
        if (!isObject(o)) continue;
        for (const k of ["p_baseline", "p_scenario"]) if (k in o && !probability(o[k])) fail(`${at}.outputs.${name}.${k}`, o[k], PROBABILITY);
      }
    });
    const timeline = raw.timeline;
    if (isObject(timeline)) each(timeline.curves, "timeline.curves", (c, at) => "p" in c && !probabilities(c.p) && fail(`${at}.p`, c.p, PROBABILITY));
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
