/**
 * Exact quantiles from the threads' sorted runs: the order statistics of
 * runs equal those of the sorted whole, bit for bit, and a run summarised
 * from its threads' runs writes the same bytes on 1, 2, 3 or 16 threads as
 * one thread that sorts its columns.
 * (The worker script runs from dist/, which `npm test` builds first.)
 */
import { describe, expect, it } from "vitest";
import { SortedRuns, ZerosAndOnes, quantileOf } from "../src/analysis/order-statistics.js";
import { quantileSorted, sortedDefined } from "../src/analysis/stats.js";
import { SortedRunBuilder, mergeAll, mergeSorted, sortedRunsOf } from "../src/parallel/sorted-runs.js";
import { simulateParallel } from "../src/parallel/parallel.js";
import { resultJSON, summarizeRun } from "../src/analysis/result.js";
import { loadModel } from "../src/model/compile.js";
import { simulate } from "../src/engine/simulate.js";
import { run } from "../src/app/run.js";
import { mulberry32 as generator } from "./helpers/mulberry32.js";

describe("order statistics of sorted runs", () => {
  it("are those of the sorted union, with ties, empty runs, one run and many", () => {
    const random = generator(7);
    for (let trial = 0; trial < 200; trial++) {
      const k = 1 + Math.floor(random() * 17);
      // few distinct values in some trials, so that ties cross runs
      const distinct = random() < 0.5 ? 3 : 1e9;
      const runs = Array.from({ length: k }, () => {
        const n = random() < 0.15 ? 0 : Math.floor(random() * 60);
        return Float64Array.from({ length: n }, () => Math.floor(random() * distinct) - distinct / 2).sort();
      });
      const all = Float64Array.from(runs.flatMap((r) => Array.from(r))).sort();
      const ordered = new SortedRuns(runs);
      expect(ordered.length).toBe(all.length);
      expect(Array.from({ length: all.length }, (_, r) => ordered.at(r))).toEqual(Array.from(all));
      const qs = [0, 0.05, 0.25, 0.5, 0.73, 0.95, 1];
      expect(qs.map((q) => quantileOf(ordered, q))).toEqual(qs.map((q) => quantileSorted(all, q)));
    }
  });

  it("of a 0/1 column are those of the column sorted, from its counts", () => {
    const col = new Float64Array([1, 0, NaN, 1, 1, Infinity, 0, 1]);
    const counts = ZerosAndOnes.of(col)!;
    const sorted = sortedDefined(col);
    expect(Array.from({ length: sorted.length }, (_, r) => counts.at(r))).toEqual(Array.from(sorted));
    expect([0.05, 0.3, 0.5, 0.95].map((q) => quantileOf(counts, q))).toEqual([0.05, 0.3, 0.5, 0.95].map((q) => quantileSorted(sorted, q)));
    expect(ZerosAndOnes.of(new Float64Array([0, 1, 0.5]))).toBeUndefined();
  });

  it("are NaN out of range and for no values", () => {
    const ordered = new SortedRuns([new Float64Array([1, 2]), new Float64Array(0)]);
    expect(ordered.at(2)).toBeNaN();
    expect(ordered.at(-1)).toBeNaN();
    expect(quantileOf(new SortedRuns([new Float64Array(0)]), 0.5)).toBeNaN();
  });

  it("come from runs that a thread builds chunk by chunk: finite values only, sorted", () => {
    const random = generator(3);
    const builder = new SortedRunBuilder(["x"]);
    const chunks: Float64Array[] = [];
    for (let c = 0; c < 9; c++) {
      const col = Float64Array.from({ length: 40 }, () => {
        const u = random();
        return u < 0.1 ? NaN : u < 0.15 ? Infinity : u < 0.2 ? -Infinity : Math.floor((u - 0.5) * 1e4) / 7;
      });
      chunks.push(col);
      builder.add({ x: col });
    }
    const whole = Float64Array.from(chunks.flatMap((c) => Array.from(c)));
    expect(Array.from(builder.finish().runs.x)).toEqual(Array.from(sortedDefined(whole)));
    expect(Array.from(mergeSorted(new Float64Array([1, 4, 4]), new Float64Array([0, 4, 9])))).toEqual([0, 1, 4, 4, 4, 9]);
    for (let k = 0; k < 12; k++) {
      const parts = Array.from({ length: k }, () => Float64Array.from({ length: Math.floor(random() * 30) }, () => Math.floor(random() * 20)).sort());
      const expected = Float64Array.from(parts.flatMap((p) => Array.from(p))).sort();
      expect(Array.from(mergeAll(parts))).toEqual(Array.from(expected));
    }
  });
});

describe("a parallel run summarised from its threads' sorted runs", () => {
  it("writes the bytes of one thread sorting its columns, on 1, 2, 3 and 16 threads", async () => {
    const model = loadModel("rsi-core");
    const opts = { samples: 4000, seed: 11, overrides: { ratio: 50 } };
    const one = resultJSON(summarizeRun(simulate(model, opts)));
    for (const workers of [2, 3, 16]) {
      const sim = await simulateParallel(model, { ...opts, workers, sortedRuns: true });
      // the runs are used, for the continuous outputs: one per thread that ran (this one and the workers)
      const continuous = model.outputs.find((o) => o.kind === "continuous")!.name;
      const binary = model.outputs.find((o) => o.kind === "binary")!.name;
      expect(sortedRunsOf(sim.table.columns[continuous])?.length).toBe(Math.min(workers, 4));
      expect(sortedRunsOf(sim.table.columns[binary])).toBeUndefined();
      expect(resultJSON(summarizeRun(sim))).toBe(one);
    }
    for (const workers of [1, 2, 3, 16]) {
      const { result } = await run({ model, samples: 4000, seed: 11, settings: { ratio: 50 }, workers });
      expect(resultJSON(result)).toBe(one);
    }
  });
});
