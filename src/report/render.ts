/**
 * Every output a front end writes, from a use case's result: the terminal
 * table, the JSON contract, CSV, and the HTML report, for runs, sweeps and
 * sensitivity analyses. The CLI, `rsi-sim merge` and the notebooks render
 * through these, so a merged result prints the same bytes as the single
 * command.
 */
import type { SimulationResult } from "../engine/simulate.js";
import type { ParameterSetting } from "../sampling/sampler.js";
import { resultJSON, type RunResult } from "../analysis/result.js";
import { sweepCSV, type SweepResult } from "../analysis/sweep.js";
import type { SensitivityResult } from "../analysis/sensitivity.js";
import { outcomeCSV } from "./csv.js";
import { runReportHtml, sensitivityReportHtml, sweepReportHtml, type ReportOptions } from "./html.js";
import { formatRunTable } from "./run-table.js";
import { sensitivityText } from "./sensitivity-table.js";
import { formatSweepTable } from "./sweep-table.js";

/** The formats a run or a sweep renders to (a sensitivity analysis: table or json). */
export type Format = "table" | "json" | "csv";

/** A run to render: its outcome table and its summary (with the command that reproduces it). */
export interface RenderableRun {
  sim: SimulationResult;
  result: RunResult & { command?: string };
}

/** A run as a table, its result JSON, or a CSV of its draws (the CSV needs the draws' parameters kept). */
export function renderRun(run: RenderableRun, format: Format): string {
  const { sim, result } = run;
  if (format === "json") return resultJSON(result);
  if (format === "csv") return outcomeCSV(sim);
  const histogram = "takeoff_years" in sim.table.columns ? "takeoff_years" : undefined;
  return formatRunTable(sim, result, { command: result.command ?? "", histogram });
}

/** The HTML report of a run. */
export function renderRunHtml(result: RunResult & { command?: string }, opts: ReportOptions = {}): string {
  return runReportHtml(result, { outputInfo: result.outputInfo, ...opts });
}

/** A sweep to render: its result, how each axis was given and the other settings (for the table's header). */
export interface RenderableSweep {
  result: SweepResult;
  how?: string[];
  overrides?: Record<string, ParameterSetting>;
}

/** A sweep as a table, its JSON, or a CSV with a row per point. */
export function renderSweep(s: RenderableSweep, format: Format): string {
  if (format === "json") return resultJSON(s.result);
  if (format === "csv") return sweepCSV(s.result);
  return formatSweepTable(s.result, { how: s.how, overrides: s.overrides, command: s.result.command });
}

/** The HTML report of a sweep. */
export function renderSweepHtml(result: SweepResult, opts: ReportOptions = {}): string {
  return sweepReportHtml(result, opts);
}

/** A sensitivity analysis as a table or its JSON, with the command that reproduces it. */
export function renderSensitivity(s: { result: SensitivityResult; command?: string }, format: "table" | "json"): string {
  return sensitivityText(format, s.result, s.command ?? "");
}

/** The HTML report of a sensitivity analysis. */
export function renderSensitivityHtml(s: { result: SensitivityResult; command?: string }, opts: ReportOptions = {}): string {
  return sensitivityReportHtml({ ...s.result, command: s.command }, opts);
}
