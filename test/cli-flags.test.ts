/**
 * The real `rsi-sim` binary: every flag means exactly one thing. A
 * parameter's flag is its name with _ written - and is matched as written
 * (--g0 is g0, not g_0 too; --seed is the seed, not a parameter seed_ too);
 * a parameter whose flag would read as something else (_x, no_brake) has
 * none, is set with --set, and its would-be flag is refused. Also: a flag
 * given twice, and the one rule for numbers on the command line.
 */
import { spawnSync } from "node:child_process";
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";

const BIN = path.resolve("bin/rsi-sim.js");
const dir = mkdtempSync(path.join(tmpdir(), "rsi-sim-cli-flags-"));
const run = (...args: string[]) => {
  const r = spawnSync(process.execPath, [BIN, ...args], { cwd: dir, encoding: "utf8", maxBuffer: 64 * 1024 * 1024 });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
};

/** A model whose parameters (each uniform(0, 1)) have the given names, each an output. */
function model(file: string, names: string[]): string {
  const params = names.map((n) => `  ${n}: "uniform(0, 1)"`).join("\n");
  const outputs = names.map((n, i) => `  o${i}: "${n}"`).join("\n");
  writeFileSync(path.join(dir, file), `name: ${file.replace(/\.yaml$/, "")}\ntime: {start: 0, horizon: 1}\nparameters:\n${params}\nstate:\n  x: {initial: 0, rate: "0"}\noutputs:\n${outputs}\n`);
  return file;
}

const CAMEL = model("camel.yaml", ["a_b", "aB", "g_0", "g0"]);
const SEED = model("seedp.yaml", ["seed_", "horizon_"]);
const CLASH = model("clash.yaml", ["out_", "format_", "outputs_", "model_", "workers_", "set_"]);
const FLAGLESS = model("flagless.yaml", ["_", "_x", "no_brake", "brake", "samples"]);
const Q = ["--samples", "20", "--workers", "1", "--quiet"];

/** The JSON a command writes to stdout (exit 0). */
function json(args: string[]): Record<string, unknown> {
  const r = run(...args, "--format", "json");
  expect(r.code, r.stderr).toBe(0);
  return JSON.parse(r.stdout);
}

/** The command is refused with one line matching `line` (after "rsi-sim: "), exit 2, nothing on stdout and no new file. */
function refused(args: string[], line: string | RegExp): void {
  const before = readdirSync(dir).sort();
  const r = run(...args);
  expect(r.code, r.stderr).toBe(2);
  expect(r.stdout).toBe("");
  expect(r.stderr.trimEnd().split("\n")).toHaveLength(1);
  const said = r.stderr.trimEnd().replace(/^rsi-sim: /, "");
  if (typeof line === "string") expect(said).toBe(line);
  else expect(said).toMatch(line);
  expect(readdirSync(dir).sort()).toEqual(before);
}

const U = "uniform(0, 1)";

