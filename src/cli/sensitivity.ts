/**
 * `rsi-sim sensitivity`: which uncertain parameters drive a model's outputs
 * (Sobol', Morris, one at a time), as a table or JSON with an optional HTML
 * report; or the design written to run elsewhere, a saved design analysed,
 * or one shard of the design's rows.
 */
import { printable } from "../core/printable.js";
import { readNumber } from "../model/distributions.js";
import { UserError } from "../core/errors.js";
import { defaultShardFile, rangeText, resolveShard } from "../parallel/shard-spec.js";
import { DEFAULT_SOBOL_N, DEFAULT_TRAJECTORIES, PROBABILITY_DEFAULTS, writeDesign, type Level, type Method } from "../analysis/sensitivity.js";
import { renderSensitivity, renderSensitivityHtml } from "../report/render.js";
import { DEFAULT_MODEL } from "../app/model.js";
import { analyzeSaved, sensitivity, sensitivityDesign, sensitivityShard, type PreparedSensitivity, type SensitivityOutcome, type SensitivityRunOptions } from "../app/sensitivity.js";
import { resolveModel } from "../app/model.js";
import { checkShardOutput, decimalFlag, workersFlag, seedFlag, formatFlag, commonOptions, intFlag, list, parameterSettings, parser, quoteArg, reproduceCommand, shardOptions, single, strayArgument } from "./flags.js";
import { checkOutputs, emit, emitShard, outputFormat, type InputArg, type Io } from "./io.js";
import { progressBar } from "./progress.js";

const USAGE = `rsi-sim sensitivity [--model M] --method sobol|morris|oat [options]
rsi-sim sensitivity --analyze DESIGN --results FILE [options]

Which uncertain parameters drive a model's outputs. For each output (default:
the model's headline outputs) and each factor (default: every uncertain
parameter), with bootstrap intervals. At --level probability (the default for
a model with hazards or other chance inputs) a design point's value is the
mean over --inner K chance draws, P(loc | parameters) for a 0/1 output; at
--level outcome it is one draw's outcome.
  sobol   first-order S1 and total ST Sobol' indices: the share of the output's
          variance due to the factor alone, and with all its interactions
          (Saltelli 2010, Jansen 1999; N·(k + 2) design points for k factors)
  morris  elementary effects: μ* (importance), μ, σ (nonlinearity and
          interactions) over r trajectories (Morris 1991; r·(k + 1) points)
  oat     tornado: each factor at its prior's 5th and 95th percentiles, the
          others at their medians (or sampled: --others prior; 2k + 1 points)
Model runs: at the probability level each point runs K (--inner) times, so
sobol runs N·(k + 2)·K (N = 1024, k = 30, K = 32: 1,048,576 runs), morris
r·(k + 1)·K, oat (2k + 1)·K; at the outcome level each point runs once
(sobol: N·(k + 3) with the (rest) factor of a model with chance inputs; oat:
--samples draws a point). See docs/sensitivity.md.

Examples:
  rsi-sim sensitivity --method sobol --samples 1024
  rsi-sim sensitivity --method morris --outputs loc          # what drives P(loc)
  rsi-sim sensitivity --method morris --trajectories 50 --level outcome
  rsi-sim sensitivity --method oat --params gamma,r_safe,h_max --format json
  rsi-sim sensitivity --method sobol --write-design d.json
  rsi-sim sensitivity --analyze d.json --results outputs.csv
  rsi-sim sensitivity --method sobol --samples 8192 --shard 3/8 --out s3.shard
  rsi-sim merge s*.shard --format table`;

const FLAGS = [
  "model", "method", "params", "outputs", "samples", "seed", "resamples", "conf-level", "trajectories", "levels", "others", "draw-layout",
  "level", "inner", "set", "format", "out", "html", "write-design", "analyze", "results", "workers", "max-memory", "shard", "shards", "progress", "quiet", "help",
];

