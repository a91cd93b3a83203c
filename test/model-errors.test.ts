/**
 * Malformed model files: every mistake must come back as one ModelError whose
 * message is `file: entry: what is wrong` (with a did-you-mean for misspelt
 * names) — never another exception type, never a stack — and nothing a model
 * file says may ever run as JavaScript.
 */
import { mulberry32 } from "./helpers/mulberry32.js";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { stringify } from "yaml";
import { MODELS_DIR, compileModel, loadModel } from "../src/model/compile.js";
import { ModelError, UserError } from "../src/core/errors.js";
import { planParameters } from "../src/sampling/sampler.js";
import { distributionFromSpec, parseDistribution } from "../src/model/distributions.js";

const FILE = "models/bad.yaml";

type Json = null | boolean | number | string | Json[] | { [k: string]: Json };

/** A small valid model using every section, so each test breaks exactly one thing. */
const BASE: Record<string, Json> = {
  name: "m",
  time: { start: 0, horizon: 10 },
  parameters: {
    alpha: { prior: "uniform(0, 1)" },
    beta: { value: 2 },
    gamma: { prior: "log-uniform(1, 10)" },
    delta: { prior: "normal(0, 1)" },
  },
  derived: { growth: "beta * alpha", speed: "growth * (1 + a)" },
  state: { a: { initial: 0, rate: "speed * (1 - brake)" } },
  regimes: { brake: 0 },
  hazards: { crash: { rate: "0.01 * a" } },
  milestones: { a1: "a >= 1" },
  events: { slow: { on: "a1", set: { brake: 0.5 } } },
  outputs: { a_end: "final(a)", t_a1: "a1", crashes: "count(crash)" },
};

/** BASE with the value at a dotted path replaced (undefined deletes it). */
function modelWith(...patches: [string, Json | undefined][]): string {
  const m = structuredClone(BASE) as Record<string, Json>;
  for (const [where, value] of patches) {
    const keys = where.split(".");
    let node = m as Record<string, Json>;
    for (const k of keys.slice(0, -1)) {
      if (typeof node[k] !== "object" || node[k] === null) node[k] = {};
      node = node[k] as Record<string, Json>;
    }
    const last = keys[keys.length - 1];
    if (value === undefined) delete node[last];
    else node[last] = value;
  }
  return stringify(m);
}

const BASE_TEXT = modelWith();

/** The ModelError that compiling `text` throws, after checking its shape. */
function errorOf(text: string, file = FILE): ModelError {
  let caught: unknown;
  try {
    compileModel(text, file);
  } catch (err) {
    caught = err;
  }
  if (caught === undefined) throw new Error(`expected a ModelError, but the model compiled:\n${text}`);
  if (!(caught instanceof ModelError)) {
    throw new Error(`expected a ModelError, got ${(caught as Error)?.name}: ${(caught as Error)?.message}\n${(caught as Error)?.stack}`);
  }
  const e = caught;
  expect(e).toBeInstanceOf(UserError);
  expect(e.name).toBe("ModelError");
  expect(e.message, "one line").not.toMatch(/[\r\n]/);
  expect(e.message, "no stack frames").not.toMatch(/\s+at\s+\S+\s+\(?[^)]*:\d+:\d+\)?/);
  expect(e.message.startsWith(`${file}: `), e.message).toBe(true);
  expect(e.message).toBe(`${e.where}: ${e.detail}`);
  return e;
}

/**
 * Compiling `text` fails at `entry` (a string for an exact entry, a RegExp for
 * one with a line number) and the detail matches every pattern.
 */
function expectError(text: string, entry: string | RegExp, ...patterns: (string | RegExp)[]): ModelError {
  const e = errorOf(text);
  const where = e.where.slice(FILE.length + 2);
  if (typeof entry === "string") expect(where, e.message).toBe(entry);
  else expect(where, e.message).toMatch(entry);
  for (const p of patterns) {
    if (typeof p === "string") expect(e.detail, e.message).toContain(p);
    else expect(e.detail, e.message).toMatch(p);
  }
  return e;
}

describe("the base model of these tests", () => {
  it("compiles and samples, so each failure below is the one thing broken", () => {
    const m = compileModel(BASE_TEXT, FILE);
    expect(m.parameters.map((p) => p.name)).toEqual(["alpha", "beta", "gamma", "delta"]);
    expect(() => planParameters(m)).not.toThrow();
  });

  it("the shipped models compile", () => {
    for (const f of ["forethought-sie.yaml", "test/jones.yaml"]) {
      expect(() => compileModel(readFileSync(path.join(MODELS_DIR, f), "utf8"), f)).not.toThrow();
    }
  });
});

// ---------------------------------------------------------------------------
describe("YAML and the shape of the file", () => {
  it("a syntax error gives the line and column", () => {
    expectError("name: m\ntime: { start: 0\nparameters: x\n", /^line 3, column \d+$/, /^YAML: /);
    expectError("name: m\ntime:\n\tstart: 0\n", /^line 3, column 1$/, /YAML: .*[Tt]ab/);
    expectError('name: m\ntitle: "unterminated\n', /^line \d+, column \d+$/, /^YAML: /);
    expectError("name: m\n  oops: - x\n", /^line \d+, column \d+$/, /^YAML: /);
  });

  it("a duplicate key names the key, where it is and the line", () => {
    expectError(`${BASE_TEXT}name: again\n`, /^name \(line \d+, column 1\)$/, 'duplicate key "name"');
    const text = BASE_TEXT.replace("beta:\n    value: 2", "beta:\n    value: 2\n    value: 3");
    expect(text).not.toBe(BASE_TEXT);
    const line = text.split("\n").findIndex((l) => l === "    value: 3") + 1;
    expectError(text, `parameters.beta.value (line ${line}, column 5)`, 'duplicate key "value"');
    expectError(
      `${BASE_TEXT}correlations:\n  - { between: [alpha, gamma], rank: 0.5, rank: 0.6 }\n`,
      /^correlations\[0\]\.rank \(line \d+, column \d+\)$/,
      'duplicate key "rank"',
    );
    expectError(BASE_TEXT.replace("  a_end:", '  "t_a1": x\n  a_end:'), /^outputs\.t_a1 \(line \d+, column \d+\)$/, 'duplicate key "t_a1"');
  });

  it.each([
    ["an empty file", "", /the file is empty/],
    ["only comments", "# nothing here\n", /the file is empty/],
    ["an explicit null", "null\n", /the file is empty/],
    ["a list", "- name\n- time\n", /must be a YAML mapping.*got a list/],
    ["a scalar", "hello\n", /must be a YAML mapping.*got string "hello"/],
    ["a number", "42\n", /must be a YAML mapping.*got number 42/],
  ])("%s", (_, text, pattern) => {
    const e = errorOf(text);
    expect(e.message).toMatch(new RegExp(`^${FILE}: `));
    expect(e.detail).toMatch(pattern);
  });

  it("several documents in one file", () => {
    expectError(`${BASE_TEXT}---\nname: other\n`, /^line \d+, column \d+$/, /^a second YAML document starts here \(after ---\); a model file holds one model$/);
  });

  it("an alias to an anchor that does not exist", () => {
    expectError(BASE_TEXT.replace("a_end: final(a)", "a_end: *nowhere"), /^(line \d+, column \d+)?$/, /YAML: .*nowhere|YAML: .*alias/i);
  });

  it("an alias bomb is refused, not expanded", () => {
    let bomb = "x0: &a0 [1, 1, 1, 1, 1, 1, 1, 1, 1, 1]\n";
    for (let i = 1; i <= 8; i++) bomb += `x${i}: &a${i} [${Array(10).fill(`*a${i - 1}`).join(", ")}]\n`;
    const e = errorOf(`${BASE_TEXT}${bomb}`);
    expect(e.detail).toMatch(/YAML: .*alias|unknown key "x0"/);
  });

  it("a key that is a mapping, a list or an alias is refused with its line, and nothing is printed", () => {
    const warn = vi.spyOn(process, "emitWarning");
    try {
      const text = BASE_TEXT.replace("milestones:\n", "milestones:\n  { a2: x }: a >= 2\n");
      const line = text.split("\n").indexOf("  { a2: x }: a >= 2") + 1;
      expectError(text, `line ${line}, column 3`, "a key must be a plain name");
      expectError(BASE_TEXT.replace("outputs:\n", "outputs:\n  [o1, o2]: final(a)\n"), /^line \d+, column 3$/, "a key must be a plain name");
      expectError(BASE_TEXT.replace("name: m", "name: &n m\n*n : 1"), /^line \d+, column 1$/, "a key must be a plain name");
      expect(warn).not.toHaveBeenCalled();
    } finally {
      warn.mockRestore();
    }
  });

  it("runaway nesting in YAML is an error, not a crash", () => {
    errorOf(`name: ${"[".repeat(50_000)}${"]".repeat(50_000)}\n`);
  });
});

