/**
 * Hardening of the command line and of the use cases' sizes: stray words,
 * settings given twice, sizes past a limit, memory estimates, long horizons,
 * thread counts and the small commands' flags. Each case is a mistake a user
 * made; each must end with one line, exit status 2, before any work.
 */
import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readdirSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { main } from "../src/cli/main.js";
import { clipLine, errorLine, printable } from "../src/cli/main.js";
import { UserError } from "../src/core/errors.js";
import { run } from "../src/app/run.js";
import { sweep } from "../src/app/sweep.js";
import { sensitivityDesign, sensitivityShard, type SensitivityRunOptions } from "../src/app/sensitivity.js";
import { checkMemory, designBytes, formatBytes, overLimitTexts, parseMemory, runBytes, sensitivityShardFileBytes } from "../src/app/limits.js";
import { loadModel } from "../src/model/compile.js";
import { MAX_RECORD_TIMES } from "../src/model/record-times.js";

const tmp = mkdtempSync(path.join(tmpdir(), "rsi-sim-limits-"));

/** The CLI in this process: exit status, stdout and stderr. */
async function cli(...argv: string[]) {
  let stdout = "";
  let stderr = "";
  const code = await main(argv, { stdout: (s) => void (stdout += s), stderr: (s) => void (stderr += s), isTTY: false });
  return { code, stdout, stderr };
}

/** A refusal: exit 2, one line on stderr matching `pattern`, nothing on stdout. */
async function refused(pattern: RegExp, ...argv: string[]) {
  const r = await cli(...argv);
  expect(r.stdout).toBe("");
  expect(r.stderr.trimEnd().split("\n")).toHaveLength(1);
  expect(r.stderr).toMatch(pattern);
  expect(r.code).toBe(2);
}

describe("words and settings the run command used to take silently", () => {
  it("refuses a distribution's words split by the shell, with the quoted form", async () => {
    await refused(/unexpected argument "to" after --r-soft 0\.5; a value with spaces needs quotes: --r-soft "0\.5 to 3"/, "--r-soft", "0.5", "to", "3", "--samples", "10");
  });

  it("refuses stray words after run", async () => {
    await refused(/unexpected argument "stray1"; see rsi-sim --help/, "run", "--samples", "100", "stray1", "stray2");
    await refused(/unexpected argument "x"/, "sensitivity", "--method", "oat", "x");
  });

  it("refuses a parameter set twice, whatever the flags", async () => {
    await refused(/--set ratio: sets ratio again \(--ratio 20 sets it too\)/, "--ratio", "20", "--set", "ratio=30", "--samples", "10");
    await refused(/--set ratio: sets ratio again \(--set ratio=1 sets it too\)/, "--set", "ratio=1", "--set", "ratio=2000", "--samples", "10");
    await refused(/sets ratio again/, "sweep", "gamma", "--values", "0.5,1", "--ratio", "20", "--set", "ratio=30", "--samples", "10");
  });

  it("refuses a mixture with a point mass outside a parameter's range (0 of a positive ratio), as a discrete prior is", async () => {
    await refused(/^rsi-sim: --ratio: the prior mx\(0, lognormal\(100 to 300\)\) reaches outside \(0, inf\); give values inside it\n?$/, "--ratio", "mx(0, 100 to 300, [0.5, 0.5])", "--samples", "10");
    const ok = await cli("--ratio", "mx(50, 100 to 300, [0.5, 0.5])", "--samples", "20", "--workers", "1", "--format", "json");
    expect(ok.code).toBe(0);
  });

  it("still runs with one setting per parameter", async () => {
    const r = await cli("--ratio", "20", "--set", "r_soft=0.5 to 3", "--samples", "20", "--workers", "1", "--format", "json");
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout).parameters.ratio).toBe(20);
  });

  it("a parameter named as one of the command's flags (seed, samples, version, h) is set with --set only, never by the command's flag", async () => {
    const file = path.join(tmp, "flag-names.yaml");
    writeFileSync(
      file,
      `name: flag-names
time: { start: 0, horizon: 1 }
parameters:
  seed: "1 to 2"
  samples: "uniform(3, 4)"
  version: "uniform(5, 6)"
  h: "uniform(7, 8)"
state:
  c: { initial: 0, rate: "seed + samples + version + h" }
outputs:
  o: "final(c)"
`,
    );
    const r = await cli("--model", file, "--seed", "7", "--samples", "50", "--workers", "1", "--format", "json");
    expect(r.stderr).toBe(""); // no yargs warning about "version"
    const j = JSON.parse(r.stdout);
    expect(j.samples).toBe(50);
    expect(j.seed).toBe(7);
    expect(j.parameters.seed).toMatch(/lognormal/); // its prior, not the run's seed
    expect(j.outputs.o.quantiles.p5).toBeGreaterThan(16);
    const set = JSON.parse((await cli("--model", file, "--samples", "20", "--workers", "1", "--format", "json", "--set", "seed=3", "--set", "h=0")).stdout);
    expect([set.parameters.seed, set.parameters.h]).toEqual([3, 0]);
    for (const command of [["sweep", "samples", "--values", "3,4"], ["compare", "--scenario", "a", "--scenario", "b", "--set", "seed=1.5"]]) {
      const s = await cli(...command, "--model", file, "--seed", "7", "--samples", "20", "--workers", "1", "--format", "json");
      expect(s.code, s.stderr).toBe(0);
    }
  });

  it("takes a value that starts with a minus sign and a digit as the flag's value (-1e3, \"-1 to 1\": they were \"unknown flag --1\")", async () => {
    const fixed = await cli("--margin0", "-1e3", "--samples", "20", "--workers", "1", "--format", "json");
    expect(fixed.stderr).toBe("");
    expect(JSON.parse(fixed.stdout).parameters.margin0).toBe(-1000);
    for (const prior of ["-1 to 1", "-2 to -1"]) {
      const r = await cli("--margin0", prior, "--samples", "20", "--workers", "1", "--format", "json");
      expect(r.code).toBe(0);
      expect(JSON.parse(r.stdout).parameters.margin0).toMatch(new RegExp(`${prior}$`));
    }
    const c = await cli("compare", "--samples", "20", "--workers", "1", "--format", "json", "--scenario", "a", "--margin0", "-1 to 0", "--scenario", "b");
    expect(c.code).toBe(0);
    expect(JSON.stringify(JSON.parse(c.stdout).scenarios)).toContain("-1 to 0");
  });
});

