/**
 * Worker threads give the single-thread result, byte for byte.
 * (The worker script runs from dist/, which `npm test` builds first.)
 */
import { describe, expect, it } from "vitest";
import { loadModel, parseDistribution, resultJSON, simulate, simulateParallel, summarizeRun, sweep, sweepParallel } from "../src/index.js";

describe("worker threads", () => {
  it("give the same outcome table, failures and series as one thread", async () => {
    const model = loadModel("rsi-core");
    const prior = parseDistribution("0.5 to 3");
    if (!prior.ok) throw new Error(prior.error);
    const opts = { samples: 3500, seed: 5, overrides: { ratio: 20, r_soft: prior.dist } };
    const one = simulate(model, opts);
    for (const workers of [2, 3]) {
      const many = await simulateParallel(model, { ...opts, workers });
      for (const name of one.table.outputs) expect(Array.from(many.table.columns[name])).toEqual(Array.from(one.table.columns[name]));
      for (const name of one.table.parameters) expect(Array.from(many.table.parameterColumns[name])).toEqual(Array.from(one.table.parameterColumns[name]));
      expect(Array.from(many.table.failed)).toEqual(Array.from(one.table.failed));
      expect(many.series.counts.map((c) => Array.from(c))).toEqual(one.series.counts.map((c) => Array.from(c)));
      expect(many.steps).toBe(one.steps);
      expect(resultJSON(summarizeRun(many))).toBe(resultJSON(summarizeRun(one)));
    }
  });

  it("give the same sweep as one thread", async () => {
    const model = loadModel("rsi-core");
    const opts = { param: "ratio", values: [10, 1000], samples: 2200, seed: 4 };
    const one = sweep(model, opts);
    const many = await sweepParallel(model, { ...opts, workers: 2 });
    expect(JSON.stringify(many)).toBe(JSON.stringify(one));
  });
});