// ---------------------------------------------------------------------------
describe("sections and keys", () => {
  it.each(["name", "time", "parameters", "state", "outputs"])("a missing %s", (section) => {
    expectError(modelWith([section, undefined]), section, "missing", "required here: name, time, parameters, state, outputs");
  });

  it("missing nested entries name the full path", () => {
    expectError(modelWith(["state.a.rate", undefined]), "state.a.rate", "missing", "initial, rate");
    expectError(modelWith(["time.horizon", undefined]), "time.horizon", "missing");
    expectError(modelWith(["hazards.crash.rate", undefined]), "hazards.crash.rate", "missing");
    expectError(modelWith(["events.slow.on", undefined]), "events.slow.on", "missing");
    expectError(modelWith(["derived.growth", { unit: "x" }]), "derived.growth.value", "missing");
  });

  it.each([
    // [misspelt key (its dotted path), its value, the correct key it replaces, did-you-mean]
    ["outptus", { x: "final(a)" }, "outputs", "outputs"],
    ["state.a.raet", "speed", "state.a.rate", "rate"],
    ["time.horizn", 10, "time.horizon", "horizon"],
    ["parameters.alpha.prio", "uniform(0, 1)", "parameters.alpha.prior", "prior"],
    ["solver.rtl", 1e-6, "", "rtol"],
    ["hazards.crash.terminl", true, "", "terminal"],
    ["events.slow.sett", { brake: 1 }, "events.slow.set", "set"],
    ["outputs.a_end", { value: "final(a)", headlin: true }, "", "headline"],
  ] as [string, Json, string, string][])("unknown key %s", (where, value, replaces, hint) => {
    const patches: [string, Json | undefined][] = [[where, value]];
    if (replaces) patches.push([replaces, undefined]);
    const entry = typeof value === "object" && value !== null && "headlin" in value ? `${where}.headlin` : where;
    const key = entry.split(".").pop()!;
    expectError(modelWith(...patches), entry, `unknown key "${key}"`, `(did you mean "${hint}"?)`, "allowed:");
  });

  it("an unknown key with nothing close lists the allowed keys", () => {
    const e = expectError(modelWith(["state.a.colour", "red"]), "state.a.colour", 'unknown key "colour"', "allowed: initial, rate, max, unit, description");
    expect(e.detail).not.toContain("did you mean");
  });

  it.each([
    ["time.horizon", "ten", "expected a number", 'got string "ten"'],
    ["time", 10, "expected a mapping", "got number 10"],
    ["name", 5, "expected a string", "got number 5"],
    ["parameters", [1, 2], "expected a mapping", "got a list"],
    ["state.a.rate", [1, 2], "expected a string or a number", "got a list"],
    ["hazards.crash.terminal", "yes", "expected true or false", 'got string "yes"'],
    ["hazards.crash.trigger", 1.5, "expected an integer", "got number 1.5"],
    ["outputs.a_end", [1], "expected a string, a number or a mapping", "got a list"],
    ["parameters.beta", true, "expected a number, a string or a mapping", "got boolean true"],
    ["parameters.beta", null, "expected a number, a string or a mapping", "got nothing"],
    ["parameters.beta.value", "2*3", "expected a number", 'got string "2*3"'],
    ["milestones.a1", 3, "expected a string or a mapping", "got number 3"],
  ])("%s of the wrong type (%j)", (where, value, expected, got) => {
    expectError(modelWith([where, value as Json]), where, expected, got);
  });

  it("other schema rules say what is wrong with the value", () => {
    expectError(modelWith(["state", {}]), "state", "needs at least 1 entry");
    expectError(modelWith(["outputs", {}]), "outputs", "needs at least 1 entry");
    expectError(modelWith(["events.slow.set", {}]), "events.slow.set", "needs at least 1 entry");
    expectError(modelWith(["name", "my model"]), "name", '"my model" is not a valid model name');
    expectError(modelWith(["time.record_every", 0]), "time.record_every", "must be > 0", "got number 0");
    expectError(modelWith(["outputs.a_end", { value: "final(a)", type: "binry" }]), "outputs.a_end.type", "must be one of binary, continuous", 'got string "binry"');
  });

  it("keys with JSON-pointer characters are shown as written", () => {
    expectError(modelWith(["parameters.50%/a~b", true]), "parameters.50%/a~b", "expected a number, a string or a mapping");
  });
});

