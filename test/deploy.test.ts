/**
 * deploy/: the Dockerfile copies every file the build reads before `npm ci`
 * (whose `prepare` is the build), read from package.json's build script and
 * the scripts it runs, so that it cannot fall behind them; the Slurm scripts
 * run as Slurm runs them (its environment variables set, rsi-sim a stand-in
 * that records its arguments, or the real binary) and merge to the single
 * command; the Kubernetes Job's arguments as Kubernetes substitutes them.
 * Docker, Slurm and Kubernetes themselves do not run here.
 */
import { spawnSync } from "node:child_process";
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { parseAllDocuments } from "yaml";

const ROOT = path.resolve(".");
const BIN = path.join(ROOT, "bin", "rsi-sim.js");
const pkg = JSON.parse(readFileSync(path.join(ROOT, "package.json"), "utf8"));

/** What `tsc -p file` reads: the config, the configs it extends, and its `include` (its own, or the nearest config's it extends). */
function tsconfigInputs(file: string): { files: string[]; include: string[] } {
  const config = JSON.parse(readFileSync(path.join(ROOT, file), "utf8"));
  const parent = config.extends ? tsconfigInputs(path.posix.join(path.posix.dirname(file), config.extends)) : { files: [], include: [] };
  return { files: [file, ...parent.files], include: (config.include as string[] | undefined) ?? parent.include };
}

