/**
 * `rsi-sim compare [options] --scenario NAME [settings] --scenario NAME
 * [settings] …`: two or more scenarios on the same draws, each compared
 * with the baseline draw by draw, as a table, the compare JSON
 * (docs/compare-json.md) or a CSV; or one shard of it (--shard K/N, joined
 * by rsi-sim merge). Flags before the first --scenario apply
 * to every scenario; a parameter flag or --set after `--scenario NAME`
 * belongs to that scenario (and wins over a shared one); the command's own
 * flags (--samples, --out, …) may come anywhere.
 */
import { UserError } from "../core/errors.js";
import type { CompiledModel } from "../model/types.js";
import { loadModelFast } from "../model/cache.js";
import { renderCompare, renderCompareHtml, type Format } from "../report/render.js";
import { DEFAULT_MODEL, DEFAULT_SEED } from "../app/model.js";
import { rangeText } from "../parallel/shard-spec.js";
import { compare, compareShard, DEFAULT_COMPARE_SAMPLES, type CompareOptions, type ScenarioInput } from "../app/compare.js";
import { parameterFlags, workersFlag, flaglessEpilogue, numberFlag, refuseFlagless, seedFlag, formatFlag, commonOptions, givenModel, intFlag, list, parameterOptions, parameterSettings, parser, peekModel, quoteArg, type GivenModel, reproduceCommand, shardOptions, shardTarget, single, strayArgument } from "./flags.js";
import { checkOutputs, emit, emitShard, outputFormat, type Io } from "./io.js";
import { fixedCommand, precisionFlags, precisionNote, precisionOptions } from "./precision.js";
import { progressBar } from "./progress.js";

/** The command's own flags (a model parameter with one of these names is reachable with --set only). */
const COMPARE_FLAGS = [
  "model", "samples", "seed", "horizon", "set", "format", "out", "html", "workers", "max-memory", "progress", "quiet", "help", "h",
  "scenario", "baseline", "outputs", "timeline", "resamples", "precision", "max-samples", "shard", "shards",
];

const USAGE = `rsi-sim compare [options] --scenario NAME [settings] --scenario NAME [settings] …

Run two or more scenarios on the same draws (common random numbers) and compare each with
the baseline (the first scenario, or --baseline NAME) draw by draw: the paired difference of
every probability with its 95% interval, the draws that flip each way, relative risk and
draws per flip; shifts of measured outcomes and of milestone dates; P(date ≤ year) over time.
Parameter flags and --set before the first --scenario apply to every scenario; after
--scenario NAME they set that scenario only (and win over shared ones). Other flags may go anywhere.
A name that starts with a dash is given as --scenario=NAME.

Examples:
  rsi-sim compare --scenario "200:1" --ratio 200 --scenario "20:1" --ratio 20
  rsi-sim compare --ratio 200 --scenario "no brakes" --p-comply 0 --scenario brakes --p-comply 1
  rsi-sim compare --precision 0.005 --scenario a --ratio 200 --scenario b --ratio 20 --format json --out c.json
  rsi-sim compare --samples 100000 --scenario a --ratio 200 --scenario b --ratio 20 --shard 2/8 --out s2.shard`;

function compareParser(argv: string[], model: CompiledModel) {
  refuseFlagless(argv, model, COMPARE_FLAGS);
  const known = [...COMPARE_FLAGS, ...parameterFlags(model, COMPARE_FLAGS)];
  return parser(argv, "rsi-sim compare", known, givenModel(argv, model))
    .usage(USAGE)
    .option("scenario", { type: "string", describe: "start a scenario named NAME; the parameter flags and --set after it are its settings (at least two)", group: "Compare:" })
    .option("baseline", { type: "string", describe: "the scenario the others are compared with (default: the first)", group: "Compare:" })
    .option("outputs", { type: "string", describe: "outputs to compare, comma-separated (default: the model's headline outputs)", group: "Compare:" })
    .option("timeline", { type: "string", describe: "date outputs for P(date ≤ year) over time, comma-separated (default: every output that is the date of a milestone, event or hazard; an empty value for none)", group: "Compare:" })
    .option("resamples", { type: "string", describe: "bootstrap resamples for the quantile shifts (default 1000)", group: "Compare:" })
    .options(precisionOptions("headline difference", "Run:"))
    .option("model", { type: "string", default: DEFAULT_MODEL, describe: "a model file or the name of a shipped model", group: "Run:" })
    .option("samples", { type: "string", default: String(DEFAULT_COMPARE_SAMPLES), describe: "Monte Carlo draws, the same under every scenario (with --precision: the first block)", group: "Run:" })
    .option("seed", { type: "string", default: String(DEFAULT_SEED), describe: "random seed (an integer 0 … 4294967295), the same for every scenario", group: "Run:" })
    .option("horizon", { type: "string", describe: `end of each run in model time (${model.name}: ${model.time.horizon} ${model.time.unit})`, group: "Run:" })
    .option("set", { type: "string", array: true, describe: 'set a parameter: name=value or name="distribution" (repeatable)', group: "Run:" })
    .option("format", { type: "string", describe: "output format: table, json or csv (default: table, or from --out's extension)", group: "Output:" })
    .options(commonOptions("each scenario's draws", "Run:"))
    .options(shardOptions("the draws (the same under every scenario)", "the comparison's", "Run:"))
    .option("help", { alias: "h", type: "boolean", describe: "show this help", group: "Output:" })
    .options(parameterOptions(model, `Parameters of ${model.name} (before any --scenario: every scenario; after --scenario NAME: that one):`, COMPARE_FLAGS, false))
    .epilogue(flaglessEpilogue(model, COMPARE_FLAGS));
}

