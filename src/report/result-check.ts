/**
 * A saved result checked before its report is drawn, so that a damaged or
 * hand-edited file is refused in one line naming the file and the field,
 * never drawn with made-up numbers: first its kind's JSON Schema
 * (result-schemas.ts: types, whole numbers, ranges, required fields,
 * lengths), then what relates one field to another, as rsi-sim writes it:
 *
 * - counts add up: an output's n + missing are the draws that did not fail
 *   (samples − failed of the run, the sweep point or the scenario), its
 *   non-finite draws are among the missing ones, the failed draws of the
 *   points or scenarios sum to the result's, the failures by reason to a
 *   run's failed draws, a paired difference's flips are among its pairs;
 * - estimates lie inside the intervals that always hold them: a proportion
 *   in its Wilson interval, a paired difference in its (Tango score)
 *   interval, a mean difference in its normal interval, a relative risk in
 *   its interval, an OAT effect in its interval; every interval is in order
 *   (a bootstrap percentile interval need not hold its estimate, so only its
 *   order is checked);
 * - quantiles do not decrease (an output's five, a run's 101, a series' five
 *   at each time, a timeline's P(date ≤ year) over the years);
 * - indices point where rsi-sim points them: a sweep's points and
 *   differences, a comparison's scenarios, a sensitivity analysis's factors.
 *
 * Numbers are compared with a tolerance of 1e-9 of their size, for the 12
 * significant digits rsi-sim writes.
 */
import { QUANTILES } from "../analysis/summary.js";
import { UserError } from "../core/errors.js";
import { QUANTILE_NAMES, schemaProblem, shown, type ResultKind } from "./result-schemas.js";
import { fieldPath, subField } from "../core/ajv.js";

type Num = number | null;
type Pair = [Num, Num];

interface Summary {
  kind: string;
  n: number;
  missing: number;
  nonfinite?: Record<string, number>;
  mean: Num;
  se: Num;
  quantiles: Record<string, Num>;
  p?: Num;
  ci?: Pair;
  p_defined?: Num;
  ci_defined?: Pair;
}

interface Paired {
  n: number;
  undefined?: number;
  up: number;
  down: number;
  diff: Num;
  ci: Pair;
}

interface Continuous {
  kind: "continuous";
  n: number;
  lost: number;
  gained: number;
  mean_diff: Num;
  ci: Pair;
  higher: number;
  lower: number;
  quantiles: Record<string, { diff: Num; ci: Pair }>;
}

/** How a check refuses: `fail` throws the one-line error; `missing` says a field is not there. */
interface Ctx {
  fail: (field: string, what: string) => never;
  missing: (field: string) => never;
}

const isNum = (x: unknown): x is number => typeof x === "number";
/** a ≤ b, up to the rounding of the 12 digits rsi-sim writes (and of sums of numbers as large as `scale`) */
const le = (a: number, b: number, scale = 0) => a <= b + 1e-9 * Math.max(Math.abs(a), Math.abs(b), scale);
const near = (a: number, b: number, scale = 0) => le(a, b, scale) && le(b, a, scale);
/** A map's own entry (a name such as "constructor" is not one unless the file gives it). */
const own = <T>(map: Record<string, T>, key: string): T | undefined => (Object.hasOwn(map, key) ? map[key] : undefined);
/** Both null, or both numbers and equal up to rounding. */
const same = (a: Num, b: Num) => (a === null ? b === null : b !== null && near(a, b));
const interval = (ci: readonly Num[]) => `[${ci.map((x) => (x === null ? "null" : String(x))).join(", ")}]`;
const sum = (xs: number[]) => xs.reduce((a, b) => a + b, 0);

/**
 * Check a parsed result of a known kind; throws a one-line UserError naming
 * `where` and the field when it is not one rsi-sim could have written.
 *
 * @example
 * checkResult("run", JSON.parse(text), "run.json");
 */
