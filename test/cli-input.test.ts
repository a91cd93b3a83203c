/**
 * The real `rsi-sim` binary given input a newcomer gets wrong: compare's
 * --scenario and a value-less flag, an output file whose name says another
 * format than the one written, and the messages that must say what to do.
 * Every refusal is one line on stderr, exit 2, nothing on stdout, no file.
 */
import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";

const BIN = path.resolve("bin/rsi-sim.js");
const dir = mkdtempSync(path.join(tmpdir(), "rsi-sim-cli-input-"));
const run = (...args: string[]) => {
  const r = spawnSync(process.execPath, [BIN, ...args], { cwd: dir, encoding: "utf8", maxBuffer: 64 * 1024 * 1024 });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
};

/** The command is refused with exactly `line` (after "rsi-sim: "), exit 2, nothing on stdout and no new file. */
function refused(args: string[], line: string | RegExp): void {
  const before = readdirSync(dir).sort();
  const r = run(...args);
  expect(r.code, r.stderr).toBe(2);
  expect(r.stdout).toBe("");
  expect(r.stderr.endsWith("\n")).toBe(true);
  expect(r.stderr.trimEnd().split("\n")).toHaveLength(1);
  const said = r.stderr.trimEnd().replace(/^rsi-sim: /, "");
  if (typeof line === "string") expect(said).toBe(line);
  else expect(said).toMatch(line);
  expect(readdirSync(dir).sort()).toEqual(before);
}

describe("rsi-sim compare: --scenario and flags without their value", () => {
  const dash = "(a name that starts with a dash is given as --scenario=NAME)";
  it("refuses a flag where a scenario's name should be, naming --scenario", () => {
    // was: exit 0 with a scenario named "--quiet"
    refused(["compare", "--samples", "100", "--scenario", "--quiet", "--scenario", "b", "--ratio", "20"], `--scenario: needs a name, got the flag --quiet ${dash}`);
    // was: unexpected argument "20"
    refused(["compare", "--samples", "100", "--scenario", "--ratio", "20", "--scenario", "b"], `--scenario: needs a name, got the flag --ratio ${dash}`);
    // was: give at least two scenarios …, got 1
    refused(["compare", "--samples", "100", "--scenario", "--scenario", "b"], `--scenario: needs a name, got the flag --scenario ${dash}`);
  });

  it("shows the help for --scenario --help (no scenario named \"--help\")", () => {
    const r = run("compare", "--scenario", "--help");
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/^rsi-sim compare \[options\] --scenario NAME/);
    expect(r.stdout).toContain("A name that starts with a dash is given as --scenario=NAME.");
  });

  it("takes a name that starts with a dash as --scenario=NAME", () => {
    const r = run("compare", "--samples", "100", "--scenario=--low", "--ratio", "2", "--scenario", "b", "--ratio", "20", "--format", "json");
    expect(r.code, r.stderr).toBe(0);
    expect(JSON.parse(r.stdout).scenarios.map((s: { name: string }) => s.name)).toEqual(["--low", "b"]);
  });

  it("names the flag that has no value, not the flag after it", () => {
    const ab = ["compare", "--samples", "100", "--scenario", "a", "--scenario", "b", "--ratio", "20"];
    // was: --out: needs a file name, got an empty one
    refused([...ab, "--baseline", "--out", "o.json"], "--baseline: needs a value, got the flag --out (a value that starts with a dash is given as --baseline=VALUE)");
    // was: --format: must be table, json or csv, got ""
    refused([...ab, "--baseline", "--format", "json"], "--baseline: needs a value, got the flag --format (a value that starts with a dash is given as --baseline=VALUE)");
    refused([...ab, "--timeline", "--format", "json"], "--timeline: needs a value, got the flag --format (a value that starts with a dash is given as --timeline=VALUE)");
    refused(["compare", "--samples", "100", "--baseline", "--format", "json", "--scenario", "a", "--scenario", "b"], /^--baseline: needs a value, got the flag --format/);
    refused([...ab, "--timeline"], "--timeline: needs a value, and it is the last argument");
    // an empty value is still given as --timeline= (no timeline)
    const r = run(...ab, "--timeline=", "--format", "json");
    expect(r.code, r.stderr).toBe(0);
    expect(JSON.parse(r.stdout).timeline.curves).toEqual([]);
  });

  it("merge names its flag that has no value", () => {
    refused(["merge", "x.shard", "--out", "--format", "json"], "--out: needs a value, got the flag --format (a value that starts with a dash is given as --out=VALUE)");
  });
});

