/**
 * The real `rsi-sim` binary, spawned as a user would run it (built into
 * dist/ by `npm test` before the tests run).
 */
import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { Ajv } from "ajv";
import { loadModel } from "../src/model/compile.js";

const BIN = path.resolve("bin/rsi-sim.js");
const run = (...args: string[]) => {
  const r = spawnSync(process.execPath, [BIN, ...args], { encoding: "utf8", maxBuffer: 256 * 1024 * 1024 });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
};
const tmp = mkdtempSync(path.join(tmpdir(), "rsi-sim-cli-"));

/** A column of a CSV of draws (`out.NAME` or `par.NAME`), past its `#` comment lines. */
function csvColumn(csv: string, name: string): number[] {
  const [head, ...rows] = csv.trim().split("\n").filter((l) => !l.startsWith("#"));
  const i = head.split(",").indexOf(name);
  return rows.map((r) => {
    const v = r.split(",")[i];
    return v === "" ? NaN : Number(v);
  });
}

describe("rsi-sim run", () => {
  it("prints the summary with intervals, the seed and the command that reproduces it", () => {
    const r = run("--ratio", "200", "--samples", "500");
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/loc_by_2030\s.*%\s+\[\d+\.\d%, \d+\.\d%\]/);
    expect(r.stdout).toContain("seed 1");
    expect(r.stdout).toContain("Reproduce: rsi-sim --ratio 200 --samples 500 --seed 1");
    expect(r.stdout).toContain("takeoff_years (years), draws where defined");
    for (const line of r.stdout.split("\n")) expect(line.length).toBeLessThanOrEqual(80);
  });

  it("with brakes off, no draw that keeps control at a higher ratio loses it at a lower one", () => {
    const loc = [20, 200, 2000].map((ratio) => {
      const r = run("--ratio", String(ratio), "--p-comply", "0", "--samples", "1500", "--format", "csv");
      expect(r.code).toBe(0);
      return csvColumn(r.stdout, "out.loc");
    });
    let strict = 0;
    for (let i = 0; i < loc[0].length; i++) {
      expect(loc[0][i]).toBeLessThanOrEqual(loc[1][i]);
      expect(loc[1][i]).toBeLessThanOrEqual(loc[2][i]);
      if (loc[0][i] < loc[2][i]) strict++;
    }
    expect(strict).toBeGreaterThan(50); // the ratio matters in many draws
  });

  it("with brakes on, P(loss of control) at 2000:1 is above 20:1 beyond the intervals, and 1:1 is below 200:1", () => {
    const p = (ratio: number) => {
      const r = run("--ratio", String(ratio), "--samples", "2000", "--format", "json");
      expect(r.code).toBe(0);
      return JSON.parse(r.stdout).outputs.loc;
    };
    const [p1, p20, p200, p2000] = [1, 20, 200, 2000].map(p);
    expect(p2000.ci[0]).toBeGreaterThan(p20.ci[1]);
    expect(p1.ci[1]).toBeLessThan(p200.ci[0]);
  });

  it("every parameter flag reaches the model's parameter vector", () => {
    const model = loadModel("rsi-core");
    const args: string[] = [];
    const want: Record<string, number> = {};
    for (const p of model.parameters) {
      const v = p.prior ? p.prior.quantile(0.37) : p.value! * 1.5;
      want[p.name] = Number(v.toPrecision(6));
      args.push(`--${p.name.replace(/_/g, "-")}`, String(want[p.name]));
    }
    const r = run(...args, "--samples", "3", "--format", "csv");
    expect(r.code).toBe(0);
    for (const p of model.parameters) expect(csvColumn(r.stdout, `par.${p.name}`)).toEqual([want[p.name], want[p.name], want[p.name]]);
    // --set and a distribution string
    const s = run("--set", "r_soft=2.5", "--r-safe", "1 to 2", "--samples", "200", "--format", "csv");
    expect(s.code).toBe(0);
    expect(new Set(csvColumn(s.stdout, "par.r_soft"))).toEqual(new Set([2.5]));
    const rs = csvColumn(s.stdout, "par.r_safe");
    expect(Math.min(...rs)).toBeGreaterThan(0.3);
    expect(new Set(rs).size).toBe(200);
  });

  it("writes JSON that follows the result contract, byte-identical for the same seed", () => {
    const out = path.join(tmp, "run.json");
    const r = run("--samples", "300", "--seed", "7", "--out", out);
    expect(r.code).toBe(0);
    const text = readFileSync(out, "utf8");
    const schema = JSON.parse(readFileSync("docs/result.schema.json", "utf8"));
    const validate = new Ajv({ strict: false }).compile(schema);
    const json = JSON.parse(text);
    expect(validate(json), JSON.stringify(validate.errors)).toBe(true);
    expect(json.schema).toBe("rsi-sim.result/1");
    expect(json.seed).toBe(7);
    const again = run("--samples", "300", "--seed", "7", "--format", "json", "--out", path.join(tmp, "again.json"));
    const withoutCommand = (t: string) => t.replace(/\n  "command": .*\n/, "\n");
    expect(withoutCommand(readFileSync(path.join(tmp, "again.json"), "utf8"))).toBe(withoutCommand(text));
  });

  const bad: [string, string[], RegExp][] = [
    ["an unknown flag", ["--r-sotf", "2"], /unknown flag --r-sotf \(did you mean --r-soft\?\)/],
    ["a malformed distribution", ["--p-comply", "beta(2,"], /--p-comply: /],
    ["a misspelt distribution", ["--p-comply", "bta(2, 5)"], /did you mean "beta"/],
    ["a zero ratio", ["--ratio", "0"], /--ratio: must be above 0, got 0/],
    ["a negative ratio", ["--ratio", "-3"], /--ratio/],
    ["samples that are not an integer", ["--samples", "1.5"], /--samples: must be a positive integer/],
    ["zero samples", ["--samples", "0"], /--samples: must be a positive integer/],
    ["a bad seed", ["--seed", "-1"], /--seed/],
    ["a missing model file", ["--model", "no/such/model.yaml"], /no\/such\/model\.yaml: no such model file/],
    ["an unknown parameter in --set", ["--set", "r_sfot=2"], /did you mean "r_soft"/],
  ];
  for (const [what, args, message] of bad) {
    it(`rejects ${what} with one line, exit 2 and no file`, () => {
      const out = path.join(tmp, `bad-${what.replace(/\W+/g, "-")}.json`);
      const r = run(...args, ...(args.includes("--samples") ? [] : ["--samples", "10"]), "--out", out);
      expect(r.code).toBe(2);
      expect(r.stderr).toMatch(message);
      expect(r.stderr.trim().split("\n")).toHaveLength(1);
      expect(r.stdout).toBe("");
      expect(existsSync(out)).toBe(false);
    });
  }

  it("rejects an invalid model file naming the file and the entry", () => {
    const file = path.join(tmp, "broken.yaml");
    writeFileSync(file, "name: broken\ntime: { start: 0, horizon: 1 }\nparameters: { g: 1 }\nstate:\n  a: { initial: 0, rate: \"gg * 2\" }\noutputs:\n  x: \"final(a)\"\n");
    const r = run("--model", file, "--samples", "10");
    expect(r.code).toBe(2);
    expect(r.stderr.trim()).toBe(`rsi-sim: ${file}: state.a.rate: unknown name "gg" (did you mean "g"?)`);
  });
});

