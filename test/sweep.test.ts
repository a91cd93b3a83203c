/**
 * `rsi-sim sweep` and the sweep() library call: value lists, common random
 * numbers across points, paired differences, grids, the JSON and CSV
 * shapes, and one clear UserError for each kind of bad input.
 */
import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { loadModel } from "../src/model/compile.js";
import { errorLine } from "../src/cli/main.js";
import { UserError } from "../src/core/errors.js";
import {
  linearValues,
  logValues,
  pairedDifference,
  parseRange,
  parseValueList,
  sweep,
  SWEEP_SCHEMA,
} from "../src/analysis/sweep.js";
import { sweepCommand } from "../src/cli/sweep.js";
import { sweepCSV } from "../src/report/sweep-csv.js";

const model = loadModel("rsi-core");
const HEADLINE = ["loc", "loc_by_2050", "automation_years", "takeoff_years"];

async function cli(...args: string[]) {
  let out = "";
  let err = "";
  const code = await sweepCommand(args, { stdout: (s) => (out += s), stderr: (s) => (err += s), isTTY: false });
  return { code, out, err };
}

/** The message of the UserError that the command throws (one line). */
async function userError(...args: string[]): Promise<string> {
  let caught: unknown;
  try {
    await cli(...args);
  } catch (e) {
    caught = e;
  }
  expect(caught, `expected a UserError for: ${args.join(" ")}`).toBeInstanceOf(UserError);
  const msg = errorLine(caught as UserError);
  expect(msg).not.toContain("\n");
  return msg;
}

describe("value lists", () => {
  it("log spacing: equal ratios between neighbours, exact ends", () => {
    const v = logValues(1, 1000, 13);
    expect(v).toHaveLength(13);
    expect(v[0]).toBe(1);
    expect(v[12]).toBe(1000);
    expect(v[4]).toBe(10);
    expect(v[8]).toBe(100);
    for (let k = 1; k < v.length; k++) expect(v[k] / v[k - 1]).toBeCloseTo(10 ** 0.25, 9);
    expect(logValues(1, 1000, 4)).toEqual([1, 10, 100, 1000]);
  });

  it("linear spacing: equal steps without floating-point noise", () => {
    expect(linearValues(0, 1, 11)).toEqual([0, 0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 1]);
    expect(linearValues(0.1, 1, 10)).toEqual([0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 1]);
    expect(linearValues(-1, 1, 3)).toEqual([-1, 0, 1]);
  });

  it("parses lists and ranges", () => {
    expect(parseValueList("--values", "1,20, 200,2e3")).toEqual([1, 20, 200, 2000]);
    expect(parseRange("--range", "1:1000")).toEqual([1, 1000]);
    expect(parseRange("--range", "-5:-1")).toEqual([-5, -1]);
  });

  it("the CLI turns --range/--log/--points into those values (default 11 points, linear)", async () => {
    const log = JSON.parse((await cli("ratio", "--range", "1:1000", "--log", "--points", "4", "--samples", "3", "--format", "json")).out);
    expect(log.swept[0].values).toEqual([1, 10, 100, 1000]);
    const lin = JSON.parse((await cli("p_comply", "--range", "0:1", "--samples", "2", "--format", "json", "--outputs", "loc")).out);
    expect(lin.swept[0].values).toEqual(linearValues(0, 1, 11));
    const list = JSON.parse((await cli("ratio", "--values", "2000,20,200", "--samples", "2", "--format", "json")).out);
    expect(list.swept[0].values).toEqual([2000, 20, 200]); // the order given
  });
});

