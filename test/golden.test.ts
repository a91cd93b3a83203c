/**
 * Golden results: what the CLI prints or writes for fixed seeds and small
 * sizes, checked byte for byte against test/golden/. A change that moves
 * code must not change a number; a change that fixes a number on purpose
 * regenerates the files in the same commit and says why:
 *
 *   UPDATE_GOLDEN=1 npx vitest run test/golden.test.ts
 */
import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";

const BIN = path.resolve("bin/rsi-sim.js");
const GOLDEN = path.resolve("test/golden");
const UPDATE = process.env.UPDATE_GOLDEN === "1";
const tmp = mkdtempSync(path.join(tmpdir(), "rsi-sim-golden-"));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

function cli(args: string[]): string {
  const extra = args[0] === "merge" ? [] : ["--workers", "1", "--no-progress"];
  const r = spawnSync(process.execPath, [BIN, ...args, ...extra], {
    encoding: "utf8",
    maxBuffer: 256 * 1024 * 1024,
    cwd: tmp,
  });
  if (r.status !== 0) throw new Error(`rsi-sim ${args.join(" ")} exited ${r.status}: ${r.stderr}`);
  return r.stdout;
}

function golden(name: string, text: string): void {
  const file = path.join(GOLDEN, name);
  if (UPDATE || !existsSync(file)) {
    if (!UPDATE) throw new Error(`golden file ${name} is missing (UPDATE_GOLDEN=1 writes it)`);
    mkdirSync(GOLDEN, { recursive: true });
    writeFileSync(file, text);
    return;
  }
  const want = readFileSync(file, "utf8");
  // compare as strings first for a readable diff, then insist on the bytes
  expect(text).toBe(want);
}

/** Run each shard into a file, merge them, and return the merged output. */
function merged(args: string[], shards: number, format: string): string {
  const files: string[] = [];
  for (let k = 1; k <= shards; k++) {
    const f = path.join(tmp, `${args.join("_").replace(/[^a-z0-9]+/gi, "_")}.${k}.shard`);
    cli([...args, "--shard", `${k}/${shards}`, "--out", f]);
    files.push(f);
  }
  // reversed order: the merge must not depend on it
  return cli(["merge", ...files.reverse(), "--format", format]);
}

const MODELS = [
  { model: "rsi-core", sweep: ["ratio", "--values", "20,200,2000"], params: "g_soft0,gamma,r_safe,h_max,p_comply" },
  { model: "forethought-sie", sweep: ["r0", "--values", "0.6,1.2,2.4"], params: "" },
] as const;

for (const m of MODELS) {
  const base = ["--model", m.model, "--seed", "7"];
  const params = m.params ? ["--params", m.params] : [];
  describe(`golden results of ${m.model}`, () => {
    it("run: JSON, table and CSV", () => {
      const run = [...base, "--samples", "300"];
      golden(`${m.model}.run.json`, cli([...run, "--format", "json"]));
      golden(`${m.model}.run.txt`, cli([...run, "--format", "table"]));
      golden(`${m.model}.run.csv`, cli([...run, "--format", "csv"]));
    });

    it("sweep: JSON and table", () => {
      const sweep = ["sweep", ...m.sweep, ...base, "--samples", "200"];
      golden(`${m.model}.sweep.json`, cli([...sweep, "--format", "json"]));
      golden(`${m.model}.sweep.txt`, cli([...sweep, "--format", "table"]));
    });

    it("sensitivity: Sobol, Morris and OAT as JSON", () => {
      // the outcome level, whose numbers these files have held since before the probability level (the default now)
      const s = ["sensitivity", ...base, ...params, "--level", "outcome", "--resamples", "200"];
      golden(`${m.model}.sobol.json`, cli([...s, "--method", "sobol", "--samples", "64", "--format", "json"]));
      golden(`${m.model}.morris.json`, cli([...s, "--method", "morris", "--trajectories", "8", "--format", "json"]));
      golden(`${m.model}.oat.json`, cli([...s, "--method", "oat", "--samples", "50", "--format", "json"]));
      golden(`${m.model}.sobol.txt`, cli([...s, "--method", "sobol", "--samples", "64", "--format", "table"]));
    });

    it("merge of shards: the single command's bytes", () => {
      const run = [...base, "--samples", "300"];
      const runMerged = merged(run, 3, "json");
      expect(runMerged).toBe(readFileSync(path.join(GOLDEN, `${m.model}.run.json`), "utf8"));
      golden(`${m.model}.merge-run.json`, runMerged);
      const sweep = ["sweep", ...m.sweep, ...base, "--samples", "200"];
      const sweepMerged = merged(sweep, 2, "json");
      expect(sweepMerged).toBe(readFileSync(path.join(GOLDEN, `${m.model}.sweep.json`), "utf8"));
      golden(`${m.model}.merge-sweep.json`, sweepMerged);
      const s = ["sensitivity", ...base, ...params, "--level", "outcome", "--resamples", "200", "--method", "sobol", "--samples", "64"];
      const sMerged = merged(s, 2, "json");
      golden(`${m.model}.merge-sobol.json`, sMerged);
    });
  });
}
