/**
 * The terminal table of a comparison: the scenarios and their settings,
 * then for each scenario against the baseline the paired differences of
 * the probabilities (with flips, relative risk and draws per flip), the
 * shifts of the measured outcomes, P(date ≤ year) over time and the shift
 * of milestone dates, and the command that reproduces the numbers.
 */
import type { CompareResult, ScenarioComparison } from "../analysis/compare.js";
import type { BinaryComparison, ContinuousComparison } from "../analysis/compare-stats.js";
import { short } from "./sweep-table.js";
import { csvPreamble } from "./csv.js";
import { clip, DEFAULT_WIDTH, groupDigits as count, lpad, pad, wrap } from "./text.js";
import { NON_FINITE_HEADING, nonFiniteItems } from "./nonfinite.js";

/** Each scenario's outputs with values that were not finite, "a: dom: 108 of 200 draws NaN (domain error)". */
export function compareNonFinite(r: CompareResult): string[] {
  const names = [...new Set([...r.outputs.map((o) => o.name), ...r.timeline.curves.map((c) => c.name)])];
  const groups = r.scenarios.map((s) => ({ label: s.name, outputs: s.outputs }));
  return nonFiniteItems(groups, names);
}

/** A probability as a percentage with one decimal. */
function pct(x: number | undefined): string {
  if (x === undefined || !Number.isFinite(x)) return "—";
  return `${(100 * x).toFixed(1)}%`;
}

/** A signed change in percentage points. */
function pp(x: number): string {
  if (!Number.isFinite(x)) return "—";
  const s = (100 * x).toFixed(Math.abs(x) < 0.001 && x !== 0 ? 2 : 1);
  return x > 0 ? `+${s}` : s.startsWith("-0.0") && Number(s) === 0 ? "0.0" : s;
}

const signed = (x: number) => (!Number.isFinite(x) ? short(x) : x > 0 ? `+${short(x)}` : short(x));
const interval = (ci: [number, number], f: (x: number) => string) => `[${f(ci[0])}, ${f(ci[1])}]`;

function settingsText(settings: Record<string, number | string>): string {
  const parts = Object.entries(settings).map(([k, v]) => `${k}=${typeof v === "number" ? v : `"${v}"`}`);
  return parts.length > 0 ? parts.join(", ") : "the model's settings";
}

function header(r: CompareResult): string[] {
  const lines = [
    `rsi-sim ${r.version} · model ${r.model.name} · ${r.scenarios.length} scenarios on the same ${count(r.samples)} draws · seed ${r.seed}`,
  ];
  r.scenarios.forEach((s, i) => lines.push(`  ${i === r.baseline ? "baseline" : "scenario"} ${pad(`"${s.name}"`, 14)} ${settingsText(s.settings)}`));
  lines.push(
    "",
    "Every scenario runs the same draws (common random numbers): differences are paired draw by",
    "draw, with 95% intervals (Agresti–Min for probabilities, normal for means, bootstrap over",
    "draws for quantiles); flips count the draws whose outcome changes each way.",
  );
  return lines;
}

function probabilityRows(r: CompareResult, c: ScenarioComparison, scenario: string, baseline: string): string[] {
  const names = r.outputs.filter((o) => o.kind === "binary").map((o) => o.name);
  if (names.length === 0) return [];
  const lines = [
    "",
    `${pad("Probabilities", 20)}${lpad(clip(baseline, 7), 8)}${lpad(clip(scenario, 7), 8)}${lpad("diff pp", 9)}  ${pad("95% interval", 16)}${lpad("flips +/−", 13)}${lpad("RR", 6)}${lpad("1 per", 7)}`,
  ];
  for (const name of names) {
    const d = c.outputs[name] as BinaryComparison;
    const flips = `${count(d.up)}/${count(d.down)}`;
    const nnt = Number.isFinite(d.nnt) ? short(d.nnt) : "—";
    lines.push(
      `  ${pad(clip(name, 18), 18)}${lpad(pct(r.scenarios[c.baseline].outputs[name].p), 8)}${lpad(pct(r.scenarios[c.scenario].outputs[name].p), 8)}` +
        `${lpad(pp(d.diff), 9)}  ${pad(interval(d.ci, pp), 16)}${lpad(flips, 13)}${lpad(short(d.rr), 6)}${lpad(nnt, 7)}`,
    );
  }
  lines.push("  (1 per: draws per net flip, 1/|diff|; RR: P(scenario)/P(baseline))");
  return lines;
}

