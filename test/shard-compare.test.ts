/**
 * Shards of a comparison through the real binary: `rsi-sim compare …
 * --shard K/N` then `rsi-sim merge`, compared byte for byte with the single
 * command's JSON, table, CSV and HTML (1, 2 and 3 shards, any order, any
 * number of threads); `rsi-sim report` of the saved result; and the
 * refusals: a mix of kinds, missing and duplicate shards, shards of another
 * comparison, forged fields, a shard too large to merge. Needs the built
 * code (npm run build).
 */
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { cliIn } from "./helpers/cli-process.js";
import { column, forgeShard, readShard, setColumn, type ShardParts } from "./helpers/shard-file.js";

const dir = mkdtempSync(path.join(tmpdir(), "rsi-sim-shard-compare-"));
const { run, ok } = cliIn(dir);
const TIMEOUT = 60_000;




/** A refusal: exit 2, one line on stderr matching `message`, nothing on stdout and no output file. */
async function refused(args: string[], message: RegExp, env: Record<string, string> = {}): Promise<void> {
  const out = `refused-${Math.random().toString(36).slice(2)}.${args.includes("--shard") ? "shard" : "json"}`;
  const r = await run([...args, "--out", out], env);
  expect(r.code, `rsi-sim ${args.join(" ")}\n${r.stderr}`).toBe(2);
  expect(r.stderr).toMatch(message);
  expect(r.stderr.trim().split("\n")).toHaveLength(1);
  expect(r.stdout).toBe("");
  expect(existsSync(path.join(dir, out))).toBe(false);
}

const read = (file: string) => readFileSync(path.join(dir, file), "utf8");
/** An HTML report without the time it was made. */
const html = (file: string) => read(file).replace(/\d{4}-\d\d-\d\d \d\d:\d\d(:\d\d)? UTC/g, "(time)");
type Body = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

/** Rewrite a shard's header and blocks and seal it again (length, checksum). */
function forge(from: string, to: string, change: (b: Body, parts: ShardParts) => void): string {
  forgeShard(path.join(dir, from), path.join(dir, to), (parts) => change(parts.header, parts));
  return to;
}

// three scenarios, a prior replaced for all, a baseline that is not the first, a continuous output and the timeline
const COMPARE = [
  "compare", "--samples", "150", "--seed", "5", "--r-soft", "0.8 to 2", "--outputs", "loc,loc_by_2050,takeoff_years", "--timeline", "t_loc", "--resamples", "50",
  "--scenario", "200:1", "--ratio", "200", "--scenario", "20:1", "--ratio", "20", "--p-comply", "0", "--scenario", "2000:1", "--ratio", "2000", "--baseline", "20:1",
];
const shards = (n: number, prefix: string, workers = "1") => Array.from({ length: n }, (_, i) => ok([...COMPARE, "--workers", workers, "--shard", `${i + 1}/${n}`, "--out", `${prefix}${i + 1}.shard`]));

beforeAll(async () => {
  await Promise.all([
    ok([...COMPARE, "--workers", "1", "--out", "single.json", "--html", "single.html"]),
    ok([...COMPARE, "--workers", "2", "--format", "table", "--out", "single.txt"]),
    ok([...COMPARE, "--workers", "2", "--out", "single.csv"]),
  ]);
  await Promise.all([...shards(1, "one-"), ...shards(2, "two-", "2")]);
  await Promise.all(shards(3, "c"));
}, 2 * TIMEOUT);

