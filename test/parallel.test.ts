/**
 * Worker threads give the single-thread result, byte for byte.
 * (The worker script runs from dist/, which `npm test` builds first.)
 */
import { describe, expect, it } from "vitest";
import { spawnSync } from "node:child_process";
import { WorkerPool, simulateParallel } from "../src/parallel/parallel.js";
import { loadModel } from "../src/model/compile.js";
import { parseDistribution } from "../src/model/distributions.js";
import { resultJSON, summarizeRun } from "../src/analysis/result.js";
import { simulate } from "../src/engine/simulate.js";
import { sweep, sweepParallel } from "../src/analysis/sweep.js";

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

  it("skip the series when asked, with the same outputs, on one thread or several", async () => {
    const model = loadModel("rsi-core");
    const opts = { samples: 2500, seed: 3, overrides: { ratio: 200 } };
    const full = simulate(model, opts);
    expect(full.series.counts.some((c) => c.some((x) => x > 0))).toBe(true);
    for (const workers of [1, 2]) {
      const lean = await simulateParallel(model, { ...opts, workers, keepSeries: false });
      for (const name of full.table.outputs) expect(Array.from(lean.table.columns[name])).toEqual(Array.from(full.table.columns[name]));
      expect(lean.steps).toBe(full.steps);
      expect(lean.series.counts.length).toBe(model.series.length);
      expect(lean.series.counts.every((c) => c.every((x) => x === 0))).toBe(true);
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

describe("the worker pool", () => {
  it("is reused across runs of different models and settings, with per-draw parameter values, byte for byte", async () => {
    const pool = new WorkerPool();
    try {
      const core = loadModel("rsi-core");
      const sie = loadModel("forethought-sie");
      const values = Float64Array.from({ length: 2600 }, (_, i) => 10 + (i % 97));
      const runs = [
        { model: core, opts: { samples: 2600, seed: 9, overrides: { ratio: 50 }, parameterValues: { ratio: values } } },
        { model: sie, opts: { samples: 3100, seed: 2 } },
        { model: core, opts: { samples: 4000, seed: 9, first: 700, count: 3300 } },
      ];
      for (const { model, opts } of runs) {
        const one = simulate(model, opts);
        const many = await simulateParallel(model, { ...opts, workers: 3, pool });
        expect(many.table.first).toBe(one.table.first);
        for (const name of one.table.outputs) expect(Array.from(many.table.columns[name])).toEqual(Array.from(one.table.columns[name]));
        for (const name of one.table.parameters) expect(Array.from(many.table.parameterColumns[name])).toEqual(Array.from(one.table.parameterColumns[name]));
        expect(many.failures).toEqual(one.failures);
        expect(many.steps).toBe(one.steps);
      }
      expect(pool.size).toBe(2);
    } finally {
      await pool.close();
    }
  });

  it("reports progress up to the whole count, and idle workers do not keep a process alive", async () => {
    const seen: number[] = [];
    const sim = await simulateParallel(loadModel("forethought-sie"), { samples: 4000, seed: 3, workers: 2, onProgress: (d, n) => seen.push(d / n) });
    expect(sim.table.rows).toBe(4000);
    expect(seen.at(-1)).toBe(1);
    for (let i = 1; i < seen.length; i++) expect(seen[i]).toBeGreaterThan(seen[i - 1]);
    // a script that runs on the shared pool and returns: it must exit by itself
    const script = `
      import { loadModel } from "./dist/model/compile.js";
import { simulateParallel } from "./dist/parallel/parallel.js";
      const sim = await simulateParallel(loadModel("forethought-sie"), { samples: 3000, seed: 1, workers: 2 });
      console.log(sim.table.rows);`;
    const r = spawnSync(process.execPath, ["--input-type=module", "-e", script], { encoding: "utf8", timeout: 60_000 });
    expect(r.status).toBe(0);
    expect(r.stdout.trim()).toBe("3000");
    // a node flag a worker thread cannot take does not stop the workers
    const f = spawnSync(process.execPath, ["--max-semi-space-size=32", "--input-type=module", "-e", script], { encoding: "utf8", timeout: 60_000 });
    expect(f.stderr).toBe("");
    expect(f.status).toBe(0);
    expect(f.stdout.trim()).toBe("3000");
  });
});

describe("the worker pool after a failed job", () => {
  it("reports a worker's error as the run's error, and its workers still run the next job", async () => {
    const pool = new WorkerPool();
    try {
      const model = loadModel("forethought-sie");
      // a per-draw value the model's kernel cannot take: the workers' simulate() refuses the unknown name
      const bad = { samples: 3000, seed: 1, parameterValues: { no_such_parameter: new Float64Array(3000) } };
      await expect(simulateParallel(model, { ...bad, workers: 2, pool })).rejects.toThrow(/no_such_parameter/);
      const good = { samples: 3000, seed: 1 };
      const one = simulate(model, good);
      const many = await simulateParallel(model, { ...good, workers: 2, pool });
      expect(Array.from(many.table.columns.sie_12m_3x)).toEqual(Array.from(one.table.columns.sie_12m_3x));
      expect(pool.size).toBe(1);
    } finally {
      await pool.close();
    }
  });
});
