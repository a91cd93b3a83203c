/**
 * compare(): scenarios on common random numbers, checked against a model
 * whose answers are known in closed form (a constant hazard), the coverage
 * of the paired interval over many seeds, the gain from pairing on
 * rsi-core, --precision (byte-identical to the fixed run it stopped at),
 * worker-count independence, and the CLI.
 */
import { describe, expect, it } from "vitest";
import { loadModel } from "../src/model/compile.js";
import { compare } from "../src/app/compare.js";
import { weightedQuantiles, type BinaryComparison, type ContinuousComparison } from "../src/analysis/compare-stats.js";
import { Rng } from "../src/analysis/sobol-sequence.js";
import { quantileSorted } from "../src/analysis/stats.js";
import { QUANTILES } from "../src/analysis/summary.js";
import { resultJSON } from "../src/analysis/result.js";
import { compareCommand, splitScenarios } from "../src/cli/compare.js";
import { errorLine } from "../src/cli/main.js";
import { UserError } from "../src/core/errors.js";
import { nextSamples } from "../src/analysis/precision.js";
import { renderCompareHtml } from "../src/report/render.js";
import { parseResultText } from "../src/report/html.js";

const hazard = loadModel("models/test/constant-hazard.yaml");
const T = 10; // the model's horizon
const scenarios = (a: number, b: number) => [
  { name: "a", settings: { rate: a } },
  { name: "b", settings: { rate: b } },
];
/** Closed form: P(event by T) at rate r, and the paired difference between rates a < b (every flip is up). */
const pFired = (r: number) => 1 - Math.exp(-r * T);

async function cli(...args: string[]) {
  let out = "";
  let err = "";
  const code = await compareCommand(args, { stdout: (s) => (out += s), stderr: (s) => (err += s), isTTY: false });
  return { code, out, err };
}