describe("sizes past a limit are refused before any work", () => {
  it("draws, design sizes, resamples and sweep points", async () => {
    await refused(/--samples: must be at most 2147483647/, "--samples", "10000000000");
    await refused(/--samples: must be at most 2147483647/, "sensitivity", "--method", "sobol", "--samples", "1099511627776");
    await refused(/--trajectories: must be at most/, "sensitivity", "--method", "morris", "--trajectories", "1000000000000");
    await refused(/--samples: must be at most/, "sensitivity", "--method", "oat", "--samples", "1000000000000");
    await refused(/--resamples: must be at most 100000, got 1000000000000/, "sensitivity", "--method", "oat", "--resamples", "1000000000000");
    await refused(/--points: must be at most 10000/, "sweep", "ratio", "--range", "1:100", "--points", "1000000000");
    await refused(/--points: must be at most 10000 \(points of a grid/, "sweep", "ratio", "--range", "1:100", "--points", "200", "--param2", "gamma", "--range2", "0.3:1", "--points2", "200");
  });

  it("a run whose memory estimate is over the limit names the estimate and how to proceed", async () => {
    await refused(/--samples: 100000000 draws of rsi-core would need about \d+ GB of memory, over the limit of .* split the run into shards \(--shard K\/N, then rsi-sim merge\), or raise the limit with --max-memory/, "--samples", "100000000");
    await refused(/--samples: 20000 draws of rsi-core would need about \d+ MB of memory, over the limit of 100 MB \(set by --max-memory\)/, "--samples", "20000", "--max-memory", "100MB");
    await refused(/--max-memory: must be a size such as 8GB/, "--samples", "20", "--max-memory", "lots");
    await refused(/a sobol design of 34603008 rows would need about/, "sensitivity", "--method", "sobol", "--samples", "1048576");
    await refused(/--samples: an oat design of \d+ rows would need about/, "sensitivity", "--method", "oat", "--level", "outcome", "--samples", "10000000", "--max-memory", "1GB");
    // the design is too large only because of --inner: it is --inner that is named
    await refused(/--inner: must be at most 63550 \(1024 base rows of 33 rows × K draws must stay within 2147483647\), got 100000/, "sensitivity", "--method", "sobol", "--samples", "1024", "--inner", "100000");
  });

  it("a comparison counts the fixed base and the threads once, and each scenario's draws (80 scenarios of 100 draws had been refused as 14 GB)", async () => {
    const scenarios = (n: number) => Array.from({ length: n }, (_, i) => ["--scenario", `s${i + 1}`, "--ratio", String(i + 1)]).flat();
    const small = await cli("compare", "--samples", "100", "--workers", "1", "--outputs", "loc", "--timeline", "", "--format", "json", ...scenarios(80));
    expect(small.stderr).not.toMatch(/would need/);
    expect(small.code).toBe(0);
    expect(Object.keys(JSON.parse(small.stdout).scenarios)).toHaveLength(80);
    // 3 × 300,000 draws at ~712 bytes a draw: 0.64 GB above the base, over a 500 MB limit; 2 × 100 draws are far under it
    await refused(/--samples: 3 scenarios of 300000 draws would need about 8\d\d MB of memory, over the limit of 500 MB/, "compare", "--samples", "300000", "--max-memory", "500MB", ...scenarios(3));
  }, 60_000);

  it("a run to a precision is refused for the most draws it may keep (--max-samples) before its first block, not when a block gets there", async () => {
    // the old check came after 1,000,000 draws had run, as "--samples: 1200000 draws of rsi-core would need …"
    await refused(/--max-samples: a run to a precision of up to 2000000 draws of rsi-core would need about \d\.\d GB of memory, over the limit of 700 MB \(set by --max-memory\); give a smaller --max-samples/, "--precision", "0.0001", "--samples", "200000", "--max-samples", "2000000", "--max-memory", "700MB");
    const ok = await cli("--precision", "0.05", "--samples", "200", "--max-samples", "400", "--max-memory", "700MB", "--workers", "1", "--format", "json");
    expect(ok.code).toBe(0);
  }, 60_000);

  it("so is a sweep to a precision, for --max-samples draws at every point (it had piled up blocks past --max-memory)", async () => {
    await refused(/--max-samples: a sweep to a precision of up to 200000 draws at each of 50 points would need about \d+(\.\d)? GB of memory, over the limit of 400 MB \(set by --max-memory\); give a smaller --max-samples/, "sweep", "ratio", "--range", "1:1000", "--log", "--points", "50", "--samples", "1000", "--precision", "0.002", "--max-samples", "200000", "--max-memory", "400MB");
    const ok = await cli("sweep", "ratio", "--values", "20,200", "--samples", "200", "--precision", "0.05", "--max-samples", "400", "--max-memory", "400MB", "--workers", "1", "--format", "json");
    expect(ok.code).toBe(0);
    // and a comparison to a precision (it named --samples and advised --shard, which --precision refuses)
    await refused(/--max-samples: a comparison to a precision of up to 2 scenarios of 2000000 draws would need about \d+(\.\d)? GB of memory, over the limit of 400 MB \(set by --max-memory\); give a smaller --max-samples/, "compare", "--samples", "1000", "--precision", "0.001", "--max-samples", "2000000", "--max-memory", "400MB", "--scenario", "a", "--scenario", "b", "--ratio", "20");
  }, 60_000);

  it("the library refuses the same, naming its arguments", async () => {
    await expect(run({ samples: 100_000_000, workers: 1 })).rejects.toThrow(/samples.* 100000000 draws of rsi-core would need about/);
    await expect(run({ samples: 2000, maxMemory: "1MB", workers: 1 })).rejects.toThrow(/over the limit of 1\.0 MB \(set by maxMemory\)/);
    await expect(sweep({ param: "ratio", range: [1, 100], points: 20_000, samples: 10 })).rejects.toThrow(/points must be at most 10000/);
    await expect(sensitivityDesign({ method: "sobol", samples: 1e9 })).rejects.toThrow(/samples must be at most/);
  });

  it("the memory estimate of a run stays within a factor of two of the measured cost (776 bytes a draw for rsi-core: BENCHMARKS.md gives the command)", () => {
    const model = loadModel("rsi-core");
    const perDraw = (runBytes(model, 1e6, { workers: 2, recordTimes: 75 }) - runBytes(model, 0, { workers: 2, recordTimes: 75 })) / 1e6;
    expect(perDraw).toBeGreaterThan(390);
    expect(perDraw).toBeLessThan(1560);
    // a JSON summary on several threads drops the table's output columns (measured ~190 bytes a draw: BENCHMARKS.md)
    const folded = (runBytes(model, 1e6, { workers: 2, recordTimes: 75, keepTable: false }) - runBytes(model, 0, { workers: 2, recordTimes: 75, keepTable: false })) / 1e6;
    expect(folded).toBeGreaterThan(95);
    expect(folded).toBeLessThan(380);
  });

  it("memory sizes parse with their units", () => {
    expect(parseMemory("8GB")).toBe(8e9);
    expect(parseMemory("512MiB")).toBe(512 * 2 ** 20);
    expect(parseMemory(1234)).toBe(1234);
    expect(() => parseMemory("-1GB")).toThrow(/must be a size/);
    expect(() => parseMemory("0")).toThrow(/must be at least 1 byte/);
    // a bare number is bytes: a quarter of a byte is no limit (it was taken as 0 bytes)
    expect(() => parseMemory("0.25")).toThrow(/must be at least 1 byte \(a bare number is bytes/);
    expect(() => parseMemory(0.5)).toThrow(/must be at least 1 byte/);
    expect(parseMemory("1")).toBe(1);
    expect(formatBytes(1.1e11)).toBe("110 GB");
    expect([formatBytes(3.5e8), formatBytes(1.049e6), formatBytes(1.15e6), formatBytes(2e3)]).toEqual(["350 MB", "1.0 MB", "1.2 MB", "2 KB"]);
    expect([formatBytes(1e5), formatBytes(9.9e4), formatBytes(1), formatBytes(0)]).toEqual(["0.1 MB", "99 KB", "1 byte", "0 bytes"]);
    // an estimate just over its limit never prints as the limit
    expect(overLimitTexts(100.3e6, 100e6)).toEqual(["100.3 MB", "100.0 MB"]);
    expect(overLimitTexts(2.0004e9, 2e9)).toEqual(["2.0004 GB", "2.0000 GB"]);
    expect(overLimitTexts(3e8, 1e8)).toEqual(["300 MB", "100 MB"]);
    expect(() => checkMemory(100.3e6, { argument: "samples", what: "x", advice: "y" }, "100MB")).toThrow(/about 100\.3 MB of memory, over the limit of 100\.0 MB/);
    expect(() => checkMemory(2e9, { argument: "samples", what: "x draws", advice: "give fewer" }, "1GB")).toThrow(/x draws would need about 2\.0 GB of memory, over the limit of 1\.0 GB/);
  });
});

describe("the memory estimate of a sensitivity design", () => {
  it("counts every output of the model, which the design's table holds, not only those --outputs analyses (858 MB measured at --outputs loc, estimated 358 MB)", async () => {
    await refused(/--samples: a sobol design of 330000 rows would need about 1\.0 GB of memory/, "sensitivity", "--method", "sobol", "--samples", "10000", "--outputs", "loc", "--max-memory", "1MB");
  });

  it("bounds what rsi-core's Sobol' design at the probability level used, within 30% (BENCHMARKS.md: 415, 776 and 851 MB at N = 2048, 8192, 10000)", () => {
    // rsi-core: 30 factors, 27 outputs, K = 32; a Sobol' base row is k + 3 = 33 design rows
    for (const [N, measured] of [[2048, 415e6], [8192, 776e6], [10000, 851e6]]) {
      const estimate = designBytes(33 * N, 30, 27, 1000, 32);
      expect(estimate).toBeGreaterThanOrEqual(measured);
      expect(estimate).toBeLessThanOrEqual(1.3 * measured);
    }
  });
});

describe("horizons and record times", () => {
  it("refuses a horizon whose record times would not fit", async () => {
    await refused(/--horizon: 1e\+308 gives 1\.00e\+308 record times .* at most 100000 fit/, "--horizon", "1e308");
    await refused(/--horizon: 10000000 gives 1\.00e\+7 record times/, "--horizon", "1e7");
    await refused(/--horizon: must be after the model's start \(2026\)/, "--horizon", "2000");
    await refused(/--horizon: the span 9.09[0-9]*e-13 from 2026 is too short for the solver \(it must be more than 2\.03e-9/, "--horizon", "2026.000000000001");
  });

  it("refuses a model whose record_every gives more record times than fit, at validate", async () => {
    const file = path.join(tmp, "tiny-record.yaml");
    const model = loadModel("rsi-core").source.replace("record_every: 1 }", "record_every: 1e-9 }");
    expect(model).toContain("record_every: 1e-9 }");
    writeFileSync(file, model);
    const r = await cli("validate", file);
    expect(r.stderr).toMatch(new RegExp(`time\\.record_every.*at most ${MAX_RECORD_TIMES} fit`));
    expect(r.code).toBe(2);
  });
});

describe("threads and the small commands' flags", () => {
  it("caps --workers at 4 per core (at least 16)", async () => {
    await refused(/--workers: must be at most \d+ \(4 threads per core/, "--workers", "1000", "--samples", "10");
  });

  it("a refused job with many threads started early ends at once", () => {
    const t0 = Date.now();
    const r = spawnSync(process.execPath, [path.resolve("bin/rsi-sim.js"), "--workers", "16", "--samples", "100000", "--seed", "-5"], { encoding: "utf8", timeout: 60_000 });
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/^rsi-sim: --seed: .*\n$/);
    expect(Date.now() - t0).toBeLessThan(30_000);
  });

  it("describe and validate refuse unknown flags and extra words", async () => {
    await refused(/unknown flag --bogus; see rsi-sim describe --help/, "describe", "rsi-core", "--bogus");
    await refused(/unknown flag --bogus; see rsi-sim validate --help/, "validate", "models/rsi-core.yaml", "--bogus");
    await refused(/give one model/, "describe", "rsi-core", "forethought-sie");
    const ok = await cli("describe", "--model", "rsi-core");
    expect(ok.code).toBe(0);
  });

  it("refuses a shard count past the most a job may be split into", async () => {
    await refused(/--shard: N must be at most 1000000, got 100000000000000000000/, "--shard", "1/100000000000000000000", "--samples", "10");
    expect(readdirSync(process.cwd()).filter((f) => f.startsWith("shard-"))).toEqual([]);
  });
});

describe("error lines", () => {
  it("escape control characters and cut a long line, keeping its start and end", () => {
    expect(printable("a\x1b[31mb\nc")).toBe("a\\x1b[31mb\\nc");
    const long = `start ${"x".repeat(1_000_000)} end`;
    const clipped = clipLine(long, 400);
    expect(clipped.length).toBeLessThanOrEqual(400);
    expect(clipped.startsWith("start ")).toBe(true);
    expect(clipped.endsWith(" end")).toBe(true);
    expect(errorLine(new UserError("m.yaml", `bad prior "${"9".repeat(1_000_000)}"`)).length).toBeLessThanOrEqual(400);
  });

  it("a 1 MB prior on the command line is echoed in one short line", async () => {
    const r = await cli("--r-soft", `beta(${"1".repeat(1_000_000)}`, "--samples", "10");
    expect(r.code).toBe(2);
    expect(r.stderr.length).toBeLessThan(500);
  });
});

describe("files that never end", () => {
  it("validate /dev/zero and --model /dev/zero stop at the model file's size limit", async () => {
    await refused(/\/dev\/zero: is larger than 4194304 bytes, too large for a model file/, "validate", "/dev/zero");
    await refused(/\/dev\/zero: is larger than 4194304 bytes/, "--model", "/dev/zero", "--samples", "10");
  });

  it("report stops reading /dev/zero at the JSON size limit (a device has no size to check first); merge refuses it from its first bytes", async () => {
    await refused(/\/dev\/zero: not an rsi-sim shard file \(it does not begin with RSISHARD\)/, "merge", "/dev/zero");
    await refused(/\/dev\/zero: is larger than 268435456 bytes/, "report", "/dev/zero", "--html", path.join(tmp, "z.html"));
  }, 60_000);
});

describe("shards that merge could not read", () => {
  it("a shard whose file would pass merge's size limit is refused before it runs", async () => {
    await refused(/--samples: a shard of 8000000 draws of rsi-core would be a file of about 1\.2 GB, larger than the 1\.1 GB rsi-sim merge reads \(RSI_SIM_MAX_SHARD_MB\); split the job into more shards/, "--samples", "16000000", "--shard", "1/2");
    await refused(/--samples: a shard of 2 points of 12000000 draws would be a file of about 1\.2 GB/, "sweep", "ratio", "--values", "20,200", "--samples", "12000000", "--shard", "1/1", "--outputs", "t20,t100,t_si,t_loc,automation_years,takeoff_years");
  });

  it("the estimate is the shard's columns: a 0/1 output a byte a draw, others 8 (it had charged 8 for every output and refused shards that fit)", async () => {
    const { loadModel } = await import("../src/model/compile.js");
    const { shardFileBytes } = await import("../src/app/limits.js");
    const { runShard } = await import("../src/app/run.js");
    const model = loadModel("rsi-core");
    const size = async (samples: number) => (await runShard({ model, samples, seed: 1, workers: 1 }, { index: 1, count: 1 })).bytes.length;
    const perDraw = (shardFileBytes(model, 11_000) - shardFileBytes(model, 1_000)) / 10_000;
    expect(perDraw).toBe(9 * 1 + 18 * 8 + 1); // rsi-core: 9 outputs are 0/1, 18 are not, and the failed flag
    const measured = ((await size(11_000)) - (await size(1_000))) / 10_000;
    // an upper bound (a column that happens to hold only 0, 1 and NaN is a byte too); the header's counts grow by a few bytes
    expect(measured).toBeLessThanOrEqual(perDraw + 0.01);
    expect(measured).toBeGreaterThan(perDraw - 16);
  }, 60_000);

  it("so is a sensitivity shard, from its rows, outputs and inner statistics (RSI_SIM_MAX_SHARD_MB = 1)", async () => {
    const before = process.env.RSI_SIM_MAX_SHARD_MB;
    process.env.RSI_SIM_MAX_SHARD_MB = "1";
    try {
      const out = path.join(tmp, "sens.shard");
      // outcome level: 1024 × 33 rows (30 factors), 4 headline outputs at 8 bytes and a failed flag: 1.1 MB
      await refused(/--samples: a shard of 33792 rows of a sobol design \(4 outputs\) would be a file of about 1\.1 MB, larger than the 1\.0 MB rsi-sim merge reads/, "sensitivity", "--method", "sobol", "--level", "outcome", "--shard", "1/1", "--out", out);
      // probability level: 256 × 32 rows (29 factors: lab_choice is chance at this level) at K = 32, with each row's inner statistics (4 outputs: 177 bytes a row): 1.4 MB
      await refused(/--samples: a shard of 8192 rows of a sobol design at 32 inner draws \(4 outputs\) would be a file of about 1\.4 MB/, "sensitivity", "--method", "sobol", "--shard", "1/1", "--out", out);
      // Morris, one output: 1000 × 31 rows of 57 bytes: 1.8 MB
      await refused(/--trajectories: a shard of 31000 rows of a morris design at 64 inner draws \(1 output\) would be a file of about 1\.8 MB/, "sensitivity", "--method", "morris", "--trajectories", "1000", "--outputs", "loc", "--shard", "1/1", "--out", out);
      expect(existsSync(out)).toBe(false);
    } finally {
      if (before === undefined) delete process.env.RSI_SIM_MAX_SHARD_MB;
      else process.env.RSI_SIM_MAX_SHARD_MB = before;
    }
  });

  it("the sensitivity shard estimate bounds the file's data section from above, within the 8x a 0/1 column stored as bytes can save", async () => {
    const params = ["gamma", "h_max", "r_safe"];
    const cases: [SensitivityRunOptions & { outputs: string[] }, number | undefined][] = [
      [{ method: "sobol", level: "outcome", samples: 32, params, outputs: ["loc", "t100"] }, undefined],
      [{ method: "sobol", level: "probability", inner: 4, samples: 16, params, outputs: ["loc", "t100", "margin_si"] }, 4],
      [{ method: "morris", level: "probability", inner: 1, trajectories: 3, params, outputs: ["loc"] }, 1],
    ];
    for (const [o, inner] of cases) {
      const shard = await sensitivityShard(o, { index: 2, count: 3 });
      const columns = sensitivityShardFileBytes(shard.range.count, o.outputs.length, inner);
      // the data section: the file less its 24-byte preamble, its header and its 32-byte checksum (blocks are padded to 8 bytes)
      const b = Buffer.from(shard.bytes);
      const data = b.length - 24 - b.readUInt32LE(12) - 32;
      expect(data).toBeLessThanOrEqual(columns + 8);
      expect(data).toBeGreaterThan(columns / 8);
    }
  });
});
