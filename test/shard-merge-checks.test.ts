/**
 * What merge refuses and what it writes, past the checks of one file
 * (test/shard-validation.test.ts): shards of different builds of rsi-sim,
 * a --csv-layout a run's merge has no use for, --shards that contradicts
 * --shard; the merged command (with --outputs, and whatever the order of
 * the files); and the shard writer's size estimate against the files it
 * writes. The real binary, as a user runs it.
 */
import { spawnSync } from "node:child_process";
import { cpSync, existsSync, mkdtempSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { forgeShard, readShard } from "./helpers/shard-file.js";
import { merge } from "../src/app/merge.js";
import { BUILD_KEY_FILE, NUMERIC_LAYERS, modulesKey } from "../src/app/shard-build.js";

const BIN = path.resolve("bin/rsi-sim.js");
const dir = mkdtempSync(path.join(tmpdir(), "rsi-sim-merge-checks-"));
const run = (args: string[], env: Record<string, string> = {}) => {
  const clean = Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith("SLURM_") && k !== "JOB_COMPLETION_INDEX" && !k.startsWith("RSI_SIM_")));
  const r = spawnSync(process.execPath, [BIN, ...args], { encoding: "utf8", cwd: dir, env: { ...clean, ...env } });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
};
const read = (f: string) => readFileSync(path.join(dir, f), "utf8");
const refused = (r: { code: number | null; stderr: string }, message: RegExp) => {
  expect(r.code, r.stderr).toBe(2);
  expect(r.stderr).toMatch(message);
  expect(r.stderr.trim().split("\n")).toHaveLength(1);
};
const plain = ["--seed", "7", "--workers", "1", "--quiet"];
const common = ["--samples", "1200", ...plain];