describe("a parameter's flag sets that parameter only", () => {
  it("run: --g0 is g0 (not g_0), --g-0 is g_0, --a-b is a_b (not aB)", () => {
    // was: --g0 0.3 fixed g_0 and g0, --a-b 0.3 fixed a_b and aB
    expect(json(["--model", CAMEL, ...Q, "--g0", "0.3"]).parameters).toEqual({ a_b: U, aB: U, g_0: U, g0: 0.3 });
    expect(json(["--model", CAMEL, ...Q, "--g-0", "0.3"]).parameters).toEqual({ a_b: U, aB: U, g_0: 0.3, g0: U });
    expect(json(["--model", CAMEL, ...Q, "--a-b", "0.3"]).parameters).toEqual({ a_b: 0.3, aB: U, g_0: U, g0: U });
    expect(json(["--model", CAMEL, ...Q, "--aB", "0.2", "--set", "a_b=0.3"]).parameters).toEqual({ a_b: 0.3, aB: 0.2, g_0: U, g0: U });
  });

  it("sweep and compare: the same", () => {
    const s = json(["sweep", "g0", "--values", "0.1,0.2", "--model", CAMEL, ...Q, "--g-0", "0.3", "--a-b", "0.4"]);
    expect(s.parameters).toEqual({ a_b: 0.4, aB: U, g_0: 0.3, g0: "swept" });
    const c = json(["compare", "--model", CAMEL, ...Q, "--g0", "0.3", "--scenario", "a", "--a-b", "0.1", "--scenario", "b", "--aB", "0.2"]);
    expect((c.scenarios as { name: string; settings: unknown }[]).map((x) => [x.name, x.settings])).toEqual([
      ["a", { g0: 0.3, a_b: 0.1 }],
      ["b", { g0: 0.3, aB: 0.2 }],
    ]);
  });

  it("--seed and --horizon are the command's, --seed- and --horizon- the parameters seed_ and horizon_", () => {
    // was: --seed 2 also fixed seed_ = 2
    const r = json(["--model", SEED, ...Q, "--seed", "2", "--horizon", "0.5"]);
    expect(r.seed).toBe(2);
    expect(r.parameters).toEqual({ seed_: U, horizon_: U });
    expect(json(["--model", SEED, ...Q, "--seed-", "0.25", "--horizon-", "0.75"]).parameters).toEqual({ seed_: 0.25, horizon_: 0.75 });
    const s = json(["sweep", "seed_", "--values", "0.1,0.2", "--model", SEED, ...Q, "--seed", "3"]);
    expect([s.seed, s.parameters]).toEqual([3, { seed_: "swept", horizon_: U }]);
    const c = json(["compare", "--model", SEED, ...Q, "--seed", "4", "--scenario", "a", "--seed-", "0.1", "--scenario", "b"]);
    expect(c.seed).toBe(4);
    expect((c.scenarios as { settings: unknown }[]).map((x) => x.settings)).toEqual([{ seed_: 0.1 }, {}]);
  });

  it("parameters out_, format_, outputs_, model_, workers_, set_ leave the command's flags alone", () => {
    // was: --out r.json → "--out-: cannot parse distribution", --set k=2 → "--set-: given more than once"
    const r = run("--model", CLASH, ...Q, "--out", "r.json", "--outputs", "o0,o5", "--set", "set_=0.5", "--format-", "0.25", "--workers-", "0.5");
    expect(r.code, r.stderr).toBe(0);
    const out = JSON.parse(readFileSync(path.join(dir, "r.json"), "utf8"));
    expect(out.parameters).toEqual({ out_: U, format_: 0.25, outputs_: U, model_: U, workers_: 0.5, set_: 0.5 });
    expect(Object.keys(out.outputs)).toEqual(["o0", "o5"]);
    const s = run("sweep", "out_", "--values", "0.1,0.2", "--model", CLASH, ...Q, "--out", "s.json", "--set-", "0.3");
    expect(s.code, s.stderr).toBe(0);
    expect(JSON.parse(readFileSync(path.join(dir, "s.json"), "utf8")).parameters.set_).toBe(0.3);
    const c = run("compare", "--model", CLASH, ...Q, "--out", "c.json", "--scenario", "a", "--set", "model_=0.1", "--scenario", "b", "--model-", "0.2");
    expect(c.code, c.stderr).toBe(0);
    const scenarios = JSON.parse(readFileSync(path.join(dir, "c.json"), "utf8")).scenarios;
    expect(scenarios.map((x: { settings: unknown }) => x.settings)).toEqual([{ model_: 0.1 }, { model_: 0.2 }]);
  });
});

describe("a parameter without a flag of its own", () => {
  it("is listed in --help with --set, and not as a flag", () => {
    for (const cmd of [[], ["sweep"], ["compare"]]) {
      const r = run(...cmd, "--model", FLAGLESS, "--help");
      expect(r.code, r.stderr).toBe(0);
      expect(r.stdout).toContain("Parameters without a flag of their own (set them with --set NAME=VALUE):");
      expect(r.stdout).toContain("  _: --set _=VALUE (a flag cannot start with three dashes)");
      expect(r.stdout).toContain("  no_brake: --set no_brake=VALUE (--no-brake reads as --brake false, as --no-progress does)");
      expect(r.stdout).toContain("  samples: --set samples=VALUE (--samples is the command's own flag)");
      // was: "--" listed for _, "--no-brake" for no_brake
      expect(r.stdout).not.toMatch(/^\s+--(-\w*)?\s/m);
      expect(r.stdout).not.toMatch(/^\s+--no-brake\s/m);
      expect(r.stdout).toMatch(/^\s+--brake\s/m);
    }
  });

  it("is set with --set; its would-be flag is refused in one line naming both readings", () => {
    expect(json(["--model", FLAGLESS, ...Q, "--set", "_=0.1", "--set", "_x=0.2", "--set", "no_brake=0.3", "--brake", "0.4"]).parameters).toEqual({ _: 0.1, _x: 0.2, no_brake: 0.3, brake: 0.4, samples: U });
    const noBrake = "--no-brake: is not the parameter no_brake's flag (--no-brake reads as --brake false, as --no-progress does); set no_brake with --set no_brake=VALUE";
    for (const pre of [[], ["sweep", "brake", "--values", "0.1,0.2"]]) {
      // was: "unknown flag --brake", or with brake a parameter: --brake: unknown distribution "false"
      refused([...pre, "--model", FLAGLESS, ...Q, "--no-brake", "0.3"], noBrake);
      refused([...pre, "--model", FLAGLESS, ...Q, "--no-brake=0.3"], noBrake);
      // was: unexpected argument "---"
      refused([...pre, "--model", FLAGLESS, ...Q, "---", "0.3"], "---: is not the parameter _'s flag (a flag cannot start with three dashes); set _ with --set _=VALUE");
      refused([...pre, "--model", FLAGLESS, ...Q, "---x", "0.3"], "---x: is not the parameter _x's flag (a flag cannot start with three dashes); set _x with --set _x=VALUE");
    }
    refused(["compare", "--model", FLAGLESS, ...Q, "--scenario", "a", "--no-brake", "0.3", "--scenario", "b"], noBrake);
    refused(["compare", "--model", FLAGLESS, ...Q, "--no-brake", "0.3", "--scenario", "a", "--scenario", "b"], noBrake);
  });

  it("a parameter flag's negation is refused, not read as the distribution \"false\"", () => {
    refused(["--model", FLAGLESS, ...Q, "--no-_x"], /^unknown flag/);
    refused(["--no-ratio", ...Q], "--no-ratio: is not a flag: --ratio takes a value (a number or a distribution)");
  });
});