// ---------------------------------------------------------------------------
describe("time", () => {
  it.each([
    [0, 0],
    [5, 1],
    [0, -1],
  ])("horizon must be after start (start %d, horizon %d)", (start, horizon) => {
    expectError(modelWith(["time", { start, horizon }]), "time.horizon", `must be after time.start (${start})`);
  });

  it("a span too short for the solver is refused (a span of 1e-14 from 0 had run no step and given the initial state)", () => {
    expectError(modelWith(["time", { start: 0, horizon: 1e-14 }]), "time.horizon", "the span 1e-14 from 0 is too short for the solver (it must be more than 1.00e-12");
    expectError(modelWith(["time", { start: 1e20, horizon: 1e20 + 65536 }]), "time.horizon", "too short for the solver (it must be more than 1.00e+8");
  });

  it("start and horizon must be finite", () => {
    expectError(BASE_TEXT.replace("horizon: 10", "horizon: .inf"), "time.horizon", "must be a finite number");
    expectError(BASE_TEXT.replace("horizon: 10", "horizon: .nan"), "time.horizon", "must be a finite number");
    expectError(BASE_TEXT.replace("start: 0", "start: -.inf"), "time.start", "must be a finite number");
  });
});

// ---------------------------------------------------------------------------
describe("parameters and priors", () => {
  it.each([
    ["unifrom(0, 1)", 'unknown distribution "unifrom" (did you mean "uniform"?)'],
    ["lognorml(1 to 3)", 'unknown distribution "lognorml" (did you mean "lognormal"?)'],
    ["bta(2, 5)", 'unknown distribution "bta" (did you mean "beta"?)'],
    ["uniform(0, 1, 2)", "expected 2 arguments"],
    ["beta(2)", "expected 2 arguments"],
    ["uniform(1, 0)", "min must be below max"],
    ["uniform(1, 1)", "min must be below max"],
    ["log-uniform(5, 2)", /below|less|must/],
    ["triangular(0, 5, 1)", /mode|max|must/],
    ["normal(0, -1)", /sd|positive|must/],
    ["uniform(0, x)", /number|x/],
    ["3 to 1", /below|less|must|order/],
    ["", /empty/],
  ])("prior %j", (prior, pattern) => {
    expectError(modelWith(["parameters.alpha.prior", prior]), "parameters.alpha.prior", pattern);
  });

  it("priors in object form", () => {
    expectError(modelWith(["parameters.alpha.prior", { dist: "unifrom", min: 0, max: 1 }]), "parameters.alpha.prior", '(did you mean "uniform"?)');
    expectError(modelWith(["parameters.alpha.prior", { dist: "uniform", min: 1, max: 0 }]), "parameters.alpha.prior", "min must be below max");
    expectError(modelWith(["parameters.alpha.prior", { dist: "uniform", mn: 0, max: 1 }]), "parameters.alpha.prior", 'unknown key "mn" (did you mean "min"?)');
    expectError(modelWith(["parameters.alpha.prior", { min: 0, max: 1 }]), "parameters.alpha.prior", '"dist"');
  });

  it("a prior given as the bare value of a parameter", () => {
    expectError(modelWith(["parameters.alpha", "unifrom(0, 1)"]), "parameters.alpha.prior", '(did you mean "uniform"?)');
  });

  it("both value and prior, or neither", () => {
    expectError(modelWith(["parameters.beta", { value: 2, prior: "uniform(0, 1)" }]), "parameters.beta", 'either "value" or "prior", not both');
    expectError(modelWith(["parameters.beta", { unit: "m" }]), "parameters.beta", 'needs a "value" or a "prior"');
  });

  it("truncation bounds min ≥ max", () => {
    expectError(modelWith(["parameters.alpha", { prior: "uniform(0, 1)", min: 2, max: 1 }]), /^parameters\.alpha(\.min)?$/, /min.*must be below max|must be below max/);
  });

  it("a non-finite value", () => {
    expectError(BASE_TEXT.replace("value: 2", "value: .nan"), "parameters.beta.value", "must be a finite number");
  });

  it("a number written as a prior is a fixed value, checked like one: finite, inside [min, max]", () => {
    expectError(modelWith(["parameters.beta", { prior: "1e999" }]), "parameters.beta.prior", "must be a finite number, got 1e999");
    expectError(modelWith(["parameters.beta", { prior: "-1e999" }]), "parameters.beta.prior", "must be a finite number");
    expectError(modelWith(["parameters.beta", { prior: "5", max: 4 }]), "parameters.beta.prior", "5 is outside (-inf, 4]");
    expectError(modelWith(["parameters.beta", { value: 5, max: 4 }]), "parameters.beta.value", "5 is outside (-inf, 4]");
    expect(compileModel(modelWith(["parameters.beta", { prior: "3", max: 4 }]), FILE).parameters[1].value).toBe(3);
  });

  it.each([
    ["uniform(-1e308, 1e308)", "uniform(-1e308, 1e308): its width max - min would overflow"],
    ["normal(0, 1e308)", "gives -Infinity in its lower tail"],
    ["lognormal(0, 100)", "gives +Infinity in its upper tail"],
    ["-1e308 to 1e308", "Infinity"],
  ])("a prior that can give ±Infinity is refused: %s", (prior, message) => {
    expectError(modelWith(["parameters.alpha.prior", prior]), "parameters.alpha.prior", message, "overflow double precision");
  });

  it("a prior nested more than 500 levels deep is refused in one line, in either form, not by a stack overflow", () => {
    const deep = `${"mx(1, ".repeat(1500)}2${")".repeat(1500)}`;
    const e = expectError(modelWith(["parameters.alpha", deep]), "parameters.alpha.prior", /^"mx\(1, mx\(1, .*…": the prior is nested too deeply \(more than 500 levels\)$/);
    expect(e.message.length).toBeLessThan(200);
    // the object form, written as YAML's flow style (nested objects this deep are more than the YAML writer takes)
    const objects = (n: number, inner: string) => `${"{dist: mx, components: [1, ".repeat(n)}${inner}${"]}".repeat(n)}`;
    const withPrior = (prior: string) => modelWith(["parameters.alpha", "PRIOR"]).replace("PRIOR", `{ prior: ${prior} }`);
    // an object holding text: the levels add up
    expectError(withPrior(objects(200, `"${"mx(1, ".repeat(400)}2${")".repeat(400)}"`)), "parameters.alpha.prior", "mx: the prior is nested too deeply (more than 500 levels)");
    // far deeper, the YAML reader itself gives up (near 400 levels of objects): one line too, with its place
    expectError(withPrior(objects(5000, "2")), /^line 6, column \d+$/, "YAML: mappings and lists are nested too deeply here to be read");
    // objects built in code reach the prior's own limit
    let obj: unknown = 2;
    for (let i = 0; i < 1500; i++) obj = { dist: "mx", components: [1, obj] };
    expect(distributionFromSpec(obj)).toEqual({ ok: false, error: "mx: the prior is nested too deeply (more than 500 levels)" });
    expect(() => compileModel(withPrior(objects(100, `"${"mx(1, ".repeat(100)}normal(0, 1)${")".repeat(100)}"`)), FILE)).not.toThrow();
    // 499 levels are fine
    const ok = `${"mx(1, ".repeat(499)}normal(0, 1)${")".repeat(499)}`;
    expect(() => compileModel(modelWith(["parameters.alpha", ok]), FILE)).not.toThrow();
  });

  it("a prior truncated by its parameter's min/max or positive: true is shown with its truncation, and that text parses back to it", () => {
    const m = compileModel(
      modelWith(
        ["parameters.alpha", { prior: "normal(0, 1)", min: 0 }],
        ["parameters.gamma", { prior: " normal(0 to 3) ", positive: true, max: 5 }],
        ["parameters.delta", { prior: { dist: "beta", alpha: 2, beta: 5 }, min: 0.1 }],
        ["parameters.beta", { prior: "gamma(2, 1)", positive: true }],
      ),
      FILE,
    );
    const byName = (n: string) => m.parameters.find((p) => p.name === n)!;
    expect(byName("alpha").priorText).toBe("normal(0, 1) in [0, inf]");
    expect(byName("gamma").priorText).toBe("normal(0 to 3) in [0, 5]");
    expect(byName("delta").priorText).toBe("beta(2, 5) in [0.1, inf]");
    expect(byName("beta").priorText).toBe("gamma(2, 1)"); // positive already: nothing truncated
    for (const n of ["alpha", "gamma", "delta", "beta"]) {
      const p = byName(n);
      const back = parseDistribution(p.priorText!);
      if (!back.ok) throw new Error(back.error);
      expect(back.dist.text, n).toBe(p.prior!.text);
      for (const u of [1e-9, 0.1, 0.5, 0.9, 1 - 1e-9]) expect(back.dist.quantile(u), `${n} at ${u}`).toBe(p.prior!.quantile(u));
    }
  });

  it("a positive parameter's prior must be above 0 in every draw: one whose lower tail underflows to 0 is refused", () => {
    const positive = (prior: Json) => modelWith(["parameters.alpha", { prior, positive: true }]);
    // gamma(0.01, 1): P(X < 5e-324) = (5e-324)^0.01 / Γ(1.01) ≈ 5.9e-4
    expectError(positive("gamma(0.01, 1)"), "parameters.alpha.prior", /^gamma\(0\.01, 1\) gives 0 in 0\.059% of draws .*positive parameter must be above 0 in every draw; .*"min"/);
    expectError(positive("lognormal(-750, 1)"), "parameters.alpha.prior", "gives 0 in almost every draw");
    // beta(0.05, 1): X = u^20, 0 for u < (5e-324)^0.05 ≈ 6.6e-17: rarer than the smallest uniform, still refused
    expectError(positive("beta(0.05, 1)"), "parameters.alpha.prior", "gives 0 in 6.6e-15% of draws");
    expectError(positive({ dist: "gamma", shape: 1e-300, scale: 1e300 }), "parameters.alpha.prior", "gives 0 in almost every draw");
    // priors whose lower tail stays above 0 at the smallest uniform a draw uses (2^-54), truncated or not
    for (const prior of ["gamma(0.1, 1)", "beta(0.5, 1)", "normal(0, 1)", "uniform(-1, 1)", "exponential(1e-300)", "lognormal(-700, 1)"]) {
      const m = compileModel(positive(prior), FILE);
      const p = m.parameters.find((q) => q.name === "alpha")!;
      expect(p.prior!.quantile(2 ** -54), prior).toBeGreaterThan(0);
    }
    // the same prior with min: a small positive number instead is truncated there, and accepted
    expect(() => compileModel(modelWith(["parameters.alpha", { prior: "gamma(0.01, 1)", min: 1e-300 }]), FILE)).not.toThrow();
  });

  it("a prior that can give ±Infinity is refused in the object form too", () => {
    expectError(modelWith(["parameters.alpha.prior", { dist: "normal", mean: 0, sd: 1e308 }]), "parameters.alpha.prior", "gives -Infinity");
  });

  it("min/max on a prior: the range is given once, and a discrete prior must lie inside it", () => {
    expectError(modelWith(["parameters.alpha", { prior: "uniform(0, 10) in [5, 6]", max: 4 }]), "parameters.alpha.prior", "already truncated", "not both");
    expectError(
      modelWith(["parameters.alpha", { prior: { dist: "uniform", min: 0, max: 10, truncate: [5, 6] }, max: 4 }]),
      "parameters.alpha.prior",
      "already truncated",
    );
    expectError(modelWith(["parameters.alpha", { prior: "choice(1, 2, 3)", max: 2 }]), "parameters.alpha.prior", "takes the value 3, outside (-inf, 2]");
    expectError(modelWith(["parameters.alpha", { prior: "bernoulli(0.3)", min: 0.5 }]), "parameters.alpha.prior", "takes the value 0, outside [0.5, inf)");
    // a mixture's point mass too (it had passed positive: true, and half the draws were exactly 0)
    expectError(modelWith(["parameters.alpha", { prior: "mx(0, 1 to 2, [0.5, 0.5])", positive: true }]), "parameters.alpha.prior", "takes the value 0, outside (0, inf)");
    expectError(modelWith(["parameters.alpha", { prior: "mx(3, uniform(0, 1))", max: 2 }]), "parameters.alpha.prior", "takes the value 3, outside (-inf, 2]");
    const m = compileModel(modelWith(["parameters.alpha", { prior: "choice(1, 2, 3)", min: 1, max: 3 }]), FILE);
    expect(m.parameters[0].prior?.values).toEqual([1, 2, 3]);
    const t = compileModel(modelWith(["parameters.alpha", { prior: "uniform(0, 10)", max: 4 }]), FILE);
    expect(t.parameters[0].prior?.support).toEqual([0, 4]);
  });
});

