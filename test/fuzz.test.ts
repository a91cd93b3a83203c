/**
 * A seeded fuzz test of the rsi-sim CLI's contract (test/fuzz/runner.ts):
 * every generated command line (test/fuzz/cases.ts) either exits 0 with a
 * complete result or exits 2 with one "rsi-sim: …" line and no files; never
 * a crash, a stack trace, a time-out, control characters or temp files.
 *
 *   FUZZ_SEED   the run's seed (default 20240601); each case is a function of (seed, index)
 *   FUZZ_CASES  how many cases (default 300, about a minute on two idle cores)
 *   FUZZ_CASE   run only these cases, e.g. c17,c203 (ids from a failure message)
 *   FUZZ_JOBS   cases run at once (default 2)
 *   FUZZ_TIMING a file to append one line per case to: id, family, ms, exit status, stderr, args
 *   FUZZ_TIMEOUT_MS  the per-case time limit (default 15000)
 *
 * A failure prints the command and files that reproduce it, and keeps the
 * case's directory (with a repro-ID.sh script) under the OS temp directory.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { stringify } from "yaml";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { makeCase, type Case, type Family, type Seeds } from "./fuzz/cases.js";
import { BASE_MODELS, TINY } from "./fuzz/models.js";
import { Rng } from "./fuzz/rng.js";
import { contractProblems, failureReport, listing, runCli, writeInputs } from "./fuzz/runner.js";

const SEED = Number(process.env.FUZZ_SEED ?? 20240601) >>> 0;
const CASES = Number(process.env.FUZZ_CASES ?? 300);
const ONLY = process.env.FUZZ_CASE ? new Set(process.env.FUZZ_CASE.split(",").map((s) => s.trim())) : undefined;
const JOBS = Math.max(1, Number(process.env.FUZZ_JOBS ?? 2));
const MAX_REPORTED = 25;

const base = mkdtempSync(path.join(tmpdir(), `rsi-sim-fuzz-${SEED}-`));
let seeds: Seeds;
let cases: Case[] = [];
let anyFailed = false;

/** Run the CLI for the setup; it must succeed. */
async function must(args: string[], cwd: string): Promise<void> {
  const o = await runCli(args, cwd, {}, 60_000);
  if (o.code !== 0) throw new Error(`fuzz setup: rsi-sim ${args.join(" ")} exited ${o.code}: ${o.stderr}`);
}

/** Real shard files, results and a saved design, made once with the CLI. */
async function makeSeeds(): Promise<Seeds> {
  const dir = path.join(base, "seeds");
  const regimes = stringify(BASE_MODELS[2]);
  writeInputs(dir, { "tiny.yaml": stringify(TINY), "regimes.yaml": regimes });
  const jobs: string[][] = [
    ["--samples", "40", "--workers", "1", "--shard", "1/2", "--out", "run1.shard"],
    ["--samples", "40", "--workers", "1", "--shard", "2/2", "--out", "run2.shard"],
    ["--model", "tiny.yaml", "--samples", "30", "--workers", "1", "--shard", "1/2", "--out", "tiny1.shard"],
    ["--model", "tiny.yaml", "--samples", "30", "--workers", "1", "--shard", "2/2", "--out", "tiny2.shard"],
    ["sweep", "ratio", "--values", "1,10,100", "--samples", "20", "--workers", "1", "--shard", "1/2", "--out", "sweep1.shard"],
    ["sweep", "ratio", "--values", "1,10,100", "--samples", "20", "--workers", "1", "--shard", "2/2", "--out", "sweep2.shard"],
    ["sensitivity", "--model", "regimes.yaml", "--method", "sobol", "--samples", "16", "--resamples", "20", "--workers", "1", "--shard", "1/2", "--out", "sens1.shard"],
    ["sensitivity", "--model", "regimes.yaml", "--method", "sobol", "--samples", "16", "--resamples", "20", "--workers", "1", "--shard", "2/2", "--out", "sens2.shard"],
    ["compare", "--samples", "30", "--workers", "1", "--resamples", "20", "--scenario", "a", "--ratio", "200", "--scenario", "b", "--ratio", "20", "--shard", "1/2", "--out", "cmp1.shard"],
    ["compare", "--samples", "30", "--workers", "1", "--resamples", "20", "--scenario", "a", "--ratio", "200", "--scenario", "b", "--ratio", "20", "--shard", "2/2", "--out", "cmp2.shard"],
    ["--samples", "40", "--workers", "1", "--out", "result-run.json"],
    ["sweep", "ratio", "--values", "1,100", "--samples", "20", "--workers", "1", "--out", "result-sweep.json"],
    ["compare", "--model", "tiny.yaml", "--samples", "30", "--workers", "1", "--resamples", "20", "--scenario", "a", "--scenario", "b", "--g", "0.5", "--out", "result-compare.json"],
    ["sensitivity", "--model", "regimes.yaml", "--method", "oat", "--samples", "4", "--resamples", "20", "--workers", "1", "--out", "result-sensitivity.json"],
    ["sensitivity", "--model", "regimes.yaml", "--method", "morris", "--trajectories", "3", "--write-design", "design.json"],
  ];
  for (let i = 0; i < jobs.length; i += JOBS) await Promise.all(jobs.slice(i, i + JOBS).map((j) => must(j, dir)));
  const read = (f: string) => readFileSync(path.join(dir, f), "utf8");
  const bytes = (f: string) => readFileSync(path.join(dir, f));
  const design = read("design.json");
  const { rows, outputs } = JSON.parse(design) as { rows: number; outputs: { name: string }[] };
  const rng = new Rng(SEED);
  const csv = [outputs.map((o) => o.name).join(","), ...Array.from({ length: rows }, () => outputs.map(() => (rng.float() * 10).toFixed(4)).join(","))].join("\n") + "\n";
  return {
    shardSets: {
      run: [bytes("run1.shard"), bytes("run2.shard")],
      "run-tiny": [bytes("tiny1.shard"), bytes("tiny2.shard")],
      sweep: [bytes("sweep1.shard"), bytes("sweep2.shard")],
      sensitivity: [bytes("sens1.shard"), bytes("sens2.shard")],
      compare: [bytes("cmp1.shard"), bytes("cmp2.shard")],
    },
    results: { run: read("result-run.json"), sweep: read("result-sweep.json"), sensitivity: read("result-sensitivity.json"), compare: read("result-compare.json") },
    design,
    designResults: csv,
    models: { tiny: stringify(TINY), regimes },
  };
}

