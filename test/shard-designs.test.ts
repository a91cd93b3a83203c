/**
 * Shards of sweeps and sensitivity designs, run as a scheduler would run
 * them: one process of the real binary per shard with Slurm's or
 * Kubernetes' environment variables, then `rsi-sim merge`, compared byte for
 * byte with the single command's output (JSON, table, CSV, HTML); and the
 * refusals of merge and of --shard. Needs the built code (npm run build).
 */
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { cliIn } from "./helpers/cli-process.js";
import { column, forgeShard, readShard, setColumn, type ShardParts } from "./helpers/shard-file.js";

const ISHIGAMI = path.resolve("models/test/ishigami.yaml");
const dir = mkdtempSync(path.join(tmpdir(), "rsi-sim-shard-designs-"));
const { run, ok } = cliIn(dir);
const TIMEOUT = 60_000;




const read = (file: string) => readFileSync(path.join(dir, file), "utf8");
/** An HTML report without the time it was made. */
const html = (file: string) => read(file).replace(/\d{4}-\d\d-\d\d \d\d:\d\d(:\d\d)? UTC/g, "(time)");

/** Shards 1…3 of a Slurm job array (task ids from `min`), then shards 1…2 of a Kubernetes Indexed Job. */
async function schedulerShards(args: string[], prefix: string, min: number): Promise<{ slurm: string[]; k8s: string[] }> {
  const slurm = [0, 1, 2].map((i) => `${prefix}-slurm-${i + min}.shard`);
  const k8s = [0, 1].map((i) => `${prefix}-k8s-${i}.shard`);
  await Promise.all(
    slurm.map((file, i) =>
      ok([...args, "--shard", "auto", "--out", file], {
        SLURM_ARRAY_TASK_ID: String(i + min),
        SLURM_ARRAY_TASK_COUNT: "3",
        SLURM_ARRAY_TASK_MIN: String(min),
      }),
    ),
  );
  await Promise.all(k8s.map((file, i) => ok([...args, "--shard", "auto", "--shards", "2", "--out", file], { JOB_COMPLETION_INDEX: String(i) })));
  return { slurm, k8s };
}

/** A refusal: exit 2, one line on stderr matching `message`, nothing on stdout and no output file. */
async function refused(args: string[], message: RegExp, out = "should-not-exist.json"): Promise<void> {
  const r = await run([...args, "--out", out]);
  expect(r.code, r.stderr).toBe(2);
  expect(r.stderr).toMatch(message);
  expect(r.stderr.trim().split("\n")).toHaveLength(1);
  expect(r.stdout).toBe("");
  expect(existsSync(path.join(dir, out))).toBe(false);
}

/** Rewrite a shard file's header and blocks and seal it again (length, checksum). */
function reseal(from: string, to: string, change: (parts: ShardParts) => void): void {
  forgeShard(path.join(dir, from), path.join(dir, to), change);
}
/** A shard file's header. */
const header = (file: string) => readShard(path.join(dir, file)).header;

// a 3 × 2 grid on rsi-core with a prior replaced, a conditional output and a continuous one
const SWEEP = [
  "sweep", "ratio", "--values", "20,200,2000", "--param2", "p_comply", "--values2", "0,1",
  "--samples", "240", "--seed", "5", "--r-soft", "0.8 to 2", "--outputs", "loc,loc_by_2050,takeoff_years,warned_before_loc", "--workers", "1",
];
const SOBOL = ["sensitivity", "--model", ISHIGAMI, "--method", "sobol", "--samples", "64", "--resamples", "200", "--workers", "1"];
const MORRIS = [
  "sensitivity", "--method", "morris", "--trajectories", "4", "--params", "gamma,h_max,r_safe", "--set", "r_soft=0.8 to 2",
  "--outputs", "loc,takeoff_years", "--resamples", "100", "--workers", "1",
];

