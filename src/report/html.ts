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
  const schema = raw.schema;
  if (schema === RUN_SCHEMA) {
    checkResult("run", raw, where);
    return { kind: "run", result: raw as unknown as RunResult };
  }
  if (schema === SWEEP_SCHEMA) {
    checkResult("sweep", raw, where);
    return { kind: "sweep", result: raw as unknown as SweepResult };
  }
  if (schema === SENSITIVITY_SCHEMA) {
    checkResult("sensitivity", raw, where);
    return { kind: "sensitivity", result: raw as unknown as SensitivityResult };
  }
  if (schema === COMPARE_SCHEMA) {
    checkResult("compare", raw, where);
    return { kind: "compare", result: raw as unknown as CompareResult };
  }
  if (schema === "rsi-sim.design/1") throw new UserError(where, `is a sensitivity design, not results; run it and analyse it first (rsi-sim sensitivity), then make a report of the results`);
  const known = [RUN_SCHEMA, SWEEP_SCHEMA, SENSITIVITY_SCHEMA, COMPARE_SCHEMA].map((s) => `"${s}"`).join(", ");
  throw new UserError(where, schema === undefined ? `has no "schema" field; expected one of ${known}` : `unknown schema ${JSON.stringify(schema)}; this version reads ${known}`);
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
