/**
 * compare's statistics and what its reports say of them: the relative
 * risk's interval (Tang's score interval, against a published value, a
 * closed form and by its coverage when flips are rare), P's over the draws compared when draws
 * fail or an outcome is undefined (P_s − P_b = diff), failure reasons,
 * settings shared by every scenario, non-finite dates in the timeline,
 * and the CSV preamble's and the table's notes.
 */
import { describe, expect, it } from "vitest";
import { compileModel } from "../src/model/compile.js";
import { compare, compareShard } from "../src/app/compare.js";
import { merge } from "../src/app/merge.js";
import { binaryFromCounts, compareBinary, type BinaryComparison } from "../src/analysis/compare-stats.js";
import { resultJSON } from "../src/analysis/result.js";
import { renderCompare } from "../src/report/render.js";
import { compareReportHtml } from "../src/report/compare.js";
import { compareCSV } from "../src/report/compare-table.js";
import { parseResultText } from "../src/report/html.js";
import { Rng } from "../src/analysis/sobol-sequence.js";

const hazard = "models/test/constant-hazard.yaml";
const T = 10;
const pFired = (r: number) => 1 - Math.exp(-r * T);

/**
 * A toy whose draws fail below a bar (a domain error in a rate), with a 0/1
 * outcome, a 0/1 outcome undefined (NaN) on some draws, and a date that is
 * −Infinity on some draws.
 */
const toy = compileModel(
  `name: cmp-toy
title: compare toy
description: draws fail when u < k; w is undefined when v > 0.6; d is −Infinity below k
time: { start: 0, horizon: 1 }
solver: { max_step: 1 }
parameters:
  k: { value: 0.1, min: 0, max: 1, description: the scenario setting }
  u: { prior: "uniform(0, 1)", description: chance }
  v: { prior: "uniform(0, 1)", description: chance two }
state:
  x: { initial: 0, rate: "sqrt(u - k)", description: fails below k }
outputs:
  hit: { value: "v < 0.5 + 0.3 * k", description: v below a bar, headline: true }
  w: { value: "v < 0.6 ? v < 0.2 + k : NaN", type: binary, description: "among v < 0.6, v below a bar" }
  d: { value: "ln(max(0, v - k)) + 10", unit: years, description: "a date; minus infinity below k" }
`,
  "models/test/cmp-toy.yaml",
);