describe("an --out file whose name says another format", () => {
  const shard = path.join(dir, "one.shard");
  it("is refused naming --out, the file and the format, for run, sweep, compare, sensitivity and merge", () => {
    // each wrote a file of one format under another's name
    refused(["--samples", "10", "--format", "csv", "--out", "x.json"], "--out: x.json: --format csv writes CSV; name the file .csv or give --format json");
    refused(["--samples", "10", "--format", "table", "--out", "t.csv"], "--out: t.csv: --format table writes a text table; name the file .txt or give --format csv");
    refused(["--samples", "10", "--format", "json", "--out", "t.txt"], "--out: t.txt: --format json writes JSON; name the file .json or give --format table");
    refused(["--samples", "10", "--out", "x.html"], "--out: x.html: --out writes a text table, not HTML; the HTML report is written by --html x.html (name --out's file .txt, .json or .csv)");
    refused(["--samples", "10", "--out", "x.shard"], "--out: x.shard: a shard file is written only with --shard K/N; rsi-sim --out writes a text table: name the file .txt, .json or .csv");
    refused(["compare", "--samples", "10", "--scenario", "a", "--scenario", "b", "--out", "x.shard"], /^--out: x\.shard: a shard file is written only with --shard K\/N; rsi-sim compare --out writes a text table/);
    refused(["compare", "--samples", "10", "--scenario", "a", "--scenario", "b", "--format", "csv", "--out", "c.json"], "--out: c.json: --format csv writes CSV; name the file .csv or give --format json");
    refused(["sweep", "ratio", "--values", "1,2", "--samples", "10", "--format", "json", "--out", "s.csv"], "--out: s.csv: --format json writes JSON; name the file .json or give --format csv");
    refused(["sensitivity", "--method", "morris", "--trajectories", "2", "--out", "s.csv"], "--out: s.csv: rsi-sim sensitivity writes a text table or JSON, not CSV; name the file .txt or .json");
    refused(["sensitivity", "--method", "morris", "--trajectories", "2", "--format", "table", "--out", "s.json"], "--out: s.json: --format table writes a text table; name the file .txt or give --format json");
    expect(run("--samples", "10", "--shard", "1/1", "--out", shard).code).toBe(0);
    refused(["merge", shard, "--format", "csv", "--out", "m.json"], "--out: m.json: --format csv writes CSV; name the file .csv or give --format json");
    refused(["merge", shard, "--out", "m.html"], /^--out: m\.html: --out writes JSON, not HTML; the HTML report is written by --html m\.html/);
    refused(["merge", shard, "--out", "m.shard"], "--out: m.shard: a shard file is what merge reads; rsi-sim merge --out writes JSON: name the file .json, .txt or .csv");
  });

  it("sets the format when --format is not given (.json, .csv, .txt), as the README's commands write", () => {
    expect(run("--samples", "10", "--format", "json", "--out", "run.json").code).toBe(0);
    expect(JSON.parse(readFileSync(path.join(dir, "run.json"), "utf8")).schema).toBe("rsi-sim.result/1");
    expect(run("--samples", "10", "--format", "csv", "--out", "draws.csv").code).toBe(0);
    expect(readFileSync(path.join(dir, "draws.csv"), "utf8")).toMatch(/^# /);
    expect(run("--samples", "10", "--out", "run.txt").code).toBe(0);
    expect(readFileSync(path.join(dir, "run.txt"), "utf8")).toMatch(/^rsi-sim \S+ · model rsi-core/);
    expect(run("--samples", "10", "--out", "run.JSON").code).toBe(0);
    expect(JSON.parse(readFileSync(path.join(dir, "run.JSON"), "utf8")).schema).toBe("rsi-sim.result/1");
    const m = run("merge", shard, "--out", "result.json");
    expect(m.code, m.stderr).toBe(0);
    // one shard is "1 shard", not "1 shards"
    expect(m.stderr).toBe("rsi-sim: merged 1 shard into result.json\n");
    expect(JSON.parse(readFileSync(path.join(dir, "result.json"), "utf8")).samples).toBe(10);
  });
});

describe("messages that say what to do", () => {
  it("a funding ratio written as 200:1", () => {
    refused(["--samples", "10", "--ratio", "200:1"], "--ratio: write the ratio as one number: 200 for 200:1");
    refused(["--samples", "10", "--ratio", "1:200"], "--ratio: write the ratio as one number: 0.005 for 1:200");
    refused(["--samples", "10", "--set", "ratio=20:1"], "--set ratio: write the ratio as one number: 20 for 20:1");
  });

  it("a flag of another model: names the model and how to list its flags", () => {
    refused(["--samples", "10", "--model", "forethought-sie", "--si-gap", "5"], "unknown flag --si-gap: the model forethought-sie has no parameter si_gap; its flags: rsi-sim --model forethought-sie --help");
    refused(["sweep", "ratio", "--values", "1,2", "--model", "forethought-sie", "--si-gap", "5"], /^unknown flag --si-gap: the model forethought-sie has no parameter si_gap; its flags: rsi-sim sweep --model forethought-sie --help$/);
    refused(["compare", "--model", "forethought-sie", "--scenario", "a", "--si-gap", "5", "--scenario", "b"], /^unknown flag --si-gap: the model forethought-sie has no parameter si_gap; its flags: rsi-sim compare --model forethought-sie --help$/);
    // rsi-sim --help lists rsi-core's flags: without --model the message is unchanged
    refused(["--samples", "10", "--r-sotf", "2"], "unknown flag --r-sotf (did you mean --r-soft?); see rsi-sim --help");
  });

  it("report given a CSV, a table or a shard says what the file is and what report reads", () => {
    writeFileSync(path.join(dir, "d200.csv"), "# rsi-sim 0.1.0 draws\nout.loc,par.ratio\n1,200\n");
    writeFileSync(path.join(dir, "plain.csv"), "out.loc,par.ratio\n1,200\n");
    writeFileSync(path.join(dir, "table.txt"), "rsi-sim 0.1.0 · model rsi-core · 10 draws · seed 1\n");
    const reads = "rsi-sim report reads a result's JSON, written with --format json";
    refused(["report", "d200.csv", "--html", "r.html"], `d200.csv: this is a CSV, not a result's JSON; ${reads}`);
    refused(["report", "plain.csv", "--html", "r.html"], `plain.csv: this is a CSV, not a result's JSON; ${reads}`);
    refused(["report", "table.txt", "--html", "r.html"], `table.txt: this is a text table, not a result's JSON; ${reads}`);
    expect(run("--samples", "10", "--shard", "1/1", "--out", "r.shard").code).toBe(0);
    refused(["report", "r.shard", "--html", "r.html"], `r.shard: this is a shard file (join the shards with rsi-sim merge first); ${reads}`);
  });

  it("the library's report() says it in its own words", async () => {
    const { report } = await import("../src/app/report.js");
    expect(() => report(path.join(dir, "d200.csv"))).toThrow(/d200\.csv: this is a CSV, not a result's JSON; report reads a result's JSON, written with the format "json"$/);
  });

  it("merge of a file that is not there says so", () => {
    refused(["merge", "nosuch.shard"], "nosuch.shard: no such file");
    refused(["merge", "."], ".: is a directory, not a shard file");
  });

  it("sensitivity: --inner and --samples given together for a tornado", () => {
    // was: "--inner: and samples both give …"
    refused(["sensitivity", "--method", "oat", "--inner", "100", "--samples", "50"], "--inner and --samples: both give a tornado's draws per point at the probability level (100 and 50); give one of them");
  });

  it("--max-samples below the first block", async () => {
    const line = "--max-samples: is 4000, below the first block of 5000 draws (--samples 5000); give a cap of at least 5000, or fewer draws in the first block";
    refused(["--precision", "0.01", "--max-samples", "4000", "--samples", "5000"], line);
    refused(["sweep", "ratio", "--values", "1,2", "--precision", "0.01", "--max-samples", "4000", "--samples", "5000"], line);
    const { checkPrecision } = await import("../src/app/precision.js");
    expect(() => checkPrecision(0.01, 4000, 5000)).toThrow("maxSamples is 4000, below the first block of 5000 draws (samples: 5000); give a cap of at least 5000, or fewer draws in the first block");
  });

  it("sensitivity --help gives the number of model runs of each level as docs/sensitivity.md does", () => {
    const r = run("sensitivity", "--help");
    expect(r.code).toBe(0);
    const help = r.stdout.replace(/\s+/g, " ");
    expect(help).not.toContain("N·(k + 3) runs for k factors");
    expect(help).toContain("sobol runs N·(k + 2)·K (N = 1024, k = 30, K = 32: 1,048,576 runs), morris r·(k + 1)·K, oat (2k + 1)·K");
    expect(1024 * (30 + 2) * 32).toBe(1_048_576);
    const docs = readFileSync("docs/sensitivity.md", "utf8");
    for (const count of ["N·(k + 2)·K", "r·(k + 1)·K", "(2k + 1)·K"]) expect(docs).toContain(count);
  });
});

it("leaves no stray output files behind a refusal", () => {
  for (const f of ["x.json", "t.csv", "x.html", "x.shard", "o.json", "m.json", "m.html", "m.shard", "r.html", "s.csv", "s.json"]) expect(existsSync(path.join(dir, f))).toBe(false);
});
