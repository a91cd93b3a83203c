/**
 * The terminal tables of a run and a sweep laid out for a width: every line
 * within it, descriptions whole (wrapped, never cut), what the intervals
 * are, categorical outputs as shares, the time taken only when given, and
 * numbers in a fixed width.
 */
import { describe, expect, it } from "vitest";
import { compileModel, loadModel } from "../src/model/compile.js";
import { parseDistribution } from "../src/model/distributions.js";
import { simulate } from "../src/engine/simulate.js";
import { summarizeRun } from "../src/analysis/result.js";
import { sweep } from "../src/analysis/sweep.js";
import { formatRunTable, categoricalOutputs } from "../src/report/run-table.js";
import { formatSweepTable } from "../src/report/sweep-table.js";
import { commandLines, elapsedText, fixedNum, groupDigits, tableWidth } from "../src/report/text.js";

const model = loadModel("rsi-core");
const sim = simulate(model, { samples: 400, seed: 3 });
const result = summarizeRun(sim);
const command = 'rsi-sim --ratio 200 --r-soft "0.5 to 3" --set gamma=0.5 --p-comply 0.3 --samples 400 --seed 3';
const squash = (s: string) => s.replace(/\s+/g, " ");
const prior = (text: string) => {
  const r = parseDistribution(text);
  if (!r.ok) throw new Error(r.error);
  return r.dist;
};

describe("run table", () => {
  for (const width of [60, 80, 132, 200]) {
    it(`fits ${width} columns and keeps every description whole`, () => {
      const t = formatRunTable(sim, result, { command, histogram: "takeoff_years", width });
      for (const line of t.split("\n")) expect(line.length, line).toBeLessThanOrEqual(width);
      const flat = squash(t);
      // each description whole: every word of it, in order (wrapped in its column, or on the lines below)
      for (const o of model.outputs) {
        if (!o.description) continue;
        const words = o.description.split(/\s+/).map((w) => w.replace(/[.*+?^${}()|[\]\\]/g, "\\$&"));
        expect(flat, o.name).toMatch(new RegExp(words.join("[\\s\\S]*?")));
      }
      expect(t).not.toContain("…");
      expect(flat).toMatch(/Monte Carlo error of these 400 draws only, not model uncertainty, which is in the priors/);
      expect(flat).toContain("--samples");
      expect(flat).toContain("--precision");
      expect(squash(t.replace(/ \\\n\s+/g, " "))).toContain(`Reproduce: ${command}`);
    });
  }

  it("says how long the run took only when told", () => {
    expect(formatRunTable(sim, result, { command })).not.toMatch(/· in \d/);
    expect(formatRunTable(sim, result, { command, elapsed: 3.21 }).split("\n")[0]).toMatch(/· in 3\.2 s$/);
  });

  it("says what the run set apart from the model file (ratio_ref and p_comply had shown only in the Reproduce line)", () => {
    const set = simulate(model, { samples: 50, seed: 3, horizon: 2060, overrides: { ratio_ref: 2000, p_comply: 0, gamma: prior("0.5 to 1") } });
    const t = formatRunTable(set, summarizeRun(set), { command, width: 200 });
    expect(t.split("\n")[2]).toBe("set: ratio_ref = 2000 · gamma ~ lognormal, 90% CI 0.5 to 1 · p_comply = 0 · horizon = 2060 (the model's 2100)");
    // the model's own settings: no such line
    expect(formatRunTable(sim, result, { command, width: 200 })).not.toMatch(/^set: /m);
  });

  it("one draw is one draw (not 1 draws)", () => {
    const one = simulate(model, { samples: 1, seed: 3 });
    const t = squash(formatRunTable(one, summarizeRun(one), { command, width: 120 }));
    expect(t).toContain("· 1 draw · seed 3");
    expect(t).not.toMatch(/\b1 draws\b/);
  });

  it("calls a parameter named ratio a capability:safety funding ratio only when its unit says so", () => {
    const other = compileModel(`
name: other-ratio
time: { start: 0, horizon: 1 }
parameters:
  ratio: { value: 3, unit: "m/s" }
state:
  x: { initial: 0, rate: ratio }
outputs:
  big: "final(x) > 2"
`, "other-ratio.yaml");
    const s = simulate(other, { samples: 20, seed: 1, overrides: { ratio: 5 } });
    const t = formatRunTable(s, summarizeRun(s), { command, width: 120 });
    expect(t).not.toContain("capability:safety");
    expect(t.split("\n")[1]).toBe("set: ratio = 5");
  });

  it("shows a categorical output (loc_phase 0–3) as shares, not quantiles", () => {
    const cats = categoricalOutputs(sim);
    expect([...cats.keys()]).toEqual(["loc_phase"]);
    expect(cats.get("loc_phase")!.values.every((v) => [0, 1, 2, 3].includes(v))).toBe(true);
    const t = formatRunTable(sim, result, { command, width: 80 });
    expect(t).not.toMatch(/^ {2}loc_phase\s+\d/m);
    const shares = /^ {4}(0: [\d.]+%.*)$/m.exec(t)![1];
    const sum = [...shares.matchAll(/\d+: ([\d.]+)%/g)].reduce((s, m) => s + Number(m[1]), 0);
    expect(sum).toBeCloseTo(100, 0);
  });
});

