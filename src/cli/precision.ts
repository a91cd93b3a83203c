/**
 * The --precision and --max-samples flags that run, sweep and compare
 * share: their options, the line that says where a run stopped, and the
 * fixed command that reproduces it (--samples N, byte for byte).
 */
import type { PrecisionReport } from "../analysis/precision.js";
import { intFlag, numberFlag, reproduceCommand, single, withoutPlumbing } from "./flags.js";
import type { Io } from "./io.js";

/** The two flags; `what` is what must become precise ("headline probability", "headline difference"). */
export function precisionOptions(what: string, group: string) {
  return {
    precision: {
      type: "string",
      describe: `add draws in blocks of --samples until every ${what}'s 95% half-width is at most this (e.g. 0.005); the result is that of a fixed run of the N it stops at`,
      group,
    },
    "max-samples": { type: "string", describe: "with --precision: the most draws (default 1000000)", group },
  } as const;
}

/** The flags' values as the use cases take them. */
export function precisionFlags(args: Record<string, unknown>): { precision?: number; maxSamples?: number } {
  const max = single(args, "max-samples");
  return { precision: numberFlag("--precision", single(args, "precision")), maxSamples: max === undefined ? undefined : intFlag("--max-samples", max, 0, 1) };
}

/** One line on stderr: where a --precision run stopped, and why. */
export function precisionNote(io: Io, p: PrecisionReport, what: string): void {
  io.stderr(`rsi-sim: ${precisionLine(p, what)}\n`);
}

/**
 * Where a --precision run stopped and why, in one line: "--precision 0.02:
 * stopped at 4000 draws after 2 looks (1000, 4000): every headline
 * probability's 95% half-width is at most 0.02; widest half-width 0.0187, loc".
 * A widest half-width that is not finite is an output no draw defined: said
 * so, never printed as a number.
 */
export function precisionLine(p: PrecisionReport, what: string): string {
  const why = p.stopped === "target" ? `every ${what}'s 95% half-width is at most ${p.target}` : `the cap (--max-samples ${p.max_samples}) came first`;
  const looks = `${p.looks.length} look${p.looks.length === 1 ? "" : "s"}`;
  const widest = Number.isFinite(p.half_width) ? `widest half-width ${p.half_width.toPrecision(3)}, ${p.worst}` : `no half-width for ${p.worst}`;
  return `--precision ${p.target}: stopped at ${p.samples} draws after ${looks} (${p.looks.join(", ")}): ${why}; ${widest}`;
}

/** The command that reproduces a --precision run: the arguments with --precision and --max-samples dropped and --samples N. */
export function fixedCommand(words: string[], argv: string[], seed: number, samples: number): string {
  const drop = ["--precision", "--max-samples", "--samples"];
  const kept: string[] = [];
  const args = withoutPlumbing(argv);
  for (let i = 0; i < args.length; i++) {
    const name = args[i].split("=")[0];
    if (drop.includes(name)) {
      if (!args[i].includes("=")) i++;
    } else kept.push(args[i]);
  }
  return reproduceCommand(words, [...kept, "--samples", String(samples)], seed, "--samples", samples);
}
