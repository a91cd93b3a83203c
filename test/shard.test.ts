/**
 * Shards and merge, run as a scheduler would run them: N processes of the
 * real binary with Slurm's or Kubernetes' environment variables, then
 * `rsi-sim merge`, compared byte for byte with the single run.
 */
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";

const BIN = path.resolve("bin/rsi-sim.js");
const dir = mkdtempSync(path.join(tmpdir(), "rsi-sim-shard-"));
const run = (args: string[], env: Record<string, string> = {}) => {
  const clean = Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith("SLURM_") && k !== "JOB_COMPLETION_INDEX"));
  const r = spawnSync(process.execPath, [BIN, ...args], { encoding: "utf8", cwd: dir, env: { ...clean, ...env } });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
};
const common = ["--samples", "1200", "--seed", "11", "--ratio", "50", "--r-soft", "0.8 to 2", "--workers", "1"];

describe("shards and merge", () => {
  const single = path.join(dir, "single.json");
  it("the single run", () => {
    expect(run([...common, "--out", single]).code).toBe(0);
  });

  it("a Slurm job array (ids 1..4) merges to the single run, byte for byte", () => {
    for (let id = 1; id <= 4; id++) {
      const r = run([...common, "--shard", "auto", "--out", `slurm-${id}.shard`], {
        SLURM_ARRAY_TASK_ID: String(id),
        SLURM_ARRAY_TASK_COUNT: "4",
        SLURM_ARRAY_TASK_MIN: "1",
      });
      expect(r.code, r.stderr).toBe(0);
    }
    const m = run(["merge", "slurm-3.shard", "slurm-1.shard", "slurm-4.shard", "slurm-2.shard", "--out", "slurm-merged.json"]);
    expect(m.code, m.stderr).toBe(0);
    expect(readFileSync(path.join(dir, "slurm-merged.json"), "utf8")).toBe(readFileSync(single, "utf8"));
  });

  it("a Kubernetes Indexed Job (indices 0..2, --shards 3) merges to the single run, byte for byte", () => {
    for (let i = 0; i < 3; i++) {
      const r = run([...common, "--shard", "auto", "--shards", "3", "--out", `k8s-${i}.shard`], { JOB_COMPLETION_INDEX: String(i) });
      expect(r.code, r.stderr).toBe(0);
    }
    const m = run(["merge", "k8s-0.shard", "k8s-1.shard", "k8s-2.shard"]);
    expect(m.code, m.stderr).toBe(0);
    expect(m.stdout).toBe(readFileSync(single, "utf8"));
  });

  it("refuses mismatched, duplicate, missing, truncated and corrupted shards with one line and exit 2", () => {
    expect(run([...common.map((a) => (a === "11" ? "12" : a)), "--shard", "2/3", "--out", "other-seed.shard"]).code).toBe(0);
    expect(run([...common.map((a) => (a === "50" ? "60" : a)), "--shard", "2/3", "--out", "other-ratio.shard"]).code).toBe(0);
    const bytes = readFileSync(path.join(dir, "k8s-1.shard"));
    writeFileSync(path.join(dir, "truncated.shard"), bytes.subarray(0, bytes.length / 2));
    const corrupted = Buffer.from(bytes);
    const steps = corrupted.indexOf('"steps":') + 8;
    corrupted[steps] = ((corrupted[steps] - 48 + 1) % 10) + 48;
    writeFileSync(path.join(dir, "corrupted.shard"), corrupted);
    const cases: [string[], RegExp][] = [
      [["k8s-0.shard", "other-seed.shard", "k8s-2.shard"], /other-seed\.shard: comes from a different run .*seeds differ/],
      [["k8s-0.shard", "other-ratio.shard", "k8s-2.shard"], /other-ratio\.shard: comes from a different run .*parameter settings differ/],
      [["k8s-0.shard", "k8s-0.shard", "k8s-1.shard", "k8s-2.shard"], /duplicate shard 1\/3/],
      [["k8s-0.shard", "k8s-2.shard"], /missing shard 2\/3/],
      [["k8s-0.shard", "truncated.shard", "k8s-2.shard"], /truncated\.shard: not a complete shard file/],
      [["k8s-0.shard", "corrupted.shard", "k8s-2.shard"], /corrupted\.shard: the shard file is corrupted/],
      [["k8s-0.shard", "nope.shard"], /nope\.shard: no such file$/m],
      [["single.json"], /single\.json: not an rsi-sim shard file/],
    ];
    for (const [files, message] of cases) {
      const r = run(["merge", ...files, "--out", "should-not-exist.json"]);
      expect(r.code).toBe(2);
      expect(r.stderr).toMatch(message);
      expect(r.stderr.trim().split("\n")).toHaveLength(1);
    }
    expect(() => readFileSync(path.join(dir, "should-not-exist.json"))).toThrow();
  });

  it("writes .shard files by default; refuses --out naming JSON, CSV, text or HTML, and --format, for a shard", () => {
    const r = run([...common, "--shard", "2/3"]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toMatch(/wrote shard 2\/3 \(draws 400…799\) to rsi-sim-shard-2-of-3\.shard/);
    expect(readFileSync(path.join(dir, "rsi-sim-shard-2-of-3.shard")).subarray(0, 8).toString()).toBe("RSISHARD");
    const cases: [string[], RegExp][] = [
      [["--out", "s2.json"], /^rsi-sim: --out: a shard file is binary \(an rsi-sim shard, not JSON\); name it s2\.shard, and give s2\.json to rsi-sim merge --out\n$/],
      [["--out", "s2.CSV"], /--out: a shard file is binary \(an rsi-sim shard, not CSV\); name it s2\.shard/],
      [["--out", "s2.html"], /--out: a shard file is binary \(an rsi-sim shard, not HTML\)/],
      [["--format", "json", "--out", "s2.shard"], /--format: a shard file is binary \(an rsi-sim \.shard file\); give --format json to rsi-sim merge/],
    ];
    for (const [args, message] of cases) {
      const x = run([...common, "--shard", "2/3", ...args]);
      expect(x.code).toBe(2);
      expect(x.stderr).toMatch(message);
    }
    for (const f of ["s2.json", "s2.CSV", "s2.html", "s2.shard"]) expect(() => readFileSync(path.join(dir, f))).toThrow();
  });

  it("--shard auto without a scheduler, and a bad --shard, are clear errors", () => {
    expect(run([...common, "--shard", "auto"]).stderr).toMatch(/found neither SLURM_ARRAY_TASK_ID .* nor JOB_COMPLETION_INDEX/);
    expect(run([...common, "--shard", "4/3"]).stderr).toMatch(/--shard: K must be between 1 and N/);
    expect(run([...common, "--shard", "auto"], { JOB_COMPLETION_INDEX: "0" }).stderr).toMatch(/needs --shards N/);
  });
});