describe("sweep(): common random numbers", () => {
  it("with brakes off, every point has the same draws, and loss of control per draw is monotone in the ratio", () => {
    const values = [10, 100, 1000];
    const loc: Float64Array[] = [];
    const params: Record<string, Float64Array>[] = [];
    const r = sweep(model, {
      param: "ratio",
      values,
      samples: 600,
      seed: 3,
      overrides: { p_comply: 0 },
      onPoint: (_i, sim) => {
        loc.push(sim.table.columns.loc);
        params.push(sim.table.parameterColumns);
      },
    });
    expect(loc).toHaveLength(3);
    // the same draw of every other parameter at every point
    for (const p of model.parameters) {
      if (p.name === "ratio") continue;
      expect(params[1][p.name], p.name).toEqual(params[0][p.name]);
      expect(params[2][p.name], p.name).toEqual(params[0][p.name]);
    }
    expect(Array.from(params[2].ratio.slice(0, 3))).toEqual([1000, 1000, 1000]);
    // no draw that loses control at a lower ratio keeps it at a higher one
    let strict = 0;
    for (let i = 0; i < 600; i++) {
      expect(loc[0][i]).toBeLessThanOrEqual(loc[1][i]);
      expect(loc[1][i]).toBeLessThanOrEqual(loc[2][i]);
      if (loc[0][i] < loc[2][i]) strict++;
    }
    expect(strict).toBeGreaterThan(20);
    const p = r.points.map((pt) => pt.outputs.loc.p!);
    expect(p[0]).toBeLessThanOrEqual(p[1]);
    expect(p[1]).toBeLessThanOrEqual(p[2]);
    // so the paired differences only go up
    for (const d of r.differences) {
      expect(d.outputs.loc.down).toBe(0);
      expect(d.outputs.loc.up).toBeGreaterThan(0);
      expect(d.outputs.loc.diff).toBeCloseTo(r.points[d.to].outputs.loc.p! - r.points[d.from].outputs.loc.p!, 12);
    }
  });

  it("P(loss of control) rises from 10:1 to 1000:1 beyond the intervals, and the paired interval is much tighter", () => {
    const r = sweep(model, { param: "ratio", values: [10, 1000], samples: 1000, seed: 1 });
    const [lo, hi] = r.points.map((pt) => pt.outputs.loc);
    expect(hi.ci![0]).toBeGreaterThan(lo.ci![1]);
    const d = r.differences[0].outputs.loc;
    expect(d.ci[0]).toBeGreaterThan(0);
    expect(d.ci[0]).toBeLessThanOrEqual(d.diff);
    expect(d.ci[1]).toBeGreaterThanOrEqual(d.diff);
    expect(d.se).toBeLessThan(0.8 * d.se_unpaired);
    // continuous headline outputs are summarised too
    expect(Object.keys(r.points[0].outputs)).toEqual(HEADLINE);
    expect(r.points[0].outputs.takeoff_years.quantiles.p50).toBeGreaterThan(0);
  });

  it("paired difference of matched 0/1 columns", () => {
    const none = new Uint8Array(10);
    const x = Uint8Array.from([0, 0, 0, 0, 1, 1, 1, 1, 1, 1]);
    const y = Uint8Array.from([1, 1, 0, 0, 1, 1, 1, 1, 1, 0]);
    const d = pairedDifference(x, none, y, none);
    expect(d).toMatchObject({ n: 10, up: 2, down: 1 });
    expect(d.diff).toBeCloseTo(0.1, 12);
    // sd of d = (+1, +1, −1, 0 × 7): mean 0.1, sample variance (3 − 10·0.01)/9
    expect(d.se).toBeCloseTo(Math.sqrt((3 - 0.1) / 9 / 10), 12);
    // failed draws are left out at both points
    const failed = Uint8Array.from([1, 0, 0, 0, 0, 0, 0, 0, 0, 0]);
    expect(pairedDifference(x, none, y, failed)).toMatchObject({ n: 9, up: 1, down: 1 });
    // no change in any draw still gives an interval of positive width
    const same = pairedDifference(x, none, x, none);
    expect(same.diff).toBe(0);
    expect(same.ci[0]).toBeLessThan(0);
    expect(same.ci[1]).toBeGreaterThan(0);
  });
});