export function checkResult(kind: ResultKind, raw: Record<string, unknown>, where: string): void {
  const schema = String(raw.schema);
  const problem = schemaProblem(kind, raw, schema);
  if (problem !== null) throw new UserError(where, problem);
  const ctx: Ctx = {
    fail: (field, what) => {
      throw new UserError(where, `${field}${what.startsWith(":") ? "" : " "}${what}`);
    },
    missing: (field) => {
      throw new UserError(where, `not a complete ${schema} file: ${field} is missing`);
    },
  };
  if (kind === "run") checkRun(ctx, raw as unknown as RunFile);
  else if (kind === "sweep") checkSweep(ctx, raw as unknown as SweepFile);
  else if (kind === "compare") checkCompare(ctx, raw as unknown as CompareFile);
  else checkSensitivity(ctx, raw as unknown as SensitivityFile);
}

// ---------------------------------------------------------------------------
// pieces every kind shares

/** `values` (some null) do not decrease: the first pair that does, named by `label`. */
function checkOrdered(ctx: Ctx, at: string, values: readonly Num[], label: (i: number) => string): void {
  let last = -1;
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (v === null) continue;
    if (last >= 0 && !le(values[last] as number, v)) ctx.fail(at, `must not decrease: ${label(last)} = ${values[last]} is above ${label(i)} = ${v}`);
    last = i;
  }
}

/** An interval in order and, when `estimate` is given, holding it (an end that is null is open). */
function checkInterval(ctx: Ctx, at: string, ci: readonly Num[], estimate?: { name: string; value: Num }): void {
  const [lo, hi] = ci;
  if (isNum(lo) && isNum(hi) && !le(lo, hi)) ctx.fail(at, `must be an interval [low, high] with low ≤ high, got ${interval(ci)}`);
  const x = estimate?.value;
  if (!isNum(x)) return;
  // an end computed as estimate ± half-width is off by the rounding of the half-width (files from versions whose
  // Wilson low end of p = 0 was 1e-18, or whose paired difference's interval was Agresti–Min's, centred on (up − down)/(n + 2))
  const scale = Math.max(Math.abs(lo ?? 0), Math.abs(hi ?? 0));
  if ((isNum(lo) && !le(lo, x, scale)) || (isNum(hi) && !le(x, hi, scale))) ctx.fail(at, `must hold its estimate ${estimate!.name} = ${x}, got ${interval(ci)}`);
}

/** At most `limit`, else a refusal saying what the limit is. */
function checkAtMost(ctx: Ctx, at: string, value: number, limit: number, what: string): void {
  if (value > limit) ctx.fail(at, `must be at most ${what} (${limit}), got ${value}`);
}

/**
 * An output's summary over `ok` draws that did not fail (`okWhat` says
 * where that number comes from): counts, quantiles in order, and a
 * binary output's p and p_defined inside their intervals.
 */
function checkSummary(ctx: Ctx, s: Summary, at: string, ok: number, okWhat: string): void {
  if (s.n + s.missing !== ok) ctx.fail(at, `: n + missing must be the ${ok} draws that did not fail (${okWhat}), got ${s.n} + ${s.missing} = ${s.n + s.missing}`);
  const nonfinite = sum(Object.values(s.nonfinite ?? {}));
  if (nonfinite > s.missing) ctx.fail(`${at}.nonfinite`, `counts ${nonfinite} draws, more than the ${s.missing} missing ones they are among`);
  checkOrdered(ctx, `${at}.quantiles`, QUANTILE_NAMES.map((q) => s.quantiles[q]), (i) => QUANTILE_NAMES[i]);
  if (s.n === 0) {
    if (s.mean !== null) ctx.fail(`${at}.mean`, `must be null: the output is defined in no draw (n = 0), got ${s.mean}`);
    const q = QUANTILE_NAMES.find((k) => s.quantiles[k] !== null);
    if (q !== undefined) ctx.fail(`${at}.quantiles.${q}`, `must be null: the output is defined in no draw (n = 0), got ${s.quantiles[q]}`);
  }
  if (s.kind !== "binary") return;
  if (s.p === undefined) ctx.missing(`${at}.p`);
  if (s.ci === undefined) ctx.missing(`${at}.ci`);
  checkInterval(ctx, `${at}.ci`, s.ci, { name: "p", value: s.p });
  if ((s.p_defined === undefined) !== (s.ci_defined === undefined)) ctx.missing(`${at}.${s.p_defined === undefined ? "p_defined" : "ci_defined"}`);
  if (s.ci_defined !== undefined) checkInterval(ctx, `${at}.ci_defined`, s.ci_defined, { name: "p_defined", value: s.p_defined ?? null });
}

