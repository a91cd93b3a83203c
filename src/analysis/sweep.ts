/**
 * One-way and two-way sweeps: run a model once per value of a parameter (or
 * per cell of a grid of two parameters) with the same seed, and summarise
 * the chosen outputs at each point. The result JSON is the contract
 * "rsi-sim.sweep/1" (docs/sweep-json.md).
 *
 * Every point uses the same seed, so draw i at one point has the same values
 * of every other parameter and the same hazard thresholds as draw i at any
 * other point (common random numbers). Differences between points are
 * therefore paired draw by draw, and the paired difference of a 0/1 output
 * is estimated far more precisely than the separate intervals suggest; each
 * adjacent pair of points carries that difference with its own interval.
 *
 * @example
 * const model = loadModel("rsi-core");
 * const r = sweep(model, { param: "ratio", values: logValues(1, 1000, 13), samples: 2000, seed: 1 });
 * r.points.map((p) => p.outputs.loc.p);
 */
import type { CompiledModel, OutputInfo, ParameterInfo } from "../model/types.js";
import { ArgumentError, UserError } from "../core/errors.js";
import { didYouMean } from "../core/suggest.js";
import { chanceRefusal } from "../model/chance.js";
import { boundsRule, inBounds } from "../model/bounds.js";
import type { ParameterSetting } from "../sampling/sampler.js";
import { readNumber } from "../model/distributions.js";
import { checkRunOptions, simulate, type SimulateOptions, type SimulationResult } from "../engine/simulate.js";
import { simulateParallel } from "../parallel/parallel.js";
import { summarizeColumn, type OutputSummary } from "./summary.js";
import { Z95 } from "./stats.js";
import { pairedDifferenceInterval } from "./paired-score.js";
import { VERSION } from "./result.js";

export const SWEEP_SCHEMA = "rsi-sim.sweep/1";

export interface SweepOptions {
  /** the swept parameter and its values, in the order given */
  param: string;
  values: number[];
  /** an optional second parameter: the points are then the grid values × values2 */
  param2?: string;
  values2?: number[];
  /** draws per point */
  samples: number;
  seed: number;
  /** settings of other parameters (fixed values or priors), as for simulate */
  overrides?: Record<string, ParameterSetting>;
  /** outputs to summarise (default: the model's headline outputs, or all if none is marked) */
  outputs?: string[];
  /** model time at which runs end (default: the model's horizon) */
  horizon?: number;
  /** called now and then with the draws done so far over the whole sweep */
  onProgress?: (done: number, total: number) => void;
  /** called after each point's run, with the point's index and its full simulation (tables included) */
  onPoint?: (index: number, sim: SimulationResult) => void;
  /**
   * Run only draws [first, first + count) at every point (a shard of the
   * sweep: src/parallel/shard.ts); the summaries then cover those draws only.
   * Default: all `samples` draws.
   */
  first?: number;
  count?: number;
}

/** A swept parameter. */
export interface SweepAxis {
  name: string;
  values: number[];
  unit: string;
  description: string;
}

/** One point of the sweep (one cell of a grid). */
export interface SweepPoint {
  /** position in `points`: i · values2.length + j for values[i], values2[j] */
  index: number;
  /** the swept parameters' values at this point */
  values: Record<string, number>;
  /** draws that failed numerically at this point (not summarised) */
  failed: number;
  outputs: Record<string, OutputSummary>;
}

/**
 * Paired difference of a 0/1 output between two points, P(to) − P(from),
 * over the draws that succeeded at both (each counted as 1 when the output
 * is 1 and 0 otherwise, as in `p`).
 */
export interface PairedDifference {
  /** draws that succeeded at both points, the output defined (not NaN) at both */
  n: number;
  /** draws that succeeded at both points with the output undefined at one or both: no pair; present only when some are */
  undefined?: number;
  /** draws whose output went from 0 to 1, and from 1 to 0 */
  up: number;
  down: number;
  /** (up − down) / n */
  diff: number;
  /** standard error from the per-draw differences: sd(d) / √n */
  se: number;
  /** 95% interval for the difference of matched proportions: Tango's asymptotic score interval (1998; `pairedDifferenceInterval`); [NaN, NaN] when n = 0 */
  ci: [number, number];
  /** the standard error the difference would have if the points had independent draws, for comparison */
  se_unpaired: number;
}

