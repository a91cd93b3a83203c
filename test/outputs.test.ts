/**
 * Outputs under bad input and interruption: a bad output path is one line
 * and exit 2 before anything is computed, with nothing written and nothing
 * left behind; several outputs are written all or none; no temporary file
 * survives a failure or a stopping signal; a closed stdout ends quietly;
 * CSVs stream in bounded chunks. The CLI is the real binary (built into
 * dist/ by `npm test`).
 */
import { spawn, spawnSync } from "node:child_process";
import { lstatSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { beforeAll, describe, expect, it } from "vitest";
import { liveTempFiles, writeAllAtomic, writeAtomic } from "../src/core/atomic.js";
import { UserError } from "../src/core/errors.js";
import { outcomeCSV, outcomeCSVChunks } from "../src/report/csv.js";
import type { OutcomeTable } from "../src/engine/simulate.js";

const BIN = path.resolve("bin/rsi-sim.js");
const MODEL = path.resolve("models/test/two-state.yaml");
const root = mkdtempSync(path.join(tmpdir(), "rsi-sim-outputs-"));
let n = 0;
/** A fresh empty directory for one test. */
const fresh = () => {
  const d = path.join(root, `t${n++}`);
  mkdirSync(d);
  return d;
};
const cli = (cwd: string, ...args: string[]) => {
  const r = spawnSync(process.execPath, [BIN, ...args], { cwd, encoding: "utf8", timeout: 60_000, maxBuffer: 64 * 1024 * 1024 });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
};
const temps = (dir: string) => readdirSync(dir).filter((f) => f.endsWith(".tmp"));

/** A failure as the CLI promises it: exit 2, one line on stderr naming `what`, nothing on stdout. */
function expectRefused(r: { code: number | null; stdout: string; stderr: string }, what: RegExp) {
  expect(r.stderr).toMatch(/^rsi-sim: [^\n]*\n$/);
  expect(r.stderr).toMatch(what);
  expect(r.code).toBe(2);
  expect(r.stdout).toBe("");
}

let shards: string; // a directory with the two shards of a run
beforeAll(() => {
  shards = fresh();
  for (const k of ["1/2", "2/2"]) expect(cli(shards, "--samples", "2000", "--shard", k, "--out", `s${k[0]}.shard`).code).toBe(0);
});

describe("a closed stdout (rsi-sim … | head) ends quietly with status 0", () => {
  const piped = (args: string, cwd = root) => {
    const r = spawnSync("bash", ["-c", `set -o pipefail; "${process.execPath}" "${BIN}" ${args} | head -2 >/dev/null`], { cwd, encoding: "utf8", timeout: 60_000 });
    return { code: r.status, stderr: r.stderr };
  };
  it("run --format json and --format csv", () => {
    expect(piped("--samples 300 --format json")).toEqual({ code: 0, stderr: "" });
    expect(piped("--samples 3000 --format csv")).toEqual({ code: 0, stderr: "" });
  });
  it("merge, json and csv", () => {
    expect(piped("merge s1.shard s2.shard", shards)).toEqual({ code: 0, stderr: "" });
    expect(piped("merge s1.shard s2.shard --format csv", shards)).toEqual({ code: 0, stderr: "" });
  });
});

describe("output paths are checked before anything is computed", () => {
  // sizes that would take far longer than the test's timeout if the model ran first
  const commands: [string, string[]][] = [
    ["run", ["--samples", "100000000"]],
    ["sweep", ["sweep", "ratio", "--values", "1,10,100", "--samples", "100000000"]],
    ["sensitivity", ["sensitivity", "--method", "sobol", "--samples", "1048576"]],
    ["merge", []],
  ];
  it.each(commands)("%s: --out in a missing directory writes no --html report", (name, args) => {
    const cwd = fresh();
    const a = name === "merge" ? ["merge", path.join(shards, "s1.shard"), path.join(shards, "s2.shard")] : args;
    const r = cli(cwd, ...a, "--html", "r.html", "--out", "/nonexistent/x.json");
    expectRefused(r, /--out: .*\/nonexistent\/x\.json.*the directory \/nonexistent does not exist/);
    expect(readdirSync(cwd)).toEqual([]);
  });

  it("--out or --html naming a directory: refused, no temporary file beside it", () => {
    const cwd = fresh();
    mkdirSync(path.join(cwd, "d"));
    expectRefused(cli(cwd, "--samples", "10", "--out", "d"), /--out: d is a directory/);
    expectRefused(cli(cwd, "--samples", "10", "--html", "d/"), /--html: d\/ names a directory/);
    expectRefused(cli(cwd, "--samples", "10", "--out", "/tmp"), /--out: \/tmp is a directory/);
    expect(readdirSync(cwd)).toEqual(["d"]);
    expect(readdirSync(path.join(cwd, "d"))).toEqual([]);
    expect(readdirSync("/").filter((f) => /^\.tmp\.\d+\.tmp$/.test(f))).toEqual([]);
  });

  it("an empty --out or --html is refused, not taken as stdout", () => {
    const cwd = fresh();
    expectRefused(cli(cwd, "--samples", "10", "--out", ""), /--out: needs a file name/);
    expectRefused(cli(cwd, "--samples", "10", "--html="), /--html: needs a file name/);
    expectRefused(cli(cwd, "merge", path.join(shards, "s1.shard"), "--out="), /--out: needs a file name/);
    expect(readdirSync(cwd)).toEqual([]);
  });

  it("--out and --html naming the same file are refused", () => {
    const cwd = fresh();
    expectRefused(cli(cwd, "--samples", "10", "--out", "a.json", "--html", "./a.json"), /--out and --html: both name/);
    expect(readdirSync(cwd)).toEqual([]);
  });

  it("a device is refused rather than replaced by a file", () => {
    // a link to /dev/null stands for the device: a writer without the check replaces the link, not the device
    const cwd = fresh();
    symlinkSync("/dev/null", path.join(cwd, "null"));
    expectRefused(cli(cwd, "--samples", "10", "--out", "null"), /--out: null is not a regular file/);
    expect(lstatSync(path.join(cwd, "null")).isSymbolicLink()).toBe(true);
  });

  it("an output that is the command's own input is refused and the input kept", () => {
    const cwd = fresh();
    const model = readFileSync(MODEL, "utf8");
    writeFileSync(path.join(cwd, "mine.yaml"), model);
    expectRefused(cli(cwd, "--model", "mine.yaml", "--samples", "10", "--out", "mine.yaml"), /--out: mine\.yaml is the model file/);
    expectRefused(cli(cwd, "sweep", "k", "--values", "0.1,0.2", "--model", "mine.yaml", "--html", "./mine.yaml"), /--html: \.\/mine\.yaml is the model file/);
    expect(readFileSync(path.join(cwd, "mine.yaml"), "utf8")).toBe(model);
    const s1 = readFileSync(path.join(shards, "s1.shard"), "utf8");
    expectRefused(cli(shards, "merge", "s1.shard", "s2.shard", "--out", "s1.shard"), /--out: s1\.shard is a shard file/);
    expect(readFileSync(path.join(shards, "s1.shard"), "utf8")).toBe(s1);
    expectRefused(cli(shards, "report", "s1.shard", "--html", "s1.shard"), /--html: s1\.shard is the result file/);
    writeFileSync(path.join(cwd, "d.json"), "{}");
    writeFileSync(path.join(cwd, "r.csv"), "loc\n");
    expectRefused(cli(cwd, "sensitivity", "--analyze", "d.json", "--results", "r.csv", "--out", "r.csv"), /--out: r\.csv is the results file/);
    expectRefused(cli(cwd, "sensitivity", "--analyze", "d.json", "--results", "r.csv", "--html", "d.json"), /--html: d\.json is the design file/);
    expect(readFileSync(path.join(cwd, "r.csv"), "utf8")).toBe("loc\n");
    expect(readFileSync(path.join(shards, "s1.shard"), "utf8")).toBe(s1);
  });
});

describe("several outputs are written all or none, and no temporary file survives a failure", () => {
  it("a file that cannot be written leaves none of the others", async () => {
    const d = fresh();
    const err = await writeAllAtomic([
      { file: path.join(d, "a.html"), content: "report" },
      { file: path.join(d, "missing", "b.json"), content: "run" },
    ]).catch((e) => e);
    expect(err).toBeInstanceOf(UserError);
    expect(err.message).toMatch(/b\.json: cannot write the file \(ENOENT\)/);
    expect(readdirSync(d)).toEqual([]);
    expect(liveTempFiles()).toEqual([]);
  });

  it("a rename that fails removes the files already renamed and the other temporary files", async () => {
    const d = fresh();
    mkdirSync(path.join(d, "dir"));
    const err = await writeAllAtomic([
      { file: path.join(d, "a.html"), content: "report" },
      { file: path.join(d, "dir"), content: "run" },
      { file: path.join(d, "c.csv"), content: ["x\n", "1\n"] },
    ]).catch((e) => e);
    expect(err).toBeInstanceOf(UserError);
    expect(readdirSync(d)).toEqual(["dir"]);
    expect(liveTempFiles()).toEqual([]);
  });

  it("an error while the chunks are made goes through as it is, and removes the temporary files", async () => {
    const d = fresh();
    function* chunks() {
      yield "a,b\n";
      throw new RangeError("made up");
    }
    const err = await writeAllAtomic([{ file: path.join(d, "x.csv"), content: chunks() }]).catch((e) => e);
    expect(err).toBeInstanceOf(RangeError);
    expect(readdirSync(d)).toEqual([]);
  });

  it("writeAtomic: a failure leaves no temporary file", () => {
    const d = fresh();
    mkdirSync(path.join(d, "dir"));
    expect(() => writeAtomic(path.join(d, "dir"), "x")).toThrow(/dir: cannot write the file/);
    expect(readdirSync(d)).toEqual(["dir"]);
    writeAtomic(path.join(d, "ok.txt"), "x");
    expect(readdirSync(d).sort()).toEqual(["dir", "ok.txt"]);
  });
});

describe("a stopping signal during a write leaves no temporary file", () => {
  const atomic = pathToFileURL(path.resolve("dist/core/atomic.js")).href;
  // a write that never ends: chunks of 64 KB, forever
  const script = `
    import { writeAllAtomic } from ${JSON.stringify(atomic)};
    function* forever() { const s = "x".repeat(65536); for (;;) yield s; }
    await writeAllAtomic([{ file: "small.txt", content: "done" }, { file: "big.csv", content: forever() }]);
  `;
  it.each(["SIGINT", "SIGTERM", "SIGHUP"] as const)("%s", async (signal) => {
    const cwd = fresh();
    const child = spawn(process.execPath, ["--input-type=module", "-e", script], { cwd, stdio: "ignore" });
    const exited = new Promise<NodeJS.Signals | null>((resolve) => child.on("exit", (_code, sig) => resolve(sig)));
    const deadline = Date.now() + 20_000;
    while (!temps(cwd).some((f) => f.startsWith(".big.csv.")) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 10));
    expect(temps(cwd).length).toBe(2);
    child.kill(signal);
    expect(await exited).toBe(signal);
    expect(readdirSync(cwd)).toEqual([]);
  });
});