/** The summaries of the listed outputs in `outputs` (a sweep point's, a scenario's), each of its listed kind. */
function checkListedSummaries(ctx: Ctx, listed: OutputEntry[], outputs: Record<string, Summary>, at: string, ok: number, okWhat: string): void {
  for (const o of listed) {
    const here = subField(`${at}.outputs`, o.name);
    const s = own(outputs, o.name);
    if (s === undefined) ctx.missing(here);
    if (s.kind !== o.kind) ctx.fail(`${here}.kind`, `must be "${o.kind}", the kind "outputs" gives ${o.name}, got "${s.kind}"`);
    checkSummary(ctx, s, here, ok, okWhat);
  }
}

/** The outputs' names are distinct. */
function checkOutputList(ctx: Ctx, outputs: OutputEntry[]): void {
  const seen = new Set<string>();
  outputs.forEach((o, i) => {
    if (seen.has(o.name)) ctx.fail(`outputs[${i}].name`, `names ${JSON.stringify(o.name)} a second time`);
    seen.add(o.name);
  });
}

/**
 * A paired difference of a 0/1 output (a sweep's, a comparison's): its
 * pairs among the draws that succeeded under both (`okA`, `okB`), its
 * flips among its pairs, diff = (up − down) / n inside its interval.
 */
function checkPaired(ctx: Ctx, d: Paired, at: string, okA: number, okB: number, both: string): void {
  checkAtMost(ctx, `${at}.n`, d.n, Math.min(okA, okB), `the draws that did not fail ${both}`);
  // the pairs where the output is undefined at one end or both are counted beside n
  if (d.undefined !== undefined) checkAtMost(ctx, `${at}: n + undefined`, d.n + d.undefined, Math.min(okA, okB), `the draws that did not fail ${both}`);
  if (d.up + d.down > d.n) ctx.fail(at, `: up + down must be at most n (${d.n}), got ${d.up} + ${d.down} = ${d.up + d.down}`);
  const diff = d.n > 0 ? (d.up - d.down) / d.n : null;
  if (!same(d.diff, diff)) ctx.fail(`${at}.diff`, `must be (up − down) / n = ${diff === null ? "null (n = 0)" : diff}, got ${d.diff}`);
  checkInterval(ctx, `${at}.ci`, d.ci, { name: "diff", value: d.diff });
}

// ---------------------------------------------------------------------------
// a run

interface RunFile {
  samples: number;
  failed: number;
  failures: Record<string, number>;
  outputs: Record<string, Summary>;
  outputInfo?: Record<string, { kind: string }>;
  distributions?: Record<string, { n: number; missing: number; quantiles: Num[] }>;
  series?: Record<string, Record<string, Num[]> & { range: [number, number]; times: number[]; running: number[] }>;
}

function checkRun(ctx: Ctx, r: RunFile): void {
  checkAtMost(ctx, "failed", r.failed, r.samples, "samples");
  const reasons = sum(Object.values(r.failures));
  if (reasons !== r.failed) ctx.fail("failures", `count ${reasons} failed draws by reason, but failed is ${r.failed}`);
  const ok = r.samples - r.failed;
  for (const [name, s] of Object.entries(r.outputs)) {
    checkSummary(ctx, s, fieldPath(["outputs", name]), ok, "samples − failed");
    const kind = r.outputInfo && own(r.outputInfo, name)?.kind;
    if (kind !== undefined && kind !== s.kind) ctx.fail(fieldPath(["outputInfo", name, "kind"]), `must be "${s.kind}", as ${fieldPath(["outputs", name, "kind"])}, got "${kind}"`);
  }
  for (const [name, d] of Object.entries(r.distributions ?? {})) checkDistribution(ctx, name, d, own(r.outputs, name));
  for (const [name, s] of Object.entries(r.series ?? {})) checkSeries(ctx, fieldPath(["series", name]), s, r.samples);
}