describe("--html on run, sweep and sensitivity", () => {
  it("writes a self-contained report beside the usual output", () => {
    const cases: [string, string[]][] = [
      ["run", ["--samples", "200"]],
      ["sweep", ["sweep", "ratio", "--values", "10,1000", "--samples", "200"]],
      ["sensitivity", ["sensitivity", "--method", "morris", "--trajectories", "4"]],
    ];
    for (const [kind, args] of cases) {
      const file = path.join(tmp, `${kind}.html`);
      const r = run(...args, "--html", file);
      expect(r.code, r.stderr).toBe(0);
      const html = readFileSync(file, "utf8");
      expect(html.startsWith("<!DOCTYPE html>") || html.startsWith("<!doctype html>")).toBe(true);
      expect(html).not.toMatch(/<script[^>]+src=["']https?:/);
      expect(html.length).toBeGreaterThan(1_000_000); // plotly inlined
    }
  });
});

describe("arguments with control characters", () => {
  it("are refused in one line before anything runs, for every command (a newline split the Reproduce line; a shard of one could not be merged)", () => {
    const out = path.join(tmp, "nl.shard");
    for (const args of [
      ["compare", "--samples", "10", "--scenario", "a\nb", "--scenario", "b", "--shard", "1/1", "--out", out],
      ["--samples", "10", "--set", "ratio=5\n"],
      ["sweep", "ratio", "--values", "1,2", "--samples", "10", "--seed", "\u001b[31m1"],
    ]) {
      const r = run(...args);
      expect(r.code).toBe(2);
      expect(r.stdout).toBe("");
      expect(r.stderr.trimEnd().split("\n")).toHaveLength(1);
      expect(r.stderr).toMatch(/^rsi-sim: argument \d+ \(".*\\u00(0a|1b).*"\) holds the control character U\+00(0A \(newline\)|1B \(escape\)); arguments are one-line texts\n$/);
    }
    expect(existsSync(out)).toBe(false);
    // a long argument is cut around its control character, which the message shows
    const r = run("--model", `${"x".repeat(100)}\n`);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^rsi-sim: argument 2 \(…x+\\u000a"\) holds the control character U\+000A \(newline\)/);
  });

  it("a scenario name with a control character is refused by the library too", async () => {
    const { compare } = await import("../src/app/compare.js");
    await expect(compare({ samples: 10, workers: 1, scenarios: [{ name: "a\u001b[31mb" }, { name: "b" }] })).rejects.toThrow(/^scenarios the name of scenario 1 holds the control character U\+001B \(escape\)/);
  });
});

describe("rsi-sim validate and describe", () => {
  it("validate exits 0 for the shipped models and 2 for a broken one", () => {
    for (const m of ["models/rsi-core.yaml", "models/forethought-sie.yaml"]) {
      const r = run("validate", m);
      expect(r.code).toBe(0);
      expect(r.stdout).toMatch(/^ok: [^\n]*\n$/); // no notes: their bounded states are capped
    }
    // rsi-core before its caps: a note for each state that stops at a bound without a cap, exit 0
    const uncapped = path.join(tmp, "uncapped.yaml");
    writeFileSync(uncapped, readFileSync("models/rsi-core.yaml", "utf8").replace(/, max: (spend_room|soft_ceiling)/g, ""));
    const notes = run("validate", uncapped);
    expect(notes.code).toBe(0);
    expect(notes.stdout.split("\n").filter((l) => l.startsWith("note: ")).map((l) => l.split(" through")[0])).toEqual([
      "note: state compute: its rate stops at compute = spend_room",
      "note: state software: its rate stops at software = soft_ceiling",
    ]);
    expect(notes.stdout).toContain("give the state `max: soft_ceiling`");
    const file = path.join(tmp, "cycle.yaml");
    writeFileSync(file, "name: c\ntime: { start: 0, horizon: 1 }\nparameters: { g: 1 }\nderived: { x: y, y: x }\nstate:\n  a: { initial: 0, rate: x }\noutputs:\n  o: \"final(a)\"\n");
    const r = run("validate", file);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/circular definition: (x → y → x|y → x → y)/);
  });

  it("describe lists parameters with priors and sources, equations and outputs", () => {
    const r = run("describe", "rsi-core");
    expect(r.code).toBe(0);
    expect(r.stdout).toContain("--r-soft  log-uniform(0.4, 3.6)");
    expect(r.stdout).toContain("source: Davidson & Houlden");
    expect(r.stdout).toContain("dsoftware/dt = software_rate");
    expect(r.stdout).toContain("loss_of_control: rate h_max * danger * misalign; ends the run");
  });

  it("--help documents every parameter flag from the model file", () => {
    const r = run("--help");
    expect(r.code).toBe(0);
    const model = loadModel("rsi-core");
    for (const p of model.parameters) expect(r.stdout).toContain(`--${p.name.replace(/_/g, "-")}`);
    expect(r.stdout).toContain("Stuart Russell");
  });
});

describe("start-up", () => {
  it("runs from its bundle: the shared worker pool loaded once, the model from the cache, no compiler, the script's code cache taken", () => {
    // an ES module loader hook that names every file the process loads, one line each on stderr, tagged
    // with the id of the hooks thread; worker threads get their own hooks thread, and whether their lines
    // reach stderr before the process exits is a race, so only the main thread's lines (the thread that
    // loaded bin/rsi-sim.js) are checked
    const hook = path.join(tmp, "loads.mjs");
    writeFileSync(
      hook,
      'import { threadId } from "node:worker_threads";\n' +
        'export async function load(u, c, n) { process.stderr.write(`LOAD ${threadId} ${u}\\n`); return n(u, c); }\n',
    );
    // NODE_DEBUG=module names the CommonJS modules the script requires (mathjs, the compiler's, and cli-progress must not be among them)
    const r = spawnSync(process.execPath, ["--no-warnings", "--experimental-loader", hook, BIN, "--ratio", "200", "--samples", "2000", "--workers", "2"], {
      encoding: "utf8",
      env: { ...process.env, NODE_DEBUG: "module" },
    });
    expect(r.status).toBe(0);
    const lines = r.stderr
      .split("\n")
      .filter((l) => l.startsWith("LOAD "))
      .map((l) => l.split(" "));
    const main = lines.find(([, , u]) => u.endsWith("/bin/rsi-sim.js"))?.[1];
    expect(main).toBeDefined();
    const loads = lines
      .filter(([, id, u]) => id === main && u.startsWith("file:"))
      .map(([, , u]) => path.relative(process.cwd(), new URL(u).pathname));
    // the CLI is one script (bin/cli-script.js compiles it with vm.Script), not modules of dist/cli
    expect(loads).toContain(path.join("bin", "cli-script.js"));
    expect(loads.some((f) => f.startsWith(path.join("dist", "cli")))).toBe(false);
    // bin/rsi-sim.js starts the workers from dist/parallel/pool.js; the bundle must use that pool, not a copy
    expect(loads.filter((f) => f.endsWith("pool.js"))).toEqual([path.join("dist", "parallel", "pool.js")]);
    const bundle = path.resolve("dist", "cli-bundle");
    for (const f of readdirSync(bundle)) expect(readFileSync(path.join(bundle, f), "latin1")).not.toMatch(/class WorkerPool|WorkerPool = class/);
    // the main thread reads few of our files, and the shipped model comes from dist/model-cache
    expect(loads.filter((f) => f.startsWith("dist") && !f.startsWith(path.join("dist", "cli-bundle"))).length).toBeLessThanOrEqual(2);
    expect(loads.some((f) => /compile|mathjs/.test(f))).toBe(false);
    // the script's requires are seen (node:crypto, of the model cache's key); cli-progress is
    // loaded only when a bar is drawn, never for a run whose stderr is not a terminal
    expect(r.stderr).toMatch(/MODULE \d+: Module\._load REQUEST node:crypto parent: .*cli-bundle/);
    expect(r.stderr).not.toMatch(/cli-progress/);
    expect(r.stderr).not.toMatch(/mathjs/);
    expect(r.stdout).toContain("2,000 draws");
  });

  it("takes the code cache made at build time for its script", async () => {
    const loader = "../bin/cli-script.js";
    const { compileCli } = (await import(loader)) as { compileCli(): { cached: boolean } };
    expect(compileCli().cached).toBe(true);
  });
});
