/**
 * A run that keeps only its summary folds its outputs in draw order and
 * drops their columns (parallel/column-fold.ts): the same summary, byte for
 * byte, as a run that keeps its table, on any number of threads.
 * (The worker script runs from dist/, which `npm test` builds first.)
 */
import { describe, expect, it } from "vitest";
import { ColumnFold } from "../src/parallel/column-fold.js";
import { simulateParallel } from "../src/parallel/parallel.js";
import { meanAndSe, nonFiniteCounts, welfordResult } from "../src/analysis/stats.js";
import { resultJSON, summarizeRun } from "../src/analysis/result.js";
import { compileModel, loadModel } from "../src/model/compile.js";
import { simulate } from "../src/engine/simulate.js";
import { run } from "../src/app/run.js";

/** A column folded in chunks of `size`. */
function folded(col: Float64Array, size: number): ColumnFold {
  const f = new ColumnFold();
  for (let s = 0; s < col.length; s += size) f.add(col.subarray(s, s + size));
  return f;
}

describe("column folds", () => {
  it("give meanAndSe's bits and the counts of a column, whatever its chunks", () => {
    let u = 12345;
    const rand = () => ((u = (u * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
    const col = Float64Array.from({ length: 5000 }, (_, i) =>
      i % 97 === 0 ? NaN : i % 89 === 0 ? Infinity : i % 83 === 0 ? -Infinity : i % 7 === 0 ? 1 : i % 5 === 0 ? 0 : Math.exp(40 * (rand() - 0.5)),
    );
    const m = meanAndSe(col);
    const nf = nonFiniteCounts(col);
    for (const size of [1, 125, 333, 5000]) {
      const f = folded(col, size);
      expect(f.exact).toBe(true);
      // what the summaries compute from a fold (analysis/summary.ts)
      expect(welfordResult(f.n, f.mean, f.m2)).toEqual(m);
      expect([f.positive, f.negative]).toEqual([nf.positive, nf.negative]);
      expect([f.zeros, f.ones]).toEqual([col.filter((x) => x === 0).length, col.filter((x) => x === 1).length]);
      expect(f.others).toBe(f.n - f.zeros - f.ones);
    }
  });

  it("say they are not exact where meanAndSe would scale the values (|value| above 1e150)", () => {
    expect(folded(new Float64Array([1, 1e150, -3]), 2).exact).toBe(true);
    expect(folded(new Float64Array([1, -2e150, 3]), 2).exact).toBe(false);
  });
});

describe("a run that keeps only its summary", () => {
  it("gives the summary of a run that keeps its table, on 2 and 3 threads", async () => {
    const model = loadModel("rsi-core");
    const opts = { samples: 3000, seed: 9, overrides: { ratio: 30 } };
    const want = resultJSON(summarizeRun(simulate(model, opts)));
    for (const workers of [2, 3]) {
      const sim = await simulateParallel(model, { ...opts, workers, sortedRuns: true, summaryOnly: true });
      // the output columns were dropped
      expect(sim.table.columns.loc.length).toBe(0);
      expect(resultJSON(summarizeRun(sim))).toBe(want);
    }
  });

  it("runs the draws again keeping the table when an output needs scaling, so the summary stays exact", async () => {
    const text = `name: big
time: { start: 0, horizon: 2 }
parameters:
  g0: "normal(0, 1)"
state:
  x: { initial: 1, rate: "0.1 * x" }
outputs:
  big: "exp(g0 * 200)"
  lng: "ln(g0)"
  x_end: "final(x)"
`;
    const model = compileModel(text, "big.yaml");
    const opts = { samples: 2000, seed: 4 };
    const one = simulate(model, opts);
    expect(Math.max(...one.table.columns.big.filter(Number.isFinite))).toBeGreaterThan(1e150);
    const sim = await simulateParallel(model, { ...opts, workers: 3, sortedRuns: true, summaryOnly: true });
    expect(sim.table.columns.big.length).toBe(2000);
    expect(resultJSON(summarizeRun(sim))).toBe(resultJSON(summarizeRun(one)));
  });

  it("is what run() does with keepTable: false", async () => {
    const a = await run({ samples: 2500, seed: 3, workers: 2, keepTable: false });
    const b = await run({ samples: 2500, seed: 3, workers: 2 });
    expect(a.sim.table.columns.loc.length).toBe(0);
    expect(b.sim.table.columns.loc.length).toBe(2500);
    expect(resultJSON(a.result)).toBe(resultJSON(b.result));
  });
});