/** A continuous output's 101 quantiles: in order, agreeing with its summary. */
function checkDistribution(ctx: Ctx, name: string, d: NonNullable<RunFile["distributions"]>[string], s: Summary | undefined): void {
  const at = fieldPath(["distributions", name]);
  const of = fieldPath(["outputs", name]);
  if (s === undefined) ctx.fail(at, `is the distribution of an output that "outputs" does not summarise`);
  if (s.kind !== "continuous") ctx.fail(at, `is the distribution of a ${s.kind} output (${of}.kind); only continuous outputs have one`);
  if (d.n !== s.n || d.missing !== s.missing) ctx.fail(at, `: n and missing must be those of ${of} (${s.n} and ${s.missing}), got ${d.n} and ${d.missing}`);
  checkOrdered(ctx, `${at}.quantiles`, d.quantiles, (i) => `[${i}]`);
  for (const q of QUANTILE_NAMES) {
    const i = Math.round(100 * QUANTILES[q]);
    if (!same(d.quantiles[i], s.quantiles[q])) ctx.fail(`${at}.quantiles[${i}]`, `must be ${of}.quantiles.${q} (${s.quantiles[q]}), got ${d.quantiles[i]}`);
  }
  const [least, most] = [d.quantiles[0], d.quantiles[100]];
  if (isNum(s.mean) && isNum(least) && isNum(most) && !(le(least, s.mean) && le(s.mean, most))) {
    ctx.fail(`${of}.mean`, `must lie between the least and the greatest value (${at}.quantiles[0] and [100]: ${least} and ${most}), got ${s.mean}`);
  }
}

/** A series' fan: arrays as long as its times, its quantiles in order and in its range at each time. */
function checkSeries(ctx: Ctx, at: string, s: NonNullable<RunFile["series"]>[string], samples: number): void {
  const L = s.times.length;
  for (const key of ["running", ...QUANTILE_NAMES]) {
    if (s[key].length !== L) ctx.fail(`${at}.${key}`, `must hold a value for each of the ${L} times, got ${s[key].length}`);
  }
  checkInterval(ctx, `${at}.range`, s.range);
  checkOrdered(ctx, `${at}.times`, s.times, (i) => `[${i}]`);
  for (let k = 0; k < L; k++) {
    checkAtMost(ctx, `${at}.running[${k}]`, s.running[k], samples, "samples");
    const qs = QUANTILE_NAMES.map((q) => s[q][k]);
    checkOrdered(ctx, at, qs, (i) => `${QUANTILE_NAMES[i]}[${k}]`);
    qs.forEach((v, i) => {
      if (isNum(v) && !(le(s.range[0], v) && le(v, s.range[1]))) ctx.fail(`${at}.${QUANTILE_NAMES[i]}[${k}]`, `must lie in the series' range ${interval(s.range)}, got ${v}`);
    });
  }
}

// ---------------------------------------------------------------------------
// a sweep

interface OutputEntry {
  name: string;
  kind: string;
}

interface SweepFile {
  samples: number;
  failed: number;
  swept: { name: string; values: number[] }[];
  outputs: OutputEntry[];
  points: { index: number; values: Record<string, number>; failed: number; outputs: Record<string, Summary> }[];
  differences: { along: string; from: number; to: number; outputs: Record<string, Paired> }[];
}

function checkSweep(ctx: Ctx, r: SweepFile): void {
  const [a1, a2] = r.swept;
  if (a2 !== undefined && a2.name === a1.name) ctx.fail("swept[1].name", `must differ from swept[0].name, got ${JSON.stringify(a2.name)} twice`);
  const n1 = a1.values.length;
  const n2 = a2?.values.length ?? 1;
  if (r.points.length !== n1 * n2) ctx.fail("points", `has ${r.points.length} entries; the swept values make ${n1 * n2}`);
  checkOutputList(ctx, r.outputs);
  let failed = 0;
  r.points.forEach((pt, k) => {
    const at = `points[${k}]`;
    if (pt.index !== k) ctx.fail(`${at}.index`, `must be ${k}, its place in "points", got ${pt.index}`);
    const place: [typeof a1, number, number][] = [[a1, 0, Math.floor(k / n2)]];
    if (a2 !== undefined) place.push([a2, 1, k % n2]);
    for (const [axis, j, i] of place) {
      const v = own(pt.values, axis.name);
      if (!isNum(v) || !near(v, axis.values[i])) ctx.fail(subField(`${at}.values`, axis.name), `must be ${axis.values[i]} (swept[${j}].values[${i}]), got ${shown(v)}`);
    }
    checkAtMost(ctx, `${at}.failed`, pt.failed, r.samples, "samples");
    failed += pt.failed;
    checkListedSummaries(ctx, r.outputs, pt.outputs, at, r.samples - pt.failed, `samples − ${at}.failed`);
  });
  if (failed !== r.failed) ctx.fail("failed", `must be the points' failed draws together (${failed}), got ${r.failed}`);
  checkSweepDifferences(ctx, r, n1, n2);
}