/** Paired differences of the binary outputs between two adjacent points. */
export interface SweepDifference {
  /** the parameter that changes between the two points */
  along: string;
  /** indices into `points` */
  from: number;
  to: number;
  outputs: Record<string, PairedDifference>;
}

/** A sweep's result (schema rsi-sim.sweep/1, docs/sweep-json.md): each point's summaries and the paired differences between points. */
export interface SweepResult {
  schema: string;
  version: string;
  model: { name: string; file: string; sha256: string };
  seed: number;
  /** draws per point */
  samples: number;
  horizon: number;
  /** the swept parameters (one or two) with their values */
  swept: SweepAxis[];
  /** settings of the other parameters (the swept ones show "swept") */
  parameters: Record<string, number | string>;
  /** the model's chance variables (drawn afresh in each world) and their distributions; absent if it has none */
  chance?: Record<string, string>;
  /** the summarised outputs, in order */
  outputs: { name: string; kind: "binary" | "continuous"; unit: string; description: string }[];
  points: SweepPoint[];
  differences: SweepDifference[];
  /** failed draws over all points */
  failed: number;
  /** the command that reproduces the sweep (set by the CLI) */
  command?: string;
}

// ---------------------------------------------------------------------------
// value lists

/**
 * Where an error about an input is reported: a label such as a CLI flag
 * ("--values") for a UserError, or { argument } for an ArgumentError that
 * names the library call's option (values, outputs, …).
 */
export type Where = string | { argument: string };

function inputError(where: Where, detail: string): UserError {
  return typeof where === "string" ? new UserError(where, detail) : new ArgumentError(where.argument, detail);
}

/** Round away binary noise (0.30000000000000004 → 0.3) while keeping 12 significant digits. */
const tidy = (x: number) => Number(x.toPrecision(12));

/** `points` evenly spaced values from lo to hi inclusive; errors name `where`, or else the argument (lo, hi, points). */
export function linearValues(lo: number, hi: number, points: number, where?: Where): number[] {
  checkRange(lo, hi, points, false, where);
  return Array.from({ length: points }, (_, k) => (k === points - 1 ? hi : tidy(lo + ((hi - lo) * k) / (points - 1))));
}

/** `points` log-spaced values from lo to hi inclusive (lo > 0): 1, 10, 100 for (1, 100, 3); errors as for linearValues. */
export function logValues(lo: number, hi: number, points: number, where?: Where): number[] {
  checkRange(lo, hi, points, true, where);
  const a = Math.log10(lo);
  const b = Math.log10(hi);
  return Array.from({ length: points }, (_, k) => (k === 0 ? lo : k === points - 1 ? hi : tidy(10 ** (a + ((b - a) * k) / (points - 1)))));
}

/**
 * Check a range and its number of points. With `where` (a CLI flag such as
 * --range, or { argument: "range" }) the error names it; without, it is an
 * ArgumentError naming lo, hi or points.
 */
function checkRange(lo: number, hi: number, points: number, log: boolean, where?: Where): void {
  const fail = (argument: string, detail: string, whereDetail: string) =>
    where === undefined ? new ArgumentError(argument, detail) : inputError(where, whereDetail);
  const end = Number.isFinite(lo) ? "hi" : "lo";
  if (!Number.isFinite(lo) || !Number.isFinite(hi)) throw fail(end, `must be finite, got ${end === "lo" ? lo : hi}`, `the range must have finite ends, got ${lo}:${hi}`);
  const low = lo <= 0 ? "lo" : "hi";
  if (log && (lo <= 0 || hi <= 0)) throw fail(low, `must be above 0 for log-spaced values, got ${low === "lo" ? lo : hi}`, `a log range needs LO and HI above 0, got ${lo}:${hi}`);
  if (!(lo < hi)) throw fail("lo", `must be below hi, got ${lo} and ${hi}`, `LO must be below HI, got ${lo}:${hi}`);
  if (!Number.isInteger(points) || points < 2) throw fail("points", `must be an integer of at least 2, got ${points}`, `a sweep needs at least 2 points, got ${points}`);
}

/** A number from text, or a UserError naming `where`. */
export function parseNumber(where: string, text: string): number {
  const n = readNumber(text);
  if (n === undefined) throw new UserError(where, `"${text}" is not a number`);
  return n;
}