// ---------------------------------------------------------------------------
describe("names in expressions", () => {
  it.each([
    ["state.a.rate", "bta * a", 'unknown name "bta" (did you mean "beta"?)'],
    ["derived.growth", "beta * alpah", 'unknown name "alpah" (did you mean "alpha"?)'],
    ["hazards.crash.rate", "0.01 * aa", 'unknown name "aa"'],
    ["state.a.initial", "gamm", 'unknown name "gamm" (did you mean "gamma"?)'],
    ["milestones.a1", "a >= bta", 'unknown name "bta" (did you mean "beta"?)'],
    ["events.slow.set.brake", "brak + 1", 'unknown name "brak" (did you mean "brake"?)'],
    ["events.slow.if", "speeed > 1", 'unknown name "speeed" (did you mean "speed"?)'],
    ["outputs.a_end", "final(a) * bta", 'unknown name "bta" (did you mean "beta"?)'],
  ])("%s: %s", (where, text, message) => {
    expectError(modelWith([where, text]), where, message);
  });

  it("inside final() the entry says so", () => {
    expectError(modelWith(["outputs.a_end", "final(bta)"]), "outputs.a_end (inside final)", 'unknown name "bta" (did you mean "beta"?)');
  });

  it.each([
    ["logisitc(a)", 'unknown function "logisitc" (did you mean "logistic"?)'],
    ["lg(a)", 'unknown function "lg"'],
    ["exp(1, 2)", "exp() takes 1 argument, got 2"],
    ["clamp(a, 0)", "clamp() takes 3 arguments, got 2"],
    ["log(1, 2, 3)", "log() takes 1 or 2 arguments, got 3"],
    ["max()", "max() takes at least 1 argument, got 0"],
  ])("functions: %s", (text, message) => {
    expectError(modelWith(["state.a.rate", text]), "state.a.rate", message);
  });

  it("misspelt output functions", () => {
    expectError(modelWith(["outputs.a_end", "fnal(a)"]), "outputs.a_end", 'unknown function "fnal" (did you mean "final"?)');
    expectError(modelWith(["outputs.a_end", "peek(a)"]), "outputs.a_end", 'unknown function "peek" (did you mean "peak"?)');
  });

  it("a parse error quotes the expression", () => {
    expectError(modelWith(["state.a.rate", "speed *"]), "state.a.rate", 'cannot parse "speed *"');
    expectError(modelWith(["state.a.rate", ""]), "state.a.rate", "empty expression");
  });

  it("a name from the wrong section", () => {
    expectError(modelWith(["derived.growth", "crash * 2"]), "derived.growth", '"crash" is a hazard');
    expectError(modelWith(["state.a.rate", "a_end"]), "state.a.rate", '"a_end" is an output');
  });

  it("a function of the language where it is not allowed is named as such (final(final(a)) had said: did you mean \"final\"?)", () => {
    expectError(modelWith(["outputs.a_end", "final(final(a))"]), "outputs.a_end (inside final)", /^final\(\) cannot be used here$/);
    expectError(modelWith(["state.a.rate", "peak(a)"]), "state.a.rate", /^peak\(\) cannot be used here$/);
    expectError(modelWith(["state.a.rate", "fnial(a)"]), "state.a.rate", /^unknown function "fnial" \(did you mean "final"\?\)$/);
  });
});