/** The paired differences: one per adjacent pair of points, in rsi-sim's order (src/analysis/sweep.ts), of every binary output. */
function checkSweepDifferences(ctx: Ctx, r: SweepFile, n1: number, n2: number): void {
  const expected: { along: string; from: number; to: number }[] = [];
  for (let j = 0; j < n2; j++) for (let i = 0; i + 1 < n1; i++) expected.push({ along: r.swept[0].name, from: i * n2 + j, to: (i + 1) * n2 + j });
  if (r.swept.length > 1) for (let i = 0; i < n1; i++) for (let j = 0; j + 1 < n2; j++) expected.push({ along: r.swept[1].name, from: i * n2 + j, to: i * n2 + j + 1 });
  const binaries = r.outputs.filter((o) => o.kind === "binary").map((o) => o.name);
  // each difference the swept values make, then their number (a missing one is named by the first out of place)
  r.differences.slice(0, expected.length).forEach((d, k) => {
    const at = `differences[${k}]`;
    for (const key of ["from", "to"] as const) {
      if (d[key] >= r.points.length) ctx.fail(`${at}.${key}`, `must be the index of a point (0 … ${r.points.length - 1}), got ${d[key]}`);
    }
    const e = expected[k];
    if (d.along !== e.along || d.from !== e.from || d.to !== e.to) {
      ctx.fail(at, `must compare points ${e.from} and ${e.to} along ${e.along}, got ${d.from} and ${d.to} along ${JSON.stringify(d.along)}`);
    }
    for (const b of binaries) {
      const here = subField(`${at}.outputs`, b);
      const pd = own(d.outputs, b);
      if (pd === undefined) ctx.missing(here);
      checkPaired(ctx, pd, here, r.samples - r.points[d.from].failed, r.samples - r.points[d.to].failed, "at both points");
    }
  });
  if (r.differences.length !== expected.length) ctx.fail("differences", `has ${r.differences.length} entries; the swept values make ${expected.length} pairs of adjacent points`);
}

// ---------------------------------------------------------------------------
// a comparison

interface CompareFile {
  samples: number;
  failed: number;
  baseline: number;
  scenarios: { failed: number; failures?: Record<string, number>; outputs: Record<string, Summary> }[];
  outputs: OutputEntry[];
  comparisons: { scenario: number; baseline: number; outputs: Record<string, (Paired & { kind: "binary" } & Record<string, Num | Pair>) | Continuous> }[];
  timeline: { years: number[]; curves: { p: Num[][]; differences: { scenario: number; diff: Num[]; lo: Num[]; hi: Num[] }[]; shifts: { scenario: number; shift: Continuous }[] }[] };
}