/** A comma-separated list of at least 2 numbers: "1,20,200,2000". */
export function parseValueList(where: string, text: string): number[] {
  const items = String(text).split(",").map((s) => s.trim());
  if (items.length === 1 && items[0] === "") throw new UserError(where, "give a comma-separated list of numbers, such as 1,20,200,2000");
  const values = items.map((s) => parseNumber(where, s));
  if (values.length < 2) throw new UserError(where, `a sweep needs at least 2 values, got ${values.length}`);
  return values;
}

/** A range "LO:HI" (checks LO < HI; the caller checks log ranges). */
export function parseRange(where: string, text: string): [number, number] {
  const m = /^([^:]+):([^:]+)$/.exec(String(text).trim());
  if (!m) throw new UserError(where, `expected LO:HI, such as 1:1000, got "${text}"`);
  const lo = parseNumber(where, m[1]);
  const hi = parseNumber(where, m[2]);
  if (!(lo < hi)) throw new UserError(where, `LO must be below HI, got ${text}`);
  return [lo, hi];
}

// ---------------------------------------------------------------------------
// checks

/** The model's parameter `name` (snake_case or kebab-case), or an error naming `where` with a suggestion. */
export function findParameter(model: CompiledModel, name: string, where: Where = { argument: "param" }) {
  const n = name.replace(/-/g, "_");
  const p = model.parameters.find((q) => q.name === n);
  const chance = chanceRefusal(model, n);
  if (chance) throw inputError(where, chance);
  if (!p) {
    const hint = didYouMean(n, model.parameters.map((q) => q.name));
    throw inputError(where, `unknown parameter "${name}" in ${model.name}${hint ? ` (did you mean "${hint}"?)` : ""}`);
  }
  return p;
}


/**
 * Why `value` cannot be swept for parameter `name`, or null: not a finite
 * number, or outside the parameter's declared bounds. A value outside the
 * support of its prior is a legitimate what-if (fixing a parameter leaves
 * every other parameter's draw unchanged), as it is for run; the table says
 * so (run-table.ts outsidePriorNote).
 */
export function valueProblem(model: CompiledModel, name: string, value: number): string | null {
  const p = model.parameters.find((q) => q.name === name)!;
  if (!Number.isFinite(value)) return `${name} must be a finite number, got ${value}`;
  if (!inBounds(p, value)) return `${name} must be ${boundsRule(p)}, got ${value}`;
  return null;
}

/** Check a list of values for a parameter; an error names `where`. */
export function checkValues(model: CompiledModel, name: string, values: number[], where: Where): void {
  if (values.length < 2) throw inputError(where, `a sweep needs at least 2 values, got ${values.length}`);
  for (const v of values) {
    const problem = valueProblem(model, name, v);
    if (problem) throw inputError(where, problem);
  }
  // results write a point's value to 12 significant digits: two values equal there would be two points of the same value
  const seen = new Map<number, number>();
  for (const v of values) {
    const key = Number(v.toPrecision(12));
    const before = seen.get(key);
    if (before === undefined) {
      seen.set(key, v);
      continue;
    }
    const range = typeof where !== "string" && /^range2?$/.test(where.argument);
    if (range) throw inputError(where, `gives ${key} twice once its points are rounded to 12 digits; widen the range or give fewer points`);
    throw inputError(where, before === v ? `${v} is given twice; give each value of ${name} once` : `${before} and ${v} are the same to 12 significant digits (as results write them); give values of ${name} that differ there`);
  }
}

/** The outputs to summarise: names checked (with suggestions), or the model's headline outputs. */
export function resolveOutputs(model: CompiledModel, names: string[] | undefined, where: Where = { argument: "outputs" }): string[] {
  if (names === undefined) {
    const headline = model.outputs.filter((o) => o.headline).map((o) => o.name);
    return headline.length > 0 ? headline : model.outputs.map((o) => o.name);
  }
  if (names.length === 0) throw inputError(where, "give at least one output");
  const all = model.outputs.map((o) => o.name);
  const out: string[] = [];
  for (const raw of names) {
    const n = raw.trim().replace(/-/g, "_");
    if (!all.includes(n)) {
      const hint = didYouMean(n, all);
      throw inputError(where, `unknown output "${raw.trim()}" in ${model.name}${hint ? ` (did you mean "${hint}"?)` : ""}`);
    }
    if (!out.includes(n)) out.push(n);
  }
  return out;
}

// ---------------------------------------------------------------------------
// paired differences

/**
 * Paired difference of a 0/1 output between two runs with the same seed:
 * x and y hold 1 where the output was 1, failed flags where a draw failed.
 */