/** Run one case; its failure report, or undefined. Passing cases' directories are removed. */
async function check(c: Case): Promise<string | undefined> {
  const dir = path.join(base, c.id);
  writeInputs(dir, c.files);
  const inputs = listing(dir);
  const o = await runCli(c.args, dir, c.env);
  const problems = contractProblems(c, o, dir, inputs);
  if (process.env.FUZZ_TIMING) writeFileSync(process.env.FUZZ_TIMING, `${c.id} ${c.family} ${o.ms} ${o.code} ${JSON.stringify(o.stderr.split("\n")[0].slice(0, 150))} ${JSON.stringify(c.args).slice(0, 300)}\n`, { flag: "a" });
  if (problems.length === 0) {
    rmSync(dir, { recursive: true, force: true });
    return undefined;
  }
  anyFailed = true;
  return failureReport(c, o, problems, dir, SEED);
}

/** Run cases `JOBS` at a time; the failure reports in case order. */
async function runAll(list: Case[]): Promise<string[]> {
  const reports: (string | undefined)[] = new Array(list.length);
  let next = 0;
  const worker = async () => {
    while (next < list.length) {
      const i = next++;
      reports[i] = await check(list[i]);
    }
  };
  await Promise.all(Array.from({ length: JOBS }, worker));
  return reports.filter((r): r is string => r !== undefined);
}

beforeAll(async () => {
  seeds = await makeSeeds();
  for (let i = 0; i < CASES; i++) if (!ONLY || ONLY.has(`c${i}`)) cases.push(makeCase(SEED, i, seeds));
  if (ONLY) for (const id of ONLY) if (!cases.some((c) => c.id === id)) cases.push(makeCase(SEED, Number(id.replace(/^c/, "")), seeds));
  writeFileSync(path.join(base, "cases.json"), JSON.stringify(cases.map((c) => ({ id: c.id, family: c.family, note: c.note, args: c.args })), null, 1));
}, 180_000);

afterAll(() => {
  if (!anyFailed) rmSync(base, { recursive: true, force: true });
});

const FAMILIES: [Family, string][] = [
  ["flags", "command lines: valid and invalid flag values, unknown, repeated and stray arguments"],
  ["dist", "parameter settings: distributions valid, malformed and extreme"],
  ["model", "model files: small valid models and their mutations"],
  ["shard", "shard files, result JSONs and saved designs: mutated, then merged, reported or analysed"],
];

describe(`rsi-sim CLI fuzz (FUZZ_SEED=${SEED}, FUZZ_CASES=${CASES})`, () => {
  for (const [family, what] of FAMILIES) {
    it(`${family}: ${what} — exit 0 with a complete result or exit 2 with one line`, async () => {
      const mine = cases.filter((c) => c.family === family);
      const failures = await runAll(mine);
      const shown = failures.slice(0, MAX_REPORTED);
      const more = failures.length > shown.length ? `\n… and ${failures.length - shown.length} more (see ${base})` : "";
      expect(failures.length, `${failures.length} of ${mine.length} ${family} cases broke the CLI contract (seed ${SEED}):\n\n${shown.join("\n\n")}${more}\n`).toBe(0);
    }, 900_000);
  }
});