function sensitivityParser(argv: string[]) {
  return parser(argv, "rsi-sim sensitivity", FLAGS)
    .usage(USAGE)
    .option("model", { type: "string", describe: `a model file or shipped model name (default ${DEFAULT_MODEL})`, group: "Analysis:" })
    .option("method", { type: "string", describe: "sobol, morris or oat", group: "Analysis:" })
    .option("params", { type: "string", describe: "factors, comma-separated (default: every uncertain parameter)", group: "Analysis:" })
    .option("outputs", { type: "string", describe: "outputs, comma-separated (default: the headline outputs)", group: "Analysis:" })
    .option("samples", { type: "string", describe: `sobol: base rows N, a power of two (default ${PROBABILITY_DEFAULTS.sobol.size} at the probability level, ${DEFAULT_SOBOL_N} at the outcome level); oat: draws per point`, group: "Analysis:" })
    .option("seed", { type: "string", describe: "random seed, 0 … 4294967295 (default 1)", group: "Analysis:" })
    .option("resamples", { type: "string", describe: "bootstrap resamples (default 1000)", group: "Analysis:" })
    .option("conf-level", { type: "string", describe: "confidence level of the intervals (default 0.95)", group: "Analysis:" })
    .option("trajectories", { type: "string", describe: `morris: trajectories r (default ${PROBABILITY_DEFAULTS.morris.size} at the probability level, ${DEFAULT_TRAJECTORIES} at the outcome level)`, group: "Analysis:" })
    .option("levels", { type: "string", describe: "morris: levels p, even (default 4)", group: "Analysis:" })
    .option("others", { type: "string", describe: "oat: the other uncertain parameters, factors or not, at their medians (default) or sampled from their priors: medians|prior", group: "Analysis:" })
    .option("draw-layout", { type: "string", describe: "sobol: independent (default) or shared draws for the B rows (docs/sensitivity.md)", group: "Analysis:" })
    .option("level", { type: "string", describe: "probability (a point's value is the mean over --inner chance draws; the default for a model with chance inputs) or outcome (one draw)", group: "Analysis:" })
    .option("inner", { type: "string", describe: `probability level: chance draws per design point (default sobol ${PROBABILITY_DEFAULTS.sobol.inner}, morris ${PROBABILITY_DEFAULTS.morris.inner}, oat ${PROBABILITY_DEFAULTS.oat.inner})`, group: "Analysis:" })
    .option("set", { type: "string", array: true, describe: 'set a parameter for the analysis: name=value fixes it, name="distribution" replaces its prior (repeatable)', group: "Analysis:" })
    .option("format", { type: "string", describe: "table or json (default: table, or json for --out *.json)", group: "Output:" })
    .option("write-design", { type: "string", describe: "write the design (JSON) to this file and stop, without running the model", group: "Output:" })
    .option("analyze", { type: "string", describe: "analyse a design file written by --write-design ...", group: "Saved designs:" })
    .option("results", { type: "string", describe: "... with its outputs: CSV (a column per output, a row per design row) or JSON", group: "Saved designs:" })
    .options(commonOptions("the model runs", "Analysis:"))
    .options(shardOptions("the design's rows", "this analysis's", "Analysis:"))
    .option("help", { type: "boolean", alias: "h", describe: "show this help" });
}

const fmtInt = (n: number) => n.toLocaleString("en-US");
const seconds = (t0: number) => ((performance.now() - t0) / 1000).toFixed(1);

/** Flags that apply neither to --analyze (the design fixes them) nor with --shard. */
function checkCombinations(args: Record<string, unknown>): void {
  if (args.shards !== undefined && args.shard === undefined) throw new UserError("--shards", "goes with --shard auto");
  if (args.shard !== undefined) {
    if (args.analyze !== undefined) throw new UserError("--shard", "does not apply to --analyze: shard the runs of a design (--method … --shard K/N), then join them with rsi-sim merge");
    if (args["write-design"] !== undefined) throw new UserError("--shard", "does not apply to --write-design, which runs no model: shard the runs (--method … --shard K/N) or run the written design elsewhere");
    checkShardOutput(args);
  }
  if (args.results !== undefined && args.analyze === undefined) throw new UserError("--results", "goes with --analyze DESIGN");
  if (args.analyze === undefined) return;
  if (args.results === undefined) throw new UserError("--analyze", "needs --results FILE, the outputs of the design's runs");
  for (const f of ["write-design", "workers", "samples", "seed", "trajectories", "levels", "others", "draw-layout", "level", "inner", "set", "params"]) {
    if (args[f] !== undefined) throw new UserError(`--${f}`, "has no effect with --analyze: the design fixes it");
  }
}

/** The analysis settings common to a run and a saved design. */
function analysisFlags(args: Record<string, unknown>) {
  const conf = single(args, "conf-level");
  // decimal (0x1 is refused as hexadecimal); a word is no number between 0 and 1
  const confLevel = conf === undefined ? undefined : /^\s*[+-]?0[xob]/i.test(conf) ? decimalFlag("--conf-level", conf) : Number(readNumber(conf));
  if (conf !== undefined && !(confLevel! > 0 && confLevel! < 1)) throw new UserError("--conf-level", `must be a number between 0 and 1 (e.g. 0.95), got "${conf}"`);
  return { outputs: list(args, "outputs"), resamples: intFlag("--resamples", single(args, "resamples"), 1000, 20), confLevel };
}

/** The use case's options from the parsed flags. */
async function runOptions(args: Record<string, unknown>, argv: string[]): Promise<{ options: SensitivityRunOptions; prepared: PreparedSensitivity }> {
  const model = await resolveModel(single(args, "model") ?? DEFAULT_MODEL);
  const int = (name: string, min: number) => {
    const t = single(args, name);
    return t === undefined ? undefined : intFlag(`--${name}`, t, 0, min);
  };
  const method = single(args, "method") as Method;
  const o: SensitivityRunOptions = {
    model, method, params: list(args, "params"), ...analysisFlags(args),
    samples: int("samples", 1), trajectories: int("trajectories", 1), levels: int("levels", 2), seed: single(args, "seed") === undefined ? undefined : seedFlag(single(args, "seed"), 0),
    level: single(args, "level") as Level | undefined, inner: int("inner", 1),
    others: single(args, "others") as SensitivityRunOptions["others"], drawLayout: single(args, "draw-layout") as SensitivityRunOptions["drawLayout"],
    settings: parameterSettings(model, { set: args.set }, { skip: FLAGS }), workers: workersFlag(args), maxMemory: single(args, "max-memory"),
  };
  const prepared = await sensitivityDesign(o);
  o.command = reproduceCommand(["sensitivity"], argv, prepared.design.seed, method === "morris" ? "--trajectories" : "--samples", prepared.design.N);
  return { options: o, prepared };
}

