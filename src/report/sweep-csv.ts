/**
 * A sweep as CSV, headed by comment lines (csvPreamble: provenance, a line
 * per column with its unit), in one of two layouts:
 *
 * - wide (the default): a row per point (grid cell): the swept values, then
 *   per output `NAME_p, NAME_ci_lo, NAME_ci_hi` (binary; and
 *   `NAME_p_defined, NAME_ci_defined_lo, NAME_ci_defined_hi` for one that
 *   is undefined in some draws, such as rsi-core's warned_before_loc) or
 *   `NAME_mean, NAME_se, NAME_p5, NAME_p25, NAME_p50, NAME_p75, NAME_p95`
 *   (continuous), and `NAME_n`, the draws where it is defined;
 * - long: a row per point × output × statistic, with columns `point`,
 *   `par.NAME` for each swept parameter, `output`, `statistic`, `value`;
 *   every statistic of the table and the JSON: `n`, `missing`, then `p`,
 *   `ci_lo`, `ci_hi` (and `p_defined`, `ci_defined_lo`, `ci_defined_hi`)
 *   (binary) or `mean`, `se`, `p5` … `p95` (continuous).
 *
 * Numbers are written as the JSON writes them (12 significant digits);
 * empty cells are undefined values.
 */
import { jsonNumber } from "../analysis/result.js";
import type { SweepResult } from "../analysis/sweep.js";
import type { OutputSummary } from "../analysis/summary.js";
import { csvPreamble } from "./csv.js";

/** The layouts of a sweep's CSV. */
export const CSV_LAYOUTS = ["wide", "long"] as const;
/** A sweep CSV's layout: wide (a row per point) or long (a row per point × output × statistic). */
export type CSVLayout = (typeof CSV_LAYOUTS)[number];

const cell = (x: number | undefined) => {
  const v = x === undefined ? null : jsonNumber(x);
  return v === null ? "" : String(v);
};

const QUANTILES = ["p5", "p25", "p50", "p75", "p95"] as const;

/** An output's statistics in the CSV, by name: its kind's columns of the wide layout. */
function statistics(kind: string, s: OutputSummary | undefined, conditional: boolean): [string, number | undefined][] {
  if (kind === "binary") {
    const p: [string, number | undefined][] = [["p", s?.p], ["ci_lo", s?.ci?.[0]], ["ci_hi", s?.ci?.[1]]];
    return conditional ? [...p, ["p_defined", s?.p_defined], ["ci_defined_lo", s?.ci_defined?.[0]], ["ci_defined_hi", s?.ci_defined?.[1]]] : p;
  }
  return [["mean", s?.mean], ["se", s?.se], ...QUANTILES.map((q): [string, number | undefined] => [q, s?.quantiles[q]])];
}

const STAT_MEANING: Record<string, string> = {
  p: "share of the point's successful draws where it is 1 (an undefined draw counts as not 1)",
  ci_lo: "lower end of the Wilson 95% interval of p",
  ci_hi: "upper end of the Wilson 95% interval of p",
  p_defined: "share of the draws where it is defined that are 1 (what the table shows)",
  ci_defined_lo: "lower end of the Wilson 95% interval of p_defined",
  ci_defined_hi: "upper end of the Wilson 95% interval of p_defined",
  n: "draws where it is defined",
  mean: "mean over the draws where it is defined",
  se: "Monte Carlo standard error of the mean",
  p5: "5th percentile over the draws where it is defined",
  p25: "25th percentile",
  p50: "median",
  p75: "75th percentile",
  p95: "95th percentile",
};

function preamble(r: SweepResult, layout: CSVLayout, columns: [string, string, string][], notes?: string[]): string {
  const what = layout === "wide" ? "sweep, wide layout (a row per point)" : "sweep, long layout (a row per point, output and statistic)";
  return csvPreamble({ what, model: r.model, seed: r.seed, samples: `${r.samples} draws per point, the same draws at every point`, command: r.command, columns, notes });
}

/** The binary outputs undefined in some draws at some point: they get p_defined beside p. */
function conditionalOutputs(r: SweepResult): Set<string> {
  return new Set(r.outputs.filter((o) => o.kind === "binary" && r.points.some((pt) => (pt.outputs[o.name]?.missing ?? 0) > 0)).map((o) => o.name));
}

function wide(r: SweepResult): string {
  const conditional = conditionalOutputs(r);
  const columns: [string, string, string][] = r.swept.map((a) => [a.name, a.unit, `swept parameter: ${a.description}`]);
  for (const o of r.outputs) {
    for (const [stat] of [...statistics(o.kind, undefined, conditional.has(o.name)), ["n"]]) {
      const unitless = stat === "n" || stat.startsWith("p_") || stat === "p" || stat.startsWith("ci_");
      columns.push([`${o.name}_${stat}`, unitless ? "" : o.unit, `${o.description}: ${STAT_MEANING[stat]}`]);
    }
  }
  const lines = [columns.map((c) => c[0]).join(",")];
  for (const pt of r.points) {
    const row = r.swept.map((a) => cell(pt.values[a.name]));
    for (const o of r.outputs) {
      const s = pt.outputs[o.name];
      row.push(...statistics(o.kind, s, conditional.has(o.name)).map(([, v]) => cell(v)), cell(s?.n));
    }
    lines.push(row.join(","));
  }
  return preamble(r, "wide", columns) + lines.join("\n") + "\n";
}

function long(r: SweepResult): string {
  const columns: [string, string, string][] = [
    ["point", "", "index of the point (grid cell) in the sweep JSON's points"],
    ...r.swept.map((a): [string, string, string] => [`par.${a.name}`, a.unit, `swept parameter: ${a.description}`]),
    ["output", "", "the output's name (its unit and meaning: the lines below)"],
    ["statistic", "", "n (draws where defined), missing (successful draws where undefined), " + Object.entries(STAT_MEANING).filter(([k]) => k !== "n").map(([k, v]) => `${k} (${v})`).join(", ")],
    ["value", "", "the statistic's value, in the output's unit for mean, se and the percentiles"],
  ];
  const notes = r.outputs.map((o) => `output ${o.name} [${o.unit}]: ${o.kind}: ${o.description}`);
  const conditional = conditionalOutputs(r);
  const lines = [columns.map((c) => c[0]).join(",")];
  for (const pt of r.points) {
    const at = [String(pt.index), ...r.swept.map((a) => cell(pt.values[a.name]))].join(",");
    for (const o of r.outputs) {
      const s = pt.outputs[o.name];
      const stats: [string, number | undefined][] = [["n", s?.n], ["missing", s?.missing], ...statistics(o.kind, s, conditional.has(o.name))];
      for (const [stat, v] of stats) lines.push(`${at},${o.name},${stat},${cell(v)}`);
    }
  }
  return preamble(r, "long", columns, notes) + lines.join("\n") + "\n";
}

/**
 * A sweep as CSV in the given layout (wide: a row per point; long: a row
 * per point × output × statistic).
 *
 * @example
 * const s = await sweep({ param: "ratio", values: [20, 2000], samples: 200 });
 * const rows = sweepCSV(s.result, "long").split("\n").filter((l) => l && !l.startsWith("#"));
 */
export function sweepCSV(r: SweepResult, layout: CSVLayout = "wide"): string {
  return layout === "long" ? long(r) : wide(r);
}