/** The files and folders of the repository a build script reads: itself, `path.join(root, "x", …)` and `../x/…` (dist/ and node_modules aside). */
function scriptInputs(file: string): string[] {
  const text = readFileSync(path.join(ROOT, file), "utf8");
  const fromRoot = [...text.matchAll(/path\.join\(root,\s*"([^"]+)"/g)].map((m) => m[1]);
  const relative = [...text.matchAll(/["'`]\.\.\/([^/"'`]+)\//g)].map((m) => m[1]);
  return [file, ...fromRoot, ...relative].filter((p) => p !== "dist" && p !== "node_modules");
}

/** What `npm ci` reads, then its `prepare` script (the build), command by command. */
function buildInputs(): string[] {
  expect(pkg.scripts.prepare).toBe("npm run build");
  const inputs = ["package.json", "package-lock.json"];
  for (const command of (pkg.scripts.build as string).split("&&").map((c) => c.trim())) {
    const words = command.split(/\s+/);
    // the declared TypeScript's compiler, run by its path (node_modules/.bin/tsc may be another package's)
    if (words[0] === "tsc" || (words[0] === "node" && words[1] === "node_modules/typescript/bin/tsc")) {
      const { files, include } = tsconfigInputs(words[words.indexOf("-p") + 1]);
      inputs.push(...files, ...include);
    }
    else if (words[0] === "node") inputs.push(...scriptInputs(words[1]));
    else throw new Error(`package.json's build runs "${command}": teach test/deploy.test.ts what it reads`);
  }
  return [...new Set(inputs)];
}

/** The sources of the Dockerfile's COPY lines before the RUN of `npm ci`. */
function copiedBeforeInstall(dockerfile: string): string[] {
  const lines = dockerfile.split("\n").map((l) => l.trim());
  const install = lines.findIndex((l) => /^RUN\b.*\bnpm ci\b/.test(l));
  expect(install).toBeGreaterThan(0);
  return lines
    .slice(0, install)
    .filter((l) => /^COPY\s/.test(l))
    .flatMap((l) => l.split(/\s+/).slice(1).filter((w) => !w.startsWith("--")).slice(0, -1))
    .map((s) => s.replace(/^\.\//, "").replace(/\/$/, ""));
}

const covers = (source: string, p: string) => {
  const glob = new RegExp(`^${source.replace(/[.+^${}()|[\]\\]/g, "\\$&").replace(/\*/g, "[^/]*")}$`);
  return glob.test(p) || p.startsWith(`${source}/`);
};

describe("deploy/kubernetes/Dockerfile", () => {
  it("copies every file package.json's build reads before npm ci runs it", () => {
    const needed = buildInputs();
    // what the build reads, by the scripts' own words (a check that this test reads them)
    for (const p of ["src", "tsconfig.build.json", "tsconfig.json", "scripts/bundle-cli.mjs", "scripts/build-key.mjs", "models", "bin", "scripts"]) expect(needed).toContain(p);
    for (const p of needed) expect(existsSync(path.join(ROOT, p)), `${p} (read by the build) exists`).toBe(true);
    const copied = copiedBeforeInstall(readFileSync(path.join(ROOT, "deploy", "kubernetes", "Dockerfile"), "utf8"));
    const missing = needed.filter((p) => !copied.some((s) => covers(s, p)));
    expect(missing, "read by `npm ci` (its prepare: npm run build) but not copied before it").toEqual([]);
  });
});

/** A temporary directory with a stand-in `rsi-sim` that logs its arguments, one a line, and writes its --out file. */
function standIn(): { dir: string; log: string; bin: string } {
  const dir = mkdtempSync(path.join(tmpdir(), "rsi-sim-slurm-"));
  const bin = path.join(dir, "bin");
  mkdirSync(bin);
  const log = path.join(dir, "args.log");
  writeFileSync(
    path.join(bin, "rsi-sim"),
    `#!/bin/bash\nprintf '%s\\n' "$@" > "${log}.$SLURM_ARRAY_TASK_ID"\nwhile [ $# -gt 0 ]; do [ "$1" = --out ] && : > "$2"; shift; done\n`,
  );
  chmodSync(path.join(bin, "rsi-sim"), 0o755);
  return { dir, log, bin };
}

/** The array script run as Slurm runs one task: its environment (SLURM_* and what sbatch passed on) in `env`. */
function task(dir: string, env: Record<string, string>) {
  const clean = Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith("SLURM_") && k !== "SHARDS" && k !== "RUN_ARGS" && k !== "RSI_SIM"));
  const r = spawnSync("bash", [path.join(ROOT, "deploy", "slurm", "rsi-sim-array.sbatch")], { cwd: dir, encoding: "utf8", env: { ...clean, SLURM_CPUS_PER_TASK: "1", ...env } });
  return { code: r.status, stderr: r.stderr };
}

const array = (id: number, min: number, max: number, count: number, step?: number) => ({
  SLURM_ARRAY_TASK_ID: String(id),
  SLURM_ARRAY_TASK_MIN: String(min),
  SLURM_ARRAY_TASK_MAX: String(max),
  SLURM_ARRAY_TASK_COUNT: String(count),
  ...(step === undefined ? {} : { SLURM_ARRAY_TASK_STEP: String(step) }),
});

describe("deploy/slurm", () => {
  it("RUN_ARGS is read as a command line: a quoted value with spaces is one argument", () => {
    const s = standIn();
    const r = task(s.dir, { ...array(2, 1, 4, 4), PATH: `${s.bin}:${process.env.PATH}`, RUN_ARGS: `--r-soft "0.5 to 3" --set 'h_max=1 to 5' --samples 2000` });
    expect(r.code, r.stderr).toBe(0);
    const args = readFileSync(`${s.log}.2`, "utf8").trimEnd().split("\n");
    expect(args).toEqual(["--r-soft", "0.5 to 3", "--set", "h_max=1 to 5", "--samples", "2000", "--shard", "2/4", "--workers", "1", "--out", "shards/shard-2.shard"]);
  });

  it("a task run again alone (sbatch --array=3) needs SHARDS, and with it computes shard 3 of the job, not the whole job", () => {
    const s = standIn();
    const env = { PATH: `${s.bin}:${process.env.PATH}`, RUN_ARGS: "--samples 2000" };
    const alone = task(s.dir, { ...env, ...array(3, 3, 3, 1) });
    expect(alone.code).toBe(2);
    expect(alone.stderr.trim()).toBe(
      "rsi-sim-array.sbatch: this array (ids 3-3, 1 tasks) is not a whole job's 1-N: set SHARDS to the job's number of shards (SHARDS=N sbatch --array=3 rsi-sim-array.sbatch runs task 3 again)",
    );
    expect(existsSync(`${s.log}.3`)).toBe(false);
    expect(task(s.dir, { ...env, ...array(3, 3, 3, 1), SHARDS: "8" }).code).toBe(0);
    expect(readFileSync(`${s.log}.3`, "utf8")).toContain("--shard\n3/8\n");
    // a whole array gives SHARDS itself
    expect(task(s.dir, { ...env, ...array(5, 1, 8, 8) }).code).toBe(0);
    expect(readFileSync(`${s.log}.5`, "utf8")).toContain("--shard\n5/8\n");
  });

  it("a stepped array runs the shards it names with SHARDS, is refused without; a task id past SHARDS or 0 is refused", () => {
    const s = standIn();
    const env = { PATH: `${s.bin}:${process.env.PATH}`, RUN_ARGS: "--samples 2000" };
    const stepped = task(s.dir, { ...env, ...array(2, 0, 6, 4, 2) });
    expect(stepped.code).toBe(2);
    expect(stepped.stderr).toMatch(/this array \(ids 0-6 step 2, 4 tasks\) is not a whole job's 1-N: set SHARDS/);
    expect(task(s.dir, { ...env, ...array(3, 1, 7, 4, 2), SHARDS: "8" }).code).toBe(0);
    expect(readFileSync(`${s.log}.3`, "utf8")).toContain("--shard\n3/8\n");
    const zero = task(s.dir, { ...env, ...array(0, 0, 6, 4, 2), SHARDS: "4" });
    expect(zero.code).toBe(2);
    expect(zero.stderr.trim()).toBe("rsi-sim-array.sbatch: task 0 is not one of the job's shards 1-4 (the task ids are the shard numbers: --array=1-4)");
    expect(task(s.dir, { ...env, ...array(9, 1, 9, 9), SHARDS: "8" }).code).toBe(2);
    expect(task(s.dir, { ...env, ...array(1, 1, 2, 2), SHARDS: "two" }).stderr).toMatch(/SHARDS is "two", not a positive integer/);
  });

  it("with the real rsi-sim (RSI_SIM), a job of three tasks, one run again alone, merges (merge.sbatch) to the single run, byte for byte", () => {
    const dir = mkdtempSync(path.join(tmpdir(), "rsi-sim-slurm-real-"));
    const runArgs = `--r-soft "0.5 to 3" --samples 900 --seed 4`;
    const env = { RSI_SIM: BIN, RUN_ARGS: runArgs, PATH: "/usr/bin:/bin" };
    for (const id of [1, 2, 3]) expect(task(dir, { ...env, ...array(id, 1, 3, 3) }).code).toBe(0);
    // task 2 again, alone, as its re-run is documented
    const again = task(dir, { ...env, ...array(2, 2, 2, 1), SHARDS: "3" });
    expect(again.code, again.stderr).toBe(0);
    expect(readdirSync(path.join(dir, "shards")).sort()).toEqual(["shard-1.shard", "shard-2.shard", "shard-3.shard"]);
    const merge = spawnSync("bash", [path.join(ROOT, "deploy", "slurm", "merge.sbatch")], { cwd: dir, encoding: "utf8", env: { ...env, PATH: `${path.dirname(process.execPath)}:/usr/bin:/bin` } });
    expect(merge.status, merge.stderr).toBe(0);
    const single = spawnSync(process.execPath, [BIN, "--r-soft", "0.5 to 3", "--samples", "900", "--seed", "4", "--workers", "1", "--format", "json"], { encoding: "utf8" });
    expect(single.status).toBe(0);
    expect(readFileSync(path.join(dir, "result.json"), "utf8")).toBe(single.stdout);
  }, 60_000);

  it("refuses to run without an installed rsi-sim rather than fetch one", () => {
    const dir = mkdtempSync(path.join(tmpdir(), "rsi-sim-slurm-none-"));
    const r = task(dir, { ...array(1, 1, 2, 2), PATH: "/usr/bin:/bin", RUN_ARGS: "--samples 10" });
    if (spawnSync("bash", ["-c", "command -v rsi-sim"], { env: { PATH: "/usr/bin:/bin" } }).status === 0) return; // installed on this machine's PATH
    expect(r.code).toBe(2);
    expect(r.stderr.trim()).toBe("rsi-sim-array.sbatch: rsi-sim is not installed here: npm install -g rsi-sim, or set RSI_SIM to its bin/rsi-sim.js");
    expect(readFileSync(path.join(ROOT, "deploy", "slurm", "rsi-sim-array.sbatch"), "utf8")).not.toMatch(/^[^#]*\bnpx\b/m);
    expect(readFileSync(path.join(ROOT, "deploy", "slurm", "merge.sbatch"), "utf8")).not.toMatch(/^[^#]*\bnpx\b/m);
  });
});

describe("deploy/kubernetes/rsi-sim-indexed-job.yaml", () => {
  it("runs one worker thread a requested CPU, and its pods' arguments merge to the single run", () => {
    const docs = parseAllDocuments(readFileSync(path.join(ROOT, "deploy", "kubernetes", "rsi-sim-indexed-job.yaml"), "utf8")).map((d) => d.toJS());
    const job = docs.find((d) => d.kind === "Job");
    const container = job.spec.template.spec.containers[0];
    const cpu = Number(container.resources.requests.cpu);
    const env = container.env.find((e: { name: string }) => e.name === "CPU_REQUEST");
    expect(env.valueFrom.resourceFieldRef).toEqual({ resource: "requests.cpu", divisor: "1" });
    const args = container.args as string[];
    expect(args[args.indexOf("--workers") + 1]).toBe("$(CPU_REQUEST)");
    const completions = job.spec.completions as number;
    expect(args[args.indexOf("--shards") + 1]).toBe(String(completions));
    // as Kubernetes substitutes $(VAR), with fewer draws for the test
    const dir = mkdtempSync(path.join(tmpdir(), "rsi-sim-k8s-"));
    const small = args.map((a, i) => (args[i - 1] === "--samples" ? "800" : a.replace("/shards/", `${dir}/`)));
    for (let index = 0; index < completions; index++) {
      const vars: Record<string, string> = { JOB_COMPLETION_INDEX: String(index), CPU_REQUEST: String(cpu) };
      const pod = small.map((a) => a.replace(/\$\((\w+)\)/g, (_, v: string) => vars[v]));
      const r = spawnSync(process.execPath, [BIN, ...pod, "--quiet"], { encoding: "utf8", env: { ...process.env, JOB_COMPLETION_INDEX: String(index) } });
      expect(r.status, r.stderr).toBe(0);
    }
    const files = Array.from({ length: completions }, (_, i) => path.join(dir, `shard-${i}.shard`));
    const merged = spawnSync(process.execPath, [BIN, "merge", ...files], { encoding: "utf8" });
    expect(merged.status, merged.stderr).toBe(0);
    const single = spawnSync(process.execPath, [BIN, ...small.slice(0, small.indexOf("--shard")), "--workers", "1", "--format", "json"], { encoding: "utf8" });
    expect(merged.stdout).toBe(single.stdout);
    expect(container.command).toEqual(["rsi-sim"]);
  }, 120_000);
});
