/**
 * Comparisons: two or more scenarios (named sets of parameter settings) run
 * on the same draws (common random numbers), each compared with a baseline
 * draw by draw. The result JSON is the contract "rsi-sim.compare/1"
 * (docs/compare-json.md).
 *
 * Draw i has the same random numbers under every scenario: the same values
 * of every parameter a scenario does not set, the same hazard thresholds.
 * A difference between scenarios is then measured on pairs, and its interval
 * is far narrower than the two scenarios' own intervals suggest.
 */
import { ArgumentError } from "../core/errors.js";
import type { CompiledModel, OutputInfo } from "../model/types.js";
import type { SimulationResult } from "../engine/simulate.js";
import type { ParameterSetting } from "../sampling/sampler.js";
import { deriveSeed } from "./sobol-sequence.js";
import { binaryFromCounts, compareBinary, compareContinuous, type BinaryComparison, type Comparison } from "./compare-stats.js";
import { summarizeColumn, type OutputSummary } from "./summary.js";
import { resolveOutputs } from "./sweep.js";
import { VERSION } from "./result.js";

export const COMPARE_SCHEMA = "rsi-sim.compare/1";
/** Bootstrap resamples of the quantile shifts when none are asked for. */
export const DEFAULT_RESAMPLES = 1000;
/** The most years on the timeline grid: past it the grid's step grows. */
const MAX_YEARS = 100;

/** A scenario: a name and the settings that make it (on top of the settings every scenario shares). */
export interface CompareScenario {
  name: string;
  settings: Record<string, ParameterSetting>;
}

/** What `finishCompare` needs besides the simulations. */
export interface CompareSpec {
  scenarios: CompareScenario[];
  /** the settings every scenario shares (a scenario's own win): shown in each scenario's `settings` */
  settings?: Record<string, ParameterSetting>;
  /** index of the baseline scenario (default 0) */
  baseline?: number;
  seed: number;
  samples: number;
  /** outputs to compare (default: the model's headline outputs) */
  outputs?: string[];
  /** outputs in model time (dates of milestones, events, hazards) for the timeline (default: every output that is the time of a milestone, event or hazard) */
  timeline?: string[];
  /** bootstrap resamples for the quantile shifts (default 1000) */
  resamples?: number;
}

/** One scenario's part of the result. */
export interface ScenarioResult {
  name: string;
  /** the scenario's settings, the shared ones included (its own win): a number or a prior's text */
  settings: Record<string, number | string>;
  /** every parameter's setting under this scenario */
  parameters: Record<string, number | string>;
  failed: number;
  /** the failed draws by reason ("domain error in the rate of x (NaN)": 1200), in order of first appearance, as a run's `failures` */
  failures: Record<string, number>;
  outputs: Record<string, OutputSummary>;
}

/** One scenario against the baseline: a paired comparison for each output. */
export interface ScenarioComparison {
  /** indices into `scenarios` */
  scenario: number;
  baseline: number;
  outputs: Record<string, Comparison>;
}

/** P(date output ≤ year) under each scenario, and each scenario's paired difference from the baseline with its pointwise 95% band. */
export interface TimelineCurve {
  name: string;
  description: string;
  /** p[s][k]: share of scenario s's successful draws with the date defined (finite) and at or before years[k] */
  p: number[][];
  differences: { scenario: number; diff: number[]; lo: number[]; hi: number[] }[];
  /** the shift of the date itself: the paired comparison, per scenario (as in `comparisons`) */
  shifts: { scenario: number; shift: Comparison }[];
}

/** A comparison's result (schema rsi-sim.compare/1, docs/compare-json.md). */
export interface CompareResult {
  schema: string;
  version: string;
  model: { name: string; file: string; sha256: string };
  seed: number;
  samples: number;
  horizon: number;
  baseline: number;
  scenarios: ScenarioResult[];
  outputs: { name: string; kind: "binary" | "continuous"; unit: string; description: string }[];
  comparisons: ScenarioComparison[];
  timeline: { unit: string; years: number[]; curves: TimelineCurve[] };
  failed: number;
  resamples: number;
  command?: string;
}