describe("sweep table", () => {
  const r = sweep(model, { param: "ratio", values: [20, 200, 2000], samples: 60, seed: 1, outputs: ["loc", "loc_by_2050", "takeoff_years"] });
  for (const width of [60, 80, 140]) {
    it(`fits ${width} columns, names each output in plain words and says what the intervals are`, () => {
      const t = formatSweepTable(r, { command: "rsi-sim sweep ratio --values 20,200,2000 --samples 60 --seed 1 --outputs loc,loc_by_2050,takeoff_years", width });
      for (const line of t.split("\n")) expect(line.length, line).toBeLessThanOrEqual(width);
      const flat = squash(t);
      expect(flat).toContain("loc: control lost by the horizon");
      expect(flat).toMatch(/Monte Carlo error of 60 draws per point only, not model uncertainty/);
    });
  }
  it("says how long the sweep took only when told", () => {
    expect(formatSweepTable(r, {})).not.toMatch(/· in \d/);
    expect(formatSweepTable(r, { elapsed: 75 }).split("\n")[0]).toMatch(/· in 1 min 15 s$/);
  });
});

describe("text layout", () => {
  it("numbers in at most 8 characters, two significant digits in exponent form, 0 only for 0", () => {
    expect(fixedNum(123456789)).toBe("1.2e8");
    // a negative number keeps its two digits (had been cut to one: -1e251, -1e308, -1e-10)
    expect(fixedNum(-9.87e250)).toBe("-9.9e250");
    expect(fixedNum(-1.49e308)).toBe("-1.5e308");
    expect(fixedNum(-1.49e-10)).toBe("-1.5e-10");
    expect(fixedNum(-2e-200)).toBe("-2e-200");
    expect(fixedNum(40951)).toBe("40951");
    // a value in a model's units is shown however small (3.7e-13 had printed as 0)
    expect(fixedNum(3.7e-13)).toBe("3.7e-13");
    expect(fixedNum(-1.33e-15)).toBe("-1.3e-15");
    expect(fixedNum(0)).toBe("0");
    for (const x of [1e300, -1e-300, 99999.9, -123456, 0.00012, -5e-324, -1.7976931348623157e308]) expect(fixedNum(x).length).toBeLessThanOrEqual(8);
    for (const x of [1e300, 99999.9, -123456, 0.00012, 1.5, -0.5]) expect(fixedNum(x).length).toBeLessThanOrEqual(7);
  });
  it("widths, times and long commands", () => {
    expect(tableWidth(undefined)).toBe(80);
    expect(tableWidth(40)).toBe(60);
    expect(tableWidth(150)).toBe(150);
    expect(elapsedText(3.21)).toBe("3.2 s");
    expect(elapsedText(42.4)).toBe("42 s");
    const lines = commandLines("Reproduce:", 'rsi-sim --r-soft "0.5 to 3" --samples 1000 --seed 1 --ratio 20 --p-comply 0', 40);
    for (const l of lines) expect(l.length).toBeLessThanOrEqual(40);
    expect(lines.join("\n")).toContain('"0.5 to 3"');
  });
});

describe("groupDigits", () => {
  it("writes what toLocaleString('en-US') writes", () => {
    const cases = [0, -0, 1, -1, 999, 1000, -1234, 99999, 1e6, 123456789, -987654321, 2 ** 53 - 1, -(2 ** 53 - 1), 0.5, NaN, Infinity, -Infinity, 1e21];
    for (let d = 1; d <= 15; d++) cases.push(Math.floor(10 ** d / 3), -Math.floor(10 ** d / 7));
    expect(cases.map(groupDigits)).toEqual(cases.map((n) => n.toLocaleString("en-US")));
  });
});
