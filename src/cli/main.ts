/**
 * The `rsi-sim` command: reads the command word and hands the arguments to
 * its command (run, sweep, sensitivity, merge, report, describe, validate),
 * each a thin front end over one use case of src/app. A user's mistake
 * prints one line on stderr and exits 2 with nothing written; an error from
 * the library that names an argument is said with the argument's flag;
 * other failures exit 1.
 */
import { ArgumentError, UserError } from "../core/errors.js";
import { didYouMean } from "../core/suggest.js";
import { DEFAULT_MODEL } from "../app/model.js";
import { flagForArgument } from "./flags.js";
import { processIo, type Io } from "./io.js";
import { runCommand } from "./run.js";

/** A user's mistake as the CLI says it: an argument of the library is named by its flag. */
export function errorLine(err: UserError): string {
  return err instanceof ArgumentError ? `${flagForArgument(err.argument)}: ${err.detail}` : err.message;
}

const COMMANDS = ["run", "sweep", "sensitivity", "report", "describe", "validate", "merge"];

/** Run the CLI with arguments (without node and script); returns the exit status. */
export async function main(argv: string[], io: Io = processIo): Promise<number> {
  try {
    return await dispatch(argv, io);
  } catch (err) {
    if (err instanceof UserError) {
      io.stderr(`rsi-sim: ${errorLine(err)}\n`);
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
  // a run loads neither the model compiler (it reads the compiled-model cache) nor
  // the other commands: they load their modules only when asked for
  if (first === "merge") return (await import("./merge.js")).mergeCommand(argv.slice(1), io);
  if (first === "sweep") return (await import("./sweep.js")).sweepCommand(argv.slice(1), io);
  if (first === "report") return (await import("./report.js")).reportCommand(argv.slice(1), io);
  if (first === "sensitivity") return (await import("./sensitivity.js")).sensitivityCommand(argv.slice(1), io);
  if (first !== undefined && first !== "run") {
    const hint = didYouMean(first, COMMANDS);
    throw new UserError("", `unknown command "${first}"${hint ? ` (did you mean "${hint}"?)` : ""}; commands: ${COMMANDS.join(", ")}`);
  }
  return runCommand(argv, io);
}

/** `rsi-sim validate FILE`: exit 0 and a one-line summary, or the problem and exit 2. */
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

/** `rsi-sim describe [MODEL]`: a model's parameters, priors, sources, equations and outputs. */
async function describeCommand(argv: string[], io: Io): Promise<number> {
  const rest = argv.filter((a) => a !== "describe");
  if (rest.includes("--help") || rest.includes("-h")) {
    io.stdout("rsi-sim describe [MODEL]\n\nPrint a model's parameters (priors, units, sources), equations, hazards, milestones,\nevents and outputs. MODEL is a file or a shipped model name (default rsi-core).\n");
    return 0;
  }
  const names = rest.filter((a) => !a.startsWith("-"));
  const flag = rest.findIndex((a) => a === "--model");
  const { loadModel } = await import("../model/compile.js");
  const { describeModel } = await import("../report/describe.js");
  io.stdout(describeModel(loadModel(names[0] ?? (flag >= 0 ? rest[flag + 1] : DEFAULT_MODEL))));
  return 0;
}
