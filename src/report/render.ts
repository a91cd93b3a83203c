/**
 * Every output a front end writes, from a use case's result: the terminal
 * table, the JSON contract, CSV, and the HTML report, for runs, sweeps and
 * sensitivity analyses. The CLI, `rsi-sim merge` and the notebooks render
 * through these, so a merged result prints the same bytes as the single
 * command.
 */
import { describeValue } from "../core/printable.js";
import { ArgumentError } from "../core/errors.js";
import type { SimulationResult } from "../engine/simulate.js";
import type { CompiledModel } from "../model/types.js";
import type { ParameterSetting } from "../sampling/sampler.js";
import { resultJSON, type RunResult } from "../analysis/result.js";
import type { SweepResult } from "../analysis/sweep.js";
import { sweepCSV, type CSVLayout } from "./sweep-csv.js";
export { type CSVLayout } from "./sweep-csv.js";
import type { SensitivityResult } from "../analysis/sensitivity.js";
import { outcomeCSV } from "./csv.js";
import { runReportHtml, sensitivityReportHtml, sweepReportHtml, type ReportOptions } from "./html.js";
import { formatRunTable, pastHorizonNotes } from "./run-table.js";
import { sensitivityText } from "./sensitivity-table.js";
import { formatSweepTable } from "./sweep-table.js";
import type { CompareResult } from "../analysis/compare.js";
import { compareCSV, formatCompareTable } from "./compare-table.js";
import { compareReportHtml } from "./compare.js";

/** The formats a run or a sweep renders to (a sensitivity analysis: table or json). */
export type Format = "table" | "json" | "csv";

/** How a table is laid out: its width (default 80) and, when given, the seconds the command took (shown in the header). */
export interface TableLayout {
  width?: number;
  elapsed?: number;
  /** a sweep's CSV: wide (a row per point, the default) or long (a row per point × output × statistic) */
  csvLayout?: CSVLayout;
}

/** A run to render: its outcome table and its summary (with the command that reproduces it). */
export interface RenderableRun {
  sim: SimulationResult;
  result: RunResult & { command?: string };
}

/** Refuse a value that is not what a render function takes, naming it. */
function need(ok: boolean, argument: string, what: string, value: unknown): void {
  if (!ok) throw new ArgumentError(argument, `must be ${what}, got ${describeValue(value)}`);
}

function checkFormat(format: unknown): void {
  need(format === "table" || format === "json" || format === "csv", "format", '"table", "json" or "csv"', format);
}

/**
 * A run as a table, its result JSON, or a CSV of its draws (the CSV needs the draws' parameters kept).
 *
 * @example
 * const outcome = await run({ samples: 200, keepParameters: true });
 * renderRun(outcome, "csv").split("\n").find((l) => !l.startsWith("#")); // "draw,failed,out.loc,…"
 */
export function renderRun(run: RenderableRun, format: Format, layout: TableLayout = {}): string {
  need(typeof run?.sim?.table === "object" && typeof run?.result?.outputs === "object", "run", "a run's outcome ({ sim, result }, from run() or merge())", run);
  checkFormat(format);
  const { sim, result } = run;
  if (format === "json") return resultJSON(result);
  if (format === "csv") return outcomeCSV(sim, result.command);
  const histogram = "takeoff_years" in sim.table.columns ? "takeoff_years" : undefined;
  return formatRunTable(sim, result, { command: result.command ?? "", histogram, width: layout.width, elapsed: layout.elapsed });
}

/**
 * The HTML report of a run: one self-contained page, plotly inlined.
 *
 * @example
 * const { result } = await run({ samples: 200 });
 * const html = renderRunHtml(result); // write it to a file and open it offline
 */
export function renderRunHtml(result: RunResult & { command?: string }, opts: ReportOptions = {}): string {
  return runReportHtml(result, { outputInfo: result.outputInfo, ...opts });
}

/** A sweep to render: its result, how each axis was given and the other settings (for the table's header). */
export interface RenderableSweep {
  result: SweepResult;
  how?: string[];
  overrides?: Record<string, ParameterSetting>;
  /** the model, when known (a sweep's outcome): for the notes of outputs that ask about a year past the horizon, and of swept values outside a prior's support */
  model?: CompiledModel;
}

