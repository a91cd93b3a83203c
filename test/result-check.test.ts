/**
 * A saved result is checked before its report is drawn
 * (src/report/result-check.ts, result-schemas.ts): a damaged or
 * hand-edited file is refused in one line naming the file and the field,
 * never drawn with made-up numbers; and no result rsi-sim writes is ever
 * refused: runs, sweeps, comparisons and sensitivity analyses of several
 * models (outputs never defined, not finite, failed draws), merged shards
 * and every golden file pass.
 */
import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { UserError } from "../src/core/errors.js";
import { resultJSON } from "../src/analysis/result.js";
import { run, runShard } from "../src/app/run.js";
import { sweep, sweepShard } from "../src/app/sweep.js";
import { compare, compareShard } from "../src/app/compare.js";
import { sensitivity, sensitivityShard } from "../src/app/sensitivity.js";
import { merge } from "../src/app/merge.js";
import { parseResultText } from "../src/report/html.js";

const tmp = mkdtempSync(path.join(tmpdir(), "rsi-sim-result-check-"));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

/**
 * A model with every kind of awkward output: defined in some draws only,
 * never defined, a 0/1 output undefined in some draws, ±Infinity from an
 * overflow, NaN from a domain error; and draws that fail (y blows up when
 * g > 1.8).
 */
const EDGE = `name: edge
time: { start: 0, horizon: 10, unit: years }
parameters:
  g: { prior: "uniform(0.5, 2)", description: growth }
  h: { prior: "uniform(0, 1)", description: other }
state:
  x: { initial: 0, rate: "g" }
  y: { initial: 1, rate: "y^2 * (g - 1.7)" }
milestones:
  big: "x >= 15"
  never: "x >= 1000"
outputs:
  x_end: { value: "final(x)", unit: years, headline: true }
  t_big: { value: big, unit: years, description: when x reached 15, headline: true }
  t_never: { value: never, unit: years, description: never reached, headline: true }
  hit: { value: "reached(big)", headline: true }
  hit_if: { value: "h > 0.5 ? g > 1.2 : NaN", type: binary, headline: true }
  over: { value: "exp(1000 * (g - 0.9))", headline: true }
  neg: { value: "-exp(1000 * (g - 0.9))", headline: true }
  dom: { value: "ln(g - 1) + h", headline: true }
`;
const edge = path.join(tmp, "edge.yaml");
writeFileSync(edge, EDGE);

/** Real results as rsi-sim writes them (name → JSON text), made in beforeAll. */
const real = new Map<string, string>();
const W = { workers: 1 as const };

async function merged(name: string, shard: (spec: { index: number; count: number }) => Promise<{ bytes: Uint8Array }>): Promise<void> {
  const parts = [await shard({ index: 1, count: 2 }), await shard({ index: 2, count: 2 })];
  const m = await merge(parts.map((p, i) => ({ name: `${name}-${i + 1}.shard`, bytes: p.bytes })).reverse());
  real.set(`merged ${name}`, resultJSON({ ...m.result, command: m.command }));
}