describe("compare on a constant hazard (closed form)", () => {
  it("gives the values, the paired difference, flips one way only, RR and draws per flip", async () => {
    const n = 4000;
    const { result } = await compare({ model: hazard, samples: n, workers: 1, outputs: ["fired", "size_out", "elapsed"], scenarios: scenarios(0.05, 0.1) });
    const d = result.comparisons[0].outputs.fired as BinaryComparison;
    const truth = pFired(0.1) - pFired(0.05);
    // the estimate is within 4 standard errors of the truth (sd of a difference of 0/1 flips: √(p(1−p)/n))
    expect(Math.abs(d.diff - truth)).toBeLessThan(4 * Math.sqrt((truth * (1 - truth)) / n));
    expect(d.ci[0]).toBeLessThan(d.diff);
    expect(d.ci[1]).toBeGreaterThan(d.diff);
    // a higher rate only ever adds events: the thresholds are shared
    expect(d.down).toBe(0);
    expect(d.up).toBe(Math.round(d.diff * n));
    expect(d.rr).toBeCloseTo(d.p_scenario / d.p_baseline, 12);
    expect(Math.abs(d.rr - pFired(0.1) / pFired(0.05))).toBeLessThan(0.1);
    expect(d.nnt).toBeCloseTo(1 / d.diff, 9);
    expect(result.scenarios[0].outputs.fired.p).toBeCloseTo(d.p_baseline, 12);
    // the rate does not touch `size`: every paired difference is exactly 0
    const size = result.comparisons[0].outputs.size_out as ContinuousComparison;
    expect([size.mean_diff, size.higher, size.lower, size.quantiles.p50.diff]).toEqual([0, 0, 0, 0]);
    // the run ends at the event: the time run shrinks in the draws that flip, never grows
    const elapsed = result.comparisons[0].outputs.elapsed as ContinuousComparison;
    expect(elapsed.higher).toBe(0);
    expect(elapsed.lower).toBeGreaterThanOrEqual(d.up); // the flips, and draws that fire under both, earlier at the higher rate
    expect(elapsed.ci[1]).toBeLessThan(0);
  });

  it("keeps a space between long scenario names in the table's column heads (\"no brak…labs co…\")", async () => {
    const { renderCompare } = await import("../src/report/render.js");
    const c = await compare({ model: hazard, samples: 50, workers: 1, outputs: ["fired", "t_event"], timeline: [], resamples: 20, scenarios: [{ name: "no brakes", settings: { rate: 0.05 } }, { name: "labs comply", settings: { rate: 0.08 } }] });
    const heads = renderCompare(c, "table").split("\n").filter((l) => /^(Probabilities|Measured)/.test(l));
    expect(heads).toHaveLength(2);
    for (const h of heads) expect(h).toContain(" no bra… labs c…");
  });

  it("refuses a 0/1 timeline output (loc gave P(date ≤ year) rows of 0.0 ± 1.0); takes any other as a date (first(h), an alias of a date)", async () => {
    const { timelineOutputs } = await import("../src/analysis/compare.js");
    const core = loadModel("rsi-core");
    expect(() => timelineOutputs(core, ["t_loc", "loc"])).toThrow(/^timeline loc is a 0\/1 outcome, not a date; the timeline takes outputs that are times, such as the time of a milestone, event or hazard \(here: .*t_loc/);
    expect(timelineOutputs(core, ["t_loc", "automation_years"])).toEqual(["t_loc", "automation_years"]);
    expect(timelineOutputs(core, [])).toEqual([]);
  });

  it("has a timeline: P(event by year) difference equals the closed form within its band", async () => {
    const { result } = await compare({ model: hazard, samples: 3000, workers: 1, outputs: ["fired"], scenarios: scenarios(0.05, 0.2) });
    const curve = result.timeline.curves.find((c) => c.name === "t_event")!;
    expect(result.timeline.years).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
    const d = curve.differences[0];
    let inside = 0;
    result.timeline.years.forEach((y, k) => {
      const truth = Math.exp(-0.05 * y) - Math.exp(-0.2 * y);
      if (truth >= d.lo[k] && truth <= d.hi[k]) inside++;
    });
    expect(inside).toBeGreaterThanOrEqual(9); // 11 pointwise 95% bands (not independent): nearly all hold the truth
    // the event comes earlier at the higher rate: the median date moves down
    expect((curve.shifts[0].shift as ContinuousComparison).quantiles.p50.diff).toBeLessThan(0);
  });

  it("covers the true difference in 95% of seeds (within Monte Carlo error)", async () => {
    const seeds = 300;
    const truth = pFired(0.08) - pFired(0.05);
    let covered = 0;
    for (let seed = 1; seed <= seeds; seed++) {
      const { result } = await compare({ model: hazard, samples: 300, seed, workers: 1, outputs: ["fired"], timeline: [], resamples: 0, scenarios: scenarios(0.05, 0.08) });
      const d = result.comparisons[0].outputs.fired as BinaryComparison;
      if (d.ci[0] <= truth && truth <= d.ci[1]) covered++;
    }
    // the coverage's Monte Carlo sd over 300 seeds is √(0.95·0.05/300) = 1.26%: 95% ± 3.5 sd
    expect(covered / seeds).toBeGreaterThan(0.95 - 0.044);
    expect(covered / seeds).toBeLessThan(0.95 + 0.044);
  }, 60_000);
});

describe("the bootstrap of quantile shifts", () => {
  it("a resample's weighted quantiles are the type-7 quantiles of the resample written out, also when it has a handful of values", () => {
    // in resamples of under ~6 values one quantile's upper position passed the next one's lower, and the single pass took the wrong value
    const rng = new Rng(11);
    const out = new Float64Array(5);
    let small = 0;
    for (let c = 0; c < 2000; c++) {
      const n = 1 + Math.floor(rng.next() * 8);
      const col = Float64Array.from({ length: n }, () => Math.round(rng.next() * 1000) / 10);
      const order = Uint32Array.from([...col.keys()].sort((a, b) => col[a] - col[b]));
      const w = Uint32Array.from({ length: n }, () => Math.floor(rng.next() * 4));
      const expanded = [...order].flatMap((i) => Array(w[i]).fill(col[i]) as number[]);
      if (expanded.length === 0) continue;
      if (expanded.length < 6) small++;
      weightedQuantiles(order, col, w, out);
      expect([...out]).toEqual(Object.values(QUANTILES).map((q) => expect.closeTo(quantileSorted(expanded, q), 12)));
    }
    expect(small).toBeGreaterThan(300);
  });

  it("at 2 draws the interval of each quantile shift holds its estimate (the case [-1.7e-4, -1.7e-4] around -1.26)", async () => {
    const r = await cli("--samples", "2", "--workers", "1", "--format", "json", "--scenario", "a", "--scenario", "b", "--ratio", "2");
    expect(r.code, r.err).toBe(0);
    const c = JSON.parse(r.out).comparisons[0].outputs.automation_years as ContinuousComparison;
    for (const q of Object.values(c.quantiles)) if (Number.isFinite(q.ci[0])) expect(q.ci[0] <= q.diff && q.diff <= q.ci[1], JSON.stringify(q)).toBe(true);
    // the table: an interval wider than its column keeps a space before the next column ("[+1.1e-7, +7.8e-7]0 / 0" before)
    const table = await cli("--samples", "2", "--workers", "1", "--scenario", "a", "--scenario", "b", "--ratio", "2");
    expect(table.out).toMatch(/\] 0 \/ 0/);
    expect(table.out).not.toMatch(/\][0-9+-]/);
    // report refuses a comparison file whose probabilities are not
    const edited = JSON.parse(r.out);
    edited.comparisons[0].outputs.loc.p_baseline = 1.2;
    expect(() => parseResultText(JSON.stringify(edited), "c.json")).toThrow(/^c\.json: comparisons\[0\]\.outputs\.loc\.p_baseline must be ≤ 1, got 1\.2$/);
    const timeline = JSON.parse(r.out);
    timeline.timeline.curves[0].p[1][0] = -0.5;
    expect(() => parseResultText(JSON.stringify(timeline), "c.json")).toThrow(/^c\.json: timeline\.curves\[0\]\.p\[1\]\[0\] must be ≥ 0, got -0\.5$/);
    expect(() => parseResultText(r.out, "c.json")).not.toThrow();
  });
});