function measuredRows(r: CompareResult, c: ScenarioComparison, scenario: string, baseline: string): string[] {
  const outs = r.outputs.filter((o) => o.kind !== "binary");
  if (outs.length === 0) return [];
  const lines = ["", `${pad("Measured (median)", 26)}${lpad(clip(baseline, 7), 8)}${lpad(clip(scenario, 7), 8)}  ${pad("median shift [95%]", 24)}${pad("mean paired diff [95%]", 24)}`];
  for (const o of outs) {
    const d = c.outputs[o.name] as ContinuousComparison;
    const label = o.unit ? `${o.name} (${o.unit})` : o.name;
    const med = d.quantiles.p50;
    lines.push(
      `  ${pad(clip(label, 24), 24)}${lpad(short(r.scenarios[c.baseline].outputs[o.name].quantiles.p50), 8)}${lpad(short(r.scenarios[c.scenario].outputs[o.name].quantiles.p50), 8)}` +
        // (a column too narrow for its text keeps a space before the next)
        `  ${pad(`${signed(med.diff)} ${interval(med.ci, signed)}`, 23)} ${signed(d.mean_diff)} ${interval(d.ci, signed)}`,
    );
    if (d.lost + d.gained > 0) lines.push(`    defined under ${baseline} only: ${count(d.lost)} draws; under ${scenario} only: ${count(d.gained)}`);
  }
  return lines;
}

/** About eight years of the timeline, evenly spread, for the terminal. */
function someYears(years: number[]): number[] {
  if (years.length <= 8) return years.map((_, k) => k);
  return Array.from({ length: 8 }, (_, j) => Math.round((j * (years.length - 1)) / 7));
}

function timelineRows(r: CompareResult, c: ScenarioComparison, scenario: string, baseline: string): string[] {
  const curves = r.timeline.curves;
  if (curves.length === 0) return [];
  const ks = someYears(r.timeline.years);
  const lines = ["", `Over time: P(date ≤ year), ${scenario} − ${baseline}, pp [95%]`];
  lines.push(`  ${pad("", 14)}${ks.map((k) => lpad(String(r.timeline.years[k]), 8)).join("")}`);
  for (const curve of curves) {
    const d = curve.differences.find((x) => x.scenario === c.scenario)!;
    lines.push(`  ${pad(clip(curve.name, 14), 14)}${ks.map((k) => lpad(pp(d.diff[k]), 8)).join("")}`);
    lines.push(`  ${pad("", 14)}${ks.map((k) => lpad(`±${(50 * (d.hi[k] - d.lo[k])).toFixed(1)}`, 8)).join("")}`);
  }
  lines.push("", `Dates: median shift (${r.timeline.unit}) [95%], draws reaching it under ${baseline} only / ${scenario} only`);
  for (const curve of curves) {
    const s = curve.shifts.find((x) => x.scenario === c.scenario)!.shift as ContinuousComparison;
    const med = s.quantiles.p50;
    lines.push(`  ${pad(clip(curve.name, 14), 14)}${pad(`${signed(med.diff)} ${interval(med.ci, signed)}`, 25)} ${count(s.lost)} / ${count(s.gained)}`);
  }
  return lines;
}

/** The table of a comparison, with the command that reproduces it. */
export function formatCompareTable(r: CompareResult): string {
  const lines = header(r);
  for (const c of r.comparisons) {
    const scenario = r.scenarios[c.scenario].name;
    const baseline = r.scenarios[c.baseline].name;
    lines.push("", `── ${scenario} against ${baseline} ${"─".repeat(Math.max(3, 70 - scenario.length - baseline.length))}`);
    lines.push(...probabilityRows(r, c, scenario, baseline), ...measuredRows(r, c, scenario, baseline), ...timelineRows(r, c, scenario, baseline));
  }
  const nonfinite = compareNonFinite(r);
  if (nonfinite.length > 0) lines.push("", ...wrap(NON_FINITE_HEADING, DEFAULT_WIDTH), ...nonfinite.flatMap((item) => wrap(item, DEFAULT_WIDTH, "  ", "    ")));
  lines.push("", `Failed draws: ${count(r.failed)}`);
  if (r.command) lines.push("", `Reproduce: ${r.command}`);
  return lines.join("\n") + "\n";
}