// ---------------------------------------------------------------------------
describe("declarations", () => {
  it("cycles among derived quantities name the cycle", () => {
    expectError(modelWith(["derived", { x: "y + 1", y: "x * 2" }]), "derived.x", "circular definition: x → y → x");
    expectError(modelWith(["derived", { x: "x + 1" }]), "derived.x", "circular definition: x → x");
    expectError(modelWith(["derived", { p: "beta", q: "r + p", r: "s", s: "q * 2" }]), "derived.q", "circular definition: q → r → s → q");
  });

  it("cycles among outputs name the cycle", () => {
    expectError(modelWith(["outputs", { o1: "o2 + 1", o2: "o1 * 2" }]), "outputs.o1", "circular definition: o1 → o2 → o1");
    expectError(modelWith(["outputs", { o1: "o1 + final(a)" }]), "outputs.o1", "circular definition: o1 → o1");
  });

  it.each([
    ["derived.alpha", "beta", '"alpha" is already declared as a parameter'],
    ["state.growth", { initial: 0, rate: 1 }, '"growth" is already declared as a derived'],
    ["regimes.a", 0, '"a" is already declared as a state'],
    ["hazards.brake", { rate: 1 }, '"brake" is already declared as a regime'],
    ["milestones.crash", "a >= 2", '"crash" is already declared as a hazard'],
    ["outputs.a1", "final(a)", '"a1" is already declared as a milestone'],
    ["outputs.slow", "final(a)", '"slow" is already declared as a event'],
  ])("%s declared twice", (where, value, message) => {
    expectError(modelWith([where, value as Json]), where, message);
  });

  it.each([
    ["t", "the model time"],
    ["t_end", "the model time"],
    ["exp", "a built-in function"],
    ["log", "a built-in function"],
    ["final", "a built-in function"],
    ["count", "a built-in function"],
    ["pi", "a built-in constant"],
    ["e", "a built-in constant"],
    ["inf", "a built-in constant"],
    ["mod", "an operator or keyword"],
    ["and", "an operator or keyword"],
    ["true", "an operator or keyword"],
    ["constructor", "a name JavaScript objects already have"],
    ["toString", "a name JavaScript objects already have"],
    ["hasOwnProperty", "a name JavaScript objects already have"],
  ])("the reserved name %s", (name, why) => {
    for (const section of ["parameters", "derived", "regimes", "outputs"]) {
      const value: Json = section === "parameters" ? { value: 1 } : section === "outputs" ? "final(a)" : "1";
      expectError(modelWith([`${section}.${name}`, value]), `${section}.${name}`, `"${name}" is a reserved name (${why})`);
    }
  });

  it.each(["2x", "a-b", "a b", "é", "a.b"])("the invalid name %j", (name) => {
    const text = BASE_TEXT.replace("  beta:\n", `  ${JSON.stringify(name)}:\n    value: 1\n  beta:\n`);
    expectError(text, `parameters.${name}`, `"${name}" is not a valid name`);
  });
});

// ---------------------------------------------------------------------------
describe("correlations", () => {
  const withCorrelations = (...list: [string, string, number][]) =>
    modelWith(["correlations", list.map(([a, b, rank]) => ({ between: [a, b], rank }))]);

  it("an unknown parameter, with a did-you-mean", () => {
    expectError(withCorrelations(["alpah", "gamma", 0.5]), "correlations[0]", 'unknown parameter "alpah" (did you mean "alpha"?)');
    expectError(withCorrelations(["alpha", "gamma", 0.5], ["alpha", "zzz", 0.5]), "correlations[1]", 'unknown parameter "zzz"');
  });

  it("a parameter with a fixed value", () => {
    expectError(withCorrelations(["alpha", "beta", 0.5]), "correlations[0]", '"beta" has a fixed value');
  });

  it("a parameter with itself, and a pair given twice", () => {
    expectError(withCorrelations(["alpha", "alpha", 0.5]), "correlations[0]", "cannot be correlated with itself");
    expectError(withCorrelations(["alpha", "gamma", 0.5], ["gamma", "alpha", 0.2]), "correlations[1]", "given twice");
  });

  it("a rank outside [-1, 1] or a malformed pair", () => {
    expectError(withCorrelations(["alpha", "gamma", 1.5]), "correlations.0.rank", "must be <= 1");
    expectError(modelWith(["correlations", [{ between: ["alpha"], rank: 0.5 }]]), "correlations.0.between", /must NOT have fewer than 2 items/);
  });

  it("rank correlations that cannot hold together fail when the model is loaded", () => {
    const text = withCorrelations(["alpha", "gamma", 0.9], ["gamma", "delta", 0.9], ["alpha", "delta", -0.9]);
    expectError(text, "correlations", "alpha, gamma, delta", "not positive semi-definite");
  });

  it("consistent correlations compile and sample", () => {
    const m = compileModel(withCorrelations(["alpha", "gamma", 0.9], ["gamma", "delta", 0.9], ["alpha", "delta", 0.7]), FILE);
    expect(planParameters(m).copula).not.toBeNull();
    const perfect = compileModel(withCorrelations(["alpha", "gamma", 1], ["gamma", "delta", 1], ["alpha", "delta", 1]), FILE);
    expect(planParameters(perfect).copula).not.toBeNull();
  });
});