describe("compare on rsi-core", () => {
  it("pairs: the interval of P(loc) at 20:1 vs 200:1 is much narrower than with independent draws", async () => {
    const { result } = await compare({ samples: 1000, workers: 1, outputs: ["loc"], timeline: [], resamples: 0, scenarios: [{ name: "200:1", settings: { ratio: 200 } }, { name: "20:1", settings: { ratio: 20 } }] });
    const d = result.comparisons[0].outputs.loc as BinaryComparison;
    const paired = d.ci[1] - d.ci[0];
    const unpaired = 2 * 1.959963984540054 * d.se_unpaired;
    // measured ≈ 2.3× at 2,000 draws (docs/compare-json.md); fewer draws flip than the proportions' spread
    expect(unpaired / paired).toBeGreaterThan(2);
    expect(d.diff).toBeLessThan(0);
  });
});

describe("--precision", () => {
  it("grows in blocks by the 1/√N law, at most ×4 a look, never past the cap", () => {
    expect(nextSamples(1000, 1000, 0.02, 0.01, 1e6)).toBe(4000);
    expect(nextSamples(1000, 1000, 0.0105, 0.01, 1e6)).toBe(2000);
    expect(nextSamples(4000, 1000, 0.011, 0.01, 1e6)).toBe(6000);
    expect(nextSamples(4000, 1000, 0.02, 0.01, 5000)).toBe(5000);
  });

  it("stops with every headline half-width at most the target, byte-identical to the fixed run of that N", async () => {
    const opts = { model: hazard, workers: 1, outputs: ["fired", "elapsed"], scenarios: scenarios(0.05, 0.1), resamples: 50 };
    const sequential = await compare({ ...opts, samples: 500, precision: 0.01 });
    const p = sequential.precision!;
    expect(p.stopped).toBe("target");
    expect(p.half_width).toBeLessThanOrEqual(0.01);
    expect(p.looks.length).toBeGreaterThan(1);
    expect(p.samples % 500).toBe(0);
    const fixed = await compare({ ...opts, samples: p.samples });
    expect(resultJSON(sequential.result)).toBe(resultJSON(fixed.result));
  });

  it("keeps the interval's coverage near 95% when it stops on precision (measured over seeds)", async () => {
    const seeds = 200;
    const truth = pFired(0.08) - pFired(0.05);
    let covered = 0;
    for (let seed = 1; seed <= seeds; seed++) {
      const { result } = await compare({ model: hazard, samples: 100, precision: 0.04, seed, workers: 1, outputs: ["fired"], timeline: [], resamples: 0, scenarios: scenarios(0.05, 0.08) });
      const d = result.comparisons[0].outputs.fired as BinaryComparison;
      if (d.ci[0] <= truth && truth <= d.ci[1]) covered++;
    }
    // Monte Carlo sd over 200 seeds: √(0.95·0.05/200) = 1.5%; at least 95% − 3.5 sd
    expect(covered / seeds).toBeGreaterThan(0.95 - 0.054);
  }, 60_000);

  it("stops at the cap and says so", async () => {
    const { precision } = await compare({ model: hazard, workers: 1, samples: 200, precision: 0.001, maxSamples: 700, outputs: ["fired"], timeline: [], scenarios: scenarios(0.05, 0.1) });
    expect(precision!.stopped).toBe("max-samples");
    expect(precision!.samples).toBe(700);
  });
});