/** The command's flags that take no value (yargs also reads --no-X for a boolean X). */
const BOOLEAN_FLAGS = ["--progress", "--no-progress", "--quiet", "--no-quiet", "--help", "-h"];
/** A flag of the command itself (not a parameter flag, not --set). */
const commandFlag = (a: string) => BOOLEAN_FLAGS.includes(a) || (COMPARE_FLAGS.includes(/^--([^=]+)/.exec(a)?.[1] ?? "") && !/^--set(=|$)/.test(a));

/** A token that reads as a flag (--quiet, -h), not as a value: a name or a value that starts so is given as --flag=VALUE. */
const looksLikeFlag = (a: string) => /^-(-|[A-Za-z])/.test(a);

/**
 * A command flag that takes a value (--baseline, --timeline, --out, …) given
 * without one: at the end, or followed by another flag, which it must not
 * take as its value (an empty value is given as --flag= or --flag "").
 */
function checkValueGiven(argv: string[], i: number): void {
  const a = argv[i];
  if (a.includes("=") || BOOLEAN_FLAGS.includes(a) || !commandFlag(a)) return;
  const next = argv[i + 1];
  if (next === undefined) throw new UserError(a, "needs a value, and it is the last argument");
  if (looksLikeFlag(next)) throw new UserError(a, `needs a value, got the flag ${next} (a value that starts with a dash is given as ${a}=VALUE)`);
}

/**
 * The arguments cut at each --scenario: the shared part, then each
 * scenario's name and arguments. A name after --scenario may not start with
 * a dash (`--scenario --quiet` is a missing name, not a scenario named
 * "--quiet"); such a name is given as --scenario=NAME.
 */
export function splitScenarios(argv: string[]): { shared: string[]; scenarios: { name: string; argv: string[] }[] } {
  const shared: string[] = [];
  const scenarios: { name: string; argv: string[] }[] = [];
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === "--scenario" || a.startsWith("--scenario=")) {
      const name = a === "--scenario" ? argv[++i] : a.slice("--scenario=".length);
      if (name === undefined || name.trim() === "") throw new UserError("--scenario", "needs a name: --scenario NAME, then that scenario's settings");
      if (a === "--scenario" && looksLikeFlag(name)) throw new UserError("--scenario", `needs a name, got the flag ${name} (a name that starts with a dash is given as --scenario=NAME)`);
      if (scenarios.some((s) => s.name === name)) throw new UserError("--scenario", `"${name}" is given twice; give each scenario its own name`);
      scenarios.push({ name, argv: [] });
      continue;
    }
    checkValueGiven(argv, i);
    if (scenarios.length === 0) shared.push(a);
    else if (commandFlag(a)) {
      // the command's own flags (--samples, --out, …) may come anywhere: they apply to every scenario
      shared.push(a);
      if (!a.includes("=") && !BOOLEAN_FLAGS.includes(a) && i + 1 < argv.length) shared.push(argv[++i]);
    } else scenarios[scenarios.length - 1].argv.push(a);
  }
  return { shared, scenarios };
}