// ---------------------------------------------------------------------------
describe("events and milestones", () => {
  it("on: naming an unknown hazard or milestone", () => {
    expectError(modelWith(["events.slow.on", "crsh"]), "events.slow.on", '"crsh" is not a hazard or milestone (did you mean "crash"?)');
    expectError(modelWith(["events.slow.on", "a2"]), "events.slow.on", '"a2" is not a hazard or milestone (did you mean "a1"?)');
    expectError(modelWith(["events.slow.on", "alpha"]), "events.slow.on", '"alpha" is not a hazard or milestone');
  });

  it.each(["a + 1", "a == 1", "a * 2", "a >= 1 and a <= 2", "not a"])("on: a condition that is not one comparison (%s)", (on) => {
    expectError(modelWith(["events.slow.on", on]), "events.slow.on", "a condition must be one comparison");
  });

  it("set: of something that is not a regime variable", () => {
    expectError(modelWith(["events.slow.set", { alpha: 1 }]), "events.slow.set.alpha", '"alpha" is a parameter; an event can only set regime variables');
    expectError(modelWith(["events.slow.set", { a: 1 }]), "events.slow.set.a", '"a" is a state variable; an event can only set regime variables');
    expectError(modelWith(["events.slow.set", { brak: 1 }]), "events.slow.set.brak", 'unknown regime variable "brak" (did you mean "brake"?)');
  });

  it.each(["a + 1", "a == 1", "a", "1", "crash"])("a milestone condition that is not one comparison (%s)", (when) => {
    expectError(modelWith(["milestones.a1", when]), "milestones.a1", "a condition must be one comparison");
  });

  it("a milestone in mapping form", () => {
    expectError(modelWith(["milestones.a1", { when: "a + 1" }]), "milestones.a1", "a condition must be one comparison");
    expectError(modelWith(["milestones.a1", { when: "a >= 1", stop: "yes" }]), "milestones.a1.stop", "expected true or false");
  });
});

// ---------------------------------------------------------------------------
describe("outputs", () => {
  it.each([
    ["a", '"a" changes over time; use final(a), peak(a), trough(a) or at(milestone, a)'],
    ["speed", '"speed" changes over time; use final(speed)'],
    ["brake", '"brake" changes over time; use final(brake)'],
    ["t", '"t" changes over time', "t_end"],
  ])("a time-varying quantity used directly: %s", (text, ...messages) => {
    expectError(modelWith(["outputs.a_end", text]), "outputs.a_end", ...messages);
  });

  it("static quantities, times and t_end are fine", () => {
    expect(() => compileModel(modelWith(["outputs.a_end", "growth + alpha + a1 + t_end + crash + slow"]), FILE)).not.toThrow();
  });

  it("at() with something other than a milestone, event or hazard", () => {
    expectError(modelWith(["outputs.a_end", "at(alpha, a)"]), "outputs.a_end", "at() takes a milestone, event or hazard", '"alpha", a parameter');
    expectError(modelWith(["outputs.a_end", "at(a2, a)"]), "outputs.a_end", '(did you mean "a1"?)');
    expectError(modelWith(["outputs.a_end", "at(a1)"]), "outputs.a_end", "at() takes", "got 1 argument");
    expectError(modelWith(["outputs.a_end", "at(a1 + 1, a)"]), "outputs.a_end", "at() takes");
    expectError(modelWith(["outputs.a_end", "at(a1, bta)"]), "outputs.a_end (inside at)", '(did you mean "beta"?)');
  });

  it("count(), expected() and first() of something other than a hazard", () => {
    expectError(modelWith(["outputs.crashes", "count(alpha)"]), "outputs.crashes", "count() takes the name of a hazard", '"alpha", a parameter');
    expectError(modelWith(["outputs.crashes", "count(crsh)"]), "outputs.crashes", '(did you mean "crash"?)');
    expectError(modelWith(["outputs.crashes", "count(a1)"]), "outputs.crashes", '"a1", a milestone');
    expectError(modelWith(["outputs.crashes", "expected(a)"]), "outputs.crashes", "expected() takes the name of a hazard");
    expectError(modelWith(["outputs.crashes", "first(crash, crash)"]), "outputs.crashes", "first() takes the name of a hazard", "got 2 arguments");
  });

  it("window_gain with a window that is not constant, or the wrong arguments", () => {
    expectError(modelWith(["outputs.a_end", "window_gain(a, a)"]), "outputs.a_end (window length)", '"a" changes over time');
    expectError(modelWith(["outputs.a_end", "window_gain(a, t)"]), "outputs.a_end (window length)", '"t" changes over time');
    expectError(modelWith(["outputs.a_end", "window_gain(a, speed)"]), "outputs.a_end (window length)", '"speed" changes over time');
    expectError(modelWith(["outputs.a_end", "window_gain(a)"]), "outputs.a_end", "window_gain() takes a quantity and a window length");
    expect(() => compileModel(modelWith(["outputs.a_end", "window_gain(a, 2 * growth)"]), FILE)).not.toThrow();
  });

  it("accumulators with the wrong number of arguments", () => {
    expectError(modelWith(["outputs.a_end", "final(a, a)"]), "outputs.a_end", "final() takes 1 argument");
    expectError(modelWith(["outputs.a_end", "peak()"]), "outputs.a_end", "peak() takes 1 argument");
    expectError(modelWith(["outputs.a_end", "integral(a, 1)"]), "outputs.a_end", "integral() takes 1 argument");
  });

  it("a series range the wrong way round", () => {
    expectError(modelWith(["series", { s: { value: "a", range: [1, 0] } }]), "series.s.range", "low < high");
  });
});

