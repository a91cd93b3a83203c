/**
 * A sweep as CSV, headed by comment lines (csvPreamble: provenance, a line
 * per column with its unit), in one of two layouts:
 *
 * - wide (the default): a row per point (grid cell): the swept values, then
 *   per output `NAME_p, NAME_ci_lo, NAME_ci_hi` (binary; and
 *   `NAME_p_defined, NAME_ci_defined_lo, NAME_ci_defined_hi` for one that
 *   is undefined in some draws, such as rsi-core's warned_before_loc: at
 *   every point, p where every draw is defined, empty where none is) or
 *   `NAME_mean, NAME_se, NAME_p5, NAME_p25, NAME_p50, NAME_p75, NAME_p95`
 *   (continuous), and `NAME_n`, the draws where it is defined; then, for an
 *   output whose value was not finite in some draw at some point, the
 *   count of each kind that occurs, at every point: `NAME_n_posinf`
 *   (+Infinity), `NAME_n_neginf` (−Infinity), `NAME_n_nan` (NaN from a
 *   domain error), as the JSON's `nonfinite`;
 * - long: a row per point × output × statistic, with columns `point`,
 *   `par.NAME` for each swept parameter, `output`, `statistic`, `value`;
 *   every statistic of the table and the JSON: `n`, `missing`
 *   (`n_posinf`, `n_neginf`, `n_nan` as in the wide layout), then `p`,
 *   `ci_lo`, `ci_hi` (and `p_defined`, `ci_defined_lo`, `ci_defined_hi`)
 *   (binary) or `mean`, `se`, `p5` … `p95` (continuous).
 *
 * Numbers are written as the JSON writes them (12 significant digits);
 * empty cells are undefined values.
 */
import { jsonNumber } from "../analysis/result.js";
import type { SweepResult } from "../analysis/sweep.js";
import type { NonFiniteKind, OutputSummary } from "../analysis/summary.js";
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

/**
 * An output's statistics in the CSV, by name: its kind's columns of the
 * wide layout. For a 0/1 output undefined in some draws somewhere
 * (`conditional`), p_defined and its interval at every point: where every
 * draw is defined they are p and its interval (the summary leaves them
 * out), and where none is they are undefined (empty), interval included.
 */
function statistics(kind: string, s: OutputSummary | undefined, conditional: boolean): [string, number | undefined][] {
  if (kind === "binary") {
    const p: [string, number | undefined][] = [["p", s?.p], ["ci_lo", s?.ci?.[0]], ["ci_hi", s?.ci?.[1]]];
    if (!conditional) return p;
    const none = s === undefined || !(s.n > 0);
    const all = s !== undefined && s.missing === 0 && s.p_defined === undefined;
    const pd = none ? undefined : all ? s.p : s.p_defined;
    const cd = none ? undefined : all ? s.ci : s.ci_defined;
    return [...p, ["p_defined", pd], ["ci_defined_lo", cd?.[0]], ["ci_defined_hi", cd?.[1]]];
  }
  return [["mean", s?.mean], ["se", s?.se], ...QUANTILES.map((q): [string, number | undefined] => [q, s?.quantiles[q]])];
}

/** The kinds of non-finite value, as the summaries count them (OutputSummary.nonfinite), and their statistics' names in the CSV. */
const NON_FINITE_STATS: [NonFiniteKind, string][] = [
  ["+Infinity", "n_posinf"],
  ["-Infinity", "n_neginf"],
  ["NaN", "n_nan"],
];

/** The non-finite kinds an output had at some point (these get a count at every point), in NON_FINITE_STATS's order. */
function nonFiniteKinds(r: SweepResult, name: string): [NonFiniteKind, string][] {
  return NON_FINITE_STATS.filter(([kind]) => r.points.some((pt) => (pt.outputs[name]?.nonfinite?.[kind] ?? 0) > 0));
}

/** An output's non-finite counts at a point, for the kinds given (0 where none). */
function nonFiniteCounts(s: OutputSummary | undefined, kinds: [NonFiniteKind, string][]): [string, number | undefined][] {
  return kinds.map(([kind, stat]) => [stat, s === undefined ? undefined : (s.nonfinite?.[kind] ?? 0)]);
}

const STAT_MEANING: Record<string, string> = {
  p: "share of the point's successful draws where it is 1 (an undefined draw counts as not 1)",
  ci_lo: "lower end of the Wilson 95% interval of p",
  ci_hi: "upper end of the Wilson 95% interval of p",
  p_defined: "share of the draws where it is defined that are 1 (what the table shows; p where every draw is defined; empty, as its interval, where none is)",
  ci_defined_lo: "lower end of the Wilson 95% interval of p_defined",
  ci_defined_hi: "upper end of the Wilson 95% interval of p_defined",
  n: "draws where it is defined",
  n_posinf: "draws (of the undefined ones) whose value was +Infinity: an overflow, or a division by zero",
  n_neginf: "draws (of the undefined ones) whose value was -Infinity: an overflow, or a division by zero",
  n_nan: "draws (of the undefined ones) whose value was NaN from a domain error of the output's expression (such as ln of a negative number); a milestone not reached is not counted here",
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
  const kinds = Object.fromEntries(r.outputs.map((o) => [o.name, nonFiniteKinds(r, o.name)]));
  for (const o of r.outputs) {
    for (const [stat] of [...statistics(o.kind, undefined, conditional.has(o.name)), ["n"], ...kinds[o.name].map(([, stat]) => [stat])]) {
      const unitless = stat === "n" || stat.startsWith("n_") || stat.startsWith("p_") || stat === "p" || stat.startsWith("ci_");
      columns.push([`${o.name}_${stat}`, unitless ? "" : o.unit, `${o.description}: ${STAT_MEANING[stat]}`]);
    }
  }
  const lines = [columns.map((c) => c[0]).join(",")];
  for (const pt of r.points) {
    const row = r.swept.map((a) => cell(pt.values[a.name]));
    for (const o of r.outputs) {
      const s = pt.outputs[o.name];
      row.push(...statistics(o.kind, s, conditional.has(o.name)).map(([, v]) => cell(v)), cell(s?.n), ...nonFiniteCounts(s, kinds[o.name]).map(([, v]) => cell(v)));
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
    [
      "statistic",
      "",
      "n (draws where defined), missing (successful draws where undefined), " +
        Object.entries(STAT_MEANING)
          .filter(([k]) => k !== "n" && !k.startsWith("n_"))
          .map(([k, v]) => `${k} (${v})`)
          .join(", ") +
        ", and for an output whose value was not finite in some draw at some point, at every point: " +
        NON_FINITE_STATS.map(([, k]) => `${k} (${STAT_MEANING[k]})`).join(", ") +
        ", each only for a kind that occurs",
    ],
    ["value", "", "the statistic's value, in the output's unit for mean, se and the percentiles"],
  ];
  const notes = r.outputs.map((o) => `output ${o.name} [${o.unit}]: ${o.kind}: ${o.description}`);
  const conditional = conditionalOutputs(r);
  const kinds = Object.fromEntries(r.outputs.map((o) => [o.name, nonFiniteKinds(r, o.name)]));
  const lines = [columns.map((c) => c[0]).join(",")];
  for (const pt of r.points) {
    const at = [String(pt.index), ...r.swept.map((a) => cell(pt.values[a.name]))].join(",");
    for (const o of r.outputs) {
      const s = pt.outputs[o.name];
      const stats: [string, number | undefined][] = [["n", s?.n], ["missing", s?.missing], ...nonFiniteCounts(s, kinds[o.name]), ...statistics(o.kind, s, conditional.has(o.name))];
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
