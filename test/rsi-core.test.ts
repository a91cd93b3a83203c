/**
 * rsi-core: calibration at the start, and the sanity checks of docs/rsi-core.md.
 */
import { describe, expect, it } from "vitest";
import { readFileSync } from "node:fs";
import { compileModel, loadModel } from "../src/model/compile.js";
import { simulate } from "../src/engine/simulate.js";
import { rsiCoreProbe } from "./helpers/rsi-core-probe.js";
import { summarizeRun } from "../src/analysis/result.js";

describe("rsi-core", () => {
  const model = loadModel("rsi-core");
  const sim = simulate(model, { samples: 2000, seed: 3 });
  const t = sim.table;

  it("reproduces its calibration rates at t = 0 in every draw", () => {
    for (let i = 0; i < t.rows; i++) {
      const P = (n: string) => t.parameterColumns[n][i];
      expect(t.columns.growth_compute0[i]).toBeCloseTo(P("g_spend") + P("g_price"), 10);
      expect(t.columns.growth_software0[i]).toBeCloseTo(P("g_soft0"), 10);
      // at ratio = ratio_ref the controllable frontier grows at g_safe0
      expect(t.columns.growth_frontier0[i]).toBeCloseTo(P("g_safe0"), 10);
    }
    // ≈ 4x/yr compute and ≈ 2–3x/yr software at the median draw
    const median = (xs: Float64Array) => Array.from(xs).sort((a, b) => a - b)[xs.length >> 1];
    expect(10 ** median(t.columns.growth_compute0)).toBeGreaterThan(3);
    expect(10 ** median(t.columns.growth_compute0)).toBeLessThan(5);
    expect(10 ** median(t.columns.growth_software0)).toBeGreaterThan(1.8);
    expect(10 ** median(t.columns.growth_software0)).toBeLessThan(3.2);
  });

  it("gives an informative answer: P(loss of control) well inside (0, 1), automation near Davidson's ~3 years", () => {
    const r = summarizeRun(sim);
    expect(r.failed).toBe(0);
    expect(r.outputs.loc.p!).toBeGreaterThan(0.1);
    expect(r.outputs.loc.p!).toBeLessThan(0.9);
    const med = r.outputs.automation_years.quantiles.p50;
    expect(med).toBeGreaterThan(2);
    expect(med).toBeLessThan(5);
    // the three outcome classes partition the draws
    for (let i = 0; i < t.rows; i++) expect(t.columns.loc[i] + t.columns.safe_si[i] + t.columns.no_si[i]).toBe(1);
  });

  it("summarises warned_before_loc both over all draws (p) and over the losses of control where it is defined (p_defined)", () => {
    const r = summarizeRun(sim);
    const s = r.outputs.warned_before_loc;
    const col = t.columns.warned_before_loc;
    let ones = 0;
    let defined = 0;
    for (let i = 0; i < t.rows; i++) {
      if (!Number.isNaN(col[i])) defined++;
      if (col[i] === 1) ones++;
      // defined exactly where control was lost
      expect(Number.isNaN(col[i])).toBe(t.columns.loc[i] !== 1);
    }
    expect(s.n).toBe(defined);
    expect(s.missing).toBe(t.rows - defined);
    expect(s.p).toBe(ones / t.rows);
    expect(s.p_defined).toBe(ones / defined);
    expect(s.ci_defined![0]).toBeLessThan(s.p_defined!);
    expect(s.ci_defined![1]).toBeGreaterThan(s.p_defined!);
    // an output defined on every draw has no p_defined
    expect(r.outputs.loc.p_defined).toBeUndefined();
  });

  it("moves materially between 1:1 and 2000:1", () => {
    const at = (ratio: number) => summarizeRun(simulate(model, { samples: 2000, seed: 3, overrides: { ratio } })).outputs.loc;
    const lo = at(1);
    const hi = at(2000);
    expect(hi.p! - lo.p!).toBeGreaterThan(0.1);
    expect(hi.ci![0]).toBeGreaterThan(lo.ci![1]);
  });
});

describe("rsi-core's bounded states", () => {
  it("compute and software never end above spend_room and soft_ceiling (the exact solution approaches them; a step could jump past)", () => {
    // every run to the horizon (loss of control not terminal), with the two states at the end
    const text = rsiCoreProbe(
      readFileSync(new URL("../models/rsi-core.yaml", import.meta.url), "utf8"),
      '  software_end: { value: "final(software)" }\n  compute_end: { value: "final(compute)" }\n',
    );
    const sim = simulate(compileModel(text, "rsi-core-bounds"), { samples: 10_000, seed: 1, keepSeries: false });
    const { software_end: a, compute_end: k } = sim.table.columns;
    const { soft_ceiling: ceiling, spend_room: room } = sim.table.parameterColumns;
    let above = 0;
    let atCeiling = 0;
    for (let i = 0; i < a.length; i++) {
      if (a[i] > ceiling[i] || k[i] > room[i]) above++;
      if (a[i] === ceiling[i]) atCeiling++;
    }
    expect(sim.failures.count).toBe(0);
    // before the caps, 7,124 of these draws ended with software above its ceiling (by up to 0.09 OOM)
    // and 2,662 with compute above its room (`node bench/bounds.mjs rsi-core 10000 1`)
    expect(above).toBe(0);
    expect(atCeiling).toBeGreaterThan(5000);
  });
});