/** The comment lines that head the comparison's CSV (provenance and columns, as the other CSVs). */
function compareCSVPreamble(r: CompareResult): string {
  const scenarios = r.scenarios.map((s, i) => `${s.name}${i === r.baseline ? " (baseline)" : ""}: ${Object.entries(s.settings).map(([k, v]) => `${k} = ${v}`).join(", ") || "the model's settings"}`);
  const col = (name: string, unit: string, meaning: string): [string, string, string] => [name, unit, meaning];
  return csvPreamble({
    what: "comparison (a row per output and scenario, against the baseline, on the same draws)",
    model: r.model,
    seed: r.seed,
    samples: `${r.samples} draws, the same under every scenario`,
    command: r.command,
    columns: [
      col("output", "", "the output compared"),
      col("kind", "", "binary (a probability) or continuous (a measured outcome)"),
      col("baseline", "", "the baseline scenario"),
      col("scenario", "", "the scenario compared with it"),
      col("n", "draws", "pairs of draws where the output is compared"),
      col("value_baseline", "P or the output's unit", "P (binary) or the mean (continuous) under the baseline"),
      col("value_scenario", "P or the output's unit", "the same under the scenario"),
      col("diff", "P", "paired difference of P, scenario − baseline (binary)"),
      col("ci_lo", "P", "its 95% interval, lower end (Agresti–Min)"),
      col("ci_hi", "P", "its 95% interval, upper end"),
      col("up", "draws", "draws whose outcome goes 0 → 1"),
      col("down", "draws", "draws whose outcome goes 1 → 0"),
      col("rr", "", "relative risk P(scenario) / P(baseline)"),
      col("rr_lo", "", "its 95% interval, lower end"),
      col("rr_hi", "", "its 95% interval, upper end"),
      col("per_flip", "draws", "draws per net flip, 1 / |diff|"),
      col("median_shift", "the output's unit", "median(scenario) − median(baseline) (continuous)"),
      col("median_shift_lo", "the output's unit", "its 95% bootstrap interval, lower end"),
      col("median_shift_hi", "the output's unit", "its 95% bootstrap interval, upper end"),
    ],
    notes: scenarios.map((s) => `scenario ${s}`),
  });
}

const cell = (x: number | undefined) => (x === undefined || !Number.isFinite(x) ? "" : String(Number(x.toPrecision(12))));
const quote = (s: string) => (/[",\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s);

/**
 * One row per output and scenario against the baseline: the values, the
 * paired difference with its interval, flips, relative risk and draws per
 * flip (probabilities), or the medians and the median shift (measured).
 */
export function compareCSV(r: CompareResult): string {
  const head = "output,kind,baseline,scenario,n,value_baseline,value_scenario,diff,ci_lo,ci_hi,up,down,rr,rr_lo,rr_hi,per_flip,median_shift,median_shift_lo,median_shift_hi";
  const lines = [compareCSVPreamble(r).trimEnd(), head];
  for (const c of r.comparisons) {
    const base = r.scenarios[c.baseline];
    const sc = r.scenarios[c.scenario];
    for (const o of r.outputs) {
      const d = c.outputs[o.name];
      const start = [o.name, o.kind, quote(base.name), quote(sc.name), cell(d.n)];
      if (d.kind === "binary") {
        lines.push([...start, cell(base.outputs[o.name].p), cell(sc.outputs[o.name].p), cell(d.diff), cell(d.ci[0]), cell(d.ci[1]), cell(d.up), cell(d.down), cell(d.rr), cell(d.rr_ci[0]), cell(d.rr_ci[1]), cell(d.nnt), "", "", ""].join(","));
      } else {
        const m = d.quantiles.p50;
        lines.push([...start, cell(base.outputs[o.name].mean), cell(sc.outputs[o.name].mean), cell(d.mean_diff), cell(d.ci[0]), cell(d.ci[1]), cell(d.higher), cell(d.lower), "", "", "", "", cell(m.diff), cell(m.ci[0]), cell(m.ci[1])].join(","));
      }
    }
  }
  return lines.join("\n") + "\n";
}