function checkCompare(ctx: Ctx, r: CompareFile): void {
  const S = r.scenarios.length;
  if (r.baseline >= S) ctx.fail("baseline", `must be the index of a scenario (0 … ${S - 1}), got ${r.baseline}`);
  checkOutputList(ctx, r.outputs);
  let failed = 0;
  r.scenarios.forEach((sc, s) => {
    const at = `scenarios[${s}]`;
    checkAtMost(ctx, `${at}.failed`, sc.failed, r.samples, "samples");
    failed += sc.failed;
    checkListedSummaries(ctx, r.outputs, sc.outputs, at, r.samples - sc.failed, `samples − ${at}.failed`);
    const reasons = sc.failures === undefined ? sc.failed : sum(Object.values(sc.failures));
    if (reasons !== sc.failed) ctx.fail(`${at}.failures`, `count ${reasons} failed draws by reason, but ${at}.failed is ${sc.failed}`);
  });
  if (failed !== r.failed) ctx.fail("failed", `must be the scenarios' failed draws together (${failed}), got ${r.failed}`);
  const others = [...Array(S).keys()].filter((s) => s !== r.baseline);
  const ok = (s: number) => r.samples - r.scenarios[s].failed;
  const scenarioAt = (at: string, s: number, k: number) => {
    if (s !== others[k]) ctx.fail(at, `must be ${others[k]}: one entry per scenario but the baseline (${r.baseline}), in order; got ${s}`);
  };
  if (r.comparisons.length !== others.length) ctx.fail("comparisons", `has ${r.comparisons.length} entries; there are ${others.length} scenarios besides the baseline`);
  r.comparisons.forEach((c, k) => {
    const at = `comparisons[${k}]`;
    scenarioAt(`${at}.scenario`, c.scenario, k);
    if (c.baseline !== r.baseline) ctx.fail(`${at}.baseline`, `must be the result's baseline (${r.baseline}), got ${c.baseline}`);
    for (const o of r.outputs) {
      const here = subField(`${at}.outputs`, o.name);
      const d = own(c.outputs, o.name);
      if (d === undefined) ctx.missing(here);
      if (d.kind !== o.kind) ctx.fail(`${here}.kind`, `must be "${o.kind}", the kind "outputs" gives ${o.name}, got "${d.kind}"`);
      if (d.kind === "binary") checkBinaryComparison(ctx, d, here, ok(c.scenario), ok(r.baseline));
      else checkContinuous(ctx, d, here, ok(c.scenario), ok(r.baseline));
    }
  });
  checkTimeline(ctx, r, others, ok, scenarioAt);
}

/** A probability's comparison: the paired difference, and p, rr and nnt agreeing with it and inside their intervals. */
function checkBinaryComparison(ctx: Ctx, d: Paired & Record<string, unknown>, at: string, okS: number, okB: number): void {
  checkPaired(ctx, d, at, okS, okB, "under both scenarios");
  const undefinedPairs = typeof d.undefined === "number" ? d.undefined : 0;
  if (d.n + undefinedPairs > Math.min(okS, okB)) ctx.fail(at, `: n + undefined must be at most the draws that did not fail under both scenarios (${Math.min(okS, okB)}), got ${d.n + undefinedPairs}`);
  const [pb, ps, rr, nnt] = [d.p_baseline, d.p_scenario, d.rr, d.nnt] as Num[];
  if (isNum(pb) && isNum(ps) && isNum(d.diff) && !near(ps - pb, d.diff, Math.max(ps, pb))) ctx.fail(`${at}.diff`, `must be p_scenario − p_baseline = ${ps - pb}, got ${d.diff}`);
  if (isNum(rr) && isNum(pb) && isNum(ps) && pb > 0 && !near(rr, ps / pb)) ctx.fail(`${at}.rr`, `must be p_scenario / p_baseline = ${ps / pb}, got ${rr}`);
  if (isNum(nnt) && isNum(d.diff) && d.diff !== 0 && !near(nnt, 1 / Math.abs(d.diff))) ctx.fail(`${at}.nnt`, `must be 1 / |diff| = ${1 / Math.abs(d.diff)}, got ${nnt}`);
  checkInterval(ctx, `${at}.rr_ci`, d.rr_ci as Pair, { name: "rr", value: rr });
  checkInterval(ctx, `${at}.nnt_ci`, d.nnt_ci as Pair, { name: "nnt", value: nnt });
}

/** A measured outcome's comparison: its counts among the pairs, the mean difference inside its interval, quantile intervals in order. */
function checkContinuous(ctx: Ctx, c: Continuous, at: string, okS: number, okB: number): void {
  const pairs = c.n + c.lost + c.gained;
  if (pairs > Math.min(okS, okB)) ctx.fail(at, `: n + lost + gained must be at most the draws that did not fail under both scenarios (${Math.min(okS, okB)}), got ${pairs}`);
  if (c.higher + c.lower > c.n) ctx.fail(at, `: higher + lower must be at most n (${c.n}), got ${c.higher} + ${c.lower} = ${c.higher + c.lower}`);
  if (c.n === 0 && c.mean_diff !== null) ctx.fail(`${at}.mean_diff`, `must be null: no draw has the output defined under both (n = 0), got ${c.mean_diff}`);
  checkInterval(ctx, `${at}.ci`, c.ci, { name: "mean_diff", value: c.mean_diff });
  for (const q of QUANTILE_NAMES) checkInterval(ctx, `${at}.quantiles.${q}.ci`, c.quantiles[q].ci);
}

