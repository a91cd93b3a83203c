/**
 * Data that travels (docs/data.md): the CSV files read as pandas and R read
 * them (comment lines skipped, one header, the same number of fields in
 * every row, numbers or empty cells), their comment lines give provenance
 * and a unit for every column, and the docs' pandas and R code runs on the
 * real files where Python with pandas or Rscript with jsonlite is installed
 * (nothing is installed for it).
 */
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

const BIN = path.resolve("bin/rsi-sim.js");
const DOC = readFileSync(path.resolve("docs/data.md"), "utf8");
const tmp = mkdtempSync(path.join(tmpdir(), "rsi-sim-data-"));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

const run = (cmd: string, args: string[], input?: string) => spawnSync(cmd, args, { cwd: tmp, encoding: "utf8", input });
const has = (cmd: string, args: string[]) => {
  const r = run(cmd, args);
  return r.status === 0;
};

/** The docs' fenced block of `lang` after `heading`. */
function block(lang: string, after: string): string {
  const from = DOC.indexOf(after);
  const start = DOC.indexOf("```" + lang + "\n", from) + lang.length + 4;
  return DOC.slice(start, DOC.indexOf("```\n", start));
}

/** A CSV as pandas reads it with comment="#": the comment lines, the header and the rows' cells. */
function readCSV(file: string) {
  const lines = readFileSync(path.join(tmp, file), "utf8").split("\n");
  expect(lines.pop()).toBe("");
  const comments = lines.filter((l) => l.startsWith("#"));
  expect(lines.slice(0, comments.length)).toEqual(comments); // all at the top
  const [header, ...rows] = lines.slice(comments.length).map((l) => l.split(","));
  expect(new Set(header).size).toBe(header.length);
  for (const r of rows) expect(r).toHaveLength(header.length);
  // units as the docs' code parses them
  const units = new Map(comments.flatMap((c): [string, string][] => {
    const m = /^# column (\S+) \[(.*?)\]/.exec(c);
    return m ? [[m[1], m[2]]] : [];
  }));
  return { comments, header, rows, units };
}

beforeAll(() => {
  // the commands of the docs' pandas section, smaller
  for (const line of block("sh", "## pandas").trim().split("\n")) {
    const args = line.replace(/^rsi-sim /, "").replace(/--samples \d+/, "--samples 300").split(" ");
    const r = spawnSync(process.execPath, [BIN, ...args, "--no-progress"], { cwd: tmp, encoding: "utf8" });
    if (r.status !== 0) throw new Error(`${line}: ${r.stderr}`);
  }
}, 120_000);

describe("data files (docs/data.md)", () => {
  it("draws.csv: draw, failed, out.*, par.*, with provenance and a unit for every column", () => {
    const { comments, header, rows, units } = readCSV("draws.csv");
    expect(header.slice(0, 3)).toEqual(["draw", "failed", "out.loc"]);
    for (const h of header.slice(2)) expect(h).toMatch(/^(out|par)\.[a-z_0-9]+$/);
    expect(header).toContain("out.brake");
    expect(header).toContain("par.brake_years");
    expect([...units.keys()]).toEqual(header);
    expect(units.get("out.t100")).toBe("year");
    const json = JSON.parse(readFileSync(path.join(tmp, "run.json"), "utf8"));
    expect(comments[0]).toBe(`# rsi-sim ${json.version}, draws of a run (a row per draw)`);
    expect(comments[1]).toBe(`# model rsi-core (${json.model.file}), sha256 ${json.model.sha256}`);
    expect(comments[2]).toBe("# seed 1, 300 draws");
    expect(comments[3]).toBe("# reproduce: rsi-sim --samples 300 --seed 1");
    expect(rows).toHaveLength(300);
    for (const r of rows) for (const c of r) expect(c === "" || Number.isFinite(Number(c)), c).toBe(true);
    // the CSV's draws give the JSON's probability
    const loc = rows.filter((r) => r[1] === "0").map((r) => Number(r[2]));
    expect(Number((loc.reduce((a, b) => a + b, 0) / loc.length).toPrecision(12))).toBe(json.outputs.loc.p);
  });

  it("sweep.csv, long: point, par.ratio, output, statistic, value; every output's unit", () => {
    const { header, rows, comments } = readCSV("sweep.csv");
    expect(header).toEqual(["point", "par.ratio", "output", "statistic", "value"]);
    const outputs = new Set(rows.map((r) => r[2]));
    for (const o of outputs) expect(comments.some((c) => c.startsWith(`# output ${o} [`)), o).toBe(true);
    expect(new Set(rows.map((r) => r[1]))).toEqual(new Set(["20", "200", "2000"]));
    expect(rows.filter((r) => r[2] === "takeoff_years" && r[0] === "0").map((r) => r[3])).toEqual(["n", "missing", "mean", "se", "p5", "p25", "p50", "p75", "p95"]);
  });

  it("JSON numbers have at most 12 significant digits", () => {
    const text = readFileSync(path.join(tmp, "run.json"), "utf8");
    const numbers = text.match(/-?\d+\.\d+(?:e[-+]?\d+)?/g) ?? [];
    expect(numbers.length).toBeGreaterThan(100);
    for (const n of numbers) expect(n.replace(/e.*$/, "").replace(/[-.]/g, "").replace(/^0+/, "").length, n).toBeLessThanOrEqual(12);
  });

  it("the pandas code runs on the files (where Python has pandas)", (ctx) => {
    writeFileSync(path.join(tmp, "load.py"), block("python", "## pandas"));
    if (has("python3", ["--version"])) expect(run("python3", ["-c", "import ast; ast.parse(open('load.py').read())"]).status).toBe(0);
    if (!has("python3", ["-c", "import pandas"])) {
      console.warn("data.test.ts: pandas code not run: python3 has no pandas (the CSV shape is checked above)");
      return ctx.skip();
    }
    const r = run("python3", ["load.py"]);
    expect(r.status, r.stderr).toBe(0);
  }, 60_000);

  it("the R code runs on the files (where Rscript has jsonlite)", (ctx) => {
    if (!has("Rscript", ["-e", "library(jsonlite)"])) {
      console.warn("data.test.ts: R code not run: no Rscript with jsonlite (the CSV shape is checked above)");
      return ctx.skip();
    }
    writeFileSync(path.join(tmp, "load.R"), block("r", "## R"));
    const r = run("Rscript", ["load.R"]);
    expect(r.status, r.stderr).toBe(0);
  }, 60_000);
});
