/**
 * The `rsi-sim` command (yargs): run, describe, validate. A thin front end
 * over the library in src/index.ts. A user's mistake prints one line on
 * stderr and exits 2 with nothing written; other failures exit 1.
 */
import { progressBar } from "./progress.js";
import path from "node:path";
import yargs from "yargs";
import { loadModelFast } from "../model/cache.js";
import { ArgumentError, UserError } from "../core/errors.js";
import { writeAtomic } from "../core/atomic.js";
import type { CompiledModel } from "../model/types.js";
import { didYouMean } from "../core/suggest.js";
import { parseDistribution } from "../model/distributions.js";
import type { ParameterSetting } from "../sampling/sampler.js";
import type { SimulationResult } from "../engine/simulate.js";
import { resolveWorkers, simulateParallel } from "../parallel/parallel.js";
import { readFileSync } from "node:fs";
import { resultJSON, summarizeRun, VERSION } from "../analysis/result.js";
import { formatRunTable } from "./format.js";
import { describeModel } from "./describe.js";

export const DEFAULT_SEED = 1;
export const DEFAULT_SAMPLES = 10_000;
export const DEFAULT_MODEL = "rsi-core";

/** snake_case parameter name → kebab-case flag */
export const flagName = (param: string) => param.replace(/_/g, "-");

/** A library call's argument (samples, confLevel, draw_layout) → its flag (--samples, --conf-level, --draw-layout). */
export const flagForArgument = (argument: string) =>
  "--" + argument.replace(/([a-z0-9])([A-Z])/g, "$1-$2").replace(/_/g, "-").toLowerCase();

interface Io {
  stdout: (s: string) => void;
  stderr: (s: string) => void;
  isTTY: boolean;
}

const processIo: Io = {
  stdout: (s) => process.stdout.write(s),
  stderr: (s) => process.stderr.write(s),
  isTTY: Boolean(process.stderr.isTTY),
};

/**
 * The --shard and --shards flags of run, sweep and sensitivity: `part`
 * says what is split ("the draws"), `whose` whose output the merge gives.
 */
export function shardOptions(part: string, whose: string, group: string) {
  return {
    shard: {
      type: "string",
      describe: `run only part K of N of ${part} (K/N, or auto from a Slurm job array or Kubernetes Indexed Job) and write a shard file; rsi-sim merge joins the shards into ${whose} output`,
      group,
    },
    shards: { type: "string", describe: "with --shard auto in a Kubernetes Indexed Job: the number of shards (completions)", group },
  } as const;
}

/**
 * The flags run, sweep and sensitivity share: --out, --html, --progress
 * (group Output) and --workers, whose threads run `what` (group `group`).
 */
export function commonOptions(what: string, group: string) {
  return {
    out: { type: "string", describe: "write the output to this file instead of stdout", group: "Output:" },
    html: { type: "string", describe: "also write an offline HTML report with interactive charts to this file", group: "Output:" },
    // no yargs default: sensitivity --analyze refuses a --workers that was given
    workers: { type: "string", describe: `worker threads for ${what}: a number, or auto (one per core, the default); results do not depend on it`, group },
    progress: { type: "boolean", default: true, describe: "show a progress bar on a terminal", group: "Output:" },
  } as const;
}

/** Find the value of --model in raw arguments (before yargs knows the flags). */
export function peekModel(argv: string[]): string {
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === "--model" && i + 1 < argv.length) return argv[i + 1];
    if (a.startsWith("--model=")) return a.slice("--model=".length);
  }
  return DEFAULT_MODEL;
}

/** A parameter setting from a flag's text: a number or a distribution. */
export function parseSetting(flag: string, text: string): ParameterSetting {
  const t = String(text).trim();
  if (/^[-+]?(\d+\.?\d*|\.\d+)(e[-+]?\d+)?$/i.test(t)) return Number(t);
  const r = parseDistribution(t);
  if (!r.ok) throw new UserError(flag, `${r.error} (give a number or a distribution such as "0.5 to 3" or "beta(2, 5)")`);
  return r.dist;
}

