/**
 * Chance variables (the model's `chance:` section) kept apart from uncertain
 * parameters, and positive parameters (`positive: true`).
 */
import { spawnSync } from "node:child_process";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { stringify } from "yaml";
import { compileModel, loadModel } from "../src/model/compile.js";
import { ModelError } from "../src/core/errors.js";
import { simulate } from "../src/engine/simulate.js";
import { summarizeRun } from "../src/analysis/result.js";
import { modelProblem } from "../src/analysis/sensitivity/factors.js";
import { resolveSettings } from "../src/app/settings.js";
import { describeModel } from "../src/report/describe.js";
import { portableModel, restoreModel } from "../src/model/portable.js";
import { valueProblem } from "../src/analysis/sweep.js";
import { run, sweep } from "../src/index.js";

/** A model whose coin is a parameter between a and b. */
const AS_PARAMETER = {
  name: "coin-param",
  time: { start: 0, horizon: 1 },
  parameters: { a: "uniform(0, 1)", coin: "uniform(0, 1)", b: "normal(0, 1)" },
  state: { x: { initial: 0, rate: "a + b" } },
  hazards: { crash: { rate: "a" } },
  outputs: { heads: "coin < a", b_out: "b", crashed: "reached(crash)" },
};

/** The same model with the coin as chance, drawn where it was. */
const AS_CHANCE = {
  ...AS_PARAMETER,
  name: "coin-chance",
  parameters: { a: "uniform(0, 1)", b: "normal(0, 1)" },
  chance: { coin: { distribution: "uniform(0, 1)", description: "the world's coin", draw_after: "a" } },
};

const compile = (raw: object) => compileModel(stringify(raw), "models/test.yaml");
const columns = (raw: object, n = 400) => simulate(compile(raw), { samples: n, seed: 3 }).table;

