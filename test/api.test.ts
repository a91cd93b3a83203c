/**
 * The public API (src/index.ts): every export has a doc comment where it is
 * defined, every value export's comment has an @example, and every example
 * runs against the built library (dist/) without an error. Examples run in
 * a temporary folder that holds the files they name (run.json, d.json,
 * outputs.csv), made by the CLI and the library first.
 */
import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { transformSync } from "esbuild";

const ROOT = path.resolve(".");
const tmp = mkdtempSync(path.join(tmpdir(), "rsi-sim-api-"));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

interface Export {
  name: string;
  type: boolean;
  file: string;
}

/** The names src/index.ts exports, each with the file it comes from. */
function exportsOfIndex(): Export[] {
  const text = readFileSync("src/index.ts", "utf8");
  const out: Export[] = [];
  for (const m of text.matchAll(/export (type )?\{([^}]*)\} from "([^"]+)";/g)) {
    const file = path.join("src", m[3].replace(/\.js$/, ".ts"));
    for (const raw of m[2].split(",").map((s) => s.trim()).filter(Boolean)) {
      const type = Boolean(m[1]) || raw.startsWith("type ");
      out.push({ name: raw.replace(/^type /, ""), type, file });
    }
  }
  return out;
}

/** The doc comment right above `name`'s declaration in `file` (following a re-export one step), or null. */
function docOf(name: string, file: string, depth = 0): string | null {
  const text = readFileSync(file, "utf8");
  const decl = new RegExp(`(?:^|\\n)(/\\*\\*(?:[^*]|\\*(?!/))*\\*/)\\s*\\nexport (?:async )?(?:function|class|const|interface|type) ${name}\\b`);
  const m = decl.exec(text);
  if (m) return m[1];
  const re = new RegExp(`export \\{[^}]*\\b${name}\\b[^}]*\\} from "([^"]+)"`).exec(text);
  if (re && depth < 3) return docOf(name, path.join(path.dirname(file), re[1].replace(/\.js$/, ".ts")), depth + 1);
  return null;
}

/** The code of a doc comment's @example (its lines up to the next tag or the end). */
function exampleOf(doc: string): string | null {
  const lines = doc.split("\n").map((l) => l.replace(/^\s*\/?\*+\/?\s?/, ""));
  const at = lines.findIndex((l) => l.startsWith("@example"));
  if (at < 0) return null;
  const body: string[] = [];
  for (const l of lines.slice(at + 1)) {
    if (l.startsWith("@")) break;
    body.push(l);
  }
  return body.join("\n").trim();
}

const api = exportsOfIndex();
const values = api.filter((e) => !e.type).map((e) => e.name);

beforeAll(() => {
  // the files the examples name (models/ as in the repository)
  symlinkSync(path.join(ROOT, "models"), path.join(tmp, "models"));
  const cli = (...args: string[]) => {
    const r = spawnSync(process.execPath, [path.join(ROOT, "bin/rsi-sim.js"), ...args, "--workers", "1"], { cwd: tmp, encoding: "utf8" });
    if (r.status !== 0) throw new Error(r.stderr);
  };
  cli("--samples", "200", "--out", "run.json");
  cli("sensitivity", "--method", "morris", "--trajectories", "4", "--params", "gamma,h_max", "--outputs", "loc", "--write-design", "d.json");
  const design = JSON.parse(readFileSync(path.join(tmp, "d.json"), "utf8"));
  const rows: number = design.rows;
  // outputs of the design's rows from another tool: any numbers will do for the example
  writeFileSync(path.join(tmp, "outputs.csv"), ["loc", ...Array.from({ length: rows }, (_, i) => String(i % 2))].join("\n") + "\n");
}, 120_000);

describe("the public API", () => {
  it("exports the use cases first and no internals", () => {
    for (const name of ["run", "sweep", "sensitivity", "merge", "report"]) expect(values).toContain(name);
    for (const name of ["Engine", "WorkerPool", "checkRunOptions", "simulate", "simulateParallel", "planParameters"]) expect(values).not.toContain(name);
    const text = readFileSync("src/index.ts", "utf8");
    expect(text.indexOf("./app/")).toBeLessThan(text.indexOf("./report/"));
  });

  it("has a doc comment for every export and an @example for every value", () => {
    const missing = api.filter((e) => docOf(e.name, e.file) === null).map((e) => e.name);
    expect(missing, "exports without a doc comment").toEqual([]);
    const noExample = api.filter((e) => !e.type && exampleOf(docOf(e.name, e.file)!) === null).map((e) => e.name);
    expect(noExample, "value exports without an @example").toEqual([]);
  });

  it("runs every example against the built library", () => {
    const names = values.join(", ");
    // reportPngs needs Chromium (CI installs it; the browser tests skip without it too)
    const skip = existsSync(process.env.RSI_SIM_CHROMIUM ?? "/usr/bin/chromium") ? [] : ["reportPngs"];
    const cases = api.filter((e) => !e.type && !skip.includes(e.name)).map((e) => ({ name: e.name, code: exampleOf(docOf(e.name, e.file)!)! }));
    // one module, one async function per example; a failure names its export
    const body = cases
      .map((c) => `  try {\n    await (async () => {\n${c.code.replace(/^import .*$/gm, "")}\n    })();\n  } catch (err) {\n    failures.push(${JSON.stringify(c.name)} + ": " + (err && err.stack || err));\n  }`)
      .join("\n");
    const source = `import { ${names} } from ${JSON.stringify(path.join(ROOT, "dist/index.js"))};\nimport { readFileSync } from "node:fs";\nconst failures = [];\nconst console = { log() {} };\n${body}\nif (failures.length) { process.stderr.write(failures.join("\\n")); process.exit(1); }\nawait closeWorkers();\n`;
    const js = transformSync(source, { loader: "ts", format: "esm", target: "node20" }).code;
    const file = path.join(tmp, "examples.mjs");
    writeFileSync(file, js);
    const r = spawnSync(process.execPath, [file], { cwd: tmp, encoding: "utf8" });
    expect(r.stderr).toBe("");
    expect(r.status).toBe(0);
    expect(cases.length).toBeGreaterThanOrEqual(25);
  }, 300_000);
});
