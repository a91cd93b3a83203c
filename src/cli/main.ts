/**
 * The `rsi-sim` command: reads the command word and hands the arguments to
 * its command (run, sweep, compare, sensitivity, merge, report, playground, describe, validate),
 * each a thin front end over one use case of src/app. A user's mistake
 * prints one line on stderr and exits 2 with nothing written; an error from
 * the library that names an argument is said with the argument's flag;
 * other failures exit 1.
 */
import { controlCharacterIn, visible } from "../model/compile-texts.js";
import { ArgumentError, UserError } from "../core/errors.js";
import { didYouMean } from "../core/suggest.js";
import { printable } from "../core/printable.js";

export { printable };
import { DEFAULT_MODEL } from "../app/model.js";
import { flagForArgument, unknownFlagMessage } from "./flags.js";
import { processIo, type Io } from "./io.js";
import { runCommand } from "./run.js";

/** Longest error line printed: a longer one (a 1 MB prior echoed back) keeps its start and end. */
const MAX_ERROR_LINE = 400;

/**
 * A user's mistake as the CLI says it: an argument of the library is named
 * by its flag; control characters (a terminal's escape sequences in a file's
 * text) are shown escaped, and the line is cut to MAX_ERROR_LINE characters.
 */
export function errorLine(err: UserError): string {
  const line = err instanceof ArgumentError ? `${flagForArgument(err.argument)}: ${err.detailFor("cli")}` : err.lineFor("cli");
  return clipLine(printable(line), MAX_ERROR_LINE);
}

/** The line cut to `max` characters, keeping its start and its end. */
export function clipLine(line: string, max: number): string {
  if (line.length <= max) return line;
  const tail = Math.floor(max / 4);
  return `${line.slice(0, max - tail - 30)} … (${line.length - max + 30} characters cut) … ${line.slice(line.length - tail)}`;
}

const COMMANDS = ["run", "sweep", "compare", "sensitivity", "report", "playground", "describe", "validate", "merge"];

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

/** A quoted argument cut to about 80 characters around its first escaped control character (…: cut). */
function around(quoted: string): string {
  if (quoted.length <= 80) return quoted;
  const at = Math.max(0, quoted.indexOf("\\u") - 40);
  return `${at > 0 ? "…" : ""}${quoted.slice(at, at + 80)}${at + 80 < quoted.length ? "…" : ""}`;
}

async function dispatch(argv: string[], io: Io): Promise<number> {
  // an argument is echoed in the Reproduce line, in shards and in reports: a newline would split the line,
  // an escape sequence would act on the terminal
  argv.forEach((a, i) => {
    const bad = controlCharacterIn(a);
    if (bad !== null) throw new UserError("", `argument ${i + 1} (${around(visible(a))}) holds the control character ${bad}; arguments are one-line texts`);
  });
  const first = argv.length > 0 && !argv[0].startsWith("-") ? argv[0] : undefined;
  if (first === "validate") return validateCommand(argv, io);
  if (first === "describe") return describeCommand(argv, io);
  // a run loads neither the model compiler (it reads the compiled-model cache) nor
  // the other commands: they load their modules only when asked for
  if (first === "merge") return (await import("./merge.js")).mergeCommand(argv.slice(1), io);
  if (first === "compare") return (await import("./compare.js")).compareCommand(argv.slice(1), io);
  if (first === "sweep") return (await import("./sweep.js")).sweepCommand(argv.slice(1), io);
  if (first === "report") return (await import("./report.js")).reportCommand(argv.slice(1), io);
  if (first === "playground") return (await import("./playground.js")).playgroundCommand(argv.slice(1), io);
  if (first === "sensitivity") return (await import("./sensitivity.js")).sensitivityCommand(argv.slice(1), io);
  if (first !== undefined && first !== "run") {
    const hint = didYouMean(first, COMMANDS);
    throw new UserError("", `unknown command "${first}"${hint ? ` (did you mean "${hint}"?)` : ""}; commands: ${COMMANDS.join(", ")}`);
  }
  return runCommand(argv, io);
}

/**
 * The words of `describe` or `validate`: flags other than --help and those
 * in `valued` (which take a value) are refused, as for the other commands.
 */
function simpleArgs(argv: string[], command: string, valued: string[]): { help: boolean; words: string[]; flags: Record<string, string> } {
  const words: string[] = [];
  const flags: Record<string, string> = {};
  let help = false;
  for (let i = 1; i < argv.length; i++) {
    const a = argv[i];
    if (a === "--help" || a === "-h") help = true;
    else if (!a.startsWith("-") || a === "-") words.push(a);
    else {
      const [name, inline] = a.replace(/^--?/, "").split(/=(.*)/s);
      if (!valued.includes(name)) throw new UserError("", unknownFlagMessage(name, ["help", ...valued], `rsi-sim ${command}`));
      const value = inline ?? argv[++i];
      if (value === undefined) throw new UserError(`--${name}`, "needs a value");
      if (flags[name] !== undefined) throw new UserError(`--${name}`, "given more than once");
      flags[name] = value;
    }
  }
  return { help, words, flags };
}

/** `rsi-sim validate FILE`: exit 0 and a one-line summary, or the problem and exit 2. */
async function validateCommand(argv: string[], io: Io): Promise<number> {
  const { help, words } = simpleArgs(argv, "validate", []);
  if (help) {
    io.stdout("rsi-sim validate FILE\n\nCheck a model file: exit 0 and a one-line summary if it is valid, or one line naming\nthe file, the entry and the problem, and exit 2. A valid model may get notes too (exit 0):\na state whose rate stops at a bound through max(0, …) without a cap (`max:`) there.\n");
    return 0;
  }
  if (words.length !== 1) throw new UserError("validate", "give exactly one model file: rsi-sim validate FILE");
  const { loadModel } = await import("../model/compile.js");
  const m = loadModel(words[0]);
  const uncertain = m.parameters.filter((p) => p.prior).length;
  const chance = m.chance.length > 0 ? `, ${m.chance.length} chance variable${m.chance.length > 1 ? "s" : ""}` : "";
  io.stdout(`ok: ${m.file}: model ${m.name}, ${m.parameters.length} parameters (${uncertain} uncertain)${chance}, ${m.states.length} states, ${m.hazards.length} hazards, ${m.outputs.length} outputs\n`);
  // advice, not errors: the model is valid and runs
  const { uncappedBoundNotes } = await import("../model/bound-notes.js");
  for (const note of uncappedBoundNotes(m)) io.stdout(`${note}\n`);
  return 0;
}

/** `rsi-sim describe [MODEL]`: a model's parameters, priors, sources, equations and outputs. */
async function describeCommand(argv: string[], io: Io): Promise<number> {
  const { help, words, flags } = simpleArgs(argv, "describe", ["model"]);
  if (help) {
    io.stdout("rsi-sim describe [MODEL]\n\nPrint a model's parameters (priors, units, sources), equations, hazards, milestones,\nevents and outputs. MODEL is a file or a shipped model name (default rsi-core).\n");
    return 0;
  }
  if (words.length + (flags.model === undefined ? 0 : 1) > 1) throw new UserError("describe", "give one model: rsi-sim describe [MODEL]");
  const { loadModel } = await import("../model/compile.js");
  const { describeModel } = await import("../report/describe.js");
  io.stdout(describeModel(loadModel(words[0] ?? flags.model ?? DEFAULT_MODEL)));
  return 0;
}