describe("chance variables", () => {
  it("are not parameters, and with draw_after give every draw the numbers the parameter had", () => {
    const m = compile(AS_CHANCE);
    expect(m.parameters.map((p) => p.name)).toEqual(["a", "b"]);
    expect(m.chance.map((c) => [c.name, c.index, c.dist.text])).toEqual([["coin", 2, "uniform(0, 1)"]]);
    expect(m.layout.uniformOf).toEqual([0, 2, 1]);
    const before = columns(AS_PARAMETER);
    const after = columns(AS_CHANCE);
    for (const name of ["heads", "b_out", "crashed"]) expect(after.columns[name]).toEqual(before.columns[name]);
    expect(after.parameterColumns.coin).toEqual(before.parameterColumns.coin);
    // the kept columns: parameters, then chance variables
    expect(after.parameters).toEqual(["a", "b", "coin"]);
  });

  it("without draw_after take the uniforms after every parameter's", () => {
    const { draw_after: _, ...coin } = AS_CHANCE.chance.coin;
    const m = compile({ ...AS_CHANCE, chance: { coin } });
    expect(m.layout.uniformOf).toEqual([0, 1, 2]);
    const t = columns({ ...AS_CHANCE, chance: { coin } }, 2000).parameterColumns.coin;
    // uniform(0, 1): mean 1/2, sd 1/sqrt(12 · 2000) ≈ 0.0065; 5 sd
    expect(Math.abs(t.reduce((s, v) => s + v, 0) / t.length - 0.5)).toBeLessThan(0.033);
    expect(t.every((v) => v > 0 && v < 1)).toBe(true);
  });

  it("take the short form and any prior form, and survive the trip to a worker", () => {
    const m = compile({ ...AS_CHANCE, chance: { coin: "bernoulli(0.25)", tilt: { distribution: { dist: "beta", alpha: 2, beta: 5 } } } });
    expect(m.chance.map((c) => c.dist.text)).toEqual(["bernoulli(0.25)", "beta(2, 5)"]);
    const back = restoreModel(structuredClone(portableModel(m)));
    expect(back.chance.map((c) => c.dist.quantile(0.9))).toEqual(m.chance.map((c) => c.dist.quantile(0.9)));
  });

  it("are refused as settings, sweep axes, correlation partners and factors, with the reason", async () => {
    const m = compile(AS_CHANCE);
    const why = /"coin" is a chance variable of coin-chance \(drawn afresh in each world from uniform\(0, 1\)\), not a parameter/;
    expect(() => resolveSettings(m, { coin: 0.3 })).toThrow(why);
    await expect(sweep({ model: m, param: "coin", values: [0.1, 0.2], samples: 10 })).rejects.toThrow(why);
    expect(() => modelProblem(m, ["coin"])).toThrow(why);
    expect(() => compile({ ...AS_CHANCE, correlations: [{ between: ["a", "coin"], rank: 0.5 }] })).toThrow(
      /correlations\[0\]: "coin" is a chance variable; only parameters with a prior can be correlated/,
    );
  });

  it("are no sensitivity factors: each design row's draw supplies them", () => {
    const { problem, rest } = modelProblem(compile(AS_CHANCE));
    expect(problem.names).toEqual(["a", "b"]);
    expect(rest).toEqual({ hazards: ["crash"], chance: ["coin"], parameters: [] });
    // a model without chance variables has no rest.chance (its design files are unchanged)
    expect(modelProblem(compile(AS_PARAMETER)).rest).toEqual({ hazards: ["crash"], parameters: [] });
  });

  it("are reported apart from the parameters: result JSON, describe", async () => {
    const m = compile(AS_CHANCE);
    const r = summarizeRun(simulate(m, { samples: 20, seed: 1 }));
    expect(Object.keys(r.parameters)).toEqual(["a", "b"]);
    expect(r.chance).toEqual({ coin: "uniform(0, 1)" });
    expect(r.chanceInfo).toEqual({ coin: { unit: "", description: "the world's coin", source: "" } });
    expect(summarizeRun(simulate(compile(AS_PARAMETER), { samples: 5, seed: 1 })).chance).toBeUndefined();
    const text = describeModel(m);
    expect(text).toMatch(/\nChance \(drawn afresh in each world, not uncertain parameters; no flags\)[^\n]*\n {2}coin ~ uniform\(0, 1\)\n {6}the world's coin\n/);
    const outcome = await run({ model: m, samples: 10, seed: 1, workers: 1 });
    expect(outcome.result.chance).toEqual({ coin: "uniform(0, 1)" });
  });

  it("are checked: the distribution, the draw_after parameter, the name", () => {
    const bad = (chance: object) => () => compile({ ...AS_CHANCE, chance });
    expect(bad({ coin: "unifrom(0, 1)" })).toThrow(/chance\.coin: unknown distribution "unifrom" \(did you mean "uniform"\?\)/);
    expect(bad({ coin: { distribution: "uniform(0, 1)", draw_after: "aa" } })).toThrow(/chance\.coin\.draw_after: "aa" is not a parameter \(did you mean "a"\?\)/);
    expect(bad({ a: "uniform(0, 1)" })).toThrow(ModelError);
    expect(bad({ a: "uniform(0, 1)" })).toThrow(/chance\.a: "a" is already declared as a parameter/);
    expect(bad({ coin: { distribution: "uniform(0, 1)", prior: "x" } })).toThrow(/unknown key "prior"/);
  });
});

describe("rsi-core's lab_choice", () => {
  it("is chance, not a parameter or factor", () => {
    const m = loadModel("rsi-core");
    expect(m.parameters.some((p) => p.name === "lab_choice")).toBe(false);
    expect(m.chance.map((c) => c.name)).toEqual(["lab_choice"]);
    expect(modelProblem(m).problem.names).not.toContain("lab_choice");
    for (const p of m.parameters) expect(p.description).not.toMatch(/design change/i);
  });
});

describe("the rsi-sim binary", () => {
  const cli = (...args: string[]) => spawnSync(process.execPath, [path.resolve("bin/rsi-sim.js"), ...args], { encoding: "utf8" });

  it("--help lists lab_choice as chance after the flags, with no flag of its own", () => {
    const r = cli("--help");
    expect(r.status).toBe(0);
    expect(r.stdout).not.toMatch(/--lab-choice/);
    expect(r.stdout).toMatch(/\nChance \(drawn afresh in each world, not uncertain parameters; no flags\):\n {2}lab_choice ~ uniform\(0, 1\) — which way the labs go/);
    expect(r.stdout).not.toMatch(/design change/i);
  });

  it("--set lab_choice is refused with the reason; --ratio takes a lognormal", () => {
    const r = cli("--set", "lab_choice=0.2", "--samples", "5");
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/^rsi-sim: --set: "lab_choice" is a chance variable of rsi-core .* it cannot be set, swept or analysed as a factor\n$/);
    const ok = cli("--ratio", "20 to 2000", "--samples", "20");
    expect(ok.status).toBe(0);
    expect(ok.stdout).toMatch(/ratio ~ lognormal, 90% CI 20 to 2000/);
  });
});