export function pairedDifference(x: Uint8Array, failedX: Uint8Array, y: Uint8Array, failedY: Uint8Array, z = Z95): PairedDifference {
  const c = pairedCounts(x, failedX, y, failedY);
  const d = pairedFromCounts(c.n, c.up, c.down, c.kx, c.ky, z);
  if (c.undefined === 0) return d;
  const { n, ...rest } = d;
  return { n, undefined: c.undefined, ...rest };
}

/** An indicator of a 0/1 output (indicatorOf): undefined in the draw (NaN, or not finite). */
export const UNDEFINED = 2;

/** A 0/1 output's value as an indicator: 1 where it is exactly 1, UNDEFINED where it is not finite, else 0. */
export const indicatorOf = (v: number): number => (v === 1 ? 1 : Number.isFinite(v) ? 0 : UNDEFINED);

/**
 * The paired 2×2 counts of a 0/1 output (indicators: indicatorOf) over the
 * draws that failed in neither run and where it is defined in both: n
 * pairs, `up` (0 → 1), `down` (1 → 0), kx and ky the 1s in each; a draw
 * where it is undefined in one run or both has no pair (`undefined`), as in
 * a comparison (compare-stats.ts), so that rsi-core's warned_before_loc or
 * a date by a year past the horizon is not counted as 0.
 */
export function pairedCounts(x: ArrayLike<number>, failedX: Uint8Array, y: ArrayLike<number>, failedY: Uint8Array): { n: number; up: number; down: number; kx: number; ky: number; undefined: number } {
  let n = 0;
  let up = 0;
  let down = 0;
  let kx = 0;
  let ky = 0;
  let undefinedPairs = 0;
  for (let i = 0; i < x.length; i++) {
    if (failedX[i] || failedY[i]) continue;
    if (x[i] === UNDEFINED || y[i] === UNDEFINED) {
      undefinedPairs++;
      continue;
    }
    n++;
    const a = x[i] === 1 ? 1 : 0;
    const b = y[i] === 1 ? 1 : 0;
    kx += a;
    ky += b;
    if (a === 0 && b === 1) up++;
    else if (a === 1 && b === 0) down++;
  }
  return { n, up, down, kx, ky, undefined: undefinedPairs };
}

/**
 * The paired difference of a 0/1 outcome from its 2×2 counts: n pairs, `up`
 * (0 → 1) and `down` (1 → 0) discordant pairs, kx and ky the 1s in each;
 * its interval is Tango's score interval (`pairedDifferenceInterval`).
 */
export function pairedFromCounts(n: number, up: number, down: number, kx: number, ky: number, z = Z95): PairedDifference {
  if (n === 0) return { n, up, down, diff: NaN, se: NaN, ci: [NaN, NaN], se_unpaired: NaN };
  const diff = (up - down) / n;
  // per-draw differences d ∈ {−1, 0, 1}: Σd² = up + down
  const se = n > 1 ? Math.sqrt(Math.max(0, (up + down - n * diff * diff) / (n - 1)) / n) : NaN;
  const px = kx / n;
  const py = ky / n;
  const se_unpaired = Math.sqrt((px * (1 - px) + py * (1 - py)) / n);
  return { n, up, down, diff, se, ci: pairedDifferenceInterval(n, up, down, z), se_unpaired };
}

// ---------------------------------------------------------------------------
// the sweep

/** A sweep's checked inputs: its draws, axes, settings and outputs. */
interface SweepSetup {
  /** draws [first, first + count) of each point; `range` is what simulate is given ({} for all draws) */
  count: number;
  range: { first?: number; count?: number };
  axes: ParameterInfo[];
  lists: number[][];
  overrides: Record<string, ParameterSetting>;
  infos: OutputInfo[];
  /** the binary outputs, whose paired differences are taken */
  binaries: string[];
}

/** The draws of each point that a sweep runs: all, or [first, first + count). */
function sweepDraws(opts: SweepOptions): Pick<SweepSetup, "count" | "range"> {
  const first = opts.first ?? 0;
  const count = opts.count ?? opts.samples - first;
  if (!Number.isInteger(first) || !Number.isInteger(count) || first < 0 || count < 0 || first + count > opts.samples) {
    const argument = Number.isInteger(first) && first >= 0 && first <= opts.samples ? "count" : "first";
    throw new ArgumentError(argument, `must give draws within the ${opts.samples} of each point, got draws ${first} … ${first + count - 1}`);
  }
  return { count, range: opts.first !== undefined || opts.count !== undefined ? { first, count } : {} };
}