describe("the shipped models' flags and the commands' flags are as before", () => {
  it("run: --ratio, --g-safe0, --p-comply, --r-soft; forethought-sie: -f, -L; --no-progress, --no-quiet", () => {
    const r = json(["--ratio", "20", "--g-safe0", "0.5", "--p-comply", "0.3", "--r-soft", "1.5", "--samples", "50", "--no-progress", "--no-quiet"]);
    const p = r.parameters as Record<string, unknown>;
    expect([p.ratio, p.g_safe0, p.p_comply, p.r_soft]).toEqual([20, 0.5, 0.3, 1.5]);
    const f = json(["--model", "forethought-sie", "-f", "0.5", "-L", "0.2", "--samples", "50", "--quiet"]).parameters as Record<string, unknown>;
    expect([f.f, f.L]).toEqual([0.5, 0.2]);
  });

  it("sweep --log, --max-memory, --csv-layout; compare's flags anywhere", () => {
    const s = json(["sweep", "ratio", "--range", "1:100", "--log", "--points", "3", "--samples", "30", "--max-memory", "8GB", "--no-progress"]);
    expect((s.swept as { values: number[] }[])[0].values).toEqual([1, 10, 100]);
    const csv = run("sweep", "ratio", "--values", "1,20", "--samples", "30", "--quiet", "--format", "csv", "--csv-layout", "long");
    expect(csv.code, csv.stderr).toBe(0);
    const c = json(["compare", "--samples", "30", "--scenario", "a", "--ratio", "200", "--no-progress", "--scenario", "b", "--ratio", "20", "--seed", "5"]);
    expect(c.seed).toBe(5);
  });
});

describe("a flag given twice", () => {
  const ch = "models/test/constant-hazard.yaml";
  const kp = "models/test/known-probability.yaml";
  it("--model twice is refused by run, sweep and compare", () => {
    // was: the first model run, the second ignored
    const abs = (f: string) => path.resolve(f);
    refused(["--model", abs(ch), "--model", abs(kp), ...Q], "--model: given more than once");
    refused(["--model", abs(ch), `--model=${abs(kp)}`, ...Q], "--model: given more than once");
    refused(["sweep", "rate", "--values", "0.1,0.2", "--model", abs(ch), "--model", abs(kp), ...Q], "--model: given more than once");
    refused(["compare", "--model", abs(ch), "--scenario", "a", "--model", abs(kp), "--scenario", "b", ...Q], "--model: given more than once");
  });

  it("--samples and --seed twice say so", () => {
    // was: --samples: must be a positive integer, got "20,30"
    refused(["--samples", "20", "--samples", "30", "--quiet"], "--samples: given more than once");
    refused(["--samples", "20", "--seed", "1", "--seed", "2", "--quiet"], "--seed: given more than once");
  });
});