describe("shards of a sweep", () => {
  let files: { slurm: string[]; k8s: string[] };

  it("the single sweep (JSON with the HTML report, table, CSV) and its shards under Slurm and Kubernetes", async () => {
    await Promise.all([
      ok([...SWEEP, "--out", "sweep.json", "--html", "sweep.html"]),
      ok([...SWEEP, "--format", "table", "--out", "sweep.txt"]),
      ok([...SWEEP, "--out", "sweep.csv"]),
    ]);
    files = await schedulerShards(SWEEP, "sweep", 1);
    const shard = header(files.slurm[1]);
    expect(shard).toMatchObject({ schema: "rsi-sim.shard/2", kind: "sweep", shard: { index: 2, count: 3, first: 80, rows: 80 } });
    expect(shard.points).toHaveLength(6);
    expect(shard.sweep).toMatchObject({ param: "ratio", values: [20, 200, 2000], param2: "p_comply", values2: [0, 1], samples: 240, seed: 5 });
  }, TIMEOUT);

  it("merges to exactly the single sweep's JSON, HTML, table and CSV (any file order)", async () => {
    const [json, table] = await Promise.all([
      ok(["merge", files.slurm[2], files.slurm[0], files.slurm[1], "--out", "merged.json", "--html", "merged.html"]),
      ok(["merge", ...files.slurm, "--format", "table"]),
      ok(["merge", ...files.slurm, "--out", "merged.csv"]),
    ]);
    expect(json.stdout).toBe("");
    expect(read("merged.json")).toBe(read("sweep.json"));
    expect(html("merged.html")).toBe(html("sweep.html"));
    expect(table.stdout).toBe(read("sweep.txt"));
    // the command is wrapped at 80 columns with " \\" line ends, as a shell reads it
    expect(table.stdout.replace(/ \\\n\s+/g, " ")).toContain('Reproduce: rsi-sim sweep ratio --values 20,200,2000 --param2 p_comply --values2 0,1 --samples 240 --seed 5 --r-soft "0.8 to 2"');
    expect(read("merged.csv")).toBe(read("sweep.csv"));
    const k8s = await ok(["merge", ...files.k8s]);
    expect(k8s.stdout).toBe(read("sweep.json"));
  }, TIMEOUT);

  it("refuses a run shard among sweep shards, other --values, duplicate, missing, truncated and corrupted shards", async () => {
    await Promise.all([
      ok(["--samples", "240", "--seed", "5", "--workers", "1", "--shard", "2/3", "--out", "run-2.shard"]),
      ok([...SWEEP.map((a) => (a === "20,200,2000" ? "20,200,3000" : a)), "--shard", "2/3", "--out", "other-values.shard"]),
      ok([...SWEEP.map((a) => (a === "240" ? "300" : a)), "--shard", "2/3", "--out", "other-samples.shard"]),
    ]);
    const [s1, s2, s3] = files.slurm;
    const bytes = readFileSync(path.join(dir, s2));
    writeFileSync(path.join(dir, "sweep-truncated.shard"), bytes.subarray(0, Math.floor(bytes.length / 3)));
    const corrupted = Buffer.from(bytes);
    corrupted[corrupted.indexOf('"seed":5')+7] = "6".charCodeAt(0);
    writeFileSync(path.join(dir, "sweep-corrupted.shard"), corrupted);
    const cases: [string[], RegExp][] = [
      [[s1, "run-2.shard", s3], /run-2\.shard: is a shard of a run, but sweep-slurm-1\.shard is a shard of a sweep; merge the shards of one command only/],
      [["run-2.shard", s1, s3], /sweep-slurm-1\.shard: is a shard of a sweep, but run-2\.shard is a shard of a run/],
      [[s1, "other-values.shard", s3], /other-values\.shard: comes from a different sweep than sweep-slurm-1\.shard: values of the swept parameter differ \(\[20,200,3000\] vs \[20,200,2000\]\)/],
      [[s1, "other-samples.shard", s3], /other-samples\.shard: comes from a different sweep .*sample counts differ \(300 vs 240\)/],
      [[s1, s1, s2, s3], /duplicate shard 1\/3/],
      [[s1, s3], /merge: missing shard 2\/3/],
      [[s1, "sweep-truncated.shard", s3], /sweep-truncated\.shard: not a complete shard file/],
      [[s1, "sweep-corrupted.shard", s3], /sweep-corrupted\.shard: the shard file is corrupted/],
    ];
    await Promise.all(cases.map(([args, message], i) => refused(["merge", ...args], message, `refused-sweep-${i}.json`)));
  }, TIMEOUT);
});