/** The swept parameters and their values, checked. */
function sweepAxes(model: CompiledModel, opts: SweepOptions): Pick<SweepSetup, "axes" | "lists"> {
  const p1 = findParameter(model, opts.param, { argument: "param" });
  checkValues(model, p1.name, opts.values, { argument: "values" });
  const axes = [p1];
  const lists = [opts.values.slice()];
  if (opts.param2 !== undefined || opts.values2 !== undefined) {
    if (opts.param2 === undefined || opts.values2 === undefined) {
      throw new ArgumentError(opts.param2 === undefined ? "param2" : "values2", "is missing: give both param2 and values2, or neither");
    }
    const p2 = findParameter(model, opts.param2, { argument: "param2" });
    if (p2.name === p1.name) throw new ArgumentError("param2", `must differ from the first swept parameter (${p1.name})`);
    checkValues(model, p2.name, opts.values2, { argument: "values2" });
    axes.push(p2);
    lists.push(opts.values2.slice());
  }
  return { axes, lists };
}

/** The other parameters' settings, checked: known parameters, none of them swept. */
function sweepOverrides(model: CompiledModel, opts: SweepOptions, axes: ParameterInfo[]): Record<string, ParameterSetting> {
  const overrides = { ...(opts.overrides ?? {}) };
  for (const a of axes) {
    if (Object.hasOwn(overrides, a.name)) throw new ArgumentError("overrides", `set ${a.name}, which is swept; do not also set it`);
  }
  const known = model.parameters.map((q) => q.name);
  for (const name of Object.keys(overrides)) {
    if (!known.includes(name)) {
      const hint = didYouMean(name, known);
      throw new ArgumentError("overrides", `unknown parameter "${name}" in ${model.name}${hint ? ` (did you mean "${hint}"?)` : ""}`);
    }
  }
  return overrides;
}

/** Check a sweep's options against the model; errors name the option (an ArgumentError). */
function sweepSetup(model: CompiledModel, opts: SweepOptions): SweepSetup {
  checkRunOptions(model, { samples: opts.samples, seed: opts.seed, horizon: opts.horizon });
  const draws = sweepDraws(opts);
  const { axes, lists } = sweepAxes(model, opts);
  const overrides = sweepOverrides(model, opts, axes);
  const outputs = resolveOutputs(model, opts.outputs, { argument: "outputs" });
  const infos = outputs.map((n) => model.outputs.find((o) => o.name === n)!);
  const binaries = infos.filter((o) => o.kind === "binary").map((o) => o.name);
  return { ...draws, axes, lists, overrides, infos, binaries };
}

/** A point's summaries, and the 0/1 columns of the binary outputs with the failed flags, for the paired differences. */
function pointRecord(sim: SimulationResult, infos: OutputInfo[], binaries: string[]) {
  const t = sim.table;
  let ok = 0;
  for (let r = 0; r < t.rows; r++) if (!t.failed[r]) ok++;
  const summaries: Record<string, OutputSummary> = {};
  for (const o of infos) summaries[o.name] = summarizeColumn(t.columns[o.name], o.kind, ok, undefined, sim.failures.domainErrors?.[o.name] ?? 0);
  const indicators: Record<string, Uint8Array> = {};
  for (const b of binaries) {
    const col = t.columns[b];
    const u = new Uint8Array(t.rows);
    for (let r = 0; r < t.rows; r++) u[r] = indicatorOf(col[r]);
    indicators[b] = u;
  }
  return { summaries, indicators, failed: t.failed.slice() };
}

/** Paired differences of the binary outputs between adjacent points, along each axis. */
function sweepDifferences(axes: ParameterInfo[], n1: number, n2: number, binaries: string[], records: ReturnType<typeof pointRecord>[]): SweepDifference[] {
  const differences: SweepDifference[] = [];
  const pair = (along: string, from: number, to: number) => {
    const out: Record<string, PairedDifference> = {};
    for (const b of binaries) out[b] = pairedDifference(records[from].indicators[b], records[from].failed, records[to].indicators[b], records[to].failed);
    differences.push({ along, from, to, outputs: out });
  };
  for (let j = 0; j < n2; j++) for (let i = 0; i + 1 < n1; i++) pair(axes[0].name, i * n2 + j, (i + 1) * n2 + j);
  if (axes.length > 1) for (let i = 0; i < n1; i++) for (let j = 0; j + 1 < n2; j++) pair(axes[1].name, i * n2 + j, i * n2 + j + 1);
  return differences;
}