describe("sweep(): a two-parameter grid", () => {
  it("ratio × p_comply has one point per cell, the second parameter varying fastest", () => {
    const v1 = [10, 1000];
    const v2 = [0, 0.5, 1];
    const r = sweep(model, { param: "ratio", values: v1, param2: "p_comply", values2: v2, samples: 150, seed: 1, outputs: ["loc", "brake"] });
    expect(r.swept.map((a) => a.name)).toEqual(["ratio", "p_comply"]);
    expect(r.points).toHaveLength(6);
    for (let i = 0; i < 2; i++) {
      for (let j = 0; j < 3; j++) {
        const pt = r.points[i * 3 + j];
        expect(pt.index).toBe(i * 3 + j);
        expect(pt.values).toEqual({ ratio: v1[i], p_comply: v2[j] });
        expect(Object.keys(pt.outputs)).toEqual(["loc", "brake"]);
      }
    }
    expect(r.differences.filter((d) => d.along === "ratio")).toHaveLength(3);
    expect(r.differences.filter((d) => d.along === "p_comply")).toHaveLength(4);
    for (const d of r.differences) {
      const a = r.points[d.from].values;
      const b = r.points[d.to].values;
      const other = d.along === "ratio" ? "p_comply" : "ratio";
      expect(a[other]).toBe(b[other]);
      expect(a[d.along]).not.toBe(b[d.along]);
    }
    expect(r.parameters.ratio).toBe("swept");
    expect(r.parameters.p_comply).toBe("swept");
    const csv = sweepCSV(r).trim().split("\n").filter((l) => !l.startsWith("#"));
    expect(csv).toHaveLength(7);
    expect(csv[0]).toBe("ratio,p_comply,loc_p,loc_ci_lo,loc_ci_hi,loc_n,brake_p,brake_ci_lo,brake_ci_hi,brake_n");
    expect(csv[3].split(",").slice(0, 2)).toEqual(["10", "1"]);
  });
});

