/**
 * `rsi-sim [run]`: a model as a Monte Carlo over its priors, summarised as a
 * table, the result JSON or a CSV of the draws, with an optional HTML report
 * or as one shard of the run.
 */
import { UserError } from "../core/errors.js";
import type { CompiledModel } from "../model/types.js";
import { loadModelFast } from "../model/cache.js";
import { rangeText } from "../parallel/shard-spec.js";
import { renderRun, renderRunHtml, type Format } from "../report/render.js";
import { outcomeCSVChunks } from "../report/csv.js";
import { DEFAULT_MODEL, DEFAULT_SEED } from "../app/model.js";
import { DEFAULT_SAMPLES, run, runShard } from "../app/run.js";
import { parameterFlags, workersFlag, chanceEpilogue, epilogue, flaglessEpilogue, formatFlag, refuseFlagless, seedFlag, commonOptions, givenModel, intFlag, list, numberFlag, parameterOptions, parameterSettings, parser, peekModel, reproduceCommand, shardOptions, shardTarget, single, strayArgument, VERSION } from "./flags.js";
import { checkOutputs, emit, emitShard, outputFormat, tableLayout, type Io } from "./io.js";
import { progressBar } from "./progress.js";
import { fixedCommand, precisionFlags, precisionNote, precisionOptions } from "./precision.js";

const USAGE = `rsi-sim [run] [options]

Run a model (default: ${DEFAULT_MODEL}) as a Monte Carlo over its priors and summarise
takeoff speed and loss of control with 95% intervals.

Examples:
  rsi-sim --ratio 200
  rsi-sim --ratio 20 --r-soft "0.5 to 3" --samples 50000 --format json --out run.json
  rsi-sim --r-soft "mx(0.5 to 3, 10, [0.9, 0.1])" --outputs loc,t100
  rsi-sim describe rsi-core
  rsi-sim validate my-model.yaml`;

/** The command's own flags (a model parameter with one of these names is set with --set only: its flag is the command's). */
const RUN_FLAGS = ["model", "samples", "seed", "horizon", "set", "format", "out", "html", "workers", "max-memory", "shard", "shards", "progress", "quiet", "help", "h", "version", "precision", "max-samples", "outputs"];

function runParser(argv: string[], model: CompiledModel) {
  refuseFlagless(argv, model, RUN_FLAGS);
  const known = [...RUN_FLAGS, ...parameterFlags(model, RUN_FLAGS)];
  return parser(argv, "rsi-sim", known, givenModel(argv, model))
    .usage(USAGE)
    .version(VERSION)
    .command("run", "run a model (the default command)")
    .command("sweep PARAM", "run a model at several values of one or two parameters (rsi-sim sweep --help)")
    .command("compare", "run named scenarios on the same draws and compare them paired, draw by draw (rsi-sim compare --help)")
    .command("sensitivity", "global sensitivity: Sobol, Morris or one-at-a-time (rsi-sim sensitivity --help)")
    .command("report RESULT", "an HTML report (--html FILE) or PNG charts (--png DIR) of a saved result")
    .command("playground", "one offline HTML page that reruns the model in the browser as you move its controls (rsi-sim playground --help)")
    .command("merge FILES..", "join the shard files of a run, sweep, sensitivity design or comparison into the single command's result")
    .command("describe [model]", "parameters, priors, sources, equations and outputs of a model")
    .command("validate <file>", "check a model file; exit 0 if valid, 2 if not")
    .option("model", { type: "string", default: DEFAULT_MODEL, describe: "a model file or the name of a shipped model (rsi-core, forethought-sie)", group: "Run:" })
    .option("samples", { type: "string", default: String(DEFAULT_SAMPLES), describe: "number of Monte Carlo draws", group: "Run:" })
    .option("seed", { type: "string", default: String(DEFAULT_SEED), describe: "random seed (an integer 0 … 4294967295); the same seed gives the same numbers", group: "Run:" })
    .option("horizon", { type: "string", describe: `end of each run in model time (${model.name}: ${model.time.horizon} ${model.time.unit})`, group: "Run:" })
    .option("set", { type: "string", array: true, describe: 'set a parameter: name=value or name="distribution" (repeatable)', group: "Run:" })
    .option("format", { type: "string", describe: "output format: table, json or csv (default: table, or from --out's extension)", group: "Output:" })
    .option("outputs", { type: "string", describe: "outputs to keep in the table, JSON and CSV, comma-separated (default: all)", group: "Output:" })
    .options(commonOptions("the draws", "Run:"))
    .options(shardOptions("the draws", "the run's", "Run:"))
    .options(precisionOptions("headline probability", "Run:"))
    .options(parameterOptions(model, `Parameters of ${model.name} (a number fixes one; a distribution replaces its prior):`, RUN_FLAGS))
    .epilogue(epilogue(chanceEpilogue(model), flaglessEpilogue(model, RUN_FLAGS)))
    .help("help")
    .alias("help", "h")
    .showHelpOnFail(false);
}

