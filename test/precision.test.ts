/**
 * --precision on run and sweep: draws are added in blocks until every
 * headline probability's 95% half-width is at most the target, and the
 * result is byte-identical to a fixed run of the N it stopped at.
 * (compare's --precision: test/compare.test.ts.)
 */
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { run } from "../src/app/run.js";
import { sweep } from "../src/app/sweep.js";
import { compare } from "../src/app/compare.js";
import { resultJSON } from "../src/analysis/result.js";
import { renderRun, renderSweep } from "../src/report/render.js";
import { loadModel } from "../src/model/compile.js";
import { ArgumentError } from "../src/core/errors.js";
import { errorLine } from "../src/cli/main.js";
import type { OutputSummary } from "../src/analysis/summary.js";

const hazard = loadModel("models/test/constant-hazard.yaml");

describe("run --precision", () => {
  it("stops with every headline half-width at most the target, byte-identical to the fixed run (series included)", async () => {
    const seq = await run({ samples: 200, precision: 0.035, workers: 1 });
    const p = seq.precision!;
    expect(p.stopped).toBe("target");
    expect(p.half_width).toBeLessThanOrEqual(0.035);
    expect(p.samples % 200).toBe(0);
    expect(p.looks.at(-1)).toBe(p.samples);
    for (const name of ["loc", "loc_by_2050"]) {
      const ci = seq.result.outputs[name].ci!;
      expect((ci[1] - ci[0]) / 2).toBeLessThanOrEqual(0.035);
    }
    const fixed = await run({ samples: p.samples, workers: 1 });
    expect(resultJSON(seq.result)).toBe(resultJSON(fixed.result));
    expect(renderRun(seq, "table")).toBe(renderRun(fixed, "table"));
  }, 60_000);

  it("refuses a target outside (0, 0.5) and a cap below the first block", async () => {
    await expect(run({ model: hazard, samples: 100, precision: 0 })).rejects.toThrow(ArgumentError);
    await expect(run({ model: hazard, samples: 100, precision: 0.01, maxSamples: 50 })).rejects.toThrow(/maxSamples/);
    await expect(run({ model: hazard, samples: 100, maxSamples: 500 })).rejects.toThrow(/^maxSamples goes with precision$/);
  });

  it("refuses, before any draw, outputs with no probability to watch (it had stopped at the first block saying every half-width was met)", async () => {
    const none = /^precision watches the 95% half-widths of probabilities \(0\/1 outputs\), and the output chosen, automation_years, is not one; add a 0\/1 output/;
    await expect(run({ samples: 100, precision: 0.001, outputs: ["automation_years"], workers: 1 })).rejects.toThrow(none);
    await expect(sweep({ param: "ratio", values: [20, 200], samples: 100, precision: 0.001, outputs: ["automation_years"], workers: 1 })).rejects.toThrow(none);
    await expect(compare({ scenarios: [{ name: "a" }, { name: "b", settings: { ratio: 20 } }], samples: 100, precision: 0.001, outputs: ["automation_years"], workers: 1 })).rejects.toThrow(none);
    await expect(run({ samples: 100, precision: 0.001, outputs: ["t100", "t20"], workers: 1 })).rejects.toThrow(/the outputs chosen \(t100, t20\) have none/);
  });
});

describe("sweep --precision", () => {
  it("grows every point together and is byte-identical to the fixed sweep", async () => {
    const opts = { model: hazard, param: "rate", values: [0.02, 0.05, 0.1], workers: 1 };
    const seq = await sweep({ ...opts, samples: 100, precision: 0.03 });
    const p = seq.precision!;
    expect(p.stopped).toBe("target");
    for (const pt of seq.result.points) expect((pt.outputs.fired.ci![1] - pt.outputs.fired.ci![0]) / 2).toBeLessThanOrEqual(0.03);
    const fixed = await sweep({ ...opts, samples: p.samples });
    expect(renderSweep(seq, "json")).toBe(renderSweep(fixed, "json"));
  });
});