describe("rsi-sim sweep: output formats", () => {
  it("JSON: schema, model, seed, samples, swept values, per point per output, paired differences", async () => {
    const r = await cli("ratio", "--values", "10,100,1000", "--samples", "100", "--format", "json", "--p-comply", "0");
    expect(r.code).toBe(0);
    const j = JSON.parse(r.out);
    expect(j.schema).toBe(SWEEP_SCHEMA);
    expect(j.schema).toBe("rsi-sim.sweep/1");
    expect(j.version).toMatch(/^\d+\.\d+\.\d+/);
    expect(j.model.name).toBe("rsi-core");
    expect(j.model.sha256).toMatch(/^[0-9a-f]{64}$/);
    expect(j.seed).toBe(1);
    expect(j.samples).toBe(100);
    expect(j.swept).toEqual([expect.objectContaining({ name: "ratio", values: [10, 100, 1000] })]);
    expect(j.parameters.p_comply).toBe(0);
    expect(j.outputs.map((o: { name: string }) => o.name)).toEqual(HEADLINE);
    expect(j.points).toHaveLength(3);
    for (const pt of j.points) {
      expect(Object.keys(pt.outputs)).toEqual(HEADLINE);
      expect(pt.outputs.loc).toEqual(expect.objectContaining({ kind: "binary", p: expect.any(Number), ci: [expect.any(Number), expect.any(Number)] }));
      expect(pt.outputs.takeoff_years).toEqual(expect.objectContaining({ kind: "continuous", mean: expect.any(Number), se: expect.any(Number) }));
      expect(Object.keys(pt.outputs.takeoff_years.quantiles)).toEqual(["p5", "p25", "p50", "p75", "p95"]);
    }
    expect(j.differences).toHaveLength(2);
    expect(Object.keys(j.differences[0].outputs)).toEqual(["loc", "loc_by_2050"]);
    expect(Object.keys(j.differences[0].outputs.loc).sort()).toEqual(["ci", "diff", "down", "n", "se", "se_unpaired", "up"]);
    expect(j.command).toBe("rsi-sim sweep ratio --values 10,100,1000 --samples 100 --p-comply 0 --seed 1");
  });

  it("CSV: one row per point; p and interval for binary outputs, mean, se and quantiles for continuous ones", async () => {
    const r = await cli("ratio", "--values", "10,1000", "--samples", "100", "--format", "csv", "--outputs", "loc,takeoff_years");
    expect(r.code).toBe(0);
    const [head, ...rows] = r.out.trim().split("\n").filter((l) => !l.startsWith("#"));
    expect(head).toBe(
      "ratio,loc_p,loc_ci_lo,loc_ci_hi,loc_n,takeoff_years_mean,takeoff_years_se,takeoff_years_p5,takeoff_years_p25,takeoff_years_p50,takeoff_years_p75,takeoff_years_p95,takeoff_years_n",
    );
    expect(rows).toHaveLength(2);
    expect(rows.map((row) => row.split(",")[0])).toEqual(["10", "1000"]);
    for (const row of rows) {
      const cells = row.split(",").map(Number);
      expect(cells).toHaveLength(13);
      for (const c of cells) expect(Number.isFinite(c)).toBe(true);
      expect(cells[2]).toBeLessThanOrEqual(cells[1]);
      expect(cells[3]).toBeGreaterThanOrEqual(cells[1]);
    }
  });

  it("CSV: a 0/1 output undefined in some draws gets p_defined, the share the table shows, beside p; every output its n", async () => {
    const r = await cli("ratio", "--values", "20,2000", "--samples", "200", "--format", "csv", "--outputs", "loc,warned_before_loc");
    expect(r.code).toBe(0);
    const [head, ...rows] = r.out.trim().split("\n").filter((l) => !l.startsWith("#"));
    expect(head).toBe("ratio,loc_p,loc_ci_lo,loc_ci_hi,loc_n,warned_before_loc_p,warned_before_loc_ci_lo,warned_before_loc_ci_hi,warned_before_loc_p_defined,warned_before_loc_ci_defined_lo,warned_before_loc_ci_defined_hi,warned_before_loc_n");
    const j = JSON.parse((await cli("ratio", "--values", "20,2000", "--samples", "200", "--format", "json", "--outputs", "loc,warned_before_loc")).out);
    rows.forEach((row, k) => {
      const c = row.split(",").map(Number);
      const w = j.points[k].outputs.warned_before_loc;
      expect(c[8]).toBeCloseTo(w.p_defined, 10);
      expect(c[11]).toBe(w.n);
      expect(c[11]).toBe(Math.round(c[1] * 200));
      expect(c[8]).toBeCloseTo((c[5] * 200) / c[11], 10);
    });
  });

  it("CSV, long layout: a row per point × output × statistic, with every quantile of the table, the same numbers as the wide layout", async () => {
    const args = ["ratio", "--values", "10,1000", "--param2", "p_comply", "--values2", "0,1", "--samples", "50", "--outputs", "loc,takeoff_years"];
    const w = await cli(...args, "--format", "csv");
    const l = await cli(...args, "--format", "csv", "--csv-layout", "long");
    expect(l.code).toBe(0);
    const comments = l.out.split("\n").filter((x) => x.startsWith("#"));
    expect(comments[0]).toMatch(/^# rsi-sim \d+\.\d+\.\d+, sweep, long layout/);
    expect(comments).toContain("# output takeoff_years [years]: continuous: full automation → superintelligence");
    const [head, ...rows] = l.out.trim().split("\n").filter((x) => !x.startsWith("#"));
    expect(head).toBe("point,par.ratio,par.p_comply,output,statistic,value");
    const stats = rows.filter((r) => r.startsWith("0,")).map((r) => r.split(",").slice(3, 5).join(":"));
    expect(stats).toEqual([
      ...["n", "missing", "p", "ci_lo", "ci_hi"].map((s) => `loc:${s}`),
      ...["n", "missing", "mean", "se", "p5", "p25", "p50", "p75", "p95"].map((s) => `takeoff_years:${s}`),
    ]);
    expect(rows).toHaveLength(4 * 14);
    // the long layout's values are the wide layout's cells
    const [wHead, ...wRows] = w.out.trim().split("\n").filter((x) => !x.startsWith("#"));
    const cols = wHead.split(",");
    for (const r of rows) {
      const [point, , , output, stat, value] = r.split(",");
      if (stat === "n" || stat === "missing") continue;
      expect(wRows[Number(point)].split(",")[cols.indexOf(`${output}_${stat}`)]).toBe(value);
    }
    expect(await userError(...args, "--format", "json", "--csv-layout", "long")).toBe("--csv-layout: goes with CSV output (--format csv or --out FILE.csv)");
    expect(await userError(...args, "--format", "csv", "--csv-layout", "tall")).toBe('--csv-layout: must be wide or long, got "tall"');
  });

  it("table: one row per point in 80 columns, says the draws are paired; --out writes the file", async () => {
    const r = await cli("ratio", "--range", "1:1000", "--log", "--points", "4", "--samples", "100");
    expect(r.code).toBe(0);
    const lines = r.out.split("\n");
    for (const line of lines) expect(line.length, line).toBeLessThanOrEqual(80);
    const rows = lines.filter((l) => /^\s*(1|10|100|1000)\s{2}\d/.test(l));
    expect(rows).toHaveLength(4);
    expect(rows[0]).toMatch(/^\s+1\s+\d+\.\d \[\d+\.\d–\d+\.\d\]/);
    expect(r.out).toContain("p50 [p25–p75]");
    expect(r.out).toMatch(/draws are paired across points/);
    // a command longer than the width goes on lines ending in " \\", as a shell reads it
    expect(r.out.replace(/ \\\n\s+/g, " ")).toContain("Reproduce: rsi-sim sweep ratio --range 1:1000 --log --points 4 --samples 100 --seed 1");

    const dir = mkdtempSync(path.join(tmpdir(), "rsi-sim-sweep-"));
    const file = path.join(dir, "s.csv");
    const w = await cli("ratio", "--values", "10,1000", "--samples", "20", "--out", file);
    expect(w.code).toBe(0);
    expect(w.out).toBe("");
    expect(w.err).toContain(`wrote ${file}`);
    expect(readFileSync(file, "utf8").split("\n").find((l) => !l.startsWith("#"))).toMatch(/^ratio,loc_p,/);
  });
});

describe("rsi-sim sweep: bad input is one UserError naming the problem", () => {
  it("unknown parameter or output, with a suggestion", async () => {
    expect(await userError("ratoi", "--values", "1,2")).toBe('sweep: unknown parameter "ratoi" in rsi-core (did you mean "ratio"?)');
    expect(await userError("ratio", "--values", "1,2", "--param2", "p-compy", "--values2", "0,1")).toBe(
      '--param2: unknown parameter "p-compy" in rsi-core (did you mean "p_comply"?)',
    );
    expect(await userError("ratio", "--values", "1,2", "--outputs", "loc,lco")).toBe('--outputs: unknown output "lco" in rsi-core (did you mean "loc"?)');
    expect(await userError("ratio", "--values", "1,2", "--set", "gama=1")).toBe('--set: unknown parameter "gama" in rsi-core (did you mean "gamma"?)');
    expect(await userError("ratio", "--values", "1,2", "--valuez", "3")).toMatch(/^unknown flag --valuez \(did you mean --values\?\)/);
    expect(() => sweep(model, { param: "ratio", values: [1, 2], samples: 10, seed: 1, outputs: ["lco"] })).toThrow(/unknown output "lco".*did you mean "loc"/);
  });

  it("values outside the parameter's bounds (a value outside its prior's support is a what-if, as for run: test/sweep-table.test.ts)", async () => {
    expect(await userError("ratio", "--values", "0,10")).toBe("--values: ratio must be above 0, got 0");
    expect(await userError("ratio", "--range", "-1:10")).toBe("--range: ratio must be above 0, got -1");
    expect(await userError("p_comply", "--values", "0,1.5")).toBe("--values: p_comply must be between 0 and 1, got 1.5");
    expect(await userError("detect0", "--values", "0.5,1.2")).toBe("--values: detect0 must be between 0 and 1, got 1.2");
    expect(await userError("ratio", "--values", "20,200,20")).toMatch(/^--values: 20 is given twice; give each value of ratio once$/);
    expect(await userError("ratio", "--range", "1:1.000000000001", "--points", "3")).toMatch(/^--range: gives 1 twice once its points are rounded to 12 digits; widen the range or give fewer points$/);
    expect(await userError("ratio", "--values", "1,2", "--param2", "p_comply", "--range2", "0:2")).toBe("--range2: p_comply must be between 0 and 1, got 1.2");
    expect(await userError("ratio", "--values", "1,Infinity")).toBe('--values: "Infinity" is not a number');
    expect(() => sweep(model, { param: "ratio", values: [1, Infinity], samples: 10, seed: 1 })).toThrow(/^values ratio must be a finite number, got Infinity$/);
    expect(() => sweep(model, { param: "ratio", values: [1, 0], samples: 10, seed: 1 })).toThrow(/ratio must be above 0, got 0/);
  });

  it("a zero or negative log range, LO ≥ HI, fewer than 2 points, non-numbers", async () => {
    expect(await userError("ratio", "--range", "0:1000", "--log")).toBe("--range: a log range needs LO and HI above 0, got 0:1000");
    expect(await userError("gamma", "--range", "-2:-1", "--log")).toBe("--range: a log range needs LO and HI above 0, got -2:-1");
    expect(await userError("ratio", "--range", "1000:1")).toBe("--range: LO must be below HI, got 1000:1");
    expect(await userError("ratio", "--range", "5:5", "--log")).toBe("--range: LO must be below HI, got 5:5");
    expect(await userError("ratio", "--range", "1:1000", "--points", "1")).toBe("--points: a sweep needs at least 2 points, got 1");
    expect(await userError("ratio", "--values", "200")).toBe("--values: a sweep needs at least 2 values, got 1");
    expect(await userError("ratio", "--values", "1,abc,3")).toBe('--values: "abc" is not a number');
    expect(await userError("ratio", "--range", "1:lots")).toBe('--range: "lots" is not a number');
    expect(await userError("ratio", "--range", "1-1000")).toBe('--range: expected LO:HI, such as 1:1000, got "1-1000"');
    expect(await userError("ratio", "--range", "1:1000", "--points", "many")).toBe('--points: must be a non-negative integer, got "many"');
    expect(() => logValues(0, 10, 5)).toThrow(UserError);
    expect(() => linearValues(1, 1, 5)).toThrow(/^lo must be below hi, got 1 and 1$/);
  });

  it("missing or conflicting sweep flags", async () => {
    expect(await userError("--values", "1,2")).toMatch(/^sweep: give the parameter to sweep/);
    expect(await userError("ratio")).toMatch(/^--values: give the values of ratio/);
    // the CLI names its flags, the library its options (core/errors.ts inTerms)
    expect(await userError("ratio", "--values", "1,2", "--range", "1:2")).toBe("--values: give --values or --range, not both");
    expect(await userError("ratio", "--values", "1,2", "--log")).toBe("--log: applies to --range only");
    expect(await userError("ratio", "--values", "1,2", "--points", "3")).toBe("--points: applies to --range only");
    expect(await userError("ratio", "--values", "1,2", "--param2", "p_comply", "--values2", "0,1", "--log2")).toBe("--log2: applies to --range2 only");
    expect(await userError("ratio", "--values", "1,2", "--param2", "p_comply", "--values2", "0,1", "--points2", "3")).toBe("--points2: applies to --range2 only");
    expect(await userError("ratio", "--values", "1,2", "--param2", "p_comply", "--values2", "0,1", "--range2", "0:1")).toBe("--values2: give --values2 or --range2, not both");
    expect(await userError("ratio", "--values", "1,2", "--param2", "p_comply")).toBe("--values2: give the values of p_comply: --values2 LIST, or --range2 LO:HI with its points");
    expect(await userError("ratio", "--values", "1,2", "--max-samples", "500")).toBe("--max-samples: goes with --precision");
    const { sweep: sweepApp } = await import("../src/app/sweep.js");
    await expect(sweepApp({ param: "ratio", values: [1, 2], range: [1, 2] })).rejects.toThrow(/^values give values or range, not both$/);
    await expect(sweepApp({ param: "ratio", values: [1, 2], second: { param: "p_comply" } })).rejects.toThrow(/^values2 give the values of p_comply: values2 \(a list\), or range2 \[lo, hi\] with its points$/);
    await expect(sweepApp({ param: "ratio", values: [1, 2], maxSamples: 500 })).rejects.toThrow(/^maxSamples goes with precision$/);
    // a one-letter parameter's flag as --help shows it (-f, -L), however it was typed
    const sie = ["--model", "forethought-sie", "--samples", "20"];
    expect(await userError("f", "--values", "2,3", "-f", "4", ...sie)).toBe("-f: f is the swept parameter; drop this flag");
    expect(await userError("L", "--values", "2,3", "--L", "4", ...sie)).toBe("-L: L is the swept parameter; drop this flag");
    expect(await userError("L", "--values", "2,3", "-f", "4", "-f", "5", ...sie)).toBe("-f: given more than once");
    expect(await userError("ratio", "--values", "1,2", "--ratio", "5")).toBe("--ratio: ratio is the swept parameter; drop this flag");
    expect(await userError("ratio", "--values", "1,2", "--values2", "0,1")).toBe("--values2: needs --param2");
    expect(await userError("ratio", "--values", "1,2", "--param2", "ratio", "--values2", "3,4")).toBe("--param2: must differ from the swept parameter ratio");
    expect(await userError("ratio", "--values", "1,2", "--format", "xml")).toBe('--format: must be table, json or csv, got "xml"');
    expect(await userError("ratio", "--values", "1,2", "--p-comply", "beta(")).toMatch(/^--p-comply: /);
  });
});

describe("paired differences of a 0/1 output undefined in some draws", () => {
  it("pair only the draws where it is defined at both points (a NaN had counted as 0): warned_before_loc, defined where control was lost", async () => {
    const { sweep: sweepApp } = await import("../src/app/sweep.js");
    const { run } = await import("../src/app/run.js");
    const N = 400;
    const s = await sweepApp({ param: "ratio", values: [20, 2000], samples: N, outputs: ["warned_before_loc"], workers: 1 });
    const d = s.result.differences[0].outputs.warned_before_loc;
    const cols = await Promise.all([20, 2000].map(async (ratio) => (await run({ settings: { ratio }, samples: N, outputs: ["warned_before_loc"], workers: 1 })).sim));
    let n = 0;
    let undef = 0;
    let up = 0;
    let down = 0;
    for (let i = 0; i < N; i++) {
      if (cols[0].table.failed[i] || cols[1].table.failed[i]) continue;
      const [a, b] = cols.map((c) => c.table.columns.warned_before_loc[i]);
      if (Number.isNaN(a) || Number.isNaN(b)) {
        undef++;
        continue;
      }
      n++;
      if (a < b) up++;
      if (a > b) down++;
    }
    expect(undef).toBeGreaterThan(0);
    expect(up + down).toBeGreaterThan(0);
    expect(d).toEqual(expect.objectContaining({ n, undefined: undef, up, down, diff: (up - down) / n }));
    // an output defined everywhere has no such field (the JSON as before)
    const full = await sweepApp({ param: "ratio", values: [20, 2000], samples: 100, outputs: ["loc"], workers: 1 });
    expect(full.result.differences[0].outputs.loc).not.toHaveProperty("undefined");
  });
});