describe("the relative risk's interval (Tang, Tang & Chan 2003, asymptotic score for paired data)", () => {
  const z = 1.959963984540054;
  it("gives the value R's contingencytables (Fagerland, Lydersen & Laake) tests for its example", () => {
    // Tang_asymptotic_score_CI_paired_2x2(cavo_2012), the table [[59, 6], [16, 80]]: 0.8667 (0.7476 to 0.9876);
    // here the scenario has the outcome in 59 + 6 draws, the baseline in 59 + 16: up = 6, down = 16
    const d = binaryFromCounts(161, 6, 16, 75, 65);
    expect(d.rr).toBeCloseTo(0.8667, 4);
    expect(d.rr_ci[0]).toBeCloseTo(0.7476, 4);
    expect(d.rr_ci[1]).toBeCloseTo(0.9876, 4);
  });

  it("stays an interval when no draw flips (the log-scale Wald interval was [1, 1]): [k/(k + z²), 1 + z²/k] from the score by hand", () => {
    const none = binaryFromCounts(200, 0, 0, 79, 79);
    expect(none.rr).toBe(1);
    expect(none.rr_ci[0]).toBeCloseTo(79 / (79 + z * z), 12);
    expect(none.rr_ci[1]).toBeCloseTo(1 + (z * z) / 79, 12);
    // no draw with the outcome under the baseline: unbounded above; none under the scenario: 0 below
    const fromZero = binaryFromCounts(200, 5, 0, 0, 5);
    expect(fromZero.rr_ci[0]).toBeGreaterThan(1);
    expect(fromZero.rr_ci[1]).toBe(Infinity);
    const toZero = binaryFromCounts(200, 0, 5, 5, 0);
    expect(toZero.rr_ci[0]).toBe(0);
    expect(toZero.rr_ci[1]).toBeLessThan(1);
    expect(binaryFromCounts(200, 0, 0, 0, 0).rr_ci).toEqual([0, Infinity]);
    expect(binaryFromCounts(0, 0, 0, 0, 0).rr_ci.every(Number.isNaN)).toBe(true);
  });

  /** The share of `reps` runs of n draws whose interval holds the true ratio, on the constant hazard's mechanism drawn directly (the event fires iff rate·T ≥ E, E ~ Exp(1), the same E under both rates). */
  const coverage = (a: number, b: number, n: number, reps: number, seed: number) => {
    const truth = pFired(b) / pFired(a);
    const rng = new Rng(seed);
    let covered = 0;
    let noFlip = 0;
    for (let r = 0; r < reps; r++) {
      let up = 0;
      let kx = 0;
      for (let i = 0; i < n; i++) {
        const e = -Math.log(1 - rng.next());
        if (a * T >= e) kx++;
        else if (b * T >= e) up++;
      }
      if (up === 0) noFlip++;
      const [lo, hi] = binaryFromCounts(n, up, 0, kx, kx + up).rr_ci;
      if (lo <= truth && truth <= hi) covered++;
    }
    return { covered: covered / reps, noFlip: noFlip / reps };
  };

  it("covers the true ratio in ~95% of runs when flips are rare (the Wald interval covered 70% at 200 draws, 92.7% at 1,000)", () => {
    // rates 0.05 and 0.051 over 10 years: a draw flips with probability 0.6%, the true RR is 1.01534
    const small = coverage(0.05, 0.051, 200, 4000, 7);
    expect(small.noFlip).toBeGreaterThan(0.25); // about 30% of runs have no flip at all: those were the Wald interval's misses
    expect(small.covered).toBeGreaterThan(0.94); // measured 99.7% (conservative with so few flips)
    // at 1,000 draws, 6 flips on average and all one way: measured 95.1% (Bonett–Price's interval 93.4%); sd over 4,000 runs 0.34%
    expect(coverage(0.05, 0.051, 1000, 4000, 8).covered).toBeGreaterThan(0.94);
  });

  it("covers it through compare() too, at 200 draws with rare flips (100 seeds)", async () => {
    const truth = pFired(0.051) / pFired(0.05);
    let covered = 0;
    const seeds = 100;
    for (let seed = 1; seed <= seeds; seed++) {
      const { result } = await compare({ model: hazard, samples: 200, seed, workers: 1, outputs: ["fired"], timeline: [], resamples: 0, scenarios: [{ name: "a", settings: { rate: 0.05 } }, { name: "b", settings: { rate: 0.051 } }] });
      const d = result.comparisons[0].outputs.fired as BinaryComparison;
      if (d.rr_ci[0] <= truth && truth <= d.rr_ci[1]) covered++;
    }
    // the Wald interval: ~70%; this one 99.5% over 1,000 seeds (docs/compare-json.md); sd over 100 seeds ≤ 2.2%
    expect(covered / seeds).toBeGreaterThan(0.9);
  }, 60_000);
});