/** The date outputs of the timeline: as given (any but a 0/1 outcome), or every output that is the time of a milestone, event or hazard. */
export function timelineOutputs(model: CompiledModel, names?: string[]): string[] {
  if (names !== undefined && names.length === 0) return [];
  const dated = new Set([...model.hazards, ...model.milestones, ...model.eventsInfo].map((x) => x.name));
  const dates = model.outputs.filter((o) => o.kind === "continuous" && dated.has(o.text.trim())).map((o) => o.name);
  if (names === undefined) return dates;
  const chosen = resolveOutputs(model, names, { argument: "timeline" });
  // P(date ≤ year) of a 0/1 outcome is no number at all; a continuous output is read as a date
  // (first(h), min(a, b), an output naming another date: the compiler cannot tell them from a duration)
  const binary = chosen.find((name) => model.outputs.find((x) => x.name === name)!.kind === "binary");
  if (binary !== undefined) {
    throw new ArgumentError("timeline", `${binary} is a 0/1 outcome, not a date; the timeline takes outputs that are times, such as the time of a milestone, event or hazard (${dates.length > 0 ? `here: ${dates.join(", ")}` : `${model.name} has none by name`})`);
  }
  return chosen;
}

/** Whole years (or a coarser even step) from the model's start to the horizon. */
export function timelineYears(start: number, horizon: number): number[] {
  const span = horizon - start;
  if (!(span > 0)) return [start];
  const step = Math.max(1, Math.ceil(span / MAX_YEARS));
  const years: number[] = [];
  for (let t = Math.ceil(start); t <= horizon; t += step) years.push(t);
  return years;
}

function scenarioPart(sc: CompareScenario, shared: Record<string, ParameterSetting>, sim: SimulationResult, infos: OutputInfo[]): ScenarioResult {
  const t = sim.table;
  let ok = 0;
  for (let r = 0; r < t.rows; r++) if (!t.failed[r]) ok++;
  const outputs: Record<string, OutputSummary> = {};
  for (const o of infos) outputs[o.name] = summarizeColumn(t.columns[o.name], o.kind, ok, undefined, sim.failures.domainErrors?.[o.name] ?? 0);
  const settings = Object.fromEntries(Object.entries({ ...shared, ...sc.settings }).map(([k, v]) => [k, typeof v === "number" ? v : v.text]));
  return { name: sc.name, settings, parameters: { ...sim.plan.settings }, failed: sim.failures.count, failures: { ...sim.failures.reasons }, outputs };
}

/** Every non-baseline scenario against the baseline, output by output. */
function comparisons(sims: SimulationResult[], base: number, infos: OutputInfo[], resamples: number, seed: number): ScenarioComparison[] {
  const b = sims[base].table;
  const out: ScenarioComparison[] = [];
  sims.forEach((sim, s) => {
    if (s === base) return;
    const t = sim.table;
    const outputs: Record<string, Comparison> = {};
    const measured = infos.filter((o) => o.kind !== "binary");
    for (const o of infos) if (o.kind === "binary") outputs[o.name] = compareBinary(b.columns[o.name], b.failed, t.columns[o.name], t.failed);
    const pairs = measured.map((o) => ({ x: b.columns[o.name], failedX: b.failed, y: t.columns[o.name], failedY: t.failed }));
    compareContinuous(pairs, { resamples, seed: deriveSeed("compare", seed, s) }).forEach((c, k) => (outputs[measured[k].name] = c));
    out.push({ scenario: s, baseline: base, outputs: Object.fromEntries(infos.map((o) => [o.name, outputs[o.name]])) });
  });
  return out;
}

/** Whether a date is at or before a year: a non-finite date (±Infinity, NaN) is undefined, as everywhere else, never "at or before". */
const byYear = (date: number, year: number): boolean => Number.isFinite(date) && date <= year;

