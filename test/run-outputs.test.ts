/**
 * `outputs` on a run (`rsi-sim --outputs a,b`): the summary, the table and
 * the CSV keep only the listed outputs, with the numbers of the full run;
 * and Squiggle's priors given on a run travel to worker threads as text.
 */
import { describe, expect, it } from "vitest";
import { run } from "../src/app/run.js";
import { renderRun, renderRunHtml } from "../src/report/render.js";
import { outcomeCSV } from "../src/report/csv.js";

const base = { samples: 300, seed: 3, workers: 1 as const };

describe("run with outputs", () => {
  it("keeps only the listed outputs, in order, with the full run's numbers", async () => {
    const all = await run(base);
    const some = await run({ ...base, outputs: ["t100", "loc"], keepParameters: true });
    expect(Object.keys(some.result.outputs)).toEqual(["t100", "loc"]);
    expect(Object.keys(some.result.outputInfo)).toEqual(["t100", "loc"]);
    expect(Object.keys(some.result.distributions)).toEqual(["t100"]);
    expect(some.result.outputs.loc).toEqual(all.result.outputs.loc);
    expect(some.result.outputs.t100).toEqual(all.result.outputs.t100);
    expect(some.result.distributions.t100).toEqual(all.result.distributions.t100);
    expect(some.result.parameters).toEqual(all.result.parameters);
    const header = outcomeCSV(some.sim).split("\n").find((l) => !l.startsWith("#"))!.split(",");
    expect(header.slice(0, 4)).toEqual(["draw", "failed", "out.t100", "out.loc"]);
    expect(header).not.toContain("out.loc_by_2030");
    const table = renderRun(some, "table") as string;
    expect(table).toMatch(/\bloc\b/);
    expect(table).not.toMatch(/loc_by_2030|takeoff_years/);
    const json = JSON.parse(renderRun(some, "json") as string);
    expect(Object.keys(json.outputs)).toEqual(["t100", "loc"]);
    const html = renderRunHtml(some.result);
    expect(html).toContain("t100");
    expect(html).not.toContain("loc_by_2030");
  });

  it("the default keeps every output", async () => {
    const all = await run(base);
    expect(Object.keys(all.result.outputs)).toEqual(all.model.outputs.map((o) => o.name));
  });

  it("names are checked, with a suggestion; kebab-case is accepted", async () => {
    await expect(run({ ...base, outputs: ["lco"] })).rejects.toThrow(/outputs unknown output "lco" in rsi-core \(did you mean "loc"\?\)/);
    await expect(run({ ...base, outputs: [] })).rejects.toThrow(/give at least one output/);
    const r = await run({ ...base, outputs: ["loc-by-2030"] });
    expect(Object.keys(r.result.outputs)).toEqual(["loc_by_2030"]);
  });

  it("precision watches the listed probabilities", async () => {
    const r = await run({ ...base, samples: 200, outputs: ["loc_by_2030"], precision: 0.05 });
    expect(Object.keys(r.result.outputs)).toEqual(["loc_by_2030"]);
    expect(r.precision?.worst).toContain("loc_by_2030");
  });
});

describe("Squiggle's priors on a run", () => {
  it("a mixture, a record form and a point mass give the same numbers on 1 and 3 worker threads", async () => {
    const settings = { r_soft: "mx(0.5 to 3, lognormal({p10: 1, p90: 5}), 10, [0.6, 0.3, 0.1])", gamma: "mx(0.3, beta({mean: 0.5, stdev: 0.2}), [0.2, 0.8])" };
    const one = await run({ ...base, samples: 400, settings });
    const three = await run({ ...base, samples: 400, settings, workers: 3 });
    expect(three.result.outputs).toEqual(one.result.outputs);
    expect(one.result.parameters.r_soft).toBe("mx(lognormal(0.5 to 3), lognormal({p10: 1, p90: 5}), 10, [0.6, 0.3, 0.1])");
  });
});

describe("merge with outputs", () => {
  it("keeps only the listed outputs of a run's shards, with the numbers of run({ outputs })", async () => {
    const { runShard } = await import("../src/app/run.js");
    const { merge } = await import("../src/app/merge.js");
    const opts = { samples: 300, seed: 4, workers: 1 as const };
    const shards = await Promise.all([1, 2].map((index) => runShard(opts, { index, count: 2 })));
    const merged = await merge(shards.map((s, i) => ({ name: `s${i + 1}`, bytes: s.bytes })), { outputs: ["t100", "loc"] });
    const single = await run({ ...opts, outputs: ["t100", "loc"] });
    if (merged.kind !== "run") throw new Error("expected a run");
    expect(Object.keys(merged.result.outputs)).toEqual(["t100", "loc"]);
    expect(merged.result.outputs).toEqual(single.result.outputs);
    await expect(merge(shards.map((s, i) => ({ name: `s${i + 1}`, bytes: s.bytes })), { outputs: ["lco"] })).rejects.toThrow(/unknown output "lco".*did you mean "loc"/);
  });
});
