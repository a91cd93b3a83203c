/**
 * ±Infinity and NaN are accounted for: a draw whose state or rate goes
 * non-finite fails with the reason that names what happened (not "step size
 * collapsed"); a non-finite parameter fails its draw, or is refused when the
 * prior itself can produce it; a non-finite output counts as undefined for
 * that output, with its reason, and never reaches a mean or a quantile.
 */
import { describe, expect, it } from "vitest";
import { compileModel } from "../src/model/compile.js";
import { simulate } from "../src/engine/simulate.js";
import { resultJSON, summarizeRun } from "../src/analysis/result.js";
import { meanAndSe, nonFiniteCounts, sortedDefined } from "../src/analysis/stats.js";
import { formatRunTable } from "../src/report/run-table.js";
import { renderRunHtml } from "../src/report/render.js";
import { simulateParallel } from "../src/parallel/parallel.js";

/** A one-state model with the given parameters, state and outputs sections (YAML flow text). */
function model(state: string, outputs = "x_end: final(x)", parameters = 'g: "uniform(0.5, 1)"', extra = ""): string {
  return `name: nf
time: { start: 0, horizon: 10 }
parameters:
  ${parameters}
state:
  ${state}
outputs:
  ${outputs}
${extra}`;
}

/** The failure reasons of a small run. */
function reasons(text: string, samples = 20): Record<string, number> {
  return simulate(compileModel(text, "nf.yaml"), { samples, seed: 1 }).failures.reasons;
}

describe("engine failure reasons", () => {
  it("a NaN initial value (0/0) is a non-finite state, not a collapsed step", () => {
    expect(reasons(model('x: { initial: "0/0", rate: "g" }'))).toEqual({ "non-finite state x (NaN)": 20 });
  });

  it("a rate dividing by 0 is a non-finite rate", () => {
    expect(reasons(model('x: { initial: 0, rate: "g / 0" }'))).toEqual({ "non-finite rate of x (+Infinity)": 20 });
  });

  it("exp(1000) in a rate overflows: a non-finite rate", () => {
    expect(reasons(model('x: { initial: 0, rate: "g * exp(1000)" }'))).toEqual({ "non-finite rate of x (+Infinity)": 20 });
  });

  it("ln of a negative number in a rate is a domain error", () => {
    expect(reasons(model('x: { initial: 0, rate: "ln(x - 1)" }'))).toEqual({ "domain error in the rate of x (NaN)": 20 });
  });

  it("a state that runs into a domain boundary (sqrt of a state falling to 0 and below) reports the domain error", () => {
    // dx/dt = −sqrt(x) from x = g: x(t) = (√g − t/2)², 0 at t = 2√g < 2; a step past it takes sqrt of a negative
    const r = reasons(model('x: { initial: "g", rate: "-sqrt(x) - 1" }'));
    expect(Object.keys(r)).toEqual(["domain error in the rate of x (NaN)"]);
  });

  it("a finite-time singularity with finite trial states still reads as a collapsed step", () => {
    // dx/dt = g·x² + 1 blows up at a finite time before the horizon; the trial states stay finite as the step shrinks
    expect(reasons(model('x: { initial: 0, rate: "x^2 * g + 1" }'))).toEqual({ "step size collapsed": 20 });
  });

  it("an event that sets a regime to a non-finite value: the rate it drives is non-finite", () => {
    const text = model('x: { initial: 0, rate: "g * k" }', "x_end: final(x)", 'g: "uniform(0.5, 1)"', "regimes: { k: 1 }\nmilestones: { half: \"x >= 1\" }\nevents: { boom: { on: half, set: { k: \"1/(k - 1)\" } } }\n");
    expect(reasons(text)).toEqual({ "non-finite rate of x (+Infinity)": 20 });
  });
});

describe("non-finite parameters", () => {
  it("a non-finite value given for a draw fails that draw with its own reason", () => {
    const m = compileModel(model('x: { initial: 0, rate: "g" }'), "nf.yaml");
    const g = [0.5, Infinity, 0.7, NaN, -Infinity, 0.9];
    const sim = simulate(m, { samples: 6, seed: 1, parameterValues: { g } });
    expect(Array.from(sim.table.failed)).toEqual([0, 1, 0, 1, 1, 0]);
    expect(sim.failures.reasons).toEqual({
      "non-finite parameter g (+Infinity)": 1,
      "non-finite parameter g (NaN)": 1,
      "non-finite parameter g (-Infinity)": 1,
    });
    expect(sim.table.columns.x_end[1]).toBeNaN();
    expect(sim.table.columns.x_end[2]).toBeCloseTo(7, 9);
  });

  it("a prior that can give ±Infinity never reaches a run: it is refused when the model is compiled", () => {
    expect(() => compileModel(model('x: { initial: 0, rate: "g" }', "x_end: final(x)", 'g: "uniform(-1e308, 1e308)"'), "nf.yaml")).toThrow(
      /nf\.yaml: parameters\.g\.prior: uniform\(-1e308, 1e308\): its width max - min would overflow double precision/,
    );
  });
});