/** P(date ≤ year) and its paired differences from the baseline at each year, for one date output. */
function timelineCurve(info: OutputInfo, sims: SimulationResult[], base: number, years: number[], resamples: number, seed: number): TimelineCurve {
  const cols = sims.map((s) => s.table.columns[info.name]);
  const failed = sims.map((s) => s.table.failed);
  const rows = cols[0].length;
  const p = sims.map((_, s) => {
    let ok = 0;
    for (let i = 0; i < rows; i++) if (!failed[s][i]) ok++;
    return years.map((y) => {
      let k = 0;
      for (let i = 0; i < rows; i++) if (!failed[s][i] && byYear(cols[s][i], y)) k++;
      return ok > 0 ? k / ok : NaN;
    });
  });
  const differences: TimelineCurve["differences"] = [];
  const shifts: TimelineCurve["shifts"] = [];
  sims.forEach((_, s) => {
    if (s === base) return;
    const x = cols[base];
    const y = cols[s];
    const d = years.map((yr) => {
      let n = 0, up = 0, down = 0, kx = 0, ky = 0;
      for (let i = 0; i < rows; i++) {
        if (failed[base][i] || failed[s][i]) continue;
        n++;
        const a = byYear(x[i], yr) ? 1 : 0;
        const c = byYear(y[i], yr) ? 1 : 0;
        kx += a;
        ky += c;
        if (a < c) up++;
        else if (a > c) down++;
      }
      return binaryFromCounts(n, up, down, kx, ky);
    });
    differences.push({ scenario: s, diff: d.map((v) => v.diff), lo: d.map((v) => v.ci[0]), hi: d.map((v) => v.ci[1]) });
    const [shift] = compareContinuous([{ x, failedX: failed[base], y, failedY: failed[s] }], { resamples, seed: deriveSeed("timeline", seed, s, info.name) });
    shifts.push({ scenario: s, shift });
  });
  return { name: info.name, description: info.description, p, differences, shifts };
}

/**
 * A comparison's result from its scenarios' simulations (same seed, same
 * draws, in scenario order). `rsi-sim merge` and `--precision` join the
 * simulations of parts of the draws first; the result is the same.
 */
export function finishCompare(model: CompiledModel, spec: CompareSpec, sims: SimulationResult[]): CompareResult {
  const base = spec.baseline ?? 0;
  const resamples = spec.resamples ?? DEFAULT_RESAMPLES;
  const names = resolveOutputs(model, spec.outputs, { argument: "outputs" });
  const infos = names.map((n) => model.outputs.find((o) => o.name === n)!);
  const dates = timelineOutputs(model, spec.timeline).map((n) => model.outputs.find((o) => o.name === n)!);
  const horizon = sims[0].horizon;
  const years = timelineYears(model.time.start, horizon);
  return {
    schema: COMPARE_SCHEMA,
    version: VERSION,
    model: { name: model.name, file: model.file, sha256: model.sha256 },
    seed: spec.seed,
    samples: spec.samples,
    horizon,
    baseline: base,
    scenarios: spec.scenarios.map((sc, s) => scenarioPart(sc, spec.settings ?? {}, sims[s], infos)),
    outputs: infos.map((o) => ({ name: o.name, kind: o.kind, unit: o.unit, description: o.description })),
    comparisons: comparisons(sims, base, infos, resamples, spec.seed),
    timeline: { unit: model.time.unit, years, curves: dates.map((d) => timelineCurve(d, sims, base, years, resamples, spec.seed)) },
    failed: sims.reduce((n, s) => n + s.failures.count, 0),
    resamples,
  };
}

/**
 * The widest 95% half-width of the headline differences: every binary
 * output compared (headline ones, if any are), every scenario against the
 * baseline. What --precision drives down: the interval the table shows
 * (over the pairs of draws where the output is defined under both); one
 * with no such pair has none, and its half-width is Infinity.
 */
export function widestDifference(model: CompiledModel, result: CompareResult, among?: string[]): { halfWidth: number; worst: string } {
  const binary = result.outputs.filter((o) => o.kind === "binary" && (among === undefined || among.includes(o.name))).map((o) => o.name);
  const headline = binary.filter((n) => model.outputs.find((o) => o.name === n)?.headline);
  const watched = headline.length > 0 ? headline : binary;
  let halfWidth = 0;
  let worst = "";
  for (const c of result.comparisons) {
    for (const name of watched) {
      const d = c.outputs[name] as BinaryComparison;
      // no pair of draws with the output defined under both: no interval, never precise enough
      const h = d.n === 0 ? Infinity : (d.ci[1] - d.ci[0]) / 2;
      if (h > halfWidth || worst === "") {
        halfWidth = h;
        worst = `${name} (${result.scenarios[c.scenario].name} − ${result.scenarios[c.baseline].name}${d.n === 0 ? "; no pair of draws defines it" : ""})`;
      }
    }
  }
  return { halfWidth, worst };
}