describe("positive parameters", () => {
  const POS = {
    name: "pos",
    time: { start: 0, horizon: 1 },
    parameters: { ratio: { value: 200, positive: true } },
    state: { x: { initial: 0, rate: "1 / ratio" } },
    outputs: { x_end: "final(x)" },
  };

  it("take a positive distribution as it is, refuse 0 and distributions that can reach it", () => {
    const m = compile(POS);
    expect(resolveSettings(m, { ratio: "20 to 2000" }).ratio).toMatchObject({ text: "lognormal, 90% CI 20 to 2000" });
    expect(resolveSettings(m, { ratio: "log-uniform(20, 2000)" }).ratio).toMatchObject({ text: "log-uniform(20, 2000)" });
    expect(resolveSettings(m, { ratio: 1e-9 }).ratio).toBe(1e-9);
    expect(() => resolveSettings(m, { ratio: 0 })).toThrow(/ratio:? must be above 0, got 0/);
    expect(() => resolveSettings(m, { ratio: "normal(100, 50)" })).toThrow(/reaches outside \(0, inf\); truncate it with "in \[0, inf\]"/);
    expect(() => resolveSettings(m, { ratio: "choice(0, 10)" })).toThrow(/reaches outside \(0, inf\); give values inside it/);
    expect(resolveSettings(m, { ratio: "normal(100, 50) in [0, inf]" }).ratio).toMatchObject({ support: [0, Infinity] });
    expect(valueProblem(m, "ratio", 0)).toBe("ratio must be above 0, got 0");
  });

  it("take a mixture truncated to their bounds, as the text rsi-sim prints of such a prior (it had been refused, component by component)", () => {
    const m = compile(POS);
    expect(resolveSettings(m, { ratio: "mx(normal(100, 50), 30) in [0, inf]" }).ratio).toMatchObject({ support: [0, Infinity] });
    expect(resolveSettings(m, { ratio: "mx(normal(100, 50), 30) in [10, 300]" }).ratio).toMatchObject({ support: [10, 300] });
    // a point mass the truncation cuts off is never drawn
    expect(resolveSettings(m, { ratio: "mx(normal(100, 50), 500) in [10, 300]" }).ratio).toMatchObject({ support: [10, 300] });
    // untruncated, it reaches below 0: truncation is the fix offered, and it is taken
    expect(() => resolveSettings(m, { ratio: "mx(normal(100, 50), 30)" })).toThrow(/reaches outside \(0, inf\); truncate it with "in \[0, inf\]"/);
    // a point mass at the open bound 0 is still refused, truncated or not: it would be drawn
    expect(() => resolveSettings(m, { ratio: "mx(lognormal(20 to 2000), 0)" })).toThrow(/reaches outside \(0, inf\); give values inside it/);
    expect(() => resolveSettings(m, { ratio: "mx(lognormal(20 to 2000), 0) in [0, inf]" })).toThrow(/reaches outside \(0, inf\); give values inside it/);
  });

  it("in the file: a fixed 0 is refused, a positive prior is not truncated, a normal is", () => {
    const with_ = (ratio: object) => compile({ ...POS, parameters: { ratio } });
    expect(() => with_({ value: 0, positive: true })).toThrow(/parameters\.ratio\.value: 0 is outside \(0, inf\)/);
    expect(() => with_({ value: 5, positive: true, min: 1 })).toThrow(/give "positive: true" or "min", not both/);
    expect(() => with_({ prior: "choice(0, 1)", positive: true })).toThrow(/takes the value 0, outside \(0, inf\)/);
    expect(with_({ prior: "20 to 2000", positive: true }).parameters[0].prior!.text).toBe("lognormal, 90% CI 20 to 2000");
    expect(with_({ prior: "normal(1, 2)", positive: true }).parameters[0].prior!.text).toBe("normal(1, 2) in [0, inf]");
    expect(with_({ prior: "normal(1, 2)", positive: true, max: 3 }).parameters[0].prior!.support).toEqual([0, 3]);
  });

  it("rsi-core's ratio takes --ratio \"20 to 2000\"", () => {
    const m = loadModel("rsi-core");
    const s = resolveSettings(m, { ratio: "20 to 2000" });
    const t = simulate(m, { samples: 40, seed: 1, overrides: s }).table.parameterColumns.ratio;
    expect(t.every((v) => v > 0)).toBe(true);
    expect(() => resolveSettings(m, { ratio: 0 })).toThrow(/must be above 0/);
  });
});