describe("compare when draws fail or an outcome is undefined", () => {
  const scenarios = [
    { name: "a", settings: { k: 0.1 } },
    { name: "b", settings: { k: 0.4 } },
  ];
  const run = () => compare({ model: toy, samples: 2000, workers: 1, resamples: 50, outputs: ["hit", "w", "d"], timeline: ["d"], scenarios });

  it("counts a 0/1 outcome's pairs over draws defined under both, and says how many are not", () => {
    const x = Float64Array.from([1, 0, NaN, 1, 0, 1]);
    const y = Float64Array.from([1, 1, 1, NaN, 0, 0]);
    const ok = new Uint8Array(6);
    const d = compareBinary(x, ok, y, ok);
    // pairs 0, 1, 4, 5: up 1 (draw 1), down 1 (draw 5); NaN was counted as 0 (draw 2 an up flip)
    expect([d.n, d.undefined, d.up, d.down, d.p_baseline, d.p_scenario]).toEqual([4, 2, 1, 1, 0.5, 0.5]);
    // defined everywhere: no `undefined` field, so results without undefined draws keep their bytes
    expect("undefined" in compareBinary(Float64Array.from([1, 0]), new Uint8Array(2), Float64Array.from([1, 1]), new Uint8Array(2))).toBe(false);
  });

  it("shows the P's the difference is made of, and each scenario's own P labelled as such", async () => {
    const { result } = await run();
    const [a, b] = result.scenarios;
    expect(a.failed).toBeGreaterThan(100);
    expect(b.failed).toBeGreaterThan(a.failed);
    const hit = result.comparisons[0].outputs.hit as BinaryComparison;
    expect(hit.n).toBe(2000 - b.failed); // a's failures (u < 0.1) are among b's (u < 0.4)
    expect(hit.p_scenario - hit.p_baseline).toBeCloseTo(hit.diff, 12);
    // the scenario's own P is over its own draws, more than the pairs
    expect(a.outputs.hit.n).toBe(2000 - a.failed);
    expect(hit.n).toBeLessThan(a.outputs.hit.n);
    const table = renderCompare({ result }, "table");
    const row = table.split("\n").find((l) => l.startsWith("  hit "))!;
    const words = table.replace(/\s+/g, " ");
    const shown = row.match(/(\d+\.\d)%/g)!.map((p) => Number(p.slice(0, -1)));
    expect(shown).toEqual([Number((100 * hit.p_baseline).toFixed(1)), Number((100 * hit.p_scenario).toFixed(1))]);
    expect(words).toContain(`over the ${hit.n.toLocaleString("en-US")} draws compared (${b.failed.toLocaleString("en-US")} failed under either); each on its own: a ${(100 * a.outputs.hit.p!).toFixed(1)}% of`);
    const csvRow = compareCSV(result).split("\n").find((l) => l.startsWith("hit,"))!.split(",");
    expect(Number(csvRow[6]) - Number(csvRow[5])).toBeCloseTo(Number(csvRow[7]), 10);
    expect(Number(csvRow[5])).toBeCloseTo(hit.p_baseline, 10);
    const html = compareReportHtml(result, { generated: new Date(0) });
    expect(html).toContain(`${(100 * hit.p_baseline).toFixed(1)}% → ${(100 * hit.p_scenario).toFixed(1)}%`);
    // each scenario's own P in the values table says over how many draws
    expect(html).toContain(`${(100 * a.outputs.hit.p!).toFixed(1)}% [${(100 * a.outputs.hit.ci![0]).toFixed(1)}%, ${(100 * a.outputs.hit.ci![1]).toFixed(1)}%] of ${(2000 - a.failed).toLocaleString("en-US")}`);
  });

  it("gives the failures' reasons with counts in the JSON, the table, the CSV and the HTML", async () => {
    const { result } = await run();
    const [a, b] = result.scenarios;
    const reason = Object.keys(b.failures)[0];
    expect(reason).toMatch(/domain error/);
    expect(b.failures).toEqual({ [reason]: b.failed });
    expect(a.failures).toEqual({ [reason]: a.failed });
    const text = `b: ${b.failed.toLocaleString("en-US")} — ${reason}: ${b.failed.toLocaleString("en-US")}`;
    const table = renderCompare({ result }, "table").replace(/\n {2}/g, " ");
    expect(table).toContain(text);
    expect(compareCSV(result)).toContain(`# failed draws: a: ${a.failed.toLocaleString("en-US")} — ${reason}`);
    expect(compareReportHtml(result, { generated: new Date(0) })).toContain(`b: ${b.failed.toLocaleString("en-US")} — domain error`);
    // the saved JSON is read back, its reasons checked against the counts
    const json = resultJSON(result);
    expect(() => parseResultText(json, "c.json")).not.toThrow();
    const edited = JSON.parse(json);
    edited.scenarios[1].failures[reason] += 1;
    expect(() => parseResultText(JSON.stringify(edited), "c.json")).toThrow(/scenarios\[1\]\.failures/);
  });

  it("gives a 0/1 outcome undefined on some draws as run does: P among defined draws, pairs defined under both", async () => {
    const { result } = await run();
    const [a, b] = result.scenarios;
    const w = result.comparisons[0].outputs.w as BinaryComparison;
    // w is defined where v < 0.6 and the draw did not fail (u ≥ k)
    expect(a.outputs.w.p_defined).toBeDefined();
    expect(a.outputs.w.n).toBeLessThan(2000 - a.failed);
    expect(w.undefined).toBe(2000 - b.failed - w.n);
    expect(w.n).toBe(b.outputs.w.n); // v < 0.6 does not depend on k: the draws defined under b are defined under a
    // P(v < 0.2 + k | v < 0.6): a 0.3/0.6, b 0.6/0.6; NaN counted as 0 gave 0.15 and 0.30
    expect(Math.abs(w.p_baseline - 0.5)).toBeLessThan(0.07);
    expect(w.p_scenario).toBe(1);
    expect(w.p_scenario - w.p_baseline).toBeCloseTo(w.diff, 12);
    const table = renderCompare({ result }, "table");
    expect(table).toMatch(/undefined under either\); each\s+on its own: a \d+\.\d% of [\d,]+ defined/);
    const html = compareReportHtml(result, { generated: new Date(0) });
    expect(html).toContain(`${(100 * a.outputs.w.p_defined!).toFixed(1)}%`);
    expect(html).toContain(`of ${a.outputs.w.n.toLocaleString("en-US")} defined`);
  });

  it("counts a date of −Infinity as undefined in the timeline, not as at or before every year", async () => {
    const { result } = await run();
    const curve = result.timeline.curves[0];
    // d = ln(v − k) + 10 ≥ 10 + ln(1e-300)… finite dates here are above 0 but for v − k below e^-10
    const [a] = result.scenarios;
    expect(a.outputs.d.nonfinite?.["-Infinity"]).toBeGreaterThan(50);
    // P(d ≤ 0) = P(0 < v − k ≤ e^-10) ≈ 0: the −Infinity dates (v ≤ k) counted gave ≈ k
    expect(curve.p[0][0]).toBeLessThan(0.01);
    expect(curve.p[1][0]).toBeLessThan(0.01);
  });

  it("prints the timeline's interval ends, not diff ± a half-width", async () => {
    const { result } = await compare({ model: hazard, samples: 1, workers: 1, resamples: 0, outputs: ["fired"], scenarios: [{ name: "a", settings: { rate: 0.05 } }, { name: "b", settings: { rate: 0.08 } }] });
    const table = renderCompare({ result }, "table");
    expect(table).not.toMatch(/±/);
    const d = result.timeline.curves[0].differences[0];
    const k = result.timeline.years.indexOf(4);
    // one draw whose event comes in year 4 under b, later under a: +100.0 with Tango's interval
    // [−58.7, +100.0]; no flip elsewhere: ±z²/(1 + z²) = ±79.3
    expect([d.diff[k], d.hi[k]]).toEqual([1, 1]);
    expect(table).toMatch(/ {4}low +(-79\.3 +){3}-58\.7/);
    expect(table).toMatch(/ {4}high +(\+79\.3 +){3}\+100\.0/);
  });
});