/** `rsi-sim [run] …`; returns the exit status, throws UserError on bad input. */
export async function runCommand(argv: string[], io: Io): Promise<number> {
  const model = await loadModelFast(peekModel(argv));
  const args = (await runParser(argv, model).parseAsync()) as Record<string, unknown>;
  if (args.help || args.version) return 0;
  const stray = (args._ as (string | number)[]).filter((w, i) => !(i === 0 && w === "run"));
  if (stray.length > 0) throw strayArgument(stray[0], argv, "rsi-sim");
  const samples = intFlag("--samples", single(args, "samples"), DEFAULT_SAMPLES, 1);
  const seed = seedFlag(single(args, "seed"), DEFAULT_SEED);
  const out = single(args, "out");
  const formatGiven = formatFlag(args, ["table", "json", "csv"]);
  // a shard's output is its shard file (checkShardOutput refuses --format and another format's name)
  const format = (args.shard === undefined ? outputFormat("rsi-sim", formatGiven, out, ["table", "json", "csv"], "table") : "table") as Format;
  const html = single(args, "html");
  const modelFile = [{ what: "the model file", file: model.file }];
  if (args.shard === undefined) checkOutputs([{ flag: "--out", file: out }, { flag: "--html", file: html }], modelFile);
  const bar = progressBar(io, args, "rsi-sim", "draws");
  const options = {
    model,
    samples,
    seed,
    horizon: numberFlag("--horizon", single(args, "horizon")),
    settings: parameterSettings(model, args, { skip: RUN_FLAGS }),
    workers: workersFlag(args) ?? "auto",
    maxMemory: single(args, "max-memory"),
    onProgress: bar.update,
    command: reproduceCommand([], argv, seed, "--samples", samples),
    outputs: list(args, "outputs"),
    ...precisionFlags(args),
  };
  if (args.shards !== undefined && args.shard === undefined) throw new UserError("--shards", "goes with --shard auto");
  if (args.shard !== undefined) {
    if (options.outputs !== undefined) throw new UserError("--outputs", "a shard file keeps every output (the merge needs them all); leave it out");
    const { spec, file } = shardTarget(args, "run", options.precision, modelFile);
    const shard = await runShard(options, spec).finally(bar.stop);
    emitShard(io, shard, file, ` (${rangeText("draws", shard.range)})`);
    return 0;
  }
  // the series feed only the result JSON's fan charts and the HTML report
  const started = performance.now();
  const outcome = await run({ ...options, keepParameters: format === "csv", keepSeries: format === "json" || html !== undefined, keepTable: format !== "json" }).finally(bar.stop);
  if (outcome.precision) {
    precisionNote(io, outcome.precision, "headline probability");
    outcome.result.command = fixedCommand([], argv, seed, outcome.precision.samples);
  }
  const text = format === "csv" ? outcomeCSVChunks(outcome.sim, undefined, outcome.result.command) : renderRun(outcome, format, tableLayout(io, out, started));
  await emit(io, { html: html === undefined ? undefined : { file: html, text: () => renderRunHtml(outcome.result) }, out, text });
  return 0;
}