/** The timeline: P(date ≤ year) for every scenario and year, not decreasing; the differences inside their bands; the shifts. */
function checkTimeline(ctx: Ctx, r: CompareFile, others: number[], ok: (s: number) => number, scenarioAt: (at: string, s: number, k: number) => void): void {
  const { years, curves } = r.timeline;
  const Y = years.length;
  checkOrdered(ctx, "timeline.years", years, (i) => `[${i}]`);
  const lengths = (at: string, xs: unknown[], n: number, what: string) => xs.length !== n && ctx.fail(at, `must hold ${n} entries (${what}), got ${xs.length}`);
  curves.forEach((cv, c) => {
    const at = `timeline.curves[${c}]`;
    lengths(`${at}.p`, cv.p, r.scenarios.length, "one per scenario");
    cv.p.forEach((p, s) => {
      lengths(`${at}.p[${s}]`, p, Y, "one per year");
      checkOrdered(ctx, `${at}.p[${s}]`, p, (i) => `P(date ≤ ${years[i]})`);
    });
    lengths(`${at}.differences`, cv.differences, others.length, "one per scenario but the baseline");
    cv.differences.forEach((d, k) => {
      const here = `${at}.differences[${k}]`;
      scenarioAt(`${here}.scenario`, d.scenario, k);
      for (const key of ["diff", "lo", "hi"] as const) lengths(`${here}.${key}`, d[key], Y, "one per year");
      for (let y = 0; y < Y; y++) checkInterval(ctx, `${here}: [lo[${y}], hi[${y}]]`, [d.lo[y], d.hi[y]], { name: `diff[${y}]`, value: d.diff[y] });
    });
    lengths(`${at}.shifts`, cv.shifts, others.length, "one per scenario but the baseline");
    cv.shifts.forEach((s, k) => {
      scenarioAt(`${at}.shifts[${k}].scenario`, s.scenario, k);
      checkContinuous(ctx, s.shift, `${at}.shifts[${k}].shift`, ok(s.scenario), ok(r.baseline));
    });
  });
}

// ---------------------------------------------------------------------------
// a sensitivity analysis

interface SensitivityFile {
  method: "sobol" | "morris" | "oat";
  N: number;
  level?: string;
  inner?: number;
  runs: number;
  failed: number;
  factors: { name: string }[];
  rest: { analysed: boolean };
  outputs: Record<string, { runs: number; failed: number; undefined: number } & Record<string, unknown>>;
}

interface SobolPart {
  N: number;
  k: number;
  rows: number;
  indices: { name: string; S1_ci: Pair; ST_ci: Pair; rows: number }[];
  convergence: { N: number; S1: Num[]; ST: Num[] }[];
}
interface MorrisPart {
  r: number;
  k: number;
  indices: { name: string; mu: Num; muStar: Num; muStar_ci: Pair; effects: number }[];
}
interface OatPart {
  draws: number;
  rows: { name: string; delta: Num; delta_ci: Pair | null; swing: Num; n: number }[];
}

function checkSensitivity(ctx: Ctx, r: SensitivityFile): void {
  checkAtMost(ctx, "failed", r.failed, r.runs, "runs");
  if (r.level !== undefined && r.inner === undefined) ctx.missing(`"inner"`);
  const factors = r.factors.map((f) => f.name);
  for (const [name, o] of Object.entries(r.outputs)) {
    const at = fieldPath(["outputs", name]);
    if (o.runs !== r.runs) ctx.fail(`${at}.runs`, `must be the result's runs (${r.runs}), got ${o.runs}`);
    if (o.failed !== r.failed) ctx.fail(`${at}.failed`, `must be the result's failed runs (${r.failed}), got ${o.failed}`);
    checkAtMost(ctx, `${at}.undefined`, o.undefined, r.runs, "runs");
    const part = own(o, r.method);
    if (part === undefined) ctx.missing(`${at}.${r.method}`);
    const here = `${at}.${r.method}`;
    if (r.method === "sobol") checkSobol(ctx, here, part as SobolPart, r.N, r.rest.analysed ? [...factors, "(rest)"] : factors);
    else if (r.method === "morris") checkMorris(ctx, here, part as MorrisPart, r.N, factors);
    else checkOat(ctx, here, part as OatPart, r.N, factors);
  }
}

