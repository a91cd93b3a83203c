/**
 * The README runs as written: every command of its "Using it" section, in
 * order, in one scratch folder (a copy of the checkout's `models/`, as a
 * user in the rsi-sim folder has), each exiting 0, with the files that
 * earlier commands wrote (run.json, the shards, result.json, my-model.yaml).
 *
 * The only change is the size: `--samples`, `--points`, `--trajectories`,
 * `--precision` become small, run/sweep/compare commands without
 * `--samples` get a small one, and sensitivity analyses get two factors,
 * one output, 4 inner draws and 50 resamples. `npx rsi-sim` runs this
 * checkout's bin/rsi-sim.js (npx would look for the package in the scratch
 * folder). Every other ```sh block of the README is listed in EXCLUDED with
 * the reason it is not run here; a new block must be added to one or the
 * other.
 */
import { spawnSync } from "node:child_process";
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { chromiumPath } from "../src/report/browser.js";

const ROOT = path.resolve(".");
const BIN = path.join(ROOT, "bin/rsi-sim.js");
const README = readFileSync(path.join(ROOT, "README.md"), "utf8");
const HAVE_CHROMIUM = existsSync(chromiumPath());

/** The README's ```sh blocks, each with the section (## heading) it is in. */
function shBlocks(): { section: string; lines: string[] }[] {
  const blocks: { section: string; lines: string[] }[] = [];
  let section = "";
  const lines = README.split("\n");
  for (let i = 0; i < lines.length; i++) {
    if (lines[i].startsWith("## ")) section = lines[i].slice(3).trim();
    if (lines[i].trim() !== "```sh") continue;
    const body: string[] = [];
    for (i++; i < lines.length && lines[i].trim() !== "```"; i++) if (lines[i].trim() !== "") body.push(lines[i]);
    blocks.push({ section, lines: body });
  }
  return blocks;
}

/** Blocks not run here, by section, and why. */
const EXCLUDED: Record<string, string> = {
  // npm install needs the network; `npx rsi-sim --ratio 200` on its line is run by "Example output" below
  "Quick start": "the two install lines: npm install needs the network, and npm test is the suite this test is part of",
  // apt-get needs root and the network; tslab install writes a kernel into the user's Jupyter
  Notebooks: "needs Jupyter (apt-get or pip: root or network) and registers a kernel; CI runs the notebooks (npm run notebooks)",
  // npm test runs this suite; npm run bench takes minutes and writes BENCHMARKS.md
  Development: "npm test is the suite this test is part of; npm run bench takes minutes and rewrites BENCHMARKS.md",
};

const SMALL_RUN = "200";

/** A README line as run here: this checkout's CLI, with small sizes (see the file's comment). */
function smaller(line: string): string {
  return line.replace(/npx rsi-sim((?: (?:sweep|compare|sensitivity|merge|report|playground|describe|validate)\b)?)/g, (_m, sub: string) => {
    const cmd = sub.trim();
    const extra =
      cmd === "" ? ` --samples ${SMALL_RUN}` : cmd === "sweep" ? " --samples 50" : cmd === "compare" ? " --samples 100" : cmd === "sensitivity" ? " --params gamma,h_max --outputs loc --inner 4 --resamples 50" : "";
    return `node '${BIN}'${sub}${extra}`;
  })
    .replace(/(node '[^']+' --samples \d+.*?) --samples \d+/g, "$1")
    .replace(/(sweep --samples 50.*?) --samples \d+/g, "$1")
    .replace(/--samples 1024/g, "--samples 16")
    .replace(/--points \d+/g, "--points 3")
    .replace(/--trajectories \d+/g, "--trajectories 4")
    .replace(/--precision [\d.]+/g, "--precision 0.05");
}

/** Run one shell line in `cwd`; its status, stdout and stderr. */
function sh(line: string, cwd: string) {
  const r = spawnSync("sh", ["-c", line], { cwd, encoding: "utf8", maxBuffer: 64 * 1024 * 1024 });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

const tmp = mkdtempSync(path.join(tmpdir(), "rsi-sim-readme-"));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

describe("README: the commands a user is told to type", () => {
  const blocks = shBlocks();

  it("every ```sh block is either run here or excluded with a reason", () => {
    for (const b of blocks) expect(b.section === "Using it" || b.section in EXCLUDED, `a \`\`\`sh block in "${b.section}"`).toBe(true);
    expect(blocks.filter((b) => b.section === "Using it")).toHaveLength(1);
    for (const section of Object.keys(EXCLUDED)) expect(blocks.some((b) => b.section === section), section).toBe(true);
  });

  it("Example output: the command prints the header shown", () => {
    const shown = /`(npx rsi-sim --ratio 200 --samples 2000)` \(abridged\):\n\n```\n([^\n]*)\n([^\n]*)\n/.exec(README);
    expect(shown).not.toBeNull();
    const r = sh(shown![1].replace("npx rsi-sim", `node '${BIN}'`), tmp);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout.split("\n").slice(0, 2)).toEqual([shown![2], shown![3]]);
  }, 120_000);

  it("Using it: every command, in order, exits 0", () => {
    cpSync(path.join(ROOT, "models"), path.join(tmp, "models"), { recursive: true });
    const using = blocks.find((b) => b.section === "Using it")!;
    expect(using.lines.length).toBeGreaterThan(20);
    for (const line of using.lines) {
      expect(line, "a README command").toMatch(/^(npx rsi-sim|for k in|cp )/);
      if (line.includes("--png") && !HAVE_CHROMIUM) {
        console.warn(`readme.test.ts: skipped "${line}": no Chromium at ${chromiumPath()}`);
        continue;
      }
      const cmd = smaller(line);
      const r = sh(cmd, tmp);
      expect(r.code, `${line}\n  ran as: ${cmd}\n${r.stderr}`).toBe(0);
    }
    // what the section says of the files it wrote
    expect(JSON.parse(readFileSync(path.join(tmp, "run.json"), "utf8")).schema).toBe("rsi-sim.result/1");
    expect(readFileSync(path.join(tmp, "draws.csv"), "utf8").split("\n").find((l) => !l.startsWith("#"))).toMatch(/^draw,failed,out\.loc,/);
    expect(readFileSync(path.join(tmp, "sweep.csv"), "utf8")).toContain("\npoint,par.ratio,output,statistic,value\n");
    const single = sh(`node '${BIN}' --samples ${SMALL_RUN} --format json`, tmp);
    expect(readFileSync(path.join(tmp, "result.json"), "utf8")).toBe(single.stdout);
    expect(existsSync(path.join(tmp, "r.html"))).toBe(true);
  }, 600_000);
});