beforeAll(async () => {
  const add = (name: string, result: object) => real.set(name, resultJSON(result));
  // runs
  add("run rsi-core", (await run({ samples: 300, ...W, command: "rsi-sim run --samples 300" })).result);
  add("run forethought-sie", (await run({ model: "forethought-sie", samples: 300, ...W })).result);
  for (const f of readdirSync("models/test").filter((x) => x.endsWith(".yaml"))) add(`run ${f}`, (await run({ model: path.join("models/test", f), samples: 200, ...W })).result);
  add("run edge", (await run({ model: edge, samples: 300, ...W })).result);
  add("run edge on 2 threads", (await run({ model: edge, samples: 2000, workers: 2 })).result);
  add("run rsi-core, some outputs, short horizon", (await run({ samples: 200, outputs: ["loc", "t_loc", "warned_before_loc"], horizon: 2040, ...W })).result);
  add("run rsi-core to a precision", (await run({ samples: 100, precision: 0.08, ...W })).result);
  // sweeps
  add("sweep one axis", (await sweep({ param: "ratio", values: [20, 200], samples: 200, ...W })).result);
  add("sweep two axes", (await sweep({ param: "ratio", values: [20, 200], second: { param: "p_comply", values: [0.2, 0.5, 0.8] }, samples: 100, ...W })).result);
  add("sweep a log range", (await sweep({ param: "ratio", range: [1, 1000], points: 3, log: true, samples: 100, ...W })).result);
  add("sweep edge, failed points", (await sweep({ model: edge, param: "g", values: [0.6, 1.1, 1.9], second: { param: "h", values: [0.1, 0.9] }, samples: 100, ...W })).result);
  // comparisons
  const ab = [{ name: "a" }, { name: "b", settings: { ratio: 20 } }];
  add("compare", (await compare({ samples: 200, scenarios: ab, resamples: 100, ...W })).result);
  add("compare with a timeline", (await compare({ samples: 200, scenarios: ab, timeline: ["t_loc"], resamples: 100, ...W })).result);
  add("compare at 2 draws", (await compare({ samples: 2, scenarios: ab, resamples: 100, ...W })).result);
  add("compare three, another baseline", (await compare({ samples: 100, scenarios: [...ab, { name: "c", settings: { p_comply: 1 } }], baseline: "b", resamples: 50, ...W })).result);
  add("compare edge, a scenario all failed", (await compare({ model: edge, samples: 200, scenarios: [{ name: "lo", settings: { g: 0.7 } }, { name: "hi", settings: { g: 1.9 } }], resamples: 50, ...W })).result);
  add("compare edge", (await compare({ model: edge, samples: 200, scenarios: [{ name: "a" }, { name: "b", settings: { h: 0.9 } }], resamples: 50, ...W })).result);
  // sensitivity analyses
  const few = { params: ["gamma", "r_safe"], resamples: 50, ...W };
  for (const level of ["outcome", "probability"] as const) {
    const inner = level === "probability" ? { inner: 4 } : {};
    add(`sobol ${level}`, (await sensitivity({ method: "sobol", samples: 16, level, ...inner, ...few })).result);
    add(`morris ${level}`, (await sensitivity({ method: "morris", trajectories: 4, level, ...inner, ...few })).result);
    add(`oat ${level}`, (await sensitivity({ method: "oat", samples: 20, level, ...few })).result);
  }
  add("sobol shared draws", (await sensitivity({ method: "sobol", samples: 16, level: "outcome", drawLayout: "shared", ...few })).result);
  add("oat others from their priors", (await sensitivity({ method: "oat", samples: 20, others: "prior", ...few })).result);
  add("oat of one draw", (await sensitivity({ model: "models/test/gfunction.yaml", method: "oat", samples: 1, ...W })).result);
  add("sobol ishigami", (await sensitivity({ model: "models/test/ishigami.yaml", method: "sobol", samples: 64, resamples: 50, ...W })).result);
  add("sobol edge", (await sensitivity({ model: edge, method: "sobol", samples: 16, level: "outcome", resamples: 50, ...W })).result);
  add("sobol edge probability", (await sensitivity({ model: edge, method: "sobol", samples: 16, inner: 4, params: ["g"], resamples: 50, ...W })).result);
  add("morris edge", (await sensitivity({ model: edge, method: "morris", trajectories: 6, level: "outcome", resamples: 50, ...W })).result);
  add("oat edge", (await sensitivity({ model: edge, method: "oat", samples: 20, ...W })).result);
  // merged shards
  await merged("run", (s) => runShard({ model: edge, samples: 300, ...W }, s));
  await merged("sweep", (s) => sweepShard({ param: "ratio", values: [20, 200], samples: 100, ...W }, s));
  await merged("compare", (s) => compareShard({ samples: 100, scenarios: ab, resamples: 50, ...W }, s));
  await merged("sobol", (s) => sensitivityShard({ method: "sobol", samples: 16, inner: 2, ...few }, s));
  await merged("morris", (s) => sensitivityShard({ model: edge, method: "morris", trajectories: 6, resamples: 50, ...W }, s));
  // golden files
  for (const f of readdirSync("test/golden").filter((x) => x.endsWith(".json"))) real.set(`golden ${f}`, readFileSync(path.join("test/golden", f), "utf8"));
}, 600_000);

