/**
 * Running a case as a user would (a subprocess of the built CLI, in a fresh
 * directory, with a time limit and a heap cap) and checking the CLI's
 * contract:
 *   exit 0 — a complete result: each asked-for file exists, is not empty and
 *            (JSON) parses; stdout likewise when the result goes there;
 *   exit 2 — exactly one line on stderr, starting "rsi-sim: ", nothing on
 *            stdout, no file created;
 *   never  — another exit status, a signal, a time-out, a stack trace or
 *            "internal error", terminal control characters in the output,
 *            temporary files (.NAME.PID.tmp) left behind.
 * A failure is reported with the command and files that reproduce it.
 */
import { spawn } from "node:child_process";
import { existsSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import path from "node:path";
import type { Case } from "./cases.js";

export const BIN = path.resolve("bin/rsi-sim.js");
export const CASE_TIMEOUT_MS = Number(process.env.FUZZ_TIMEOUT_MS ?? 15_000);
const NODE_OPTIONS = "--max-old-space-size=1024";
const OUTPUT_CAP = 16 * 1024 * 1024;

/** The environment of every case: no Slurm or Kubernetes shard variables, no colours, no Chromium. */
export function caseEnv(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [k, v] of Object.entries(process.env)) {
    if (/^(SLURM_|JOB_COMPLETION_INDEX$|FORCE_COLOR$|NO_COLOR$|NODE_OPTIONS$|VITEST|RSI_)/.test(k)) continue;
    env[k] = v;
  }
  return { ...env, NODE_OPTIONS, RSI_SIM_CHROMIUM: "/nonexistent/chromium", ...extra };
}

export interface Outcome {
  code: number | null;
  signal: NodeJS.Signals | null;
  timedOut: boolean;
  stdout: string;
  stderr: string;
  ms: number;
}

/** Run the CLI with `args` in `cwd`. */
export function runCli(args: string[], cwd: string, env: Record<string, string> = {}, timeoutMs = CASE_TIMEOUT_MS): Promise<Outcome> {
  return new Promise((resolve) => {
    const t0 = Date.now();
    const child = spawn(process.execPath, [BIN, ...args], { cwd, env: caseEnv(env), stdio: ["ignore", "pipe", "pipe"] });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    let outBytes = 0;
    let errBytes = 0;
    child.stdout.on("data", (d: Buffer) => { if ((outBytes += d.length) <= OUTPUT_CAP) out.push(d); });
    child.stderr.on("data", (d: Buffer) => { if ((errBytes += d.length) <= OUTPUT_CAP) err.push(d); });
    let timedOut = false;
    const timer = setTimeout(() => { timedOut = true; child.kill("SIGKILL"); }, timeoutMs);
    child.on("close", (code, signal) => {
      clearTimeout(timer);
      resolve({ code, signal, timedOut, stdout: Buffer.concat(out).toString("utf8"), stderr: Buffer.concat(err).toString("utf8"), ms: Date.now() - t0 });
    });
  });
}

/** Every file and directory under `dir` (directories end in "/"). */
export function listing(dir: string, prefix = ""): string[] {
  const out: string[] = [];
  for (const e of readdirSync(path.join(dir, prefix), { withFileTypes: true })) {
    const rel = prefix + e.name;
    if (e.isDirectory()) out.push(rel + "/", ...listing(dir, rel + "/"));
    else out.push(rel);
  }
  return out.sort();
}

/** Write a case's input files into `dir`. */
export function writeInputs(dir: string, files: Case["files"]): void {
  mkdirSync(dir, { recursive: true });
  for (const [name, content] of Object.entries(files)) {
    if (name.endsWith("/")) mkdirSync(path.join(dir, name), { recursive: true });
    else {
      mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
      writeFileSync(path.join(dir, name), content);
    }
  }
}

const CONTROL = /[\x00-\x08\x0b-\x1f\x7f\u0080-\u009f]/;
const TEMP = /(^|\/)\.[^/]*\.\d+\.tmp$/;
const isHelp = (args: string[]) => args.some((a) => a === "--help" || a === "-h" || a === "--version");