/**
 * A sweep as a table, its JSON, or a CSV (`csvLayout` wide, the default: a
 * row per point; long: a row per point × output × statistic).
 *
 * @example
 * const s = await sweep({ param: "ratio", values: [20, 2000], samples: 200 });
 * console.log(renderSweep(s, "table"));
 */
export function renderSweep(s: RenderableSweep, format: Format, layout: TableLayout = {}): string {
  need(Array.isArray(s?.result?.points), "sweep", "a sweep's outcome ({ result }, from sweep() or merge())", s);
  checkFormat(format);
  if (format === "json") return resultJSON(s.result);
  if (format === "csv") return sweepCSV(s.result, layout.csvLayout ?? "wide");
  const shown = new Set(s.result.outputs.map((o) => o.name));
  const pastHorizon = s.model ? pastHorizonNotes(s.model.outputs.filter((o) => shown.has(o.name)), s.result.horizon) : [];
  return formatSweepTable(s.result, { how: s.how, overrides: s.overrides, command: s.result.command, width: layout.width, elapsed: layout.elapsed, pastHorizon, model: s.model });
}

/**
 * The HTML report of a sweep.
 *
 * @example
 * const s = await sweep({ param: "ratio", values: [20, 2000], samples: 200 });
 * const html = renderSweepHtml(s.result);
 */
export function renderSweepHtml(result: SweepResult, opts: ReportOptions = {}): string {
  return sweepReportHtml(result, opts);
}

/**
 * A sensitivity analysis as a table or its JSON, with the command that reproduces it.
 *
 * @example
 * const a = await sensitivity({ method: "oat", samples: 20, params: ["gamma", "h_max"], outputs: ["loc"] });
 * console.log(renderSensitivity(a, "table"));
 */
export function renderSensitivity(s: { result: SensitivityResult; command?: string }, format: "table" | "json"): string {
  return sensitivityText(format, s.result, s.command ?? "");
}

/**
 * The HTML report of a sensitivity analysis.
 *
 * @example
 * const a = await sensitivity({ method: "oat", samples: 20, params: ["gamma"], outputs: ["loc"] });
 * const html = renderSensitivityHtml(a);
 */
export function renderSensitivityHtml(s: { result: SensitivityResult; command?: string }, opts: ReportOptions = {}): string {
  return sensitivityReportHtml({ ...s.result, command: s.command }, opts);
}

/**
 * A comparison as a table, its JSON (docs/compare-json.md), or a CSV with a
 * row per output and scenario against the baseline.
 *
 * @example
 * const c = await compare({ samples: 200, scenarios: [{ name: "200:1", settings: { ratio: 200 } }, { name: "20:1", settings: { ratio: 20 } }] });
 * renderCompare(c, "csv").split("\n")[0]; // "output,kind,baseline,scenario,n,…"
 */
export function renderCompare(c: { result: CompareResult; model?: CompiledModel }, format: Format): string {
  need(Array.isArray(c?.result?.comparisons), "comparison", "a comparison's outcome ({ result }, from compare() or merge())", c);
  checkFormat(format);
  if (format === "json") return resultJSON(c.result);
  if (format === "csv") return compareCSV(c.result);
  const shown = new Set(c.result.outputs.map((o) => o.name));
  const pastHorizon = c.model ? pastHorizonNotes(c.model.outputs.filter((o) => shown.has(o.name)), c.result.horizon) : [];
  return formatCompareTable(c.result, pastHorizon);
}

/**
 * The HTML report of a comparison: its first chart is the paired difference.
 *
 * @example
 * const c = await compare({ samples: 200, scenarios: [{ name: "a", settings: { ratio: 200 } }, { name: "b", settings: { ratio: 20 } }] });
 * const html = renderCompareHtml(c.result);
 */
export function renderCompareHtml(result: CompareResult, opts: ReportOptions = {}): string {
  return compareReportHtml(result, opts);
}