const textOf = (name: string) => {
  const t = real.get(name);
  if (t === undefined) throw new Error(`no real result "${name}"`);
  return t;
};

/** The message of the UserError that parsing `text` throws. */
function refusal(text: string, where = "t.json"): string {
  try {
    parseResultText(text, where);
  } catch (e) {
    expect(e).toBeInstanceOf(UserError);
    return (e as Error).message;
  }
  throw new Error("not refused");
}

/** A real result with `change` made to it, as text. */
function edited(name: string, change: (r: Record<string, any>) => void): string {
  const r = JSON.parse(textOf(name));
  change(r);
  return JSON.stringify(r, null, 2);
}

describe("every result rsi-sim writes passes", () => {
  it("runs, sweeps, comparisons, sensitivity analyses, merged shards and golden files", () => {
    expect(real.size).toBeGreaterThan(45);
    const kinds = new Set<string>();
    for (const [name, text] of real) {
      let kind = "";
      expect(() => (kind = parseResultText(text, name).kind), name).not.toThrow();
      kinds.add(kind);
    }
    expect([...kinds].sort()).toEqual(["compare", "run", "sensitivity", "sweep"]);
  });

  it("covers the awkward cases: never-defined and non-finite outputs, failed draws, nulls, p_defined", () => {
    const r = JSON.parse(textOf("run edge"));
    expect(r.failed).toBeGreaterThan(0);
    expect(r.outputs.t_never.n).toBe(0);
    expect(r.outputs.t_never.mean).toBeNull();
    expect(r.outputs.over.nonfinite["+Infinity"]).toBeGreaterThan(0);
    expect(r.outputs.neg.nonfinite["-Infinity"]).toBeGreaterThan(0);
    expect(r.outputs.dom.nonfinite.NaN).toBeGreaterThan(0);
    expect(r.outputs.hit_if.p_defined).toBeTypeOf("number");
    const c = JSON.parse(textOf("compare edge, a scenario all failed"));
    expect(c.scenarios[1].failed).toBe(200);
    expect(c.comparisons[0].outputs.hit.diff).toBeNull();
    // no pair: no interval of the difference, nor of draws per net flip (was [−1, 1] and [1, ∞])
    expect([c.comparisons[0].outputs.hit.ci, c.comparisons[0].outputs.hit.nnt_ci]).toEqual([[null, null], [null, null]]);
    const oat = JSON.parse(textOf("oat of one draw"));
    expect(oat.outputs.y.oat.rows[0].delta_ci).toBeNull();
    expect(Object.keys(JSON.parse(textOf("morris edge")).outputs)).toContain("defined(hit_if)");
    // the Wilson interval of p = 0 starts at exactly 0 (once a hair above, 8.7e-19, which the check's
    // tolerance still takes in older files)
    expect(JSON.parse(textOf("golden rsi-core.run.json")).outputs.no_si.ci[0]).toBe(0);
  });
});