/** The names of a method's indices: the factors, in order. */
function checkNames(ctx: Ctx, at: string, names: string[], factors: string[], inOrder = true): void {
  const [a, b] = inOrder ? [names, factors] : [[...names].sort(), [...factors].sort()];
  if (a.length !== b.length || a.some((n, i) => n !== b[i])) {
    ctx.fail(at, `must list the factors ${factors.join(", ")}${inOrder ? " in order" : ", each once"}, got ${names.join(", ") || "none"}`);
  }
}

function checkSobol(ctx: Ctx, at: string, s: SobolPart, N: number, factors: string[]): void {
  if (s.N !== N) ctx.fail(`${at}.N`, `must be the result's N (${N}), got ${s.N}`);
  checkNames(ctx, `${at}.indices`, s.indices.map((x) => x.name), factors);
  if (s.k !== s.indices.length) ctx.fail(`${at}.k`, `must be the number of indices (${s.indices.length}), got ${s.k}`);
  checkAtMost(ctx, `${at}.rows`, s.rows, N, "N");
  s.indices.forEach((x, i) => {
    checkAtMost(ctx, `${at}.indices[${i}].rows`, x.rows, N, "N");
    checkInterval(ctx, `${at}.indices[${i}].S1_ci`, x.S1_ci);
    checkInterval(ctx, `${at}.indices[${i}].ST_ci`, x.ST_ci);
  });
  s.convergence.forEach((c, j) => {
    checkAtMost(ctx, `${at}.convergence[${j}].N`, c.N, N, "N");
    for (const key of ["S1", "ST"] as const) {
      if (c[key].length !== s.k) ctx.fail(`${at}.convergence[${j}].${key}`, `must hold one index per factor (${s.k}), got ${c[key].length}`);
    }
  });
}

function checkMorris(ctx: Ctx, at: string, m: MorrisPart, N: number, factors: string[]): void {
  if (m.r !== N) ctx.fail(`${at}.r`, `must be the result's N, its trajectories (${N}), got ${m.r}`);
  checkNames(ctx, `${at}.indices`, m.indices.map((x) => x.name), factors);
  if (m.k !== m.indices.length) ctx.fail(`${at}.k`, `must be the number of factors (${m.indices.length}), got ${m.k}`);
  m.indices.forEach((x, i) => {
    const here = `${at}.indices[${i}]`;
    checkAtMost(ctx, `${here}.effects`, x.effects, m.r, "the trajectories");
    if (isNum(x.mu) && isNum(x.muStar) && !le(Math.abs(x.mu), x.muStar)) ctx.fail(`${here}.muStar`, `must be at least |mu| = ${Math.abs(x.mu)} (the mean of |effects| is at least |their mean|), got ${x.muStar}`);
    checkInterval(ctx, `${here}.muStar_ci`, x.muStar_ci);
  });
}

function checkOat(ctx: Ctx, at: string, o: OatPart, N: number, factors: string[]): void {
  if (o.draws !== N) ctx.fail(`${at}.draws`, `must be the result's N, its draws per point (${N}), got ${o.draws}`);
  checkNames(ctx, `${at}.rows`, o.rows.map((x) => x.name), factors, false);
  // the numbers among the swings are in order; a null may stand anywhere: an undefined swing is sorted
  // last, but one past the largest double (+Infinity, written null) first
  let prev: number | undefined;
  o.rows.forEach((x, i) => {
    const here = `${at}.rows[${i}]`;
    checkAtMost(ctx, `${here}.n`, x.n, o.draws, "the draws per point");
    if (!same(x.swing, isNum(x.delta) ? Math.abs(x.delta) : null)) ctx.fail(`${here}.swing`, `must be |delta| = ${isNum(x.delta) ? Math.abs(x.delta) : null}, got ${x.swing}`);
    if (x.delta_ci !== null) checkInterval(ctx, `${here}.delta_ci`, x.delta_ci, { name: "delta", value: x.delta });
    if (prev !== undefined && isNum(x.swing) && !le(x.swing, prev)) ctx.fail(`${here}.swing`, `must not be above the swing before it (rows are sorted by swing, largest first), got ${x.swing} after ${prev}`);
    if (isNum(x.swing)) prev = x.swing;
  });
}