describe("shards of different builds", () => {
  it("two shards whose build keys differ are refused, naming both files; the same build merges byte for byte as the single run", async () => {
    expect(run([...common, "--out", "single.json"]).code).toBe(0);
    for (const k of [1, 2]) expect(run([...common, "--shard", `${k}/2`, "--out", `b${k}.shard`]).code).toBe(0);
    const own = readShard(path.join(dir, "b1.shard")).header.build as string;
    expect(own).toMatch(/^[0-9a-f]{64}$/);
    expect(readShard(path.join(dir, "b2.shard")).header.build).toBe(own);
    // the same build, in either order: the single run's bytes
    expect(run(["merge", "b2.shard", "b1.shard", "--out", "merged.json"]).code).toBe(0);
    expect(read("merged.json")).toBe(read("single.json"));

    // shard 2 as another build of the same version would write it: another key, the file sealed again
    const other = own.replace(/^./, (c) => (c === "0" ? "1" : "0"));
    forgeShard(path.join(dir, "b2.shard"), path.join(dir, "other2.shard"), (p) => void (p.header.build = other));
    const mixed = run(["merge", "b1.shard", "other2.shard", "--out", "mixed.json"]);
    refused(mixed, /other2\.shard: and b1\.shard were written by different builds of rsi-sim \(rsi-sim [^,]+, build [0-9a-f]{12} and rsi-sim [^,]+, build [0-9a-f]{12}\); run all the shards again with one install of rsi-sim and merge them with it/);
    expect(existsSync(path.join(dir, "mixed.json"))).toBe(false);
    // also of shards given as bytes (the library's merge; a pipe's), whose headers are checked after reading
    const bytes = (f: string) => ({ name: f, bytes: readFileSync(path.join(dir, f)) });
    await expect(merge([bytes("b1.shard"), bytes("other2.shard")])).rejects.toThrow(/^other2\.shard: and b1\.shard were written by different builds of rsi-sim/);

    // both shards of another build: not merged by this one
    forgeShard(path.join(dir, "b1.shard"), path.join(dir, "other1.shard"), (p) => void (p.header.build = other));
    refused(run(["merge", "other1.shard", "other2.shard"]), /other1\.shard: was written by another build of rsi-sim \(.*\) than this one \(.*\); merge the shards with the install that wrote them, or run them again with this one/);

    // a shard of a build before shards carried the key
    forgeShard(path.join(dir, "b2.shard"), path.join(dir, "old2.shard"), (p) => void delete p.header.build);
    refused(run(["merge", "b1.shard", "old2.shard"]), /old2\.shard: was written by an earlier build of rsi-sim, whose shards do not say which build wrote them \(their header has no build key\); run the job's shards again with this install of rsi-sim/);
    // a key that is not a SHA-256
    forgeShard(path.join(dir, "b2.shard"), path.join(dir, "bad2.shard"), (p) => void (p.header.build = "0.1.0"));
    refused(run(["merge", "b1.shard", "bad2.shard"]), /bad2\.shard: build: must be a SHA-256 \(64 hex digits\), got "0\.1\.0"/);
  });

  it("the key is the SHA-256 of the source modules of core … analysis, written by the build into dist/build-key.json: the same for the tests (src/) and the CLI (dist/), whatever compiler built dist/ and whatever an older build left there (the key had been of dist/: three stale modules and the compiler tslab links as tsc had made it differ from a clean build)", async () => {
    const dist = path.resolve("dist");
    const src = path.resolve("src");
    const saved = JSON.parse(readFileSync(path.join(dist, "build-key.json"), "utf8"));
    expect(saved.layers).toEqual(NUMERIC_LAYERS);
    expect(saved.key).toBe(modulesKey(src, ".ts"));
    // from src/, where the tests run, the key is computed from the same sources (no build-key.json there)
    expect(BUILD_KEY_FILE).toBe(path.resolve("src", "build-key.json"));
    const { buildKey } = await import("../src/app/shard-build.js");
    expect(buildKey()).toBe(saved.key);
    const copy = mkdtempSync(path.join(tmpdir(), "rsi-sim-build-key-"));
    for (const layer of NUMERIC_LAYERS) cpSync(path.join(src, layer), path.join(copy, layer), { recursive: true });
    expect(modulesKey(copy, ".ts")).toBe(saved.key);
    const engine = path.join(copy, "engine", "simulate.ts");
    writeFileSync(engine, `${readFileSync(engine, "utf8")}\n`);
    expect(modulesKey(copy, ".ts")).not.toBe(saved.key);
    // a declaration file is not code
    writeFileSync(path.join(copy, "engine", "extra.d.ts"), "export {};\n");
    writeFileSync(engine, readFileSync(path.join(src, "engine", "simulate.ts")));
    expect(modulesKey(copy, ".ts")).toBe(saved.key);
  });
});

describe("the merged command", () => {
  it("merge --outputs writes the command with --outputs, so it gives the merged bytes", () => {
    expect(run([...common, "--outputs", "loc,t100", "--out", "single-outputs.json"]).code).toBe(0);
    const m = run(["merge", "b1.shard", "b2.shard", "--outputs", "loc,t100", "--out", "merged-outputs.json"]);
    expect(m.code, m.stderr).toBe(0);
    expect(read("merged-outputs.json")).toBe(read("single-outputs.json"));
    expect(JSON.parse(read("merged-outputs.json")).command).toBe("rsi-sim --samples 1200 --seed 7 --outputs loc,t100");
  });

  it("shards run with the same arguments written otherwise merge to the same bytes in either order: the command is shard 1's", () => {
    expect(run(["--seed", "7", "--samples", "1200", "--workers", "1", "--quiet", "--shard", "2/2", "--out", "c2.shard"]).code).toBe(0);
    for (const [files, out] of [[["b1.shard", "c2.shard"], "o12.json"], [["c2.shard", "b1.shard"], "o21.json"]] as const) {
      expect(run(["merge", ...files, "--out", out]).code).toBe(0);
    }
    expect(read("o21.json")).toBe(read("o12.json"));
    expect(read("o12.json")).toBe(read("single.json"));
    // a sweep's values written otherwise
    const sweep = (values: string, k: number) => run(["sweep", "ratio", "--values", values, "--samples", "600", "--seed", "3", "--workers", "1", "--quiet", "--shard", `${k}/2`, "--out", `w${k}.shard`]);
    expect(sweep("20,200", 1).code).toBe(0);
    expect(sweep("20,200.0", 2).code).toBe(0);
    expect(run(["merge", "w1.shard", "w2.shard", "--out", "w12.json"]).code).toBe(0);
    expect(run(["merge", "w2.shard", "w1.shard", "--out", "w21.json"]).code).toBe(0);
    expect(read("w21.json")).toBe(read("w12.json"));
  }, 60_000);
});

describe("flags a merge or a shard has no use for", () => {
  it("merge --csv-layout long is refused for a run's shards, as for a comparison's", () => {
    refused(run(["merge", "b1.shard", "b2.shard", "--csv-layout", "long", "--out", "long.csv"]), /^rsi-sim: --csv-layout: goes with the shards of a sweep \(a run's CSV has one layout: a row a draw\)$/m);
    expect(existsSync(path.join(dir, "long.csv"))).toBe(false);
  });

  it("--shards that contradicts --shard K/N or a Slurm array's task count is refused; --shards alone is refused as before", () => {
    refused(run([...common, "--shard", "1/3", "--shards", "5", "--out", "x.shard"]), /--shards: is 5, but --shard 1\/3 says the job has 3 shards/);
    const slurm = { SLURM_ARRAY_TASK_ID: "1", SLURM_ARRAY_TASK_COUNT: "4", SLURM_ARRAY_TASK_MIN: "1", SLURM_ARRAY_TASK_MAX: "4" };
    refused(run([...common, "--shard", "auto", "--shards", "8", "--out", "x.shard"], slurm), /--shards: is 8, but --shard auto in this Slurm job array takes N from its 4 tasks \(SLURM_ARRAY_TASK_COUNT\)/);
    refused(run([...common, "--shards", "3"]), /--shards: goes with --shard auto/);
    // a stepped array's tasks are not the shards one by one
    const stepped = { SLURM_ARRAY_TASK_ID: "2", SLURM_ARRAY_TASK_COUNT: "4", SLURM_ARRAY_TASK_MIN: "0", SLURM_ARRAY_TASK_MAX: "6", SLURM_ARRAY_TASK_STEP: "2" };
    refused(run([...common, "--shard", "auto", "--out", "x.shard"], stepped), /--shard: is auto, but this Slurm job array's 4 tasks are not numbered one by one \(ids 0…6, step 2\)/);
    expect(existsSync(path.join(dir, "x.shard"))).toBe(false);
    // agreeing flags are fine
    expect(run([...common, "--shard", "2/2", "--shards", "2", "--out", "y.shard"]).code).toBe(0);
    expect(run([...common, "--shard", "auto", "--shards", "4", "--out", "z.shard"], slurm).code).toBe(0);
  });
});

describe("the shard writer's size check", () => {
  it("counts the header and the series histograms: a shard over RSI_SIM_MAX_SHARD_MB is refused before it runs, not written and then refused by merge", () => {
    // a shard of 1000 draws of rsi-core: 154 bytes a draw and ~0.39 MB of header and histograms
    const r = run([...plain, "--samples", "3000", "--shard", "1/3", "--out", "limit.shard"], { RSI_SIM_MAX_SHARD_MB: "0.3" });
    refused(r, /--samples: a shard of 1000 draws of rsi-core would be a file of about 0\.[5-6] MB, larger than the 0\.3 MB rsi-sim merge reads \(RSI_SIM_MAX_SHARD_MB\); split the job into more shards, or raise RSI_SIM_MAX_SHARD_MB/);
    expect(existsSync(path.join(dir, "limit.shard"))).toBe(false);
    // under a limit the estimate passes, the file is within it, and merge reads it
    expect(run([...plain, "--samples", "3000", "--shard", "1/3", "--out", "limit.shard"], { RSI_SIM_MAX_SHARD_MB: "0.6" }).code).toBe(0);
    expect(statSync(path.join(dir, "limit.shard")).size).toBeLessThanOrEqual(0.6 * 1024 * 1024);
    // a limit under a tenth of a MB prints in KB, not as "0.0 MB"
    refused(run(["merge", "limit.shard"], { RSI_SIM_MAX_SHARD_MB: "0.01" }), /limit\.shard: the file is 0\.5 MB; rsi-sim reads shard files of at most 10 KB \(RSI_SIM_MAX_SHARD_MB raises the limit\)/);
  });

  it("the estimate bounds the file from above, within 10% (a run of rsi-core and of forethought-sie; a sweep)", async () => {
    const { loadModel } = await import("../src/model/compile.js");
    const { shardFileBytes } = await import("../src/app/limits.js");
    const { runShard } = await import("../src/app/run.js");
    for (const name of ["rsi-core", "forethought-sie"]) {
      const model = loadModel(name);
      for (const samples of [10, 2000]) {
        const actual = (await runShard({ model, samples, seed: 1, workers: 1 }, { index: 1, count: 1 })).bytes.length;
        const estimate = shardFileBytes(model, samples);
        expect(estimate, `${name}, ${samples} draws`).toBeGreaterThanOrEqual(actual);
        expect(estimate, `${name}, ${samples} draws`).toBeLessThan(1.1 * actual + 16_384);
      }
    }
    const w = run(["sweep", "ratio", "--values", "20,200,2000", "--samples", "900", "--seed", "3", "--workers", "1", "--quiet", "--shard", "1/1", "--out", "sweep-size.shard"]);
    expect(w.code, w.stderr).toBe(0);
    const header = readShard(path.join(dir, "sweep-size.shard")).header;
    const model = loadModel("rsi-core");
    const estimate = shardFileBytes(model, 900, { points: 3, outputs: header.sweep.outputs });
    const actual = statSync(path.join(dir, "sweep-size.shard")).size;
    expect(estimate).toBeGreaterThanOrEqual(actual);
    expect(estimate).toBeLessThan(1.1 * actual + 16_384);
  }, 60_000);
});