describe("numbers on the command line: decimal, whole for counts and seeds", () => {
  const ch = path.resolve("models/test/constant-hazard.yaml");
  const base = ["--model", ch, ...Q];
  it("a parameter set to Infinity says finite, as 1e400 does; hexadecimal is refused", () => {
    // was: unknown distribution "Infinity"
    refused([...base, "--rate", "Infinity"], '--rate: must be a finite number, got "Infinity"');
    refused([...base, "--rate", "1e400"], '--rate: must be a finite number, got "1e400"');
    refused([...base, "--set", "rate=-inf"], '--set rate: must be a finite number, got "-inf"');
    refused([...base, "--rate", "0x10"], '--rate: must be a decimal number (hexadecimal, octal and binary are not read), got "0x10"');
  });

  it("counts and seeds: whole numbers in decimal, up to their limit", () => {
    refused(["--model", ch, "--quiet", "--samples", "999999999999999999999"], '--samples: must be at most 9007199254740991 (2^53 - 1), got "999999999999999999999"');
    refused([...base, "--seed", "4294967296"], '--seed: must be at most 4294967295 (2^32 - 1), got "4294967296"');
    refused([...base, "--seed", "0x10"], '--seed: must be a decimal number (hexadecimal, octal and binary are not read), got "0x10"');
    refused([...base, "--seed", "2.5"], '--seed: must be a non-negative integer, got "2.5"');
    // was: refused; 1e0 was accepted
    expect(json([...base, "--seed", "5.0"]).seed).toBe(5);
    expect(json([...base, "--seed", "1e1"]).seed).toBe(10);
    expect(json([...base, "--seed", "010"]).seed).toBe(10);
    expect(json(["--model", ch, "--samples", "1e1", "--quiet"]).samples).toBe(10);
    expect(json(["--model", ch, "--samples", "2_0", "--quiet"]).samples).toBe(20);
  });

  it("--horizon is decimal: 0x10 is refused (it ran with horizon 16)", () => {
    for (const pre of [[], ["sweep", "rate", "--values", "0.1,0.2"], ["compare", "--scenario", "a", "--scenario", "b"]]) {
      refused([...pre, ...base, "--horizon", "0x10"], '--horizon: must be a decimal number (hexadecimal, octal and binary are not read), got "0x10"');
      refused([...pre, ...base, "--horizon", "Infinity"], '--horizon: must be a finite number, got "Infinity"');
    }
  });

  it("--workers, --precision and --conf-level are decimal too (--workers 0x2 ran with 2 threads)", () => {
    const hex = (flag: string, v: string) => `${flag}: must be a decimal number (hexadecimal, octal and binary are not read), got "${v}"`;
    refused([...base, "--workers", "0x2"].filter((_, i) => i !== 4 && i !== 5), hex("--workers", "0x2"));
    refused([...base, "--precision", "0x1"], hex("--precision", "0x1"));
    refused(["sensitivity", "--method", "oat", "--conf-level", "0x1"], hex("--conf-level", "0x1"));
    refused(["sensitivity", "--method", "oat", "--conf-level", "abc"], '--conf-level: must be a number between 0 and 1 (e.g. 0.95), got "abc"');
    expect(json(["--model", ch, "--samples", "20", "--quiet", "--workers", "2.0"]).samples).toBe(20);
  });

  it("--max-memory below 1 byte is refused, saying the unit", () => {
    // was: 0.25 taken as a limit of 0 bytes
    refused([...base, "--max-memory", "0.25"], '--max-memory: must be at least 1 byte (a bare number is bytes; a size such as 8GB or 500MB), got "0.25"');
    refused([...base, "--max-memory", "0"], '--max-memory: must be at least 1 byte (a bare number is bytes; a size such as 8GB or 500MB), got "0"');
  });

  it("sweep --values equal to 12 significant digits are refused (the JSON would write [0.1, 0.1])", () => {
    refused(["sweep", "rate", "--values", "0.1,0.10000000000001", ...base], "--values: 0.1 and 0.10000000000001 are the same to 12 significant digits (as results write them); give values of rate that differ there");
    refused(["sweep", "rate", "--values", "0.1,0.2,0.1", ...base], "--values: 0.1 is given twice; give each value of rate once");
    expect(json(["sweep", "rate", "--values", "0.1,0.10000000001", ...base]).points).toHaveLength(2);
  });

  it("record-time limits are said to a few digits, and are the real limit", () => {
    // was: "gives Infinity record times … end by 19999.800000000003"
    refused([...base, "--horizon", "1e308"], /^--horizon: 1e\+308 gives more than 100000 record times \(one every 0\.2 years from 0\); at most 100000 fit, so end by 19999\.8$/);
    refused([...base, "--horizon", "20000"], /so end by 19999\.8$/);
    const r = run("--model", ch, "--samples", "2", "--quiet", "--horizon", "19999.8", "--format", "json");
    expect(r.code, r.stderr).toBe(0);
    writeFileSync(path.join(dir, "every.yaml"), 'name: every\ntime: {start: 0, horizon: 10, record_every: 0.0001}\nparameters:\n  a: "uniform(0, 1)"\nstate:\n  x: {initial: 0, rate: "0"}\noutputs:\n  o: "a"\n');
    const v = run("validate", "every.yaml");
    expect(v.code).toBe(2);
    // was: "… make it at least 0.0001000010000100001"
    expect(v.stderr).toMatch(/gives 1\.00e\+5 record times from 0 to 10; at most 100000 fit \(make it at least 0\.000100001\)\n$/);
    writeFileSync(path.join(dir, "every2.yaml"), readFileSync(path.join(dir, "every.yaml"), "utf8").replace("0.0001}", "0.000100001}"));
    expect(run("validate", "every2.yaml").code, run("validate", "every2.yaml").stderr).toBe(0);
  });
});
