/**
 * --precision on run and sweep: draws are added in blocks until every
 * headline probability's 95% half-width is at most the target, and the
 * result is byte-identical to a fixed run of the N it stopped at.
 * (compare's --precision: test/compare.test.ts.)
 */
import { describe, expect, it } from "vitest";
import { run } from "../src/app/run.js";
import { sweep } from "../src/app/sweep.js";
import { compare } from "../src/app/compare.js";
import { resultJSON } from "../src/analysis/result.js";
import { renderRun, renderSweep } from "../src/report/render.js";
import { loadModel } from "../src/model/compile.js";
import { ArgumentError } from "../src/core/errors.js";

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
    await expect(run({ model: hazard, samples: 100, maxSamples: 500 })).rejects.toThrow(/goes with precision/);
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