describe("compare: threads and the CLI", () => {
  it("gives the same bytes on 1 and 2 worker threads", async () => {
    // 2,400 draws: enough for two threads (MIN_DRAWS_PER_WORKER)
    const opts = { model: hazard, samples: 2400, outputs: ["fired", "elapsed"], scenarios: scenarios(0.05, 0.1) };
    const one = await compare({ ...opts, workers: 1 });
    const two = await compare({ ...opts, workers: 2 });
    expect(resultJSON(two.result)).toBe(resultJSON(one.result));
  });

  it("splits the arguments at each --scenario; the command's own flags may come anywhere", () => {
    const s = splitScenarios(["--samples", "10", "--scenario", "x", "--ratio", "2", "--out", "f.json", "--scenario=y", "--set", "ratio=3", "--no-progress"]);
    expect(s.shared).toEqual(["--samples", "10", "--out", "f.json", "--no-progress"]);
    expect(s.scenarios).toEqual([
      { name: "x", argv: ["--ratio", "2"] },
      { name: "y", argv: ["--set", "ratio=3"] },
    ]);
    // a flag without a value after a scenario takes nothing with it (--quiet had taken the next argument)
    const q = splitScenarios(["--scenario", "a", "--ratio", "20", "--quiet", "--scenario", "b", "--ratio", "200", "--quiet", "--seed", "3"]);
    expect(q.shared).toEqual(["--quiet", "--quiet", "--seed", "3"]);
    expect(q.scenarios.map((x) => x.name)).toEqual(["a", "b"]);
  });

  it("prints the table and writes the JSON, with the baseline named", async () => {
    const args = ["--model", "models/test/constant-hazard.yaml", "--samples", "300", "--workers", "1", "--scenario", "slow", "--rate", "0.05", "--scenario", "fast", "--rate", "0.1"];
    const table = await cli(...args, "--baseline", "fast");
    expect(table.code).toBe(0);
    expect(table.out).toContain("slow against fast");
    expect(table.out).toContain("Reproduce: rsi-sim compare");
    const json = await cli(...args, "--format", "json");
    const r = JSON.parse(json.out);
    expect(r.schema).toBe("rsi-sim.compare/1");
    expect(r.scenarios.map((s: { name: string }) => s.name)).toEqual(["slow", "fast"]);
    expect(r.comparisons[0].outputs.fired.down).toBe(0);
    const csv = await cli(...args, "--format", "csv");
    expect(csv.out.split("\n")[0]).toMatch(/^# rsi-sim .*comparison/);
    expect(csv.out.split("\n").find((l) => !l.startsWith("#"))).toMatch(/^output,kind,baseline,scenario,n,/);
    expect(csv.out).toMatch(/^# scenario fast: /m);
    // the HTML report's first chart is the paired difference
    const html = renderCompareHtml(r);
    const first = /id="(chart-[^"]+)"/.exec(html)?.[1];
    expect(first).toBe("chart-differences");
    expect(html).toContain("Difference of P(t_event ≤ year) from the baseline");
  });

  it("with --precision, says where it stopped and records the fixed command that reproduces it", async () => {
    const r = await cli("--model", "models/test/constant-hazard.yaml", "--samples", "200", "--workers", "1", "--precision", "0.02", "--format", "json", "--scenario", "a", "--rate", "0.05", "--scenario", "b", "--rate", "0.1");
    expect(r.err).toMatch(/--precision 0.02: stopped at \d+ draws/);
    const result = JSON.parse(r.out);
    expect(result.command).toContain(`--samples ${result.samples}`);
    expect(result.command).not.toContain("--precision");
  });

  it("refuses one scenario, a duplicate name, an unknown baseline, and a misspelt parameter", async () => {
    const message = async (...args: string[]) => {
      try {
        await cli(...args);
      } catch (e) {
        if (e instanceof UserError) return errorLine(e);
        throw e;
      }
      return "";
    };
    expect(await message("--scenario", "a", "--ratio", "20")).toMatch(/at least two scenarios/);
    expect(await message("--scenario", "a", "--scenario", "a")).toMatch(/given twice/);
    expect(await message("--samples", "100", "--baseline", "c", "--scenario", "a", "--scenario", "b", "--ratio", "20")).toMatch(/--baseline: no scenario is named "c"/);
    expect(await message("--scenario", "a", "--scenario", "b", "--ratoi", "20")).toMatch(/unknown flag --ratoi \(did you mean --ratio\?\)/);
  });
});