// ---------------------------------------------------------------------------
describe("injection attempts are refused at compile time and never run", () => {
  const g = globalThis as { __rsiPwned?: unknown };
  let exit: ReturnType<typeof vi.spyOn>;
  beforeEach(() => {
    delete g.__rsiPwned;
    exit = vi.spyOn(process, "exit").mockImplementation((() => {
      throw new Error("process.exit was called");
    }) as never);
  });
  afterEach(() => {
    expect(g.__rsiPwned, "attempted code ran").toBeUndefined();
    expect(exit).not.toHaveBeenCalled();
    exit.mockRestore();
    expect(({} as Record<string, unknown>).__rsiPwned, "Object.prototype polluted").toBeUndefined();
  });

  const ATTEMPTS = [
    "a.constructor",
    'a["constructor"]',
    "a['constructor']",
    'constructor.constructor("return process")()',
    'constructor.constructor("globalThis.__rsiPwned = 1")()',
    "constructor",
    "constructor(1)",
    "toString()",
    "valueOf",
    "__proto__",
    "__proto__(1)",
    "hasOwnProperty(1)",
    "f(x) = x",
    "f(x) = (__rsiPwned = 1)",
    "x = 3",
    "__rsiPwned = 1",
    'import("fs")',
    "import(1)",
    'require("child_process")',
    'evaluate("1")',
    'evaluate("globalThis.__rsiPwned = 1")',
    "evaluate(1)",
    'createUnit("foo")',
    "createUnit(1)",
    'parse("1")',
    'compile("globalThis.__rsiPwned = 1")',
    '"abc"',
    "'abc'",
    "[1, 2]",
    "{a: 1}",
    "1:3",
    "1; 2",
    "1; __rsiPwned = 1",
    "5 cm",
    "5 cm + 1 m",
    "this",
    "globalThis",
    "process.exit(1)",
    'Function("return 1")()',
    'Function("globalThis.__rsiPwned = 1")()',
    'eval("globalThis.__rsiPwned = 1")',
    "`${globalThis.__rsiPwned = 1}`",
    "${globalThis.__rsiPwned = 1}",
    "a) + (globalThis.__rsiPwned = 1",
    "a; globalThis.__rsiPwned = 1",
    "1 /* */ + 1",
    "a // comment",
  ];

  const SLOTS: [string, (code: string) => Json, string][] = [
    ["state.a.rate", (c) => c, "state.a.rate"],
    ["state.a.initial", (c) => c, "state.a.initial"],
    ["derived.growth", (c) => c, "derived.growth"],
    ["hazards.crash.rate", (c) => c, "hazards.crash.rate"],
    ["milestones.a1", (c) => `a >= ${c}`, "milestones.a1"],
    ["events.slow.set.brake", (c) => c, "events.slow.set.brake"],
    ["events.slow.if", (c) => c, "events.slow.if"],
    ["outputs.a_end", (c) => c, "outputs.a_end"],
    ["outputs.a_end", (c) => `final(${c})`, "outputs.a_end"],
  ];

  it.each(ATTEMPTS)("%s", (attempt) => {
    for (const [where, wrap, entry] of SLOTS) {
      const e = errorOf(modelWith([where, wrap(attempt)]));
      expect(e.where.slice(FILE.length + 2).startsWith(entry), `${where}: ${e.message}`).toBe(true);
    }
  });

  it.each([
    "a; process.exit()",
    "x) || (globalThis.__rsiPwned = 1",
    "a = 1",
    "constructor",
    "__proto__",
    "toString",
    "__defineGetter__",
    "prototype x",
  ])("the key %j in every section", (key) => {
    const quoted = JSON.stringify(key);
    const cases: [string, string][] = [
      ["parameters", `  ${quoted}: { value: 1 }`],
      ["derived", `  ${quoted}: "1"`],
      ["state", `  ${quoted}: { initial: 0, rate: "1" }`],
      ["regimes", `  ${quoted}: 0`],
      ["hazards", `  ${quoted}: { rate: "0" }`],
      ["milestones", `  ${quoted}: "a >= 1"`],
      ["events", `  ${quoted}: { on: a1, set: { brake: 1 } }`],
      ["outputs", `  ${quoted}: "final(a)"`],
    ];
    for (const [section, line] of cases) {
      const text = BASE_TEXT.replace(`\n${section}:\n`, `\n${section}:\n${line}\n`);
      expect(text, section).not.toBe(BASE_TEXT);
      expectError(text, `${section}.${key}`, /is a reserved name|is not a valid name/);
    }
    const set = BASE_TEXT.replace("      brake: 0.5", `      ${quoted}: 1`);
    expect(set).not.toBe(BASE_TEXT);
    expectError(set, `events.slow.set.${key}`, /unknown regime variable|is not/);
  });

  it.each(["__proto__", "constructor", "prototype", "toString", "2x", "a-b", "a b"])("the series name %j", (name) => {
    const text = `${BASE_TEXT}series:\n  ${JSON.stringify(name)}: { value: a, range: [0, 10] }\n`;
    expectError(text, `series.${name}`, /is a reserved name|is not a valid name/);
  });

  it("a series with a valid name compiles", () => {
    expect(compileModel(`${BASE_TEXT}series:\n  a_path: { value: a, range: [0, 10] }\n`, FILE).series.map((x) => x.name)).toEqual(["a_path"]);
  });

  it("prototype is reserved in every section", () => {
    expectError(modelWith(["parameters.prototype", { value: 1 }]), "parameters.prototype", '"prototype" is a reserved name');
    expectError(modelWith(["outputs.prototype", "final(a)"]), "outputs.prototype", '"prototype" is a reserved name');
  });

  it("__proto__ as a top-level key does not pollute anything", () => {
    expectError(`${BASE_TEXT}__proto__: { __rsiPwned: 1 }\n`, "__proto__", 'unknown key "__proto__"');
  });

  it("distribution names that JS objects already have", () => {
    for (const prior of ["constructor(0, 1)", "__proto__(0, 1)", "toString(0, 1)", "hasOwnProperty(0, 1)"]) {
      expectError(modelWith(["parameters.alpha.prior", prior]), "parameters.alpha.prior", "unknown distribution");
    }
    for (const dist of ["constructor", "__proto__", "toString"]) {
      expectError(modelWith(["parameters.alpha.prior", { dist, min: 0, max: 1 }]), "parameters.alpha.prior", "unknown distribution");
    }
  });

  it("YAML tags do not create functions", () => {
    errorOf(BASE_TEXT.replace("rate: speed * (1 - brake)", 'rate: !!js/function "function () { globalThis.__rsiPwned = 1 }"'));
    errorOf(BASE_TEXT.replace("rate: speed * (1 - brake)", "rate: !!binary aGVsbG8="));
  });

  it("the kernel source contains slot references, never a name from the file", () => {
    const text = modelWith(
      ["parameters", { zq_secret_param: { prior: "uniform(1, 2)" } }],
      ["derived", { zq_secret_derived: "zq_secret_param * zq_secret_state" }],
      ["state", { zq_secret_state: { initial: "zq_secret_param", rate: "zq_secret_derived / (1 + zq_secret_regime)" } }],
      ["regimes", { zq_secret_regime: 0 }],
      ["hazards", { zq_secret_hazard: { rate: "0.01 * zq_secret_state" } }],
      ["milestones", { zq_secret_milestone: "zq_secret_state >= 2" }],
      ["events", { zq_secret_event: { on: "zq_secret_milestone", set: { zq_secret_regime: 1 } } }],
      ["outputs", { zq_secret_output: "final(zq_secret_state) + count(zq_secret_hazard) + zq_secret_milestone" }],
    );
    const m = compileModel(text, FILE);
    expect(m.kernel.source).not.toMatch(/zq_secret/);
  });
});