/**
 * Parameter settings from the command line: each parameter's own flag
 * (--r-soft 1.5, --r-soft "0.5 to 3") and --set name=value, parsed and
 * checked against the parameter's bounds. `skip` names parameters whose flag
 * belongs to the command (not read); `refuse` is called for each parameter
 * set, to forbid some (e.g. the swept one).
 */
export function parameterSettings(
  model: CompiledModel,
  args: Record<string, unknown>,
  opts: { skip?: string[]; refuse?: (name: string, flag: string) => void } = {},
): Record<string, ParameterSetting> {
  const overrides: Record<string, ParameterSetting> = {};
  const set = (name: string, flag: string, text: string) => {
    opts.refuse?.(name, flag);
    const s = parseSetting(flag, text);
    checkBounds(model, name, flag, s);
    overrides[name] = s;
  };
  for (const p of model.parameters) {
    const flag = flagName(p.name);
    if (opts.skip?.includes(flag)) continue;
    const v = args[flag];
    if (v === undefined) continue;
    if (Array.isArray(v)) throw new UserError(`--${flag}`, "given more than once");
    set(p.name, `--${flag}`, String(v));
  }
  for (const item of (args.set as string[] | undefined) ?? []) {
    const eq = item.indexOf("=");
    if (eq <= 0) throw new UserError("--set", `expected name=value, got "${item}"`);
    const raw = item.slice(0, eq).trim();
    const name = raw.replace(/-/g, "_");
    if (!model.parameters.some((p) => p.name === name)) {
      const hint = didYouMean(name, model.parameters.map((p) => p.name));
      throw new UserError("--set", `unknown parameter "${raw}" in ${model.name}${hint ? ` (did you mean "${hint}"?)` : ""}`);
    }
    set(name, `--set ${raw}`, item.slice(eq + 1));
  }
  return overrides;
}

/** Check an override against the parameter's declared bounds. */
export function checkBounds(model: CompiledModel, name: string, flag: string, s: ParameterSetting): void {
  const p = model.parameters.find((q) => q.name === name)!;
  const [lo, hi] = p.bounds ?? [-Infinity, Infinity];
  if (typeof s === "number") {
    if (!Number.isFinite(s)) throw new UserError(flag, "must be a finite number");
    if (s < lo || s > hi) {
      throw new UserError(flag, `must be ${hi === Infinity ? `at least ${lo}` : lo === -Infinity ? `at most ${hi}` : `between ${lo} and ${hi}`}, got ${s}`);
    }
  } else if (s.support[0] < lo || s.support[1] > hi) {
    throw new UserError(flag, `the prior ${s.text} reaches outside [${lo}, ${hi}]; truncate it with "in [${lo}, ${hi === Infinity ? "inf" : hi}]"`);
  }
}

export function quoteArg(a: string): string {
  return /^[A-Za-z0-9_./:=,+-]+$/.test(a) ? a : `"${a.replace(/(["\\$`])/g, "\\$1")}"`;
}

/** The outcome table as CSV: draw, failed, outputs, parameters. */
export function outcomeCSV(sim: SimulationResult): string {
  const t = sim.table;
  const cols = [...t.outputs.map((o) => t.columns[o]), ...t.parameters.map((p) => t.parameterColumns[p])];
  const lines = [["draw", "failed", ...t.outputs, ...t.parameters].join(",")];
  for (let i = 0; i < t.rows; i++) {
    const row = [String(t.first + i), String(t.failed[i])];
    for (const c of cols) row.push(Number.isNaN(c[i]) ? "" : String(c[i]));
    lines.push(row.join(","));
  }
  return lines.join("\n") + "\n";
}

/** Run the CLI with arguments (without node and script); returns the exit status. */
export async function main(argv: string[], io: Io = processIo): Promise<number> {
  try {
    return await dispatch(argv, io);
  } catch (err) {
    if (err instanceof ArgumentError) {
      io.stderr(`rsi-sim: ${flagForArgument(err.argument)}: ${err.detail}\n`);
      return 2;
    }
    if (err instanceof UserError) {
      io.stderr(`rsi-sim: ${err.message}\n`);
      return 2;
    }
    io.stderr(`rsi-sim: internal error: ${(err as Error).stack ?? err}\n`);
    return 1;
  }
}

