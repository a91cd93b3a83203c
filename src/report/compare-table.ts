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
    "draw, with 95% intervals (Tango score for probabilities, Tang score for RR, normal for",
    "means, bootstrap over draws for quantiles); flips count the draws whose outcome changes each",
    "way. The intervals are the Monte Carlo error of these draws only, not model uncertainty,",
    "which is in the priors.",
  );
  return lines;
}

/**
 * Why a probability's pairs are fewer than the draws, and each scenario's
 * own P where it differs from the paired one ("a 76.1% of 1,530 defined").
 */
function pairNote(r: CompareResult, c: ScenarioComparison, name: string, d: BinaryComparison): string[] {
  if (d.n === r.samples) return [];
  const failedEither = r.samples - d.n - (d.undefined ?? 0);
  const why = [failedEither > 0 ? `${count(failedEither)} failed under either` : "", d.undefined ? `${count(d.undefined)} undefined under either` : ""].filter(Boolean).join(", ");
  const own = [c.baseline, c.scenario].map((s) => {
    const o = r.scenarios[s].outputs[name];
    const defined = o.p_defined !== undefined;
    const p = defined ? o.p_defined : o.p;
    return `${r.scenarios[s].name} ${pct(p)} of ${count(defined ? o.n : r.samples - r.scenarios[s].failed)}${defined ? " defined" : ""}`;
  });
  return wrap(`P's and diff over the ${count(d.n)} draws compared (${why}); each on its own: ${own.join(", ")}`, DEFAULT_WIDTH, "    ", "      ");
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
      `  ${pad(clip(name, 18), 18)}${lpad(pct(d.p_baseline), 8)}${lpad(pct(d.p_scenario), 8)}` +
        `${lpad(pp(d.diff), 9)}  ${pad(interval(d.ci, pp), 16)}${lpad(flips, 13)}${lpad(short(d.rr), 6)}${lpad(nnt, 7)}`,
      ...pairNote(r, c, name, d),
    );
  }
  lines.push(...wrap("(P's over the draws compared, so diff = P(scenario) − P(baseline); 1 per: draws per net flip, 1/|diff|; RR: P(scenario)/P(baseline))", DEFAULT_WIDTH, "  ", "   "));
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
  // Tango's score interval is not centred on diff: its ends, not diff ± a half-width
  const lines = ["", `Over time: P(date ≤ year), ${scenario} − ${baseline}, pp (low, high: its 95% interval)`];
  lines.push(`  ${pad("", 14)}${ks.map((k) => lpad(String(r.timeline.years[k]), 8)).join("")}`);
  for (const curve of curves) {
    const d = curve.differences.find((x) => x.scenario === c.scenario)!;
    lines.push(`  ${pad(clip(curve.name, 14), 14)}${ks.map((k) => lpad(pp(d.diff[k]), 8)).join("")}`);
    lines.push(`  ${pad("  low", 14)}${ks.map((k) => lpad(pp(d.lo[k]), 8)).join("")}`);
    lines.push(`  ${pad("  high", 14)}${ks.map((k) => lpad(pp(d.hi[k]), 8)).join("")}`);
  }
  lines.push("", `Dates: median shift (${r.timeline.unit}) [95%], draws reaching it under ${baseline} only / ${scenario} only`);
  for (const curve of curves) {
    const s = curve.shifts.find((x) => x.scenario === c.scenario)!.shift as ContinuousComparison;
    const med = s.quantiles.p50;
    lines.push(`  ${pad(clip(curve.name, 14), 14)}${pad(`${signed(med.diff)} ${interval(med.ci, signed)}`, 25)} ${count(s.lost)} / ${count(s.gained)}`);
  }
  return lines;
}

/** Each scenario's failed draws by reason: "b: 1,000 — domain error in the rate of x (NaN): 1,000". */
export function failureText(r: CompareResult): string {
  return r.scenarios
    .filter((s) => s.failed > 0)
    .map((s) => {
      const reasons = Object.entries(s.failures ?? {}).map(([k, n]) => `${k}: ${count(n)}`);
      return `${s.name}: ${count(s.failed)}${reasons.length > 0 ? ` — ${reasons.join("; ")}` : ""}`;
    })
    .join("; ");
}