// ---------------------------------------------------------------------------
describe("loadModel", () => {
  const dir = mkdtempSync(path.join(tmpdir(), "rsi-model-errors-"));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it("names the file path in the message", () => {
    const file = path.join(dir, "broken.yaml");
    writeFileSync(file, modelWith(["state.a.rate", "bta * a"]));
    expect(() => loadModel(file)).toThrow(ModelError);
    expect(() => loadModel(file)).toThrow(`${file}: state.a.rate: unknown name "bta" (did you mean "beta"?)`);
  });

  it("a missing file or model name", () => {
    expect(() => loadModel(path.join(dir, "nope.yaml"))).toThrow(ModelError);
    expect(() => loadModel("forethought-sei")).toThrow(/forethought-sei: no such model file \(did you mean "forethought-sie"\?\)/);
  });

  it("a directory", () => {
    let caught: unknown;
    try {
      loadModel(dir);
    } catch (err) {
      caught = err;
    }
    expect(caught).toBeInstanceOf(ModelError);
    expect((caught as Error).message.startsWith(`${dir}: `)).toBe(true);
  });
});

// ---------------------------------------------------------------------------
describe("random damage to valid files only ever gives a ModelError", () => {
  const rng = mulberry32;
  const TRICKY = [":", "{", "}", "[", "]", ",", '"', "'", "#", "&", "*", "!", "|", ">", "-", "?", " ", "\n", "\t", "(", ")", "^", ".", "0", "e", "x", "__proto__", "constructor", "%", "@", "`"];

  function mutate(text: string, next: () => number): string {
    const pick = (n: number) => Math.floor(next() * n);
    const lines = text.split("\n");
    switch (pick(6)) {
      case 0: {
        const i = pick(text.length);
        return text.slice(0, i) + text.slice(i + 1 + pick(8));
      }
      case 1: {
        const i = pick(text.length);
        return text.slice(0, i) + TRICKY[pick(TRICKY.length)] + text.slice(i);
      }
      case 2: {
        const i = pick(text.length);
        return text.slice(0, i) + TRICKY[pick(TRICKY.length)] + text.slice(i + 1);
      }
      case 3:
        lines.splice(pick(lines.length), 1);
        return lines.join("\n");
      case 4: {
        const i = pick(lines.length);
        lines.splice(pick(lines.length), 0, lines[i]);
        return lines.join("\n");
      }
      default: {
        const i = pick(lines.length);
        const j = pick(lines.length);
        [lines[i], lines[j]] = [lines[j], lines[i]];
        return lines.join("\n");
      }
    }
  }

  const sources: [string, string][] = [
    ["base", BASE_TEXT],
    ["jones", readFileSync(path.join(MODELS_DIR, "test", "jones.yaml"), "utf8")],
    ["forethought-sie", readFileSync(path.join(MODELS_DIR, "forethought-sie.yaml"), "utf8")],
  ];

  it.each(sources)("%s", (_, source) => {
    const next = rng(20250101);
    let failures = 0;
    for (let k = 0; k < 700; k++) {
      let text = source;
      const edits = 1 + Math.floor(next() * 3);
      for (let j = 0; j < edits; j++) text = mutate(text, next);
      let m: ReturnType<typeof compileModel>;
      try {
        m = compileModel(text, FILE);
      } catch (err) {
        if (!(err instanceof ModelError)) {
          throw new Error(`${(err as Error)?.name}: ${(err as Error)?.message}\n--- input ---\n${text}`);
        }
        expect(err.message).not.toMatch(/[\r\n]/);
        failures++;
        continue;
      }
      expect(() => planParameters(m)).not.toThrow();
    }
    expect(failures).toBeGreaterThan(100);
  });
});

describe("the generated schema check (scripts/build-validator.mjs)", () => {
  it("is built from the current schema and reports exactly what Ajv compiling the schema reports", async () => {
    const { createRequire } = await import("node:module");
    const { createHash } = await import("node:crypto");
    const { Ajv } = await import("ajv");
    const require = createRequire(import.meta.url);
    const generated = require("../dist/model/schema-validator.cjs") as ((d: unknown) => boolean) & { errors?: unknown; schemaSha256: string };
    const text = readFileSync(path.join(MODELS_DIR, "model.schema.json"), "utf8");
    expect(generated.schemaSha256).toBe(createHash("sha256").update(text).digest("hex"));
    const compiled = new Ajv({ allErrors: true, verbose: true, strict: false }).compile(JSON.parse(text));
    const samples: unknown[] = [
      { name: "m", time: { start: 0, horizon: 1 }, parameters: {}, state: { x: { initial: 0, rate: 1 } }, outputs: { x: "final(x)" } },
      { name: 3, time: { start: "a" }, parameters: [], state: {}, outputs: {}, extra: 1 },
      { name: "m", time: { start: 0, horizon: 1 }, parameters: { a: { prior: 3, unit: [] } }, state: { x: { rate: 1 } }, outputs: { x: { value: 1, kind: "maybe" } } },
      "not a model",
      null,
    ];
    for (const s of samples) {
      expect(generated(s)).toBe(compiled(s));
      expect(JSON.stringify(generated.errors)).toBe(JSON.stringify(compiled.errors));
    }
  });
});

// ---------------------------------------------------------------------------
describe("control characters in a model's texts", () => {
  it.each([
    ["parameters.alpha.description", "growth \u001b[31mRED\u001b[0m", "U+001B (escape)"],
    ["parameters.alpha.unit", "OOM\r", "U+000D (carriage return)"],
    ["parameters.alpha.source", "Smith\u0008\u0008", "U+0008 (backspace)"],
    ["outputs.a_end.description", "end \u009b31m", "U+009B (CSI)"],
    ["title", "toy\u0007", "U+0007 (bell)"],
    ["description", "abc\u202edcba", "U+202E"],
    ["state.a.unit", "OOM\nper year", "U+000A (newline)"],
  ])("%s", (where, text, char) => {
    const patch: [string, Json][] = where.startsWith("outputs.")
      ? [["outputs.a_end", { value: "final(a)", description: text }]]
      : where.startsWith("parameters.")
        ? [[where.split(".").slice(0, 2).join("."), { prior: "uniform(0, 1)", [where.split(".")[2]]: text }]]
        : where.startsWith("state.")
          ? [["state.a", { initial: 0, rate: "speed * (1 - brake)", unit: text }]]
          : [[where, text]];
    const e = expectError(modelWith(...patch), where, `contains the control character ${char}`);
    expect(e.message).not.toMatch(/[\u0000-\u001f\u007f-\u009f\u202e]/);
  });

  it("newline and tab are allowed in multi-line texts", () => {
    const m = compileModel(modelWith(["parameters.alpha", { prior: "uniform(0, 1)", description: "line 1\n\tline 2", source: "a\nb\n" }]), FILE);
    expect(m.parameters[0].description).toBe("line 1\n\tline 2");
  });

  it("a key with a control character is refused, naming the mapping it is in", () => {
    const e = expectError(modelWith(["parameters.al\u009bpha", { value: 1 }]), "parameters", 'the key "al\\u009bpha" contains the control character U+009B (CSI)');
    expect(e.message).not.toMatch(/[\u0000-\u001f\u007f-\u009f]/);
  });
});