describe("shards of a comparison", () => {
  it("write a compare shard: its kind, the scenarios and their columns", () => {
    const s = readShard(path.join(dir, "c2.shard")).header;
    expect(s).toMatchObject({ schema: "rsi-sim.shard/2", kind: "compare", shard: { index: 2, count: 3, first: 50, rows: 50 } });
    expect(s.compare).toMatchObject({ baseline: 1, outputs: ["loc", "loc_by_2050", "takeoff_years"], timeline: ["t_loc"], samples: 150, seed: 5, resamples: 50 });
    expect(s.compare.scenarios.map((x: Body) => x.name)).toEqual(["200:1", "20:1", "2000:1"]);
    expect(s.compare.settings).toEqual({ r_soft: "lognormal, 90% CI 0.8 to 2" });
    expect(s.scenarios).toHaveLength(3);
    expect(Object.keys(s.scenarios[0].columns)).toEqual(["loc", "loc_by_2050", "takeoff_years", "t_loc"]);
    expect(s.command).toBe(JSON.parse(read("single.json")).command);
  });

  it("merge to exactly the single command's JSON, HTML, table and CSV, from 1, 2 or 3 shards in any order and on any number of threads", async () => {
    const [, one, two, table] = await Promise.all([
      ok(["merge", "c3.shard", "c1.shard", "c2.shard", "--out", "merged.json", "--html", "merged.html"]),
      ok(["merge", "one-1.shard"]),
      ok(["merge", "two-2.shard", "two-1.shard"]),
      ok(["merge", "c2.shard", "c3.shard", "c1.shard", "--format", "table"]),
      ok(["merge", "c1.shard", "c2.shard", "c3.shard", "--out", "merged.csv"]),
    ]);
    const single = read("single.json");
    expect(read("merged.json")).toBe(single);
    expect(one.stdout).toBe(single);
    expect(two.stdout).toBe(single);
    expect(table.stdout).toBe(read("single.txt"));
    expect(read("merged.csv")).toBe(read("single.csv"));
    expect(html("merged.html")).toBe(html("single.html"));
  }, TIMEOUT);

  it("rsi-sim report renders a saved comparison as compare --html does", async () => {
    await ok(["report", "single.json", "--html", "report.html"]);
    expect(html("report.html")).toBe(html("single.html"));
    writeFileSync(path.join(dir, "broken.json"), read("single.json").replace('"baseline": 1', '"baseline": 7'));
    const r = await run(["report", "broken.json", "--html", "x.html"]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^rsi-sim: broken\.json: baseline must be the index of a scenario \(0 … 2\), got 7\n$/);
  }, TIMEOUT);

  it("refuses a mix of kinds, missing or duplicate shards and shards of another comparison", async () => {
    await Promise.all([
      ok(["--samples", "60", "--workers", "1", "--shard", "2/3", "--out", "run2.shard"]),
      ok([...COMPARE.map((a) => (a === "5" ? "6" : a)), "--workers", "1", "--shard", "2/3", "--out", "seed2.shard"]),
      ok([...COMPARE.map((a) => (a === "150" ? "151" : a)), "--workers", "1", "--shard", "2/3", "--out", "samples2.shard"]),
      ok([...COMPARE.map((a) => (a === "2000" ? "1000" : a)), "--workers", "1", "--shard", "2/3", "--out", "scen2.shard"]),
    ]);
    await Promise.all([
      refused(["merge", "c1.shard", "run2.shard", "c3.shard"], /run2\.shard: is a shard of a run, but c1\.shard is a shard of a comparison; merge the shards of one command only/),
      refused(["merge", "c1.shard", "c3.shard"], /merge: missing shard 2\/3/),
      refused(["merge", "c1.shard", "c2.shard", "c2.shard", "c3.shard"], /c2\.shard: duplicate shard 2\/3 \(also c2\.shard\)/),
      refused(["merge", "c1.shard", "seed2.shard", "c3.shard"], /seed2\.shard: comes from a different comparison than c1\.shard: seeds differ \(6 vs 5\)/),
      refused(["merge", "c1.shard", "samples2.shard", "c3.shard"], /samples2\.shard: comes from a different comparison than c1\.shard: sample counts differ/),
      refused(["merge", "c1.shard", "scen2.shard", "c3.shard"], /scen2\.shard: comes from a different comparison than c1\.shard: scenarios differ/),
    ]);
  }, TIMEOUT);

  it("checks a compare shard field by field", async () => {
    const cases: [(b: Body, p: ShardParts) => void, RegExp][] = [
      [(b, p) => setColumn(p, b.scenarios[1].columns.loc, column(p, b.scenarios[1].columns.loc).subarray(1)), /f-0\.shard: scenarios\[1\]\.columns\.loc: 49 values, expected 50/],
      [(b, p) => (b.scenarios.pop(), p.blocks.splice(-5)), /f-1\.shard: scenarios: 2 scenarios, compare\.scenarios names 3/],
      [(b) => (b.compare.baseline = 3), /f-2\.shard: compare\.baseline: 3 is not the index of one of the 3 scenarios/],
      [(b) => (b.scenarios[0].failures.count = 2), /f-3\.shard: scenarios\[0\]\.failures\.count: 2, but 0 draws are flagged failed/],
      [(b) => delete b.scenarios[2].columns.t_loc, /f-4\.shard: scenarios\[2\]\.columns: lacks t_loc/],
      [(b) => (b.compare.scenarios[1].name = "200:1"), /f-5\.shard: compare\.scenarios\[1\]\.name: "200:1" names two scenarios/],
      [(b) => (b.compare.outputs = ["nope"]), /f-6\.shard: scenarios\[0\]\.columns: lacks nope/],
      [(b) => (b.compare.scenarios = b.compare.scenarios.slice(0, 1)), /f-7\.shard: compare\.scenarios: must NOT have fewer than 2 items/],
      [(b) => (b.compare.scenarios[0].name = "a\u001b[2Jb"), /f-8\.shard: compare\.scenarios\[0\]\.name: holds a control character \(U\+001B\)/],
      [(b) => (b.compare.resamples = -1), /f-9\.shard: compare\.resamples: must match a schema in anyOf, got number/],
    ];
    await Promise.all(cases.map(([change, message], i) => refused(["merge", "c1.shard", forge("c2.shard", `f-${i}.shard`, change), "c3.shard"], message)));
    // every shard set alike, so that they agree with each other: checked against the model
    const all = (change: (b: Body, p: ShardParts) => void) => [1, 2, 3].map((k) => forge(`c${k}.shard`, `g${k}.shard`, change));
    await refused(["merge", ...all((b) => (b.compare.scenarios[2].settings = { nope: 3 }))], /g1\.shard: compare\.scenarios\[2\]\.settings: nope is not a parameter of rsi-core/);
  }, TIMEOUT);

  it("refuses --precision and --html with --shard, and a shard larger than merge reads", async () => {
    await Promise.all([
      refused([...COMPARE, "--shard", "1/2", "--precision", "0.05"], /--precision: a shard runs a fixed block of draws/),
      refused([...COMPARE, "--shard", "1/2", "--html", "x.html"], /--html: a shard writes only its shard file; give --html to rsi-sim merge/),
      refused([...COMPARE.map((a) => (a === "150" ? "20000" : a)), "--shard", "1/2"], /--samples: a shard of 3 scenarios of 10000 draws would be a file of about \d+(\.\d)? MB, larger than the 0\.5 MB rsi-sim merge reads \(RSI_SIM_MAX_SHARD_MB\)/, { RSI_SIM_MAX_SHARD_MB: "0.5" }),
    ]);
  }, TIMEOUT);
});
