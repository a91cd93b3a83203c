/**
 * The rsi-sim binary (built into dist/ by `npm test`), spawned as a user
 * would run it, in a given folder and without the scheduler variables
 * (SLURM_*, JOB_COMPLETION_INDEX) and JSON limits (RSI_SIM_MAX_JSON_*) of
 * the test's own environment, which `env` may set per call.
 */
import { spawn } from "node:child_process";
import path from "node:path";
import { expect } from "vitest";

export const BIN = path.resolve("bin/rsi-sim.js");

/** What a command did: its exit status and its output. */
export interface Ran {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** `run` and `ok` (exit 0 asserted, with stderr in the message) for commands in `dir`. */
export function cliIn(dir: string) {
  const run = (args: string[], env: Record<string, string> = {}): Promise<Ran> => {
    const clean = Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith("SLURM_") && k !== "JOB_COMPLETION_INDEX" && !k.startsWith("RSI_SIM_MAX_JSON")));
    return new Promise((resolve, reject) => {
      const p = spawn(process.execPath, [BIN, ...args], { cwd: dir, env: { ...clean, ...env } });
      let stdout = "";
      let stderr = "";
      p.stdout.on("data", (d) => (stdout += d));
      p.stderr.on("data", (d) => (stderr += d));
      p.on("error", reject);
      p.on("close", (code) => resolve({ code, stdout, stderr }));
    });
  };
  const ok = async (args: string[], env: Record<string, string> = {}): Promise<Ran> => {
    const r = await run(args, env);
    expect(r.code, `rsi-sim ${args.join(" ")}\n${r.stderr}`).toBe(0);
    return r;
  };
  return { run, ok };
}