function controlProblem(what: string, text: string): string | undefined {
  const m = CONTROL.exec(text);
  if (!m) return undefined;
  const code = m[0].charCodeAt(0).toString(16).padStart(4, "0").toUpperCase();
  return `terminal control character U+${code} in ${what} (near ${JSON.stringify(text.slice(Math.max(0, m.index - 30), m.index + 10))})`;
}

/** What the outcome breaks of the contract (empty: nothing). */
export function contractProblems(c: Case, o: Outcome, dir: string, inputs: string[]): string[] {
  const p: string[] = [];
  if (o.timedOut) p.push(`timed out after ${CASE_TIMEOUT_MS / 1000} s (killed)`);
  else if (o.signal) p.push(`killed by ${o.signal}`);
  else if (o.code !== 0 && o.code !== 2) p.push(`exit status ${o.code}`);
  if (/^ {4}at /m.test(o.stderr) || /^ {4}at /m.test(o.stdout)) p.push("a stack trace in the output");
  if (/internal error/i.test(o.stderr)) p.push(`"internal error" on stderr`);
  if (/heap out of memory|FATAL ERROR|Allocation failed/i.test(o.stderr)) p.push("out of memory");
  for (const [what, text] of [["stdout", o.stdout], ["stderr", o.stderr]] as const) {
    const bad = controlProblem(what, text);
    if (bad) p.push(bad);
  }
  const after = existsSync(dir) ? listing(dir) : [];
  const temps = after.filter((f) => TEMP.test(f));
  if (temps.length > 0) p.push(`temporary files left: ${temps.join(", ")}`);
  if (o.code === 2) {
    const lines = o.stderr.replace(/\n$/, "").split("\n");
    if (lines.length !== 1) p.push(`exit 2 with ${lines.length} lines on stderr (expected one)`);
    if (!o.stderr.startsWith("rsi-sim: ")) p.push(`exit 2 and stderr does not start with "rsi-sim: "`);
    if (!o.stderr.endsWith("\n")) p.push("exit 2 and stderr does not end with a newline");
    if (o.stdout !== "") p.push("exit 2 with output on stdout");
    const created = after.filter((f) => !inputs.includes(f) && !TEMP.test(f));
    if (created.length > 0) p.push(`exit 2 but created ${created.map((f) => JSON.stringify(f)).join(", ")}`);
  }
  if (o.code === 0 && !isHelp(c.args)) {
    if (c.mustFail) p.push(`exit 0, but ${c.mustFail} (expected exit 2)`);
    for (const f of c.outputs) {
      const file = path.join(dir, f.name);
      if (!existsSync(file) || !statSync(file).isFile()) p.push(`exit 0 but the output file ${JSON.stringify(f.name)} is missing`);
      else {
        const text = readFileSync(file, "utf8");
        if (text.length === 0) p.push(`exit 0 but the output file ${JSON.stringify(f.name)} is empty`);
        else if (f.json) {
          try {
            JSON.parse(text);
          } catch (e) {
            p.push(`exit 0 but ${JSON.stringify(f.name)} is not JSON (${(e as Error).message.slice(0, 100)})`);
          }
        }
      }
    }
    for (const f of after.filter((f) => !inputs.includes(f) && !f.endsWith("/") && !TEMP.test(f))) {
      if (statSync(path.join(dir, f)).size === 0) p.push(`exit 0 but wrote an empty file ${JSON.stringify(f)}`);
    }
    if (c.stdoutNonEmpty && o.stdout.trim() === "") p.push("exit 0 but nothing on stdout");
    if (c.stdoutJson && o.stdout.trim() !== "") {
      try {
        JSON.parse(o.stdout);
      } catch (e) {
        p.push(`exit 0 but stdout is not JSON (${(e as Error).message.slice(0, 100)})`);
      }
    }
  }
  return p;
}