/**
 * The sweep as a plan: it yields the simulations it needs, one per point, and
 * is handed back their results, so one plan serves the single-thread `sweep`,
 * the worker-thread `sweepParallel` and `finishSweep` (a sweep joined from
 * shards).
 */
function* sweepPlan(model: CompiledModel, opts: SweepOptions): Generator<SimulateOptions, SweepResult, SimulationResult> {
  const { count, range, axes, lists, overrides, infos, binaries } = sweepSetup(model, opts);
  const n1 = lists[0].length;
  const n2 = lists.length > 1 ? lists[1].length : 1;
  const total = n1 * n2 * count;
  const points: SweepPoint[] = [];
  const records: ReturnType<typeof pointRecord>[] = [];
  let parameters: Record<string, number | string> = {};
  let horizon = NaN;
  let failedTotal = 0;
  for (let i = 0; i < n1; i++) {
    for (let j = 0; j < n2; j++) {
      const index = i * n2 + j;
      const values: Record<string, number> = { [axes[0].name]: lists[0][i] };
      if (axes.length > 1) values[axes[1].name] = lists[1][j];
      const done = index * count;
      const sim: SimulationResult = yield {
        samples: opts.samples,
        seed: opts.seed,
        horizon: opts.horizon,
        overrides: { ...overrides, ...values },
        ...range,
        // a sweep summarises outputs only; a caller that looks at each point's simulation gets it whole
        keepParameters: opts.onPoint !== undefined,
        keepSeries: opts.onPoint !== undefined,
        onProgress: opts.onProgress ? (d) => opts.onProgress!(done + d, total) : undefined,
      };
      const record = pointRecord(sim, infos, binaries);
      points.push({ index, values, failed: sim.failures.count, outputs: record.summaries });
      failedTotal += sim.failures.count;
      records.push(record);
      if (index === 0) {
        parameters = { ...sim.plan.settings };
        for (const a of axes) parameters[a.name] = "swept";
        horizon = sim.horizon;
      }
      opts.onPoint?.(index, sim);
    }
  }
  return {
    schema: SWEEP_SCHEMA,
    version: VERSION,
    model: { name: model.name, file: model.file, sha256: model.sha256 },
    seed: opts.seed,
    samples: opts.samples,
    horizon,
    swept: axes.map((a, k) => ({ name: a.name, values: lists[k], unit: a.unit, description: a.description })),
    parameters,
    ...(model.chance.length > 0 && { chance: Object.fromEntries(model.chance.map((c) => [c.name, c.dist.text])) }),
    outputs: infos.map((o) => ({ name: o.name, kind: o.kind, unit: o.unit, description: o.description })),
    points,
    differences: sweepDifferences(axes, n1, n2, binaries, records),
    failed: failedTotal,
  };
}

/** Run a sweep on this thread. */
export function sweep(model: CompiledModel, opts: SweepOptions): SweepResult {
  const plan = sweepPlan(model, opts);
  let step = plan.next();
  while (!step.done) step = plan.next(simulate(model, step.value));
  return step.value;
}

/** Run a sweep with each point's draws split over worker threads; the same result as sweep(). */
export async function sweepParallel(model: CompiledModel, opts: SweepOptions & { workers?: number }): Promise<SweepResult> {
  const plan = sweepPlan(model, opts);
  let step = plan.next();
  while (!step.done) step = plan.next(await simulateParallel(model, { ...step.value, workers: opts.workers }));
  return step.value;
}

/**
 * Finish a sweep from its points' simulations, given in point order (as
 * `sweep` would run them): the same plan, handed these results instead of
 * running the model. The plan reads each result's outcome columns of the
 * summarised outputs, failed flags, failure count, settings and horizon;
 * `rsi-sim merge` uses it to join a sweep's shards.
 */
export function finishSweep(model: CompiledModel, opts: SweepOptions, sims: SimulationResult[]): SweepResult {
  const plan = sweepPlan(model, opts);
  let step = plan.next();
  let i = 0;
  while (!step.done) {
    if (i >= sims.length) throw new UserError("sweep", `has more points than the ${sims.length} simulations given`);
    step = plan.next(sims[i++]);
  }
  if (i !== sims.length) throw new UserError("sweep", `has ${i} points, but ${sims.length} simulations were given`);
  return step.value;
}
