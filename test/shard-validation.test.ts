/**
 * Hostile and damaged shard files and JSON inputs, run through the real
 * binary: every shard is checked field by field (types, lengths, ranges,
 * base64, counts against columns, text without control characters) before
 * anything is merged, and every JSON file a user gives is read within size,
 * depth and value-count limits. Each refusal is one line naming the file
 * and the field, with exit status 2 and nothing written. The forged shards
 * carry valid checksums, so only the checks can refuse them. Needs the
 * built code (npm run build).
 */
import { createHash } from "node:crypto";
import { closeSync, existsSync, ftruncateSync, mkdtempSync, openSync, readFileSync, writeFileSync, writeSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { cliIn } from "./helpers/cli-process.js";

const ISHIGAMI = path.resolve("models/test/ishigami.yaml");
const dir = mkdtempSync(path.join(tmpdir(), "rsi-sim-shard-validation-"));
const { run, ok } = cliIn(dir);
const TIMEOUT = 60_000;




/** A refusal: exit 2, one line on stderr matching `message`, no stack, nothing on stdout, no output file. */
async function refused(args: string[], message: RegExp, env: Record<string, string> = {}): Promise<void> {
  const out = `refused-${Math.random().toString(36).slice(2)}.${args[0] === "report" ? "html" : "json"}`;
  const r = await run([...args, args[0] === "report" ? "--html" : "--out", out], env);
  expect(r.code, `rsi-sim ${args.join(" ")}\n${r.stderr}`).toBe(2);
  expect(r.stderr).toMatch(message);
  expect(r.stderr.trim().split("\n")).toHaveLength(1);
  expect(r.stderr).not.toMatch(/\bat .*\.js:\d+/);
  expect(r.stdout).toBe("");
  expect(existsSync(path.join(dir, out))).toBe(false);
}

const read = (file: string) => readFileSync(path.join(dir, file), "utf8");
const sha256 = (text: string) => createHash("sha256").update(text).digest("hex");
type Body = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

/** Rewrite a shard's body and seal it again with a valid checksum; `raw` edits the final text (for what JSON.stringify cannot write). */
function forge(from: string, to: string, change: (body: Body) => void, raw: (text: string) => string = (t) => t): string {
  const { sha256: _, ...body } = JSON.parse(read(from)) as Body;
  change(body);
  writeFileSync(path.join(dir, to), raw(JSON.stringify({ ...body, sha256: sha256(JSON.stringify(body)) }) + "\n"));
  return to;
}

const f64 = (b64: string) => new Float64Array(new Uint8Array(Buffer.from(b64, "base64")).buffer);
const b64 = (a: Float64Array | Uint8Array) => Buffer.from(a.buffer, a.byteOffset, a.byteLength).toString("base64");

const RUN = ["--samples", "1500", "--seed", "3", "--workers", "1"];
const SWEEP = ["sweep", "ratio", "--values", "20,200", "--samples", "90", "--seed", "4", "--outputs", "loc,takeoff_years", "--workers", "1"];
const SOBOL = ["sensitivity", "--model", ISHIGAMI, "--method", "sobol", "--samples", "16", "--resamples", "50", "--workers", "1"];

beforeAll(async () => {
  await Promise.all([
    ...[1, 2, 3].map((k) => ok([...RUN, "--shard", `${k}/3`, "--out", `s${k}.json`])),
    ...[1, 2].map((k) => ok([...SWEEP, "--shard", `${k}/2`, "--out", `w${k}.json`])),
    ...[1, 2].map((k) => ok([...SOBOL, "--shard", `${k}/2`, "--out", `d${k}.json`])),
  ]);
}, TIMEOUT);

/** Merge s1, the forged s2 and s3. */
const mergeRun = (forged: string) => ["merge", "s1.json", forged, "s3.json"];

describe("a run shard is checked field by field before merging", () => {
  it("valid shards still merge", async () => {
    const r = await ok(["merge", "s1.json", "s2.json", "s3.json"]);
    expect(JSON.parse(r.stdout).samples).toBe(1500);
  }, TIMEOUT);

  it("refuses failure counts that do not match the failed flags, infinities and flags other than 0 and 1", async () => {
    const cases: [(b: Body) => void, RegExp, ((t: string) => string)?][] = [
      [(b) => (b.failures.count = 400), /forged-0\.json: failures\.count: 400, but 0 draws are flagged failed/],
      [(b) => (b.failures.count = -1), /forged-1\.json: failures\.count: must be >= 0/],
      [(b) => (b.failures.reasons = { "step size too small": 3 }), /forged-2\.json: failures\.reasons: add up to 3, but failures\.count is 0/],
      [(b) => (b.horizon = Infinity), /forged-3\.json: horizon: must be a finite number/, (t) => t.replace('"horizon":null', '"horizon":1e999')],
      [
        (b) => {
          const flags = new Uint8Array(Buffer.from(b.failed, "base64"));
          flags[7] = 2;
          b.failed = b64(flags);
        },
        /forged-4\.json: failed: value 2 at row 7; failed flags are 0 or 1/,
      ],
      [(b) => (b.failures.examples = [{ draw: 3, message: "x" }]), /forged-5\.json: failures\.examples: 1 examples of 0 failures/],
      [(b) => (b.steps = 1.5), /forged-6\.json: steps: must be integer/],
      [(b) => (b.seed = 2 ** 32), /forged-7\.json: seed: must be <= 4294967295/],
      [(b) => (b.shard.index = 4), /forged-8\.json: shard\.index: 4 is above shard\.count 3/],
      [(b) => (b.shard.rows = 2000), /forged-9\.json: shard: draws 500…2499 run past samples 1500/],
      [
        (b) => {
          const flags = new Uint8Array(Buffer.from(b.failed, "base64"));
          flags[7] = 1;
          b.failed = b64(flags);
          b.failures = { count: 1, reasons: { "step size too small": 1 }, examples: [{ draw: 503, message: "step size too small at t=2031" }] };
        },
        /forged-10\.json: failures\.examples\[0\]\.draw: draw 503 is not one of the shard's failed draws/,
      ],
    ];
    await Promise.all(cases.map(([change, message, raw], i) => refused(mergeRun(forge("s2.json", `forged-${i}.json`, change, raw)), message)));
  }, TIMEOUT);

  it("refuses short, non-string and non-base64 columns, null or short series, a null model and out-of-range samples in one line", async () => {
    const cases: [(b: Body) => void, RegExp][] = [
      [(b) => (b.columns.loc = b64(f64(b.columns.loc).subarray(1))), /bad-0\.json: columns\.loc: 499 values, expected 500/],
      [(b) => (b.columns.loc = "!!!!" + b.columns.loc.slice(4)), /bad-1\.json: columns\.loc: not valid base64/],
      [(b) => (b.columns.loc = 5), /bad-2\.json: columns\.loc: must be string/],
      [(b) => (b.series = null), /bad-3\.json: series: must be object/],
      [(b) => (b.series.counts = b.series.counts.slice(1)), /bad-4\.json: series\.counts: 2 histograms, the model has 3 series/],
      [(b) => (b.series.counts[1] = b64(f64(b.series.counts[1]).subarray(3))), /bad-5\.json: series\.counts\[1\]: \d+ values, not a whole number per time point \(75\)/],
      [(b) => (b.model = null), /bad-6\.json: model: must be object/],
      [(b) => (b.samples = -5), /bad-7\.json: samples: must be >= 1/],
      [(b) => (b.samples = 1e12), /bad-8\.json: samples: must be <= 2147483647/],
      [(b) => delete b.parameterColumns.ratio, /bad-9\.json: parameterColumns: lacks ratio/],
      [(b) => (b.failed = b.failed.slice(0, 8)), /bad-10\.json: failed: 6 values, expected 500/],
      [(b) => (b.series.times = b.series.times.map((t: number) => t + 1)), /bad-11\.json: comes from a different run than s1\.json: series times differ/],
      [(b) => (b.columns.extra = b.columns.loc), /bad-12\.json: columns: extra is not an output of rsi-core/],
    ];
    await Promise.all(cases.map(([change, message], i) => refused(mergeRun(forge("s2.json", `bad-${i}.json`, change)), message)));
  }, TIMEOUT);

  it("refuses control characters in the text a shard carries", async () => {
    const cases: [(b: Body) => void, RegExp][] = [
      [(b) => (b.command = "rsi-sim \u001b[2J\u001b[31mowned"), /esc-0\.json: command: holds a control character \(U\+001B\)/],
      [(b) => (b.model.name = "rsi\u0007core"), /esc-1\.json: model\.name: holds a control character \(U\+0007\)/],
      [(b) => (b.failures.reasons = { "a\u009bb": 0 }), /esc-2\.json: failures\.reasons: a key holds a control character \(U\+009B\)/],
      [(b) => (b.model.source = b.model.source.replace("name:", "\u001bname:")), /esc-3\.json: model\.source: holds a control character \(U\+001B\)/],
    ];
    await Promise.all(cases.map(([change, message], i) => refused(mergeRun(forge("s2.json", `esc-${i}.json`, change)), message)));
  }, TIMEOUT);
});

describe("sweep and sensitivity shards are checked too", () => {
  it("valid shards still merge", async () => {
    await Promise.all([ok(["merge", "w1.json", "w2.json"]), ok(["merge", "d1.json", "d2.json"])]);
  }, TIMEOUT);

  it("refuses a short point column, a wrong number of points, forged failures and design rows out of range", async () => {
    const cases: [string, string, (b: Body) => void, RegExp][] = [
      ["w2.json", "w1.json", (b) => (b.points[1].columns.loc = b64(f64(b.points[1].columns.loc).subarray(2))), /sw-0\.json: points\[1\]\.columns\.loc: 43 values, expected 45/],
      ["w2.json", "w1.json", (b) => b.points.pop(), /sw-1\.json: points: 1 points, the swept values make 2/],
      ["w2.json", "w1.json", (b) => (b.points[0].failures.count = 45), /sw-2\.json: points\[0\]\.failures\.count: 45, but 0 draws are flagged failed/],
      ["w2.json", "w1.json", (b) => delete b.points[0].columns.takeoff_years, /sw-3\.json: points\[0\]\.columns: lacks takeoff_years/],
      ["w2.json", "w1.json", (b) => (b.sweep.how = ["\u001b]0;title\u0007"]), /sw-4\.json: sweep\.how\[0\]: holds a control character/],
      ["d2.json", "d1.json", (b) => (b.failures = { "step size too small": 2 }), /sw-5\.json: failures: add up to 2, but 0 rows are flagged failed/],
      ["d2.json", "d1.json", (b) => (b.analysis.confLevel = 2), /sw-6\.json: analysis\.confLevel: must be < 1/],
      ["d2.json", "d1.json", (b) => (b.options.N = "16"), /sw-7\.json: options\.N: must be integer/],
    ];
    await Promise.all(cases.map(([from, other, change, message], i) => refused(["merge", other, forge(from, `sw-${i}.json`, change)], message)));
  }, TIMEOUT);
});

/** A file of `bytes` bytes that begins with `head` (the rest zeros, sparse on disk). */
function sparseFile(file: string, head: string, bytes: number): string {
  const fd = openSync(path.join(dir, file), "w");
  writeSync(fd, head);
  ftruncateSync(fd, bytes);
  closeSync(fd);
  return file;
}

describe("JSON inputs are read within size, depth and value-count limits", () => {
  it("refuses a deeply nested shard, result, design and results file before parsing it", async () => {
    writeFileSync(path.join(dir, "deep.json"), "[".repeat(5_000_000) + "]".repeat(5_000_000));
    writeFileSync(path.join(dir, "deep-obj.json"), '{"a":'.repeat(100) + "1" + "}".repeat(100));
    await Promise.all([
      refused(["merge", "s1.json", "deep.json"], /^rsi-sim: deep\.json: JSON nested deeper than 64 levels/),
      refused(["merge", "deep-obj.json"], /deep-obj\.json: JSON nested deeper than 64 levels/),
      refused(["report", "deep.json"], /deep\.json: JSON nested deeper than 64 levels/),
      refused(["sensitivity", "--analyze", "deep.json", "--results", "deep.json"], /deep\.json: JSON nested deeper than 64 levels/),
    ]);
    // a design that reads, with results that nest too deep
    await ok([...SOBOL, "--write-design", "design.json"]);
    await refused(["sensitivity", "--analyze", "design.json", "--results", "deep.json"], /deep\.json: JSON nested deeper than 64 levels/);
  }, TIMEOUT);

  it("refuses a file over the size limit from its size, before reading it; RSI_SIM_MAX_JSON_MB raises the limit", async () => {
    sparseFile("huge.json", "[0", 300 * 1024 * 1024);
    await Promise.all([
      refused(["merge", "s1.json", "huge.json"], /huge\.json: the file is 300\.0 MB; rsi-sim reads JSON files of at most 256\.0 MB \(RSI_SIM_MAX_JSON_MB raises the limit\)/),
      refused(["report", "huge.json"], /huge\.json: the file is 300\.0 MB/),
      refused(["merge", "s1.json", "s2.json", "s3.json"], /s1\.json: the file is \d+\.\d MB; rsi-sim reads JSON files of at most 0\.1 MB/, { RSI_SIM_MAX_JSON_MB: "0.1" }),
      refused(["merge", "s1.json"], /RSI_SIM_MAX_JSON_MB: must be a positive number/, { RSI_SIM_MAX_JSON_MB: "lots" }),
    ]);
    const r = await run(["merge", "s1.json", "s2.json", "s3.json"], { RSI_SIM_MAX_JSON_MB: "400" });
    expect(r.code, r.stderr).toBe(0);
  }, TIMEOUT);

  it("refuses a file with more values than the limit (RSI_SIM_MAX_JSON_VALUES)", async () => {
    writeFileSync(path.join(dir, "wide.json"), "[" + "0,".repeat(2_000_000) + "0]");
    await Promise.all([
      refused(["merge", "wide.json"], /wide\.json: holds more than 1000000 JSON values/, { RSI_SIM_MAX_JSON_VALUES: "1000000" }),
      refused(["report", "wide.json"], /wide\.json: holds more than 1000000 JSON values/, { RSI_SIM_MAX_JSON_VALUES: "1000000" }),
      refused(["merge", "wide.json"], /wide\.json: not an rsi-sim shard file/),
    ]);
  }, TIMEOUT);
});

describe("checkJsonBounds", () => {
  const limits = { maxBytes: 1000, maxDepth: 3, maxValues: 5 };
  it("counts depth and values outside strings only, escapes included", async () => {
    const { checkJsonBounds } = await import("../src/core/json-read.js");
    expect(() => checkJsonBounds('[[["a"]]]', "f", limits)).not.toThrow();
    expect(() => checkJsonBounds('[[[["a"]]]]', "f", limits)).toThrow(/^f: JSON nested deeper than 3 levels \(at character 3\)/);
    expect(() => checkJsonBounds('["[[[[,,,,,,", "\\"[[[[,,,,,"]', "f", limits)).not.toThrow();
    expect(() => checkJsonBounds("[1,2,3,4,5,6]", "f", limits)).toThrow(/^f: holds more than 5 JSON values/);
    expect(() => checkJsonBounds("x".repeat(1001), "f", limits)).toThrow(/^f: the file is 0\.0 MB; rsi-sim reads JSON files of at most 0\.0 MB/);
  });
  it("reads its limits from the environment", async () => {
    const { jsonLimits, DEFAULT_JSON_LIMITS } = await import("../src/core/json-read.js");
    expect(jsonLimits({})).toEqual(DEFAULT_JSON_LIMITS);
    expect(jsonLimits({ RSI_SIM_MAX_JSON_MB: "400", RSI_SIM_MAX_JSON_VALUES: "7" })).toMatchObject({ maxBytes: 400 * 1024 * 1024, maxValues: 7 });
    expect(() => jsonLimits({ RSI_SIM_MAX_JSON_MB: "600" })).toThrow(/RSI_SIM_MAX_JSON_MB: must be a positive number of at most 512/);
  });
});