/** The output's format: --format's, else --out's extension's (.json, .txt), else table; checked before any work. */
function outFormat(args: Record<string, unknown>): "table" | "json" {
  const format = formatFlag(args, ["table", "json"]);
  // a shard's output is its shard file (checkShardOutput refuses --format and another format's name)
  if (args.shard !== undefined) return "table";
  return outputFormat("rsi-sim sensitivity", format, single(args, "out"), ["table", "json"], "table") as "table" | "json";
}

async function write(io: Io, args: Record<string, unknown>, outcome: Pick<SensitivityOutcome, "result" | "command">): Promise<void> {
  const out = single(args, "out");
  const format = outFormat(args);
  const html = single(args, "html");
  await emit(io, { html: html === undefined ? undefined : { file: html, text: () => renderSensitivityHtml(outcome) }, out, text: renderSensitivity(outcome, format) });
}

/** Run `rsi-sim sensitivity` with the arguments after the command word; returns the exit status. */
export async function sensitivityCommand(argv: string[], io: Io): Promise<number> {
  const y = sensitivityParser(argv);
  const args = (await y.parseAsync()) as Record<string, unknown>;
  if (args.help) return io.stdout((await y.getHelp()) + "\n"), 0;
  const positional = (args._ as unknown[]).map(String);
  if (positional.length > 0) throw strayArgument(positional[0], argv, "rsi-sim sensitivity");
  checkCombinations(args);
  checkPaths(args);
  outFormat(args); // checked before any work; write() reads it
  const t0 = performance.now();
  if (args.analyze !== undefined) {
    const command = ["rsi-sim", "sensitivity", ...argv.filter((a) => a !== "--no-progress").map(quoteArg)].join(" ");
    const saved = analyzeSaved(String(args.analyze), String(args.results), { ...analysisFlags(args), command, ...savedChecks(args) });
    await write(io, args, saved);
    return io.stderr(`rsi-sim: analysed ${fmtInt(saved.design.rows)} runs in ${seconds(t0)} s\n`), 0;
  }
  const { options, prepared } = await runOptions(args, argv);
  const designFile = single(args, "write-design");
  if (designFile !== undefined) {
    const { design } = prepared;
    await writeDesign(designFile, design);
    io.stderr(`rsi-sim: wrote ${printable(designFile)}: ${design.method} design, ${fmtInt(design.rows)} rows × ${design.factors.length} factors; run it and analyse with\n  rsi-sim sensitivity --analyze ${quoteArg(designFile)} --results OUTPUTS.csv\n`);
    return 0;
  }
  const bar = progressBar(io, args, "rsi-sim", "runs");
  if (args.shard !== undefined) {
    const spec = resolveShard(String(args.shard), single(args, "shards"));
    checkOutputs([{ flag: "--out", file: single(args, "out") ?? defaultShardFile("sensitivity", spec) }], inputFiles(args));
    const shard = await sensitivityShard({ ...options, onProgress: bar.update }, spec, prepared).finally(bar.stop);
    const describe = ` of the ${options.method} design (${rangeText("rows", shard.range)} of ${fmtInt(shard.rows)}, ${seconds(t0)} s)`;
    return emitShard(io, shard, single(args, "out") ?? defaultShardFile("sensitivity", spec), describe), 0;
  }
  const outcome = await sensitivity({ ...options, onProgress: bar.update }, prepared).finally(bar.stop);
  await write(io, args, outcome);
  io.stderr(`rsi-sim: ${fmtInt(outcome.result.runs)} runs in ${seconds(t0)} s\n`);
  return 0;
}

/** --method and --model with --analyze must agree with the design (checked by the use case). */
function savedChecks(args: Record<string, unknown>): { method?: Method; model?: string } {
  return { method: single(args, "method") as Method | undefined, model: single(args, "model") };
}

/** The files the analysis reads: the model, a saved design and its results. */
function inputFiles(args: Record<string, unknown>): InputArg[] {
  return [
    { what: "the model file", file: single(args, "model") },
    { what: "the design file", file: single(args, "analyze") },
    { what: "the results file", file: single(args, "results") },
  ];
}

/** The output files, checked before anything is computed (a shard's file when its spec is known). */
function checkPaths(args: Record<string, unknown>): void {
  const outputs = [{ flag: "--write-design", file: single(args, "write-design") }];
  if (args.shard === undefined) outputs.push({ flag: "--out", file: single(args, "out") }, { flag: "--html", file: single(args, "html") });
  checkOutputs(outputs, inputFiles(args));
}