describe("an overflowed OAT swing", () => {
  it("is written null but sorted first, as the largest; the check takes it (a probe's tornado of one draw was refused)", async () => {
    const { compileModel } = await import("../src/model/compile.js");
    const model = compileModel(
      `name: hugeoat
time: { start: 0, horizon: 1 }
parameters:
  a: { prior: "uniform(0, 1)", description: a }
  b: { prior: "uniform(0, 1)", description: b }
state:
  x: { initial: 0, rate: "1" }
outputs:
  y: { value: "1.5e308 * (2 * a - 1) + b", headline: true }
`,
      "hugeoat.yaml",
    );
    const { result, command } = await sensitivity({ model, method: "oat", samples: 1, workers: 1, resamples: 20 });
    const text = resultJSON({ ...result, command });
    const rows = JSON.parse(text).outputs.y.oat.rows;
    expect(rows.map((r: { name: string; swing: number | null }) => [r.name, r.swing === null])).toEqual([
      ["a", true],
      ["b", false],
    ]);
    expect(() => parseResultText(text, "oat.json")).not.toThrow();
    // swings that are numbers out of order are still refused
    const edited = JSON.parse(text);
    const a = edited.outputs.y.oat.rows[0];
    edited.outputs.y.oat.rows[0] = { ...a, low: 0, high: 0.5, delta: 0.5, swing: 0.5, delta_ci: null };
    expect(() => parseResultText(JSON.stringify(edited), "oat.json")).toThrow(/^oat\.json: outputs\.y\.oat\.rows\[1\]\.swing must not be above the swing before it \(rows are sorted by swing, largest first\), got 0\.9 after 0\.5$/);
  });
});