describe("shards of sensitivity designs", () => {
  let sobol: { slurm: string[]; k8s: string[] };

  it("Sobol' (ishigami): the shards merge to exactly the single analysis's JSON, HTML and table", async () => {
    await Promise.all([ok([...SOBOL, "--out", "sobol.json", "--html", "sobol.html"]), ok([...SOBOL, "--out", "sobol.txt", "--format", "table"])]);
    sobol = await schedulerShards(SOBOL, "sobol", 0);
    const shard = header(sobol.slurm[0]);
    expect(shard).toMatchObject({ schema: "rsi-sim.shard/2", kind: "sensitivity", shard: { index: 1, count: 3, first: 0, rows: 107 } });
    expect(shard.options).toMatchObject({ method: "sobol", N: 64, seed: 1 });
    expect(shard.design).toMatchObject({ rows: 320 });
    expect(shard.design.sha256).toMatch(/^[0-9a-f]{64}$/);
    const [, table] = await Promise.all([
      ok(["merge", ...sobol.slurm, "--out", "sobol-merged.json", "--html", "sobol-merged.html"]),
      ok(["merge", ...sobol.slurm, "--format", "table"]),
      ok(["merge", sobol.k8s[1], sobol.k8s[0], "--out", "sobol-k8s.txt"]),
    ]);
    expect(read("sobol-merged.json")).toBe(read("sobol.json"));
    expect(html("sobol-merged.html")).toBe(html("sobol.html"));
    expect(table.stdout).toBe(read("sobol.txt"));
    expect(table.stdout).toContain("Reproduce: rsi-sim sensitivity --model");
    expect(table.stdout).not.toContain("--workers");
    expect(read("sobol-k8s.txt")).toBe(read("sobol.txt"));
  }, TIMEOUT);

  it("Morris (rsi-core, a prior set with --set): the shards merge to exactly the single analysis's JSON and table", async () => {
    await Promise.all([ok([...MORRIS, "--out", "morris.json"]), ok([...MORRIS, "--format", "table", "--out", "morris.txt"])]);
    const files = await schedulerShards(MORRIS, "morris", 1);
    const [json, , k8s] = await Promise.all([
      ok(["merge", ...files.slurm]),
      ok(["merge", ...files.slurm, "--out", "morris-merged.txt"]),
      ok(["merge", ...files.k8s, "--format", "table"]),
    ]);
    expect(json.stdout).toBe(read("morris.json"));
    expect(read("morris-merged.txt")).toBe(read("morris.txt"));
    expect(k8s.stdout).toBe(read("morris.txt"));
    expect(JSON.parse(json.stdout).outputs).toHaveProperty(["defined(takeoff_years)"]);
  }, TIMEOUT);

  it("Sobol' at the probability level (odd K, a sometimes-undefined output): shards carry the halves and merge to exactly the single analysis, on any number of workers", async () => {
    const PROB = [
      "sensitivity", "--model", path.resolve("models/test/known-probability.yaml"), "--method", "sobol", "--samples", "128", "--inner", "5",
      "--params", "a,b,c,p", "--outputs", "lost,t_lost", "--resamples", "100",
    ];
    await ok([...PROB, "--workers", "2", "--out", "prob.json"]);
    await Promise.all([1, 2, 3].map((i) => ok([...PROB, "--workers", "1", "--shard", `${i}/3`, "--out", `prob-${i}of3.shard`])));
    await Promise.all([1, 2].map((i) => ok([...PROB, "--workers", "2", "--shard", `${i}/2`, "--out", `prob-${i}of2.shard`])));
    const shard = header("prob-1of3.shard");
    expect(shard.options).toMatchObject({ level: "probability", inner: 5 });
    expect(Object.keys(shard.inner.half)).toEqual(["failedRuns", "defined", "mean"]);
    expect(Object.keys(shard.inner.half.mean)).toEqual(["lost", "t_lost"]);
    const [three, two] = await Promise.all([ok(["merge", "prob-1of3.shard", "prob-2of3.shard", "prob-3of3.shard"]), ok(["merge", "prob-2of2.shard", "prob-1of2.shard"])]);
    expect(three.stdout).toBe(read("prob.json"));
    expect(two.stdout).toBe(read("prob.json"));
    expect(JSON.parse(two.stdout).notes.join(" ")).toMatch(/Split-half estimators/);
    // a second half with more defined runs than its two draws, or none at all, is refused
    reseal("prob-1of3.shard", "prob-forged.shard", (p) => {
      const ref = p.header.inner.half.defined.lost as number;
      const v = column(p, ref);
      v[0] = 3;
      setColumn(p, ref, v);
    });
    // the second half's blocks are left without a field: refused as such, or for the missing half
    reseal("prob-1of3.shard", "prob-nohalf.shard", (p) => delete p.header.inner.half);
    const forged = await run(["merge", "prob-forged.shard", "prob-2of3.shard", "prob-3of3.shard"]);
    expect(forged.stderr).toMatch(/prob-forged\.shard: inner\.half\.defined\.lost: value 3 at row 0; counts of inner runs are whole numbers from 0 to 2/);
    const nohalf = await run(["merge", "prob-nohalf.shard", "prob-2of3.shard", "prob-3of3.shard"]);
    expect(nohalf.stderr).toMatch(/prob-nohalf\.shard: inner\.half: missing: with 2 or more inner draws a row keeps its second half's statistics/);
  }, TIMEOUT);

  it("refuses other options, a mix with sweep shards, a design that does not match its hash, csv; --shard with --write-design, --analyze or --html", async () => {
    await ok([...SOBOL.map((a) => (a === "200" ? "100" : a)), "--shard", "2/3", "--out", "sobol-resamples.shard"]);
    const [s1, s2, s3] = sobol.slurm;
    for (const f of sobol.slurm) reseal(f, `rehashed-${f}`, (p) => (p.header.design.sha256 = "0".repeat(64)));
    const cases: [string[], RegExp][] = [
      [[s1, "sobol-resamples.shard", s3], /sobol-resamples\.shard: comes from a different sensitivity design than sobol-slurm-0\.shard: bootstrap resamples \(--resamples\) differ \(100 vs 200\)/],
      [[s1, "sweep-slurm-2.shard", s3], /sweep-slurm-2\.shard: is a shard of a sweep, but sobol-slurm-0\.shard is a shard of a sensitivity design/],
      [sobol.slurm.map((f) => `rehashed-${f}`), /rehashed-sobol-slurm-0\.shard: the design rebuilt from its options does not match its hash/],
      [[s1, s2, s3, "--format", "csv"], /--format: the shards of a sensitivity design merge to json or table, not csv/],
    ];
    // an --out named for the format asked for (a .json name with --format csv is refused for its name first)
    await Promise.all(cases.map(([args, message], i) => refused(["merge", ...args], message, `refused-design-${i}.${args.includes("csv") ? "csv" : "json"}`)));
    await Promise.all([
      refused([...SOBOL, "--shard", "1/2", "--write-design", "design.json"], /--shard: does not apply to --write-design/, "design.json"),
      refused(["sensitivity", "--analyze", "design.json", "--results", "outputs.csv", "--shard", "1/2"], /--shard: does not apply to --analyze/),
      refused([...SWEEP, "--shard", "1/3", "--html", "report.html"], /--html: a shard writes only its shard file; give --html to rsi-sim merge/),
    ]);
    expect(existsSync(path.join(dir, "report.html"))).toBe(false);
  }, TIMEOUT);
});

describe("run shards in the earlier JSON format", () => {
  it("are refused in one line that says to run them again with this version", async () => {
    const args = ["--samples", "300", "--seed", "9", "--ratio", "50", "--workers", "1"];
    await Promise.all([ok([...args, "--shard", "1/2", "--out", "run-a.shard"]), ok([...args, "--shard", "2/2", "--out", "run-b.shard"])]);
    expect(header("run-a.shard").kind).toBe("run");
    // the first part of a shard in the JSON format of earlier versions
    writeFileSync(path.join(dir, "run-a-old.json"), JSON.stringify({ schema: "rsi-sim.shard/1", kind: "run", version: "0.1.0", columns: { loc: "AAAAAAAA8D8=" } }) + "\n");
    const [now] = await Promise.all([ok(["merge", "run-a.shard", "run-b.shard"]), refused(["merge", "run-a-old.json", "run-b.shard"], /run-a-old\.json: a shard file in the JSON format \(rsi-sim\.shard\/1\) that rsi-sim wrote before its binary shard files; run this shard again with this version of rsi-sim/)]);
    expect(JSON.parse(now.stdout).command).toBe("rsi-sim --samples 300 --seed 9 --ratio 50");
  }, TIMEOUT);
});