describe("SIGINT during the CLI's final CSV write", () => {
  it("stops the write and leaves neither the CSV nor its temporary file", async () => {
    const cwd = fresh();
    const args = [BIN, "--model", MODEL, "--samples", "300000", "--format", "csv", "--out", "big.csv", "--no-progress"];
    const child = spawn(process.execPath, args, { cwd, stdio: "ignore" });
    const exited = new Promise<NodeJS.Signals | null>((resolve) => child.on("exit", (_code, sig) => resolve(sig)));
    let running = true;
    void exited.then(() => (running = false));
    while (running && temps(cwd).length === 0) await new Promise((r) => setTimeout(r, 2));
    expect(temps(cwd)).toEqual([`.big.csv.${child.pid}.tmp`]);
    child.kill("SIGINT");
    expect(await exited).toBe("SIGINT");
    expect(readdirSync(cwd)).toEqual([]);
  });
});

describe("CSV in bounded chunks", () => {
  /** An outcome table of `rows` draws with a few made-up columns (NaN in some cells). */
  function table(rows: number): { table: OutcomeTable } {
    const col = (f: (i: number) => number) => Float64Array.from({ length: rows }, (_, i) => f(i));
    return {
      table: {
        first: 7,
        rows,
        outputs: ["loc", "t_si"],
        columns: { loc: col((i) => i % 2), t_si: col((i) => (i % 3 === 0 ? NaN : 2025 + i / 7)) },
        parameters: ["ratio"],
        parameterColumns: { ratio: col((i) => Math.exp(i / rows)) },
        failed: Uint8Array.from({ length: rows }, (_, i) => (i % 11 === 0 ? 1 : 0)),
      },
    };
  }

  it("the chunks are whole lines of bounded size, and join to the whole CSV", () => {
    const t = table(20_000);
    const chunks = [...outcomeCSVChunks(t, 4096)];
    expect(chunks.length).toBeGreaterThan(50);
    for (const c of chunks) {
      expect(c.endsWith("\n")).toBe(true);
      expect(c.length).toBeLessThan(4096 + 200);
    }
    const text = chunks.join("");
    expect(text).toBe(outcomeCSV(t));
    const lines = text.split("\n");
    expect(lines[0]).toBe("draw,failed,out.loc,out.t_si,par.ratio");
    expect(lines[1]).toBe("7,1,0,,1");
    expect(lines.length).toBe(20_002);
    expect([...outcomeCSVChunks(table(0))]).toEqual(["draw,failed,out.loc,out.t_si,par.ratio\n"]);
  });

  it("a million draws stream to a file", async () => {
    const d = fresh();
    const file = path.join(d, "big.csv");
    await writeAllAtomic([{ file, content: outcomeCSVChunks(table(1_000_000)) }]);
    const text = readFileSync(file, "utf8");
    expect(text.split("\n").length).toBe(1_000_002);
    expect(readdirSync(d)).toEqual(["big.csv"]);
  });

  it("the CLI's CSV is the same on stdout, in --out and through merge", () => {
    const cwd = fresh();
    const stdout = cli(cwd, "--samples", "2000", "--format", "csv");
    expect(stdout.code).toBe(0);
    expect(cli(cwd, "--samples", "2000", "--out", "run.csv").code).toBe(0);
    expect(readFileSync(path.join(cwd, "run.csv"), "utf8")).toBe(stdout.stdout);
    const merged = cli(shards, "merge", "s1.shard", "s2.shard", "--format", "csv");
    expect(merged.code).toBe(0);
    expect(merged.stdout).toBe(stdout.stdout);
  });
});

describe("--format names its choices in one line", () => {
  it.each([
    [["--format", "xml"], /--format: must be table, json or csv, got "xml"/],
    [["sweep", "ratio", "--values", "1,2", "--format", "xml"], /--format: must be table, json or csv, got "xml"/],
    [["sensitivity", "--method", "oat", "--format", "xml"], /--format: must be table or json, got "xml"/],
    [["merge", "x.json", "--format", "xml"], /--format: must be json, table or csv, got "xml"/],
  ])("%j", (args, what) => {
    expectRefused(cli(fresh(), ...args), what);
  });
});