/** The table of a comparison, with the command that reproduces it. */
export function formatCompareTable(r: CompareResult, pastHorizon: string[] = []): string {
  const lines = header(r);
  // outputs that ask about a year past the horizon (run-table.ts pastHorizonNotes): why they are undefined
  if (pastHorizon.length > 0) lines.push("", ...pastHorizon.flatMap((note) => wrap(note, DEFAULT_WIDTH)));
  for (const c of r.comparisons) {
    const scenario = r.scenarios[c.scenario].name;
    const baseline = r.scenarios[c.baseline].name;
    lines.push("", `── ${scenario} against ${baseline} ${"─".repeat(Math.max(3, 70 - scenario.length - baseline.length))}`);
    lines.push(...probabilityRows(r, c, scenario, baseline), ...measuredRows(r, c, scenario, baseline), ...timelineRows(r, c, scenario, baseline));
  }
  const nonfinite = compareNonFinite(r);
  if (nonfinite.length > 0) lines.push("", ...wrap(NON_FINITE_HEADING, DEFAULT_WIDTH), ...nonfinite.flatMap((item) => wrap(item, DEFAULT_WIDTH, "  ", "    ")));
  lines.push("", ...wrap(`Failed draws: ${count(r.failed)}${r.failed > 0 ? ` (${failureText(r)})` : ""}`, DEFAULT_WIDTH, "", "  "));
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
      col("n", "draws", "pairs of draws where the output is compared: draws that succeeded, with the output defined, under both scenarios"),
      col("value_baseline", "P or the output's unit", "binary: P under the baseline over the n draws compared; continuous: the baseline's own mean over its own draws where the output is defined"),
      col("value_scenario", "P or the output's unit", "the same under the scenario (binary: value_scenario − value_baseline = diff)"),
      col("diff", "P or the output's unit", "binary: paired difference of P, scenario − baseline; continuous: mean of the per-draw differences over the n draws compared"),
      col("ci_lo", "P or the output's unit", "its 95% interval, lower end (binary: Tango score; continuous: normal)"),
      col("ci_hi", "P or the output's unit", "its 95% interval, upper end"),
      col("up", "draws", "binary: draws whose outcome goes 0 → 1; continuous: draws whose value is higher under the scenario"),
      col("down", "draws", "binary: draws whose outcome goes 1 → 0; continuous: draws whose value is lower under the scenario"),
      col("rr", "", "relative risk P(scenario) / P(baseline) (binary)"),
      col("rr_lo", "", "its 95% interval (Tang score, paired data), lower end"),
      col("rr_hi", "", "its upper end (empty when unbounded: no draw has the outcome under the baseline)"),
      col("per_flip", "draws", "draws per net flip, 1 / |diff| (binary; empty when diff is 0)"),
      col("median_shift", "the output's unit", "median(scenario) − median(baseline), each over its own defined draws (continuous)"),
      col("median_shift_lo", "the output's unit", "its 95% bootstrap interval, lower end"),
      col("median_shift_hi", "the output's unit", "its 95% bootstrap interval, upper end"),
    ],
    notes: [
      ...scenarios.map((s) => `scenario ${s}`),
      "the 95% intervals are the Monte Carlo error of these draws only, not model uncertainty, which is in the priors",
      ...(r.failed > 0 ? [`failed draws: ${failureText(r)}`] : []),
    ],
  });
}

const cell = (x: number | undefined) => (x === undefined || !Number.isFinite(x) ? "" : String(Number(x.toPrecision(12))));
const quote = (s: string) => (/[",\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s);

/**
 * One row per output and scenario against the baseline: the P's over the
 * draws compared, the paired difference with its interval, flips, relative
 * risk and draws per flip (probabilities), or each scenario's mean, the
 * paired mean difference and the median shift (measured).
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
        lines.push([...start, cell(d.p_baseline), cell(d.p_scenario), cell(d.diff), cell(d.ci[0]), cell(d.ci[1]), cell(d.up), cell(d.down), cell(d.rr), cell(d.rr_ci[0]), cell(d.rr_ci[1]), cell(d.nnt), "", "", ""].join(","));
      } else {
        const m = d.quantiles.p50;
        lines.push([...start, cell(base.outputs[o.name].mean), cell(sc.outputs[o.name].mean), cell(d.mean_diff), cell(d.ci[0]), cell(d.ci[1]), cell(d.higher), cell(d.lower), "", "", "", "", cell(m.diff), cell(m.ci[0]), cell(m.ci[1])].join(","));
      }
    }
  }
  return lines.join("\n") + "\n";
}