async function dispatch(argv: string[], io: Io): Promise<number> {
  const first = argv.length > 0 && !argv[0].startsWith("-") ? argv[0] : undefined;
  if (first === "validate") return validateCommand(argv, io);
  if (first === "describe") return describeCommand(argv, io);
  if (first === "merge") return mergeCommand(argv.slice(1), io);
  if (first === "sweep") return (await import("./sweep.js")).sweepCommand(argv.slice(1), io);
  if (first === "report") return (await import("./report.js")).reportCommand(argv.slice(1), io);
  if (first === "sensitivity") return (await import("./sensitivity.js")).sensitivityCommand(argv.slice(1), io);
  if (first !== undefined && first !== "run") {
    const commands = ["run", "sweep", "sensitivity", "report", "describe", "validate", "merge"];
    const hint = didYouMean(first, commands);
    throw new UserError("", `unknown command "${first}"${hint ? ` (did you mean "${hint}"?)` : ""}; commands: ${commands.join(", ")}`);
  }
  return runCommand(argv, io);
}

function baseParser(argv: string[], io: Io) {
  let helpText = "";
  const y = yargs(argv)
    .scriptName("rsi-sim")
    .exitProcess(false)
    .strictOptions()
    .version(VERSION)
    .wrap(Math.min(100, process.stdout.columns ?? 100))
    .fail((msg: string, err: Error) => {
      if (err) throw err;
      const m = /^Unknown arguments?: (.*)$/.exec(msg ?? "");
      if (m) throw new UserError("", unknownFlagMessage(m[1].split(", ")[0], known));
      throw new UserError("", msg);
    });
  const known: string[] = [];
  void helpText;
  void io;
  return { y, known };
}

function unknownFlagMessage(flag: string, known: string[]): string {
  const hint = didYouMean(flag, known);
  return `unknown flag --${flag}${hint ? ` (did you mean --${hint}?)` : ""}; see rsi-sim --help`;
}