/** A word for a POSIX shell: bare if safe, $'…' if it holds control characters, else single-quoted. */
export function shellWord(s: string): string {
  if (/^[A-Za-z0-9_./:=,+@%-]+$/.test(s)) return s;
  if (CONTROL.test(s) || /[\u2028\u2029\ud800-\udfff]/.test(s)) {
    return "$'" + Array.from(s, (ch) => {
      const c = ch.codePointAt(0)!;
      if (ch === "\\" || ch === "'") return "\\" + ch;
      if (c < 0x20 || c === 0x7f) return "\\x" + c.toString(16).padStart(2, "0");
      if ((c >= 0x80 && c <= 0x9f) || c === 0x2028 || c === 0x2029 || (c >= 0xd800 && c <= 0xdfff)) return "\\u" + c.toString(16).padStart(4, "0");
      return ch;
    }).join("") + "'";
  }
  return "'" + s.replace(/'/g, "'\\''") + "'";
}

/** The command line that reproduces the case, run in its directory. */
export function commandLine(c: Case, maxArg = Infinity): string {
  const env = Object.entries(c.env ?? {}).map(([k, v]) => `${k}=${shellWord(v)}`);
  const args = c.args.map((a) => (a.length > maxArg ? `"$(cat arg-${c.args.indexOf(a)}.txt)"` : shellWord(a)));
  return ["env", "-u", "SLURM_ARRAY_TASK_ID", "-u", "JOB_COMPLETION_INDEX", `NODE_OPTIONS=${NODE_OPTIONS}`, "RSI_SIM_CHROMIUM=/nonexistent/chromium", ...env, "node", shellWord(BIN), ...args].join(" ");
}

/** A self-contained script: recreate the inputs in a fresh directory and run the command. */
export function reproScript(c: Case): string {
  const lines = ["#!/bin/sh", `# rsi-sim fuzz case ${c.id} (${c.family}): ${c.note.replace(/\s+/g, " ")}`, 'd=$(mktemp -d) && cd "$d" || exit 1', 'echo "in $d"'];
  for (const [name, content] of Object.entries(c.files)) {
    if (name.endsWith("/")) lines.push(`mkdir -p ${shellWord(name)}`);
    else {
      if (name.includes("/")) lines.push(`mkdir -p ${shellWord(path.dirname(name))}`);
      lines.push(`printf '%s' '${Buffer.from(content).toString("base64")}' | base64 -d > ${shellWord(name)}`);
    }
  }
  lines.push(commandLine(c), 'echo "exit $?"; ls -la', "");
  return lines.join("\n");
}

const clip = (s: string, n: number) => (s.length > n ? s.slice(0, n) + `… (${s.length} chars)` : s);

/** The failure message of a case: problems, the command, the files, what it printed. */
export function failureReport(c: Case, o: Outcome, problems: string[], dir: string, seed: number): string {
  const scriptFile = path.join(dir, `repro-${c.id}.sh`);
  writeFileSync(scriptFile, reproScript(c), { mode: 0o755 });
  c.args.forEach((a, i) => { if (a.length > 300) writeFileSync(path.join(dir, `arg-${i}.txt`), a); });
  const files = Object.entries(c.files).map(([name, content]) => {
    if (name.endsWith("/")) return `    ${name} (an empty directory)`;
    const text = Buffer.from(content).toString("utf8");
    return text.length <= 1500 ? `    ${name}:\n${text.split("\n").map((l) => `      | ${JSON.stringify(l).slice(1, -1)}`).join("\n")}` : `    ${name}: ${text.length} bytes (in the case directory)`;
  });
  return [
    `case ${c.id} [${c.family}] ${c.note}`,
    ...problems.map((x) => `  ✗ ${x}`),
    `  exit ${o.code}${o.signal ? ` signal ${o.signal}` : ""}${o.timedOut ? " (timed out)" : ""} after ${o.ms} ms`,
    `  stderr: ${JSON.stringify(clip(o.stderr, 600))}`,
    `  stdout: ${JSON.stringify(clip(o.stdout, 200))}`,
    `  reproduce (inputs are in the directory):`,
    `    cd ${shellWord(dir)} && ${commandLine(c, 300)}`,
    `  or, from anywhere: sh ${shellWord(scriptFile)}`,
    `  or the case alone: FUZZ_SEED=${seed} FUZZ_CASE=${c.id} npx vitest run test/fuzz.test.ts`,
    ...(files.length > 0 ? ["  files:", ...files] : []),
  ].join("\n");
}