/** One scenario's settings: only parameter flags and --set. */
async function scenarioSettings(model: CompiledModel, s: { name: string; argv: string[] }, given: GivenModel | undefined): Promise<ScenarioInput> {
  const params = parameterFlags(model, COMPARE_FLAGS);
  refuseFlagless(s.argv, model, COMPARE_FLAGS);
  const y = parser(s.argv, given ? "rsi-sim compare" : `rsi-sim compare --scenario ${quoteArg(s.name)}`, ["set", ...params], given)
    .option("set", { type: "string", array: true })
    .options(parameterOptions(model, "", COMPARE_FLAGS, false));
  const args = (await y.parseAsync()) as Record<string, unknown>;
  const stray = (args._ as (string | number)[])[0];
  if (stray !== undefined) throw strayArgument(stray, s.argv, "rsi-sim compare");
  return { name: s.name, settings: parameterSettings(model, args, { skip: COMPARE_FLAGS }) };
}

async function compareOptions(model: CompiledModel, args: Record<string, unknown>, split: ReturnType<typeof splitScenarios>): Promise<CompareOptions> {
  const stray = (args._ as (string | number)[])[0];
  if (stray !== undefined) throw strayArgument(stray, split.shared, "rsi-sim compare");
  if (split.scenarios.length < 2) throw new UserError("--scenario", `give at least two scenarios (--scenario NAME, then its settings), got ${split.scenarios.length}`);
  const scenarios: ScenarioInput[] = [];
  for (const s of split.scenarios) scenarios.push(await scenarioSettings(model, s, givenModel(split.shared, model)));
  const horizon = single(args, "horizon");
  const resamples = single(args, "resamples");
  return {
    model,
    scenarios,
    baseline: single(args, "baseline"),
    settings: parameterSettings(model, args, { skip: COMPARE_FLAGS }),
    outputs: list(args, "outputs"),
    timeline: single(args, "timeline") === "" ? [] : list(args, "timeline"),
    samples: intFlag("--samples", single(args, "samples"), DEFAULT_COMPARE_SAMPLES, 1),
    seed: seedFlag(single(args, "seed"), DEFAULT_SEED),
    horizon: numberFlag("--horizon", horizon),
    resamples: resamples === undefined ? undefined : intFlag("--resamples", resamples, 0, 0),
    ...precisionFlags(args),
    workers: workersFlag(args),
    maxMemory: single(args, "max-memory"),
  };
}

/** `rsi-sim compare …` (argv without "compare"); returns the exit status, throws UserError on bad input. */
export async function compareCommand(argv: string[], io: Io): Promise<number> {
  const model = await loadModelFast(peekModel(argv));
  // the help first: `--scenario --help` asks for it, and is no scenario named "--help"
  if (argv.includes("--help") || argv.includes("-h")) {
    io.stdout((await compareParser([], model).getHelp()) + "\n");
    return 0;
  }
  const split = splitScenarios(argv);
  const y = compareParser(split.shared, model);
  const args = (await y.parseAsync()) as Record<string, unknown>;
  const format = formatFlag(args, ["table", "json", "csv"]);
  const out = single(args, "out");
  const html = single(args, "html");
  // a shard's output is its shard file (checkShardOutput refuses --format and another format's name)
  const resolved = (args.shard === undefined ? outputFormat("rsi-sim compare", format, out, ["table", "json", "csv"], "table") : "table") as Format;
  const modelFile = [{ what: "the model file", file: model.file }];
  if (args.shard === undefined) checkOutputs([{ flag: "--out", file: out }, { flag: "--html", file: html }], modelFile);
  const options = await compareOptions(model, args, split);
  if (args.shards !== undefined && args.shard === undefined) throw new UserError("--shards", "goes with --shard auto");
  const bar = progressBar(io, args, "rsi-sim compare", "draws");
  if (args.shard !== undefined) {
    const { spec, file } = shardTarget(args, "compare", options.precision, modelFile);
    const command = reproduceCommand(["compare"], argv, options.seed!, "--samples", options.samples!);
    const shard = await compareShard({ ...options, command, onProgress: bar.update }, spec).finally(bar.stop);
    emitShard(io, shard, file, ` of the comparison (${rangeText("draws", shard.range)} under ${shard.scenarios} scenarios)`);
    return 0;
  }
  const outcome = await compare({ ...options, onProgress: bar.update }).finally(bar.stop);
  const n = outcome.result.samples;
  outcome.result.command = options.precision === undefined ? reproduceCommand(["compare"], argv, options.seed!, "--samples", n) : fixedCommand(["compare"], argv, options.seed!, n);
  if (outcome.precision) precisionNote(io, outcome.precision, "headline difference");
  const text = renderCompare(outcome, resolved);
  await emit(io, { html: html === undefined ? undefined : { file: html, text: () => renderCompareHtml(outcome.result) }, out, text });
  return 0;
}