async function runCommand(argv: string[], io: Io): Promise<number> {
  const modelName = peekModel(argv);
  const model = await loadModelFast(modelName);
  const { y, known } = baseParser(argv, io);
  let out = "";
  let printed = false;
  y.usage(
    `rsi-sim [run] [options]\n\nRun a model (default: ${DEFAULT_MODEL}) as a Monte Carlo over its priors and summarise\ntakeoff speed and loss of control with 95% intervals.\n\nExamples:\n  rsi-sim --ratio 200\n  rsi-sim --ratio 20 --r-soft "0.5 to 3" --samples 50000 --format json --out run.json\n  rsi-sim describe rsi-core\n  rsi-sim validate models/my-model.yaml`,
  )
    .command("run", "run a model (the default command)")
    .command("sweep PARAM", "run a model at several values of one or two parameters (rsi-sim sweep --help)")
    .command("sensitivity", "global sensitivity: Sobol, Morris or one-at-a-time (rsi-sim sensitivity --help)")
    .command("report RESULT", "an HTML report (--html FILE) or PNG charts (--png DIR) of a saved result")
    .command("merge FILES..", "join the shard files of a run, sweep or sensitivity design into the single command's result")
    .command("describe [model]", "parameters, priors, sources, equations and outputs of a model")
    .command("validate <file>", "check a model file; exit 0 if valid, 2 if not")
    .option("model", { type: "string", default: DEFAULT_MODEL, describe: "a model file or the name of a shipped model (rsi-core, forethought-sie)", group: "Run:" })
    .option("samples", { type: "string", default: String(DEFAULT_SAMPLES), describe: "number of Monte Carlo draws", group: "Run:" })
    .option("seed", { type: "string", default: String(DEFAULT_SEED), describe: "random seed (an integer 0 … 4294967295); the same seed gives the same numbers", group: "Run:" })
    .option("horizon", { type: "string", describe: `end of each run in model time (${model.name}: ${model.time.horizon} ${model.time.unit})`, group: "Run:" })
    .option("set", { type: "string", array: true, describe: "set a parameter: name=value or name=\"distribution\" (repeatable)", group: "Run:" })
    .option("format", { type: "string", choices: ["table", "json", "csv"], describe: "output format (default: table, or from --out's extension)", group: "Output:" })
    .options(commonOptions("the draws", "Run:"))
    .options(shardOptions("the draws", "the run's", "Run:"));
  known.push("model", "samples", "seed", "horizon", "set", "format", "out", "html", "workers", "shard", "shards", "progress", "help", "version");
  for (const p of model.parameters) {
    const prior = p.prior ? `prior ${p.priorText ?? p.prior.text}` : `default ${p.value}`;
    const unit = p.unit ? ` [${p.unit}]` : "";
    y.option(flagName(p.name), {
      type: "string",
      describe: `${p.description}${unit}; ${prior}${p.source ? `. Source: ${p.source.trim()}` : ""}`,
      group: `Parameters of ${model.name} (a number fixes one; a distribution replaces its prior):`,
    });
    known.push(flagName(p.name));
  }
  y.help().alias("help", "h");
  y.showHelpOnFail(false);
  y.help("help");
  const args = (await y.parseAsync()) as Record<string, unknown>;
  if (args.help || args.version) {
    printed = true;
    return 0;
  }
  void printed;

  // ---- settings ----
  const overrides = parameterSettings(model, args);
  const samples = parseIntFlag("--samples", String(args.samples), 1);
  const seed = parseIntFlag("--seed", String(args.seed), 0);
  let horizon: number | undefined;
  if (args.horizon !== undefined) {
    horizon = Number(args.horizon);
    if (!Number.isFinite(horizon)) throw new UserError("--horizon", `must be a number, got "${args.horizon}"`);
  }
  const outFile = args.out as string | undefined;
  let format = args.format as string | undefined;
  if (!format) format = outFile?.endsWith(".json") ? "json" : outFile?.endsWith(".csv") ? "csv" : "table";

  // ---- run ----
  const command = reproduceCommand(argv, seed, samples);
  const bar = progressBar(io, args.progress !== false, "rsi-sim", "draws");
  const workers = resolveWorkers(args.workers as string);
  if (args.shards !== undefined && args.shard === undefined) throw new UserError("--shards", "goes with --shard auto");
  if (args.shard !== undefined) {
    checkShardOutput(args);
    const { defaultShardFile, rangeText, resolveShard, shardFileText, shardRange } = await import("../parallel/shard.js");
    const spec = resolveShard(String(args.shard), args.shards === undefined ? undefined : String(args.shards));
    const range = shardRange(spec, samples);
    const part = await simulateParallel(model, { samples, seed, overrides, horizon, workers, ...range, onProgress: bar.update });
    bar.stop();
    const file = outFile ?? defaultShardFile("run", spec);
    writeAtomic(file, shardFileText(part, spec, command));
    io.stderr(`rsi-sim: wrote shard ${spec.index}/${spec.count} (${rangeText("draws", range)}) to ${file}\n`);
    return 0;
  }
  // the series feed only the result JSON's fan charts and the HTML report
  const keepSeries = format === "json" || args.html !== undefined;
  const sim = await simulateParallel(model, { samples, seed, overrides, horizon, workers, keepParameters: format === "csv", keepSeries, onProgress: bar.update });
  bar.stop();
  const result = summarizeRun(sim);
  if (args.html) {
    const { writeRunHtml } = await import("./report.js");
    writeRunHtml({ ...result, command }, String(args.html));
    io.stderr(`rsi-sim: wrote ${args.html}\n`);
  }
  if (format === "json") out = resultJSON({ ...result, command });
  else if (format === "csv") out = outcomeCSV(sim);
  else out = formatRunTable(sim, result, { command, histogram: "takeoff_years" in sim.table.columns ? "takeoff_years" : undefined });
  if (outFile) {
    writeAtomic(outFile, out);
    io.stderr(`rsi-sim: wrote ${outFile}\n`);
  } else {
    io.stdout(out);
  }
  return 0;
}

