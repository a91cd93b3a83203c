/**
 * `rsi-sim playground [--model M] --out play.html`: a model as one offline
 * HTML page whose controls rerun it in the browser with the CLI's engine.
 */
import { printable } from "../core/printable.js";
import { writeAtomic } from "../core/atomic.js";
import { UserError } from "../core/errors.js";
import { didYouMean } from "../core/suggest.js";
import { DEFAULT_MODEL, DEFAULT_SEED } from "../app/model.js";
import { DEFAULT_SAMPLES } from "../app/run.js";
import { playground } from "../app/playground.js";
import { intFlag, seedFlag } from "./flags.js";
import { checkOutputs, type Io } from "./io.js";

const USAGE = `rsi-sim playground [--model M] --out play.html [--samples N] [--seed S]

Write one self-contained HTML page in which a model runs in the browser: move the
funding ratio or any parameter and watch the risk, with the same engine and the
same numbers as rsi-sim run (its "Reproduce" line gives the command). It works
offline: nothing is loaded from the network; the draws run in Web Workers.

Options:
  --model M     a model file or the name of a shipped model (default ${DEFAULT_MODEL})
  --out FILE    the HTML file to write
  --samples N   the draws the page starts with (default ${DEFAULT_SAMPLES}; settable on the page)
  --seed S      the seed the page starts with (default ${DEFAULT_SEED}; settable on the page)
  -h, --help    show this help

Examples:
  rsi-sim playground --out play.html
  rsi-sim playground --model my-model.yaml --out my-play.html`;

const FLAGS = ["model", "out", "samples", "seed"];

function parseArgs(argv: string[]): { help: boolean; flags: Record<string, string> } {
  const flags: Record<string, string> = {};
  let help = false;
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === "-h" || a === "--help") {
      help = true;
      continue;
    }
    if (!a.startsWith("--")) throw new UserError("playground", `unexpected argument "${a}"; see rsi-sim playground --help`);
    const eq = a.indexOf("=");
    const name = a.slice(2, eq >= 0 ? eq : undefined);
    if (!FLAGS.includes(name)) {
      const hint = didYouMean(name, FLAGS);
      throw new UserError("playground", `unknown flag --${name}${hint ? ` (did you mean --${hint}?)` : ""}; see rsi-sim playground --help`);
    }
    const value = eq >= 0 ? a.slice(eq + 1) : argv[++i];
    if (value === undefined || value === "" || (eq < 0 && value.startsWith("--"))) throw new UserError(`--${name}`, "needs a value");
    if (flags[name] !== undefined) throw new UserError(`--${name}`, "given more than once");
    flags[name] = value;
  }
  return { help, flags };
}

/** `rsi-sim playground …` with the arguments after the command word; returns the exit status. */
export async function playgroundCommand(argv: string[], io: Io): Promise<number> {
  const { help, flags } = parseArgs(argv);
  if (help) {
    io.stdout(USAGE + "\n");
    return 0;
  }
  if (flags.out === undefined) throw new UserError("--out", "say where to write the page: --out play.html");
  checkOutputs([{ flag: "--out", file: flags.out }], [{ what: "the model file", file: flags.model }]);
  if (!/\.html?$/i.test(flags.out)) throw new UserError("--out", `writes an HTML page; give a file name ending in .html, got ${flags.out}`);
  const samples = intFlag("--samples", flags.samples, DEFAULT_SAMPLES, 1);
  const seed = seedFlag(flags.seed, DEFAULT_SEED);
  const { model, html } = await playground({ model: flags.model ?? DEFAULT_MODEL, samples, seed });
  writeAtomic(flags.out, html);
  io.stderr(`rsi-sim: wrote ${printable(flags.out)} (playground of ${model.name}, ${(html.length / 1e6).toFixed(1)} MB; open it in a browser)\n`);
  return 0;
}