describe("--precision watches the interval the table shows", () => {
  const dir = mkdtempSync(path.join(tmpdir(), "rsi-sim-precision-"));
  // cond is defined only where ev fired (in 1 − exp(−10 s) of the draws), and there it is u < 0.5
  const wrap = path.join(dir, "wrap.yaml");
  writeFileSync(
    wrap,
    `name: wrap
title: a 0/1 output defined in some draws
time: { start: 0, horizon: 10, unit: years }
solver: { max_step: 1 }
parameters:
  s: { value: 0.2, min: 0, max: 1, description: the event's rate }
chance:
  u: { distribution: "uniform(0, 1)", description: a coin }
state:
  x: { initial: 0, rate: "1", unit: years }
hazards:
  ev: { rate: "s", terminal: true }
outputs:
  cond: { value: "reached(ev) ? (u < 0.5) : NaN", type: binary, headline: true, description: u < 0.5 among fired }
`,
  );
  const shownHalfWidth = (s: OutputSummary) => {
    const ci = s.missing > 0 ? s.ci_defined! : s.ci!;
    return (ci[1] - ci[0]) / 2;
  };

  it("of an output undefined in some draws: the share among the draws where it is defined (ci_defined), in run and sweep", async () => {
    // at s = 0.05 cond is defined in 39% of the draws: its interval among them is wider than that of its share of all draws
    const s = await sweep({ model: wrap, param: "s", values: [0.05, 0.1], samples: 500, precision: 0.02, workers: 1 });
    expect(s.precision!.stopped).toBe("target");
    for (const pt of s.result.points) expect(shownHalfWidth(pt.outputs.cond)).toBeLessThanOrEqual(0.02);
    expect(renderSweep(s, "table")).toContain("P%* [95% CI]");
    const r = await run({ model: wrap, settings: { s: 0.05 }, samples: 500, precision: 0.02, workers: 1 });
    expect(r.precision!.stopped).toBe("target");
    expect(r.result.outputs.cond.missing).toBeGreaterThan(0);
    expect(shownHalfWidth(r.result.outputs.cond)).toBeLessThanOrEqual(0.02);
  }, 60_000);

  it("an output defined in no draw at the end has no interval: never reported as meeting the target", async () => {
    // at s = 0 the event never fires: cond is undefined in every draw, which the run cannot know before it starts
    const r = await run({ model: wrap, settings: { s: 0 }, samples: 100, precision: 0.05, maxSamples: 400, workers: 1 });
    expect(r.result.outputs.cond.n).toBe(0);
    expect(r.precision).toMatchObject({ stopped: "max-samples", samples: 400, half_width: Infinity, worst: "cond (defined in no draw)" });
    const s = await sweep({ model: wrap, param: "s", values: [0, 0.1], samples: 100, precision: 0.05, maxSamples: 400, workers: 1 });
    expect(s.precision).toMatchObject({ stopped: "max-samples", half_width: Infinity, worst: "cond (s = 0; defined in no draw)" });
    // compare: a difference with no pair of draws defined under both, behind one that is precise at once
    const c = await compare({
      model: wrap,
      samples: 200,
      precision: 0.05,
      maxSamples: 800,
      workers: 1,
      timeline: [],
      scenarios: [{ name: "a", settings: { s: 0.1 } }, { name: "b", settings: { s: 0.2 } }, { name: "c", settings: { s: 0 } }],
    });
    expect(c.precision).toMatchObject({ stopped: "max-samples", samples: 800, half_width: Infinity, worst: "cond (c − a; no pair of draws defines it)" });
  }, 60_000);

  it("refuses, before any draw, an output that asks about a year past the horizon (undefined in every draw: it had stopped at the first block)", async () => {
    const past = /^precision watches loc_by_2050, which asks whether loss_of_control comes by 2050, past the horizon \(2040\): no draw can say, so it is undefined in every draw and no number of draws narrows its interval; give horizon: 2050 or later, or outputs without loc_by_2050$/;
    const opts = { samples: 100, precision: 0.01, outputs: ["loc_by_2050"], horizon: 2040, workers: 1 };
    await expect(run(opts)).rejects.toThrow(past);
    await expect(sweep({ ...opts, param: "ratio", values: [20, 200] })).rejects.toThrow(past);
    await expect(compare({ ...opts, scenarios: [{ name: "a" }, { name: "b", settings: { ratio: 20 } }] })).rejects.toThrow(past);
    // the CLI names its flags
    const err = await run(opts).catch((e: unknown) => e);
    expect(errorLine(err as ArgumentError)).toBe(
      "--precision: watches loc_by_2050, which asks whether loss_of_control comes by 2050, past the horizon (2040): no draw can say, so it is undefined in every draw and no number of draws narrows its interval; give --horizon 2050 or later, or --outputs without loc_by_2050",
    );
    // a horizon at or past the year: watched as before
    await expect(run({ ...opts, horizon: 2050, precision: 0.3 })).resolves.toBeDefined();
  }, 60_000);

  it("leaves such an output out of the headline outputs it watches when no outputs are chosen, in run, sweep and compare", async () => {
    const { watchedProbabilities } = await import("../src/app/precision.js");
    const { loadModel } = await import("../src/model/compile.js");
    const model = loadModel("rsi-core");
    expect(watchedProbabilities(model, undefined, 2040)).toEqual(["loc"]);
    expect(watchedProbabilities(model)).toEqual(["loc", "loc_by_2050"]);
    const only = { ...model, outputs: model.outputs.filter((o) => o.name !== "loc") };
    expect(() => watchedProbabilities(only, undefined, 2040)).toThrow(/and rsi-core's headline ones ask only about years past this horizon \(2040\); add a 0\/1 output/);
    const opts = { samples: 200, precision: 0.2, horizon: 2040, workers: 1 };
    const r = await run(opts);
    expect(r.precision).toMatchObject({ stopped: "target", samples: 200 });
    expect(r.precision!.worst).toMatch(/^loc\b/);
    const s = await sweep({ ...opts, param: "ratio", values: [20, 200] });
    expect(s.precision).toMatchObject({ stopped: "target", samples: 200 });
    const c = await compare({ ...opts, scenarios: [{ name: "a" }, { name: "b", settings: { ratio: 20 } }] });
    expect(c.precision!.worst).toMatch(/^loc \(/);
    expect(c.precision!.stopped).toBe("target");
  }, 60_000);
});