function parseIntFlag(flag: string, text: string, min: number): number {
  const t = text.trim();
  const v = Number(t);
  if (!/^\d+$/.test(t) || !Number.isSafeInteger(v) || v < min) {
    throw new UserError(flag, `must be ${min === 1 ? "a positive integer" : "a non-negative integer"}, got "${text}"`);
  }
  if (flag === "--seed" && v >= 2 ** 32) throw new UserError(flag, `must be below 4294967296, got ${text}`);
  return v;
}

/**
 * With --shard, the output is the shard file: --html and --format table|csv
 * belong to rsi-sim merge (shared by run, sweep and sensitivity).
 */
export function checkShardOutput(args: Record<string, unknown>): void {
  if (args.html !== undefined) throw new UserError("--html", "a shard writes only its shard file; give --html to rsi-sim merge");
  if (args.format !== undefined && args.format !== "json") {
    throw new UserError("--format", `a shard file is JSON; give --format ${String(args.format)} to rsi-sim merge`);
  }
}

/** Flags that change where and how a run is computed or written, never its numbers. */
const PLUMBING = new Set(["--out", "--format", "--workers", "--shard", "--shards", "--progress", "--no-progress", "--html"]);

/** The arguments without the flags that never change a number (output, threads, shards, progress). */
export function withoutPlumbing(argv: string[]): string[] {
  const kept: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const name = a.split("=")[0];
    if (PLUMBING.has(name)) {
      if (!a.includes("=") && !name.startsWith("--no-") && name !== "--progress" && i + 1 < argv.length) i++;
      continue;
    }
    kept.push(a);
  }
  return kept;
}

/** The command that reproduces a run's numbers (the same for a single run and its shards). */
export function reproduceCommand(argv: string[], seed: number, samples: number): string {
  const kept = withoutPlumbing(argv);
  const parts = ["rsi-sim", ...kept.map(quoteArg)];
  const has = (f: string) => argv.some((a) => a === f || a.startsWith(`${f}=`));
  if (!has("--seed")) parts.push("--seed", String(seed));
  if (!has("--samples")) parts.push("--samples", String(samples));
  return parts.join(" ");
}


async function validateCommand(argv: string[], io: Io): Promise<number> {
  const rest = argv.filter((a) => a !== "validate");
  if (rest.includes("--help") || rest.includes("-h")) {
    io.stdout("rsi-sim validate FILE\n\nCheck a model file: exit 0 and a one-line summary if it is valid, or one line naming\nthe file, the entry and the problem, and exit 2.\n");
    return 0;
  }
  const files = rest.filter((a) => !a.startsWith("-"));
  if (files.length !== 1) throw new UserError("validate", "give exactly one model file: rsi-sim validate FILE");
  const { loadModel } = await import("../model/compile.js");
  const m = loadModel(files[0]);
  const uncertain = m.parameters.filter((p) => p.prior).length;
  io.stdout(`ok: ${m.file}: model ${m.name}, ${m.parameters.length} parameters (${uncertain} uncertain), ${m.states.length} states, ${m.hazards.length} hazards, ${m.outputs.length} outputs\n`);
  return 0;
}

async function describeCommand(argv: string[], io: Io): Promise<number> {
  const rest = argv.filter((a) => a !== "describe");
  if (rest.includes("--help") || rest.includes("-h")) {
    io.stdout("rsi-sim describe [MODEL]\n\nPrint a model's parameters (priors, units, sources), equations, hazards, milestones,\nevents and outputs. MODEL is a file or a shipped model name (default rsi-core).\n");
    return 0;
  }
  const names = rest.filter((a) => !a.startsWith("-"));
  const flag = rest.findIndex((a) => a === "--model");
  const name = names[0] ?? (flag >= 0 ? rest[flag + 1] : DEFAULT_MODEL);
  const { loadModel } = await import("../model/compile.js");
  io.stdout(describeModel(loadModel(name)));
  return 0;
}