describe("a damaged or hand-edited result is refused, naming the field", () => {
  const one = (text: string, re: RegExp) => {
    const m = refusal(text);
    expect(m).toMatch(/^t\.json: /);
    expect(m).toMatch(re);
    expect(m).not.toContain("\n");
  };

  it("run results", () => {
    const R = "run rsi-core";
    const cases: [string, (r: Record<string, any>) => void, RegExp][] = [
      ["estimate outside its interval", (r) => (r.outputs.loc.ci = [0.9, 0.95]), /^t\.json: outputs\.loc\.ci must hold its estimate p = 0\.\d+, got \[0\.9, 0\.95\]$/],
      ["more failed draws than samples", (r) => (r.failed = 5000), /^t\.json: failed must be at most samples \(300\), got 5000$/],
      ["an unknown kind", (r) => (r.outputs.loc.kind = "weird"), /^t\.json: outputs\.loc\.kind must be one of "binary", "continuous", got "weird"$/],
      ["a negative count", (r) => (r.outputs.loc.n = -3), /^t\.json: outputs\.loc\.n must be ≥ 0, got -3$/],
      ["a count that is not whole", (r) => (r.outputs.loc.n = 1.5), /^t\.json: outputs\.loc\.n must be a whole number, got 1\.5$/],
      ["no samples", (r) => (r.samples = 0), /^t\.json: samples must be ≥ 1, got 0$/],
      ["no outputs", (r) => (r.outputs = {}), /^t\.json: outputs must not be empty$/],
      ["unsorted quantiles", (r) => (r.outputs.automation_years.quantiles.p25 = r.outputs.automation_years.quantiles.p50 + 1), /^t\.json: outputs\.automation_years\.quantiles must not decrease: p25 = [\d.]+ is above p50 = [\d.]+$/],
      ["a quantile missing", (r) => delete r.outputs.automation_years.quantiles.p50, /^t\.json: not a complete rsi-sim\.result\/1 file: outputs\.automation_years\.quantiles\.p50 is missing$/],
      ["quantiles missing", (r) => delete r.outputs.automation_years.quantiles, /outputs\.automation_years\.quantiles is missing$/],
      ["101 quantiles cut to 10", (r) => (r.distributions.automation_years.quantiles = r.distributions.automation_years.quantiles.slice(0, 10)), /^t\.json: distributions\.automation_years\.quantiles must hold 101 entries, got 10$/],
      ["101 quantiles out of order", (r) => (r.distributions.automation_years.quantiles[40] = 1e9), /^t\.json: distributions\.automation_years\.quantiles must not decrease: \[40\] = 1000000000 is above \[41\]/],
      ["a quantile as text", (r) => (r.distributions.automation_years.quantiles[3] = "3"), /^t\.json: distributions\.automation_years\.quantiles\[3\] must be a number or null, got "3"$/],
      ["101 quantiles that disagree with the summary", (r) => (r.distributions.automation_years.quantiles[50] = r.distributions.automation_years.quantiles[51]), /distributions\.automation_years\.quantiles\[50\] must be outputs\.automation_years\.quantiles\.p50/],
      ["counts that do not add up", (r) => (r.outputs.automation_years.missing += 5), /^t\.json: outputs\.automation_years: n \+ missing must be the 300 draws that did not fail \(samples − failed\), got \d+ \+ \d+ = 305$/],
      ["failures by reason that do not add up", (r) => (r.failures = { "step size collapsed": 3 }), /^t\.json: failures count 3 failed draws by reason, but failed is 0$/],
      ["more non-finite draws than missing ones", (r) => (r.outputs.loc.nonfinite = { NaN: 7 }), /^t\.json: outputs\.loc\.nonfinite counts 7 draws, more than the 0 missing ones/],
      ["a mean where no draw is defined", (r) => ((r.outputs.loc.missing += r.outputs.loc.n), (r.outputs.loc.n = 0), (r.outputs.loc.mean = 0.5)), /^t\.json: outputs\.loc\.mean must be null: the output is defined in no draw/],
      ["a binary output without its interval", (r) => delete r.outputs.loc.ci, /outputs\.loc\.ci is missing$/],
      ["a series shorter than its times", (r) => Object.values(r.series as Record<string, any>)[0].p50.pop(), /^t\.json: series\.\w+\.p50 must hold a value for each of the \d+ times, got \d+$/],
      ["a mean outside the values", (r) => (r.outputs.automation_years.mean = 1e6), /^t\.json: outputs\.automation_years\.mean must lie between the least and the greatest value/],
    ];
    for (const [what, change, re] of cases) {
      expect(() => one(edited(R, change), re), what).not.toThrow();
    }
  });

  it("a number past the largest double (1e999 reads as Infinity): rsi-sim writes null there", () => {
    const text = textOf("run rsi-core").replace(/("mean": )[-\d.e+]+/, "$11e999");
    one(text, /^t\.json: outputs\.\w+\.mean must be a number or null, got Infinity \(rsi-sim writes a number that is not finite as null\)$/);
    const sweepText = textOf("sweep one axis").replace(/("p50": )[-\d.e+]+/, "$1-1e999");
    one(sweepText, /^t\.json: points\[0\]\.outputs\.\w+\.quantiles\.p50 must be a number or null, got -Infinity/);
  });

  it("sweep results", () => {
    const S = "sweep one axis";
    const cases: [string, (r: Record<string, any>) => void, RegExp][] = [
      ["a quantile as text (drawn as ∞)", (r) => (r.points[0].outputs.automation_years.quantiles.p50 = "3"), /^t\.json: points\[0\]\.outputs\.automation_years\.quantiles\.p50 must be a number or null, got "3"$/],
      ["a quantile as words", (r) => (r.points[0].outputs.automation_years.quantiles.p50 = "abc"), /^t\.json: points\[0\]\.outputs\.automation_years\.quantiles\.p50 must be a number or null, got "abc"$/],
      ["no differences", (r) => delete r.differences, /^t\.json: not a complete rsi-sim\.sweep\/1 file: "differences" is missing$/],
      ["a difference from a point that is not there", (r) => (r.differences[0].from = 99), /^t\.json: differences\[0\]\.from must be the index of a point \(0 … 1\), got 99$/],
      ["a reversed interval", (r) => (r.differences[0].outputs.loc.ci = [...r.differences[0].outputs.loc.ci].reverse()), /^t\.json: differences\[0\]\.outputs\.loc\.ci must be an interval \[low, high\] with low ≤ high, got \[/],
      ["an interval without its estimate", (r) => (r.differences[0].outputs.loc.ci = [0.5, 0.6]), /^t\.json: differences\[0\]\.outputs\.loc\.ci must hold its estimate diff = -?[\d.]+, got \[0\.5, 0\.6\]$/],
      ["a difference that is not (up − down) / n", (r) => (r.differences[0].outputs.loc.up += 3), /^t\.json: differences\[0\]\.outputs\.loc\.diff must be \(up − down\) \/ n = /],
      ["a difference between the wrong points", (r) => ([r.differences[0].from, r.differences[0].to] = [1, 0]), /^t\.json: differences\[0\] must compare points 0 and 1 along ratio, got 1 and 0 along "ratio"$/],
      ["a point out of place", (r) => (r.points[1].index = 0), /^t\.json: points\[1\]\.index must be 1, its place in "points", got 0$/],
      ["a point at another value", (r) => (r.points[1].values.ratio = 2000), /^t\.json: points\[1\]\.values\.ratio must be 200 \(swept\[0\]\.values\[1\]\), got 2000$/],
      ["failed draws that do not add up", (r) => (r.points[1].failed = 4), /points\[1\]\.outputs\.\w+: n \+ missing must be the 196 draws that did not fail \(samples − points\[1\]\.failed\)/],
      ["an output missing at a point", (r) => delete r.points[1].outputs.loc, /^t\.json: not a complete rsi-sim\.sweep\/1 file: points\[1\]\.outputs\.loc is missing$/],
      ["a probability outside its interval at a point", (r) => (r.points[0].outputs.loc.ci = [0.001, 0.002]), /^t\.json: points\[0\]\.outputs\.loc\.ci must hold its estimate p = /],
    ];
    for (const [what, change, re] of cases) expect(() => one(edited(S, change), re), what).not.toThrow();
    one(edited("sweep two axes", (r) => (r.differences = r.differences.slice(1))), /^t\.json: differences\[0\] must compare points 0 and 3 along ratio, got 1 and 4 along "ratio"$/);
    one(edited("sweep two axes", (r) => r.points.pop()), /^t\.json: points has 5 entries; the swept values make 6$/);
  });

  it("sensitivity results", () => {
    const cases: [string, string, (r: Record<string, any>) => void, RegExp][] = [
      ["morris outcome", "μ* as words (drawn as −∞)", (r) => (r.outputs.loc.morris.indices[0].muStar = "big"), /^t\.json: outputs\.loc\.morris\.indices\[0\]\.muStar must be a number or null, got "big"$/],
      ["morris outcome", "μ below |μ|", (r) => ((r.outputs.loc.morris.indices[1].mu = -0.9), (r.outputs.loc.morris.indices[1].muStar = 0.2)), /^t\.json: outputs\.loc\.morris\.indices\[1\]\.muStar must be at least \|mu\| = 0\.9/],
      ["morris outcome", "a reversed interval", (r) => (r.outputs.loc.morris.indices[0].muStar_ci = [2, 1]), /^t\.json: outputs\.loc\.morris\.indices\[0\]\.muStar_ci must be an interval \[low, high\] with low ≤ high, got \[2, 1\]$/],
      ["morris outcome", "more effects than trajectories", (r) => (r.outputs.loc.morris.indices[0].effects = 40), /^t\.json: outputs\.loc\.morris\.indices\[0\]\.effects must be at most the trajectories \(4\), got 40$/],
      ["sobol outcome", "S1 as text", (r) => (r.outputs.loc.sobol.indices[0].S1 = "0.3"), /^t\.json: outputs\.loc\.sobol\.indices\[0\]\.S1 must be a number or null, got "0\.3"$/],
      ["sobol outcome", "an interval of text", (r) => (r.outputs.loc.sobol.indices[0].ST_ci = ["a", 1]), /^t\.json: outputs\.loc\.sobol\.indices\[0\]\.ST_ci\[0\] must be a number or null, got "a"$/],
      ["sobol outcome", "a reversed interval", (r) => (r.outputs.loc.sobol.indices[1].S1_ci = [0.9, 0.1]), /^t\.json: outputs\.loc\.sobol\.indices\[1\]\.S1_ci must be an interval \[low, high\] with low ≤ high, got \[0\.9, 0\.1\]$/],
      ["sobol outcome", "the factors renamed", (r) => (r.outputs.loc.sobol.indices[0].name = "zeta"), /^t\.json: outputs\.loc\.sobol\.indices must list the factors gamma, r_safe, \(rest\) in order, got zeta, r_safe, \(rest\)$/],
      ["sobol outcome", "the method's part missing", (r) => delete r.outputs.loc.sobol, /^t\.json: not a complete rsi-sim\.sensitivity\/1 file: outputs\.loc\.sobol is missing$/],
      ["oat outcome", "an effect outside its interval", (r) => (r.outputs.loc.oat.rows[0].delta_ci = [5, 6]), /^t\.json: outputs\.loc\.oat\.rows\[0\]\.delta_ci must hold its estimate delta = -?[\d.]+, got \[5, 6\]$/],
      ["oat outcome", "a swing that is not |delta|", (r) => (r.outputs.loc.oat.rows[0].swing = 0.01), /^t\.json: outputs\.loc\.oat\.rows\[0\]\.swing must be \|delta\| = /],
      ["oat outcome", "a count as text", (r) => (r.outputs.loc.oat.rows[0].n = "20"), /^t\.json: outputs\.loc\.oat\.rows\[0\]\.n must be a whole number, got "20"$/],
      ["oat outcome", "a run count that disagrees", (r) => (r.outputs.loc.runs = 7), /^t\.json: outputs\.loc\.runs must be the result's runs \(\d+\), got 7$/],
      ["oat outcome", "an unknown method", (r) => (r.method = "tornado"), /^t\.json: method must be one of "sobol", "morris", "oat", got "tornado"$/],
    ];
    for (const [name, what, change, re] of cases) expect(() => one(edited(name, change), re), what).not.toThrow();
  });

  it("compare results", () => {
    const C = "compare with a timeline";
    const cases: [string, (r: Record<string, any>) => void, RegExp][] = [
      ["a probability difference past 1", (r) => (r.comparisons[0].outputs.loc.diff = 5), /^t\.json: comparisons\[0\]\.outputs\.loc\.diff must be ≤ 1, got 5$/],
      ["a negative count", (r) => (r.comparisons[0].outputs.loc.up = -4), /^t\.json: comparisons\[0\]\.outputs\.loc\.up must be ≥ 0, got -4$/],
      ["a count that is not whole", (r) => (r.comparisons[0].outputs.loc.down = 2.5), /^t\.json: comparisons\[0\]\.outputs\.loc\.down must be a whole number, got 2\.5$/],
      ["a difference that is not (up − down) / n", (r) => (r.comparisons[0].outputs.loc.diff = 0.5), /^t\.json: comparisons\[0\]\.outputs\.loc\.diff must be \(up − down\) \/ n = /],
      ["a difference outside its interval", (r) => (r.comparisons[0].outputs.loc.ci = [0.2, 0.3]), /^t\.json: comparisons\[0\]\.outputs\.loc\.ci must hold its estimate diff = /],
      ["a relative risk outside its interval", (r) => (r.comparisons[0].outputs.loc.rr_ci = [5, 6]), /^t\.json: comparisons\[0\]\.outputs\.loc\.rr_ci must hold its estimate rr = /],
      ["a mean difference outside its interval", (r) => (r.comparisons[0].outputs.automation_years.ci = [100, 200]), /^t\.json: comparisons\[0\]\.outputs\.automation_years\.ci must hold its estimate mean_diff = /],
      ["a quantile shift as text", (r) => (r.comparisons[0].outputs.automation_years.quantiles.p95.diff = "1"), /^t\.json: comparisons\[0\]\.outputs\.automation_years\.quantiles\.p95\.diff must be a number or null, got "1"$/],
      ["a comparison of the baseline with itself", (r) => (r.comparisons[0].scenario = 0), /^t\.json: comparisons\[0\]\.scenario must be 1: one entry per scenario but the baseline \(0\), in order; got 0$/],
      ["a comparison of a scenario not there", (r) => (r.comparisons[0].scenario = 9), /^t\.json: comparisons\[0\]\.scenario must be/],
      ["a timeline that falls", (r) => (r.timeline.curves[0].p[0][r.timeline.years.length - 1] = 0), /^t\.json: timeline\.curves\[0\]\.p\[0\] must not decrease: P\(date ≤ \d+\) = [\d.]+ is above P\(date ≤ \d+\) = 0$/],
      ["a timeline band without its difference", (r) => ((r.timeline.curves[0].differences[0].lo[3] = 0.5), (r.timeline.curves[0].differences[0].hi[3] = 0.6)), /^t\.json: timeline\.curves\[0\]\.differences\[0\]: \[lo\[3\], hi\[3\]\] must hold its estimate diff\[3\] = /],
      ["a scenario's counts that do not add up", (r) => (r.scenarios[1].failed = 10), /^t\.json: scenarios\[1\]\.outputs\.\w+: n \+ missing must be the 190 draws that did not fail/],
      ["failed draws that do not add up", (r) => (r.failed = 3), /^t\.json: failed must be the scenarios' failed draws together \(0\), got 3$/],
    ];
    for (const [what, change, re] of cases) expect(() => one(edited(C, change), re), what).not.toThrow();
  });

  it("a probability past 1 and a baseline that is not a scenario", () => {
    expect(refusal(edited("run rsi-core", (r) => (r.outputs.loc.p = 1.5)))).toBe("t.json: outputs.loc.p must be ≤ 1, got 1.5");
    expect(refusal(edited("compare", (r) => (r.baseline = 7)))).toMatch(/^t\.json: baseline must be the index of a scenario \(0 … \d\), got 7$/);
  });
});

describe("rsi-sim report", () => {
  it("refuses a tampered result in one line, exit 2, and writes no HTML", () => {
    const bin = path.resolve("bin/rsi-sim.js");
    const cases: [string, string, RegExp][] = [
      ["run.json", edited("run rsi-core", (r) => (r.outputs.loc.ci = [0.9, 0.95])), /^rsi-sim: run\.json: outputs\.loc\.ci must hold its estimate p = [\d.]+, got \[0\.9, 0\.95\]\n$/],
      ["sweep.json", edited("sweep one axis", (r) => (r.points[0].outputs.automation_years.quantiles.p50 = "3")), /^rsi-sim: sweep\.json: points\[0\]\.outputs\.automation_years\.quantiles\.p50 must be a number or null, got "3"\n$/],
      ["morris.json", edited("morris outcome", (r) => (r.outputs.loc.morris.indices[0].muStar = "big")), /^rsi-sim: morris\.json: outputs\.loc\.morris\.indices\[0\]\.muStar must be a number or null, got "big"\n$/],
      ["compare.json", edited("compare", (r) => (r.comparisons[0].outputs.loc.up = -4)), /^rsi-sim: compare\.json: comparisons\[0\]\.outputs\.loc\.up must be ≥ 0, got -4\n$/],
    ];
    for (const [file, text, re] of cases) {
      writeFileSync(path.join(tmp, file), text);
      const html = path.join(tmp, `${file}.html`);
      const r = spawnSync(process.execPath, [bin, "report", file, "--html", html], { cwd: tmp, encoding: "utf8" });
      expect(r.status, r.stderr).toBe(2);
      expect(r.stderr).toMatch(re);
      expect(r.stdout).toBe("");
      expect(existsSync(html)).toBe(false);
    }
    // and the result as written makes its report
    writeFileSync(path.join(tmp, "good.json"), textOf("run rsi-core"));
    const ok = spawnSync(process.execPath, [bin, "report", "good.json", "--html", "good.html"], { cwd: tmp, encoding: "utf8" });
    expect(ok.status, ok.stderr).toBe(0);
    expect(existsSync(path.join(tmp, "good.html"))).toBe(true);
  });
});