describe("non-finite outputs", () => {
  // g0 normal(0, 1): exp(1000 g0) overflows to +Infinity where g0 > 0.7098 (P ≈ 0.239), ln(g0) is NaN where g0 < 0 (P = 0.5)
  const text = `name: nfo
time: { start: 0, horizon: 10 }
parameters:
  g0: "normal(0, 1)"
state:
  x: { initial: 1, rate: "0.1 * x" }
milestones:
  x2: "x >= 2"
  x5: "x >= 5"
outputs:
  big: "exp(g0 * 1000)"
  small: "-exp(g0 * 1000)"
  lng: "ln(g0)"
  t_x5: x5
  t_x5_ln: "ln(x5 - 1)"
  t_x2_ln: "ln(x2 - 10)"
  x_end: "final(x)"
`;
  const N = 1000;
  const sim = simulate(compileModel(text, "nfo.yaml"), { samples: N, seed: 3 });
  const result = summarizeRun(sim);
  const g0 = sim.table.parameterColumns.g0;
  const count = (f: (g: number) => boolean) => Array.from(g0).filter(f).length;

  it("±Infinity outputs are counted as undefined, by kind, and left out of the mean and quantiles", () => {
    const inf = count((g) => Math.exp(g * 1000) === Infinity);
    expect(inf).toBeGreaterThan(150); // ≈ 239 expected
    const big = result.outputs.big;
    expect(big.nonfinite).toEqual({ "+Infinity": inf });
    expect(big.n).toBe(N - inf);
    expect(big.missing).toBe(inf);
    expect(Number.isFinite(big.mean)).toBe(true);
    expect(Number.isFinite(big.quantiles.p95)).toBe(true);
    expect(result.outputs.small.nonfinite).toEqual({ "-Infinity": inf });
    expect(result.distributions.big.n).toBe(N - inf);
    expect(result.distributions.big.quantiles.every(Number.isFinite)).toBe(true);
    expect(sim.failures.count).toBe(0);
  });

  it("a NaN from a domain error of the output's expression is counted with its reason; a milestone not reached is not", () => {
    const neg = count((g) => g < 0);
    expect(result.outputs.lng.nonfinite).toEqual({ NaN: neg });
    expect(result.outputs.lng.missing).toBe(neg);
    // x5 (x = e^{0.1 t} ≥ 5 at t ≈ 16.1) is never reached by the horizon 10: undefined, not a domain error
    expect(result.outputs.t_x5.missing).toBe(N);
    expect(result.outputs.t_x5.nonfinite).toBeUndefined();
    expect(result.outputs.t_x5_ln.nonfinite).toBeUndefined();
    // x2 is reached at t = 10 ln 2 ≈ 6.93: ln(6.93 − 10) is a domain error in every draw
    expect(result.outputs.t_x2_ln.nonfinite).toEqual({ NaN: N });
    expect(result.outputs.x_end.nonfinite).toBeUndefined();
  });

  it("the result JSON has numbers, not null, where the finite values give them, and the nonfinite counts", () => {
    const json = JSON.parse(resultJSON(result));
    expect(typeof json.outputs.big.mean).toBe("number");
    expect(typeof json.outputs.big.quantiles.p95).toBe("number");
    expect(json.outputs.big.nonfinite["+Infinity"]).toBeGreaterThan(0);
    expect(json.outputs.lng.nonfinite.NaN).toBeGreaterThan(0);
  });

  it("the run table says how often each output was not finite, and why", () => {
    const table = formatRunTable(sim, result, { command: "" });
    const inf = count((g) => Math.exp(g * 1000) === Infinity);
    expect(table).toContain("Non-finite values (counted as undefined, left out of means and quantiles):");
    expect(table).toContain(`  big: ${((100 * inf) / N).toFixed(1)}% of draws +Infinity (overflow, or a division by zero)`);
    expect(table).toContain("  small: ");
    expect(table).toMatch(/ {2}lng: \d+\.\d% of draws NaN \(domain error/);
    expect(table).toContain("  t_x2_ln: 100.0% of draws NaN");
    expect(table).not.toMatch(/ {2}t_x5: /);
    for (const line of table.split("\n")) expect(line.length, line).toBeLessThanOrEqual(80);
  });

  it("the HTML report warns of the non-finite values", () => {
    const html = renderRunHtml(result);
    const inf = count((g) => Math.exp(g * 1000) === Infinity);
    expect(html).toContain("Values that are not finite numbers count as undefined and are left out of means, quantiles and differences:");
    expect(html).toContain(`<li>big: ${inf} of 1,000 draws +Infinity (overflow, or a division by zero)</li>`);
    expect(html).toMatch(/<li>lng: \d+ of 1,000 draws NaN \(domain error\)<\/li>/);
  });

  it("the draws CSV writes ±Infinity as such and says, in a comment line, that rsi-sim's statistics leave them out", async () => {
    const { outcomeCSV } = await import("../src/report/csv.js");
    const csv = outcomeCSV(sim);
    const note = "# Infinity and -Infinity cells are values that overflowed (or divided by zero): rsi-sim's statistics leave them out and count them (nonfinite in the JSON); drop them to recompute a mean or a quantile";
    expect(csv.split("\n")).toContain(note);
    const rows = csv.split("\n").filter((l) => /^\d/.test(l));
    const bigCells = rows.map((r) => r.split(",")[2]);
    expect(bigCells.filter((c) => c === "Infinity").length).toBe(count((g) => Math.exp(g * 1000) === Infinity));
    // a mean over the finite cells, as the note says, is rsi-sim's
    const finite = bigCells.filter((c) => c !== "" && c !== "Infinity").map(Number);
    const mean = finite.reduce((a, b) => a + b / finite.length, 0);
    expect(Math.abs(mean / (result.outputs.big.mean as number) - 1)).toBeLessThan(1e-12);
    // no such line where every value is finite
    const plain = simulate(compileModel(text.replace('big: "exp(g0 * 1000)"', 'big: "g0"').replace('small: "-exp(g0 * 1000)"', 'small: "g0"'), "nfo.yaml"), { samples: 50, seed: 3 });
    expect(outcomeCSV(plain)).not.toContain("# Infinity and -Infinity cells");
  });

  it("the same bytes for any worker count and any split of the draws (the domain-error counts add up)", async () => {
    const halves = [simulate(sim.model, { samples: N, seed: 3, first: 0, count: 400 }), simulate(sim.model, { samples: N, seed: 3, first: 400, count: 600 })];
    const total = (name: string) => halves.reduce((a, h) => a + (h.failures.domainErrors?.[name] ?? 0), 0);
    expect(total("lng")).toBe(result.outputs.lng.nonfinite!.NaN);
    const many = await simulateParallel(sim.model, { samples: N, seed: 3, workers: 3 });
    expect(resultJSON(summarizeRun(many))).toBe(resultJSON(result));
  });
});

describe("stats leave out non-finite values", () => {
  it("sortedDefined, meanAndSe and nonFiniteCounts", () => {
    const v = [3, NaN, Infinity, 1, -Infinity, 2];
    expect(Array.from(sortedDefined(v))).toEqual([1, 2, 3]);
    expect(meanAndSe(v).n).toBe(3);
    expect(meanAndSe(v).mean).toBe(2);
    expect(nonFiniteCounts(v)).toEqual({ positive: 1, negative: 1 });
  });

  it("the standard error of huge finite values is a number, not an overflow", () => {
    const s = meanAndSe([1e300, -1e300, 1e300, -1e300]);
    expect(s.mean).toBe(0);
    expect(s.sd).toBeCloseTo(2 / Math.sqrt(3) * 1e300, -290);
    expect(Number.isFinite(s.se)).toBe(true);
    expect(meanAndSe([1, 2, 3]).se).toBe(meanAndSe([1, 2, 3]).sd / Math.sqrt(3));
    // values past 2^1023 (the scale had been 2^1024 = Infinity, and every value NaN)
    const top = meanAndSe([1.7e308, 1.6e308]);
    expect(top.n).toBe(2);
    expect(top.mean / 1.65e308).toBeCloseTo(1, 12);
    expect(top.sd / (Math.SQRT1_2 * 1e307)).toBeCloseTo(1, 12);
  });
});

describe("sensitivity analyses leave out non-finite outputs", () => {
  it("a design row whose output overflowed is undefined, as a NaN is (outcome level)", async () => {
    const { innerColumns } = await import("../src/analysis/sensitivity/inner.js");
    const t = { rows: 4, outputs: ["y"], columns: { y: Float64Array.from([1, Infinity, -Infinity, NaN]) }, failed: new Uint8Array(4), failures: {} };
    const { Y } = innerColumns(t as never, "y");
    expect(Array.from(Y)).toEqual([1, NaN, NaN, NaN]);
    expect(Array.from(innerColumns(t as never, "y", true).Y)).toEqual([1, 0, 0, 0]);
  });
});

describe("compare leaves out non-finite outputs", () => {
  it("a draw whose output overflowed under one scenario counts as undefined there, not as an infinite difference", async () => {
    const { compareContinuous } = await import("../src/analysis/compare-stats.js");
    const x = Float64Array.from([1, 2, 3, 4, 5, 6]);
    const y = Float64Array.from([2, 3, 4, Infinity, 6, NaN]);
    const none = new Uint8Array(6);
    const [c] = compareContinuous([{ x, failedX: none, y, failedY: none }], { resamples: 50, seed: 1 });
    expect(c.n).toBe(4);
    expect(c.lost).toBe(2);
    expect(c.mean_diff).toBe(1);
    expect(Number.isFinite(c.quantiles.p95.diff)).toBe(true);
  });
});

describe("compare and sweep count NaN from a domain error as run does, in every view", () => {
  // g uniform(-1, 1) under "a", uniform(0, 1) under "b": ln(g) is NaN in the draws with g < 0 under "a" only
  const text = `name: nfc
time: { start: 0, horizon: 1 }
parameters:
  g: "uniform(-1, 1)"
state:
  x: { initial: 1, rate: "g" }
outputs:
  dom: "ln(g)"
  big: "g > 0 ? exp(705 * g) : g"
  xfin: "final(x)"
`;
  const N = 400;
  const scenarios: { name: string; settings: Record<string, string> }[] = [{ name: "a", settings: {} }, { name: "b", settings: { g: "uniform(0, 1)" } }];

  it("compare: the NaN counts, in its JSON, table and page; shards merged give the same", async () => {
    const { compare, compareShard } = await import("../src/app/compare.js");
    const { merge } = await import("../src/app/merge.js");
    const { renderCompare, renderCompareHtml } = await import("../src/report/render.js");
    const m = compileModel(text, "nfc.yaml");
    const c = await compare({ model: m, scenarios, outputs: ["dom", "big", "xfin"], samples: N, seed: 2, workers: 1 });
    const negatives = (sim: ReturnType<typeof simulate>) => Array.from(sim.table.parameterColumns.g).filter((g) => g < 0).length;
    const neg = negatives(simulate(m, { samples: N, seed: 2, keepParameters: true }));
    expect(neg).toBeGreaterThan(100);
    expect(c.result.scenarios[0].outputs.dom.nonfinite).toEqual({ NaN: neg });
    expect(c.result.scenarios[0].outputs.dom.missing).toBe(neg);
    expect(c.result.scenarios[1].outputs.dom.nonfinite).toBeUndefined();
    const table = renderCompare(c, "table");
    expect(table).toContain("Values that are not finite numbers count as undefined and are left out of means,");
    expect(table).toContain(`  a: dom: ${neg} of ${N} draws NaN (domain error)`);
    expect(table).not.toMatch(/ b: dom:/);
    expect(renderCompareHtml(c.result)).toContain(`<li>a: dom: ${neg} of ${N} draws NaN (domain error)</li>`);
    const shards = [];
    for (const index of [1, 2]) shards.push((await compareShard({ model: m, scenarios, outputs: ["dom", "big", "xfin"], samples: N, seed: 2, workers: 1 }, { index, count: 2 })).bytes);
    const merged = await merge(shards.map((bytes, i) => ({ name: `s${i}`, bytes })));
    expect(JSON.stringify((merged as { result: { scenarios: unknown } }).result.scenarios)).toBe(JSON.stringify(c.result.scenarios));
  });

  it("run shards of a model with domain errors merge to the run (their counts had been refused: unexpected field domainErrors)", async () => {
    const { run, runShard } = await import("../src/app/run.js");
    const { merge } = await import("../src/app/merge.js");
    const m = compileModel(text, "nfc.yaml");
    const whole = await run({ model: m, samples: N, seed: 4, workers: 1 });
    const shards = [];
    for (const index of [1, 2, 3]) shards.push({ name: `r${index}`, bytes: (await runShard({ model: m, samples: N, seed: 4, workers: 1 }, { index, count: 3 })).bytes });
    const merged = await merge(shards);
    if (merged.kind !== "run") throw new Error(merged.kind);
    expect(merged.result.outputs.dom.nonfinite).toEqual(whole.result.outputs.dom.nonfinite);
    expect(merged.result.outputs.dom.nonfinite!.NaN).toBeGreaterThan(100);
    expect(JSON.stringify(merged.result.outputs)).toBe(JSON.stringify(whole.result.outputs));
  });

  it("compare: a mean paired difference of values near 1e306 has a finite interval (the squares had overflowed: [-∞, ∞])", async () => {
    const { compareContinuous } = await import("../src/analysis/compare-stats.js");
    const x = Float64Array.from([1e306, 2e306, 3e306, 4e306]);
    const y = Float64Array.from([-1e306, 3e306, 5e306, 1.7e308]);
    const none = new Uint8Array(4);
    const [c] = compareContinuous([{ x, failedX: none, y, failedY: none }], { resamples: 50, seed: 1 });
    const d = [-2e306, 1e306, 2e306, 1.7e308 - 4e306];
    const mean = d.reduce((a, b) => a + b, 0) / 4;
    const sd = Math.sqrt(d.reduce((a, b) => a + ((b - mean) / 1e300) ** 2, 0) / 3) * 1e300;
    expect(c.mean_diff / mean).toBeCloseTo(1, 12);
    expect(c.se / (sd / 2)).toBeCloseTo(1, 12);
    expect(c.ci.every(Number.isFinite)).toBe(true);
    // and the difference of two values near the largest double, which overflows unscaled
    const [o] = compareContinuous([{ x: Float64Array.from([-1.7e308, -1.6e308]), failedX: new Uint8Array(2), y: Float64Array.from([1.7e308, 1.6e308]), failedY: new Uint8Array(2) }], { resamples: 20, seed: 1 });
    expect(o.n).toBe(2);
    expect(o.mean_diff).toBe(Infinity); // the mean difference itself is past the doubles
    // the direction of each pair from the values: tiny differences beside a huge value count (scaled, they underflowed to 0)
    const [f] = compareContinuous([{ x: Float64Array.from([1.7e308, 1e-17, 3e-17, 5e-20]), failedX: new Uint8Array(4), y: Float64Array.from([1.7e308, 2e-17, 1e-17, 6e-20]), failedY: new Uint8Array(4) }], { resamples: 20, seed: 1 });
    expect([f.higher, f.lower]).toEqual([2, 1]);
  });

  it("the sweep page names the outputs that were not finite, as the sweep table does", async () => {
    const { sweep } = await import("../src/app/sweep.js");
    const { renderSweepHtml } = await import("../src/report/render.js");
    const s = await sweep({ model: compileModel(text, "nfc.yaml"), param: "g", values: [-0.5, 0.5], outputs: ["dom", "xfin"], samples: 50, seed: 1, workers: 1 });
    const html = renderSweepHtml(s.result);
    expect(html).toContain("Values that are not finite numbers count as undefined and are left out of means, quantiles and differences:");
    expect(html).toContain("<li>dom: NaN (domain error) in 0.0–100% of draws (over the points)</li>");
    expect(html).not.toMatch(/<li>xfin:/);
  });
});

describe("huge values are rounded as the docs say", () => {
  it("JSON keeps 12 significant digits and charts 6 for values past 2^53 too (they had kept all 17)", async () => {
    const { jsonNumber } = await import("../src/analysis/result.js");
    const { roundDeep } = await import("../src/report/curves.js");
    expect(jsonNumber(8.2197636689974065e304)).toBe(8.21976366900e304);
    expect(jsonNumber(2.7630470243998226e122)).toBe(2.76304702440e122);
    expect(jsonNumber(123456789)).toBe(123456789);
    expect(jsonNumber(2 ** 53 - 1)).toBe(2 ** 53 - 1);
    expect(roundDeep([1.691528776661472e296, 3, 0.123456789])).toEqual([1.69153e296, 3, 0.123457]);
  });
});