const MERGE_HELP = `rsi-sim merge SHARD_FILES… [--out FILE] [--format json|table|csv] [--html FILE]

Join the shard files written with --shard K/N (or --shard auto) into exactly the
result of the single command, byte for byte:
  a run          rsi-sim … --shard K/N                      json, table or csv
  a sweep        rsi-sim sweep PARAM … --shard K/N          json, table or csv
  a sensitivity  rsi-sim sensitivity --method … --shard K/N  json or table
The format is json unless --format or --out (*.csv, *.txt for a table) says
otherwise; --html also writes the HTML report. Refuses a mix of kinds, shards of
different models, settings, seeds, sweeps, designs or versions, duplicate or
missing shards, and truncated or corrupted files.
`;

async function mergeCommand(argv: string[], io: Io): Promise<number> {
  if (argv.includes("--help") || argv.includes("-h")) {
    io.stdout(MERGE_HELP);
    return 0;
  }
  const files: string[] = [];
  const opts: Record<string, string | undefined> = { out: undefined, format: undefined, html: undefined };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const name = a.replace(/^--/, "").split("=")[0];
    if (a.startsWith("--") && Object.hasOwn(opts, name)) {
      if (opts[name] !== undefined) throw new UserError(`--${name}`, "given more than once");
      if (a.includes("=")) opts[name] = a.slice(a.indexOf("=") + 1);
      else if (i + 1 >= argv.length) throw new UserError(a, "needs a value");
      else opts[name] = argv[++i];
    } else if (a.startsWith("-")) throw new UserError("", unknownFlagMessage(a.replace(/^-+/, "").split("=")[0], ["out", "format", "html", "help"]));
    else files.push(a);
  }
  const { out, html } = opts;
  const format = opts.format ?? (out?.endsWith(".csv") ? "csv" : out?.endsWith(".txt") ? "table" : "json");
  if (!["json", "table", "csv"].includes(format)) throw new UserError("--format", `must be json, table or csv, got "${format}"`);
  const texts = files.map((name) => {
    try {
      return { name, text: readFileSync(name, "utf8") };
    } catch (err) {
      throw new UserError(name, `cannot read the file (${(err as NodeJS.ErrnoException).code ?? (err as Error).message})`);
    }
  });
  const { mergeShardFiles } = await import("../parallel/shard.js");
  const merged = await mergeShardFiles(texts);
  let text: string;
  if (merged.kind === "run") {
    const { sim, command } = merged;
    const result = summarizeRun(sim);
    if (html) {
      const { writeRunHtml } = await import("./report.js");
      writeRunHtml({ ...result, command }, html);
    }
    text =
      format === "json"
        ? resultJSON({ ...result, command })
        : format === "csv"
          ? outcomeCSV(sim)
          : formatRunTable(sim, result, { command, histogram: "takeoff_years" in sim.table.columns ? "takeoff_years" : undefined });
  } else if (merged.kind === "sweep") {
    const { result, how, overrides, command } = merged;
    const { formatSweepTable } = await import("./sweep.js");
    const { sweepCSV } = await import("../analysis/sweep.js");
    if (html) {
      const { sweepReportHtml } = await import("../report/sweep.js");
      writeAtomic(html, sweepReportHtml(result));
    }
    text = format === "json" ? resultJSON(result) : format === "csv" ? sweepCSV(result) : formatSweepTable(result, { how, overrides, command });
  } else {
    if (format === "csv") throw new UserError("--format", "the shards of a sensitivity design merge to json or table, not csv");
    const { sensitivityText } = await import("./sensitivity.js");
    const { sensitivityReportHtml } = await import("../report/sensitivity.js");
    if (html) writeAtomic(html, sensitivityReportHtml({ ...merged.result, command: merged.command }));
    text = sensitivityText(format, merged.result, merged.command);
  }
  if (html) io.stderr(`rsi-sim: wrote ${html}\n`);
  if (out) {
    writeAtomic(out, text);
    io.stderr(`rsi-sim: merged ${files.length} shards into ${out}\n`);
  } else io.stdout(text);
  return 0;
}