describe("compare's settings and notes", () => {
  it("shows settings shared by every scenario in each scenario's settings, the table, the CSV and the HTML", async () => {
    const { result } = await compare({ model: hazard, samples: 20, workers: 1, resamples: 0, settings: { rate: 0.2 }, scenarios: [{ name: "a" }, { name: "b", settings: { size: 3 } }] });
    expect(result.scenarios[0].settings).toEqual({ rate: 0.2 });
    expect(result.scenarios[1].settings).toEqual({ rate: 0.2, size: 3 });
    const table = renderCompare({ result }, "table");
    expect(table).toMatch(/baseline "a" +rate=0\.2\n/);
    expect(table).not.toContain("the model's settings");
    expect(compareCSV(result)).toContain("# scenario b: rate = 0.2, size = 3");
    expect(compareReportHtml(result, { generated: new Date(0) })).toContain("rate = 0.2, size = 3");
    // merged shards say the same: the shared settings travel in the shard files
    const opts = { model: hazard, samples: 20, workers: 1, resamples: 0, settings: { rate: 0.2, size: "2 to 20" }, scenarios: [{ name: "a" }, { name: "b", settings: { size: 3 } }] };
    const shards = await Promise.all([1, 2].map(async (index) => ({ name: `c${index}.shard`, bytes: (await compareShard(opts, { index, count: 2 })).bytes })));
    const merged = await merge(shards);
    const single = await compare(opts);
    expect(merged.kind === "compare" && merged.result.scenarios.map((s) => s.settings)).toEqual([{ rate: 0.2, size: "lognormal, 90% CI 2 to 20" }, { rate: 0.2, size: 3 }]);
    expect(merged.kind === "compare" && resultJSON({ ...merged.result, command: undefined })).toBe(resultJSON(single.result));
    // a scenario's own setting wins over the shared one
    const own = await compare({ model: hazard, samples: 20, workers: 1, resamples: 0, settings: { rate: 0.2 }, scenarios: [{ name: "a" }, { name: "b", settings: { rate: 0.3 } }] });
    expect(own.result.scenarios[1].settings).toEqual({ rate: 0.3 });
  });

  it("documents the measured rows in the CSV and says the intervals are Monte Carlo error only", async () => {
    const { result } = await compare({ model: hazard, samples: 50, workers: 1, resamples: 10, outputs: ["fired", "elapsed"], scenarios: [{ name: "a", settings: { rate: 0.05 } }, { name: "b", settings: { rate: 0.08 } }] });
    const csv = compareCSV(result);
    expect(csv).toMatch(/# column value_baseline .*continuous: the baseline's own mean over its own draws where the output is defined/);
    expect(csv).toMatch(/# column diff .*continuous: mean of the per-draw differences over the n draws compared/);
    expect(csv).toMatch(/# column up .*continuous: draws whose value is higher under the scenario/);
    expect(csv).toMatch(/# column rr_lo .*Tang score/);
    expect(csv).toContain("Monte Carlo error of these draws only, not model uncertainty");
    const table = renderCompare({ result }, "table").replace(/\n/g, " ");
    expect(table).toContain("Monte Carlo error of these draws only, not model uncertainty");
    expect(table).toContain("Tang score for RR");
  });
});
