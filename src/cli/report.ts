/**
 * `rsi-sim report RESULT.json [--html FILE] [--png DIR] [--width PX]`: an
 * offline HTML report of a saved run, sweep, sensitivity or compare result, and PNGs
 * of its charts through headless Chromium.
 */
import { printable } from "../core/printable.js";
import { writeAtomic } from "../core/atomic.js";
import { UserError } from "../core/errors.js";
import { didYouMean } from "../core/suggest.js";
import { report, reportPngs } from "../app/report.js";
import { checkOutputs, type Io } from "./io.js";

const USAGE = `rsi-sim report RESULT.json [--html FILE] [--png DIR] [--width PX]

Make a report of a result JSON written by rsi-sim run, sweep, sensitivity or
compare (--format json): one self-contained HTML file that works offline (plotly.js is
included; nothing is loaded from the network), and/or a PNG of each chart.

Options:
  --html FILE   write the HTML report to FILE
  --png DIR     write a PNG of each chart into DIR (needs Chromium: apt-get install
                chromium, or set RSI_SIM_CHROMIUM to its path)
  --width PX    width of the PNGs in CSS pixels (default 1100; drawn at 2x)
  -h, --help    show this help

Examples:
  rsi-sim --ratio 200 --out run.json && rsi-sim report run.json --html run.html
  rsi-sim report sweep.json --html sweep.html --png sweep-charts/`;

const FLAGS = ["html", "png", "width", "help"];

interface ReportArgs {
  input?: string;
  html?: string;
  png?: string;
  width: number;
  help: boolean;
}

/** One flag's value into `args`. */
function setFlag(args: ReportArgs, flag: string, value: string | undefined, inline: boolean): void {
  if (!FLAGS.includes(flag) || flag === "help") {
    const hint = didYouMean(flag, FLAGS);
    throw new UserError("report", `unknown flag --${flag}${hint ? ` (did you mean --${hint}?)` : ""}; see rsi-sim report --help`);
  }
  if (value === undefined || value === "" || (!inline && value.startsWith("--"))) {
    throw new UserError(`--${flag}`, `needs a value${flag === "width" ? " (pixels)" : flag === "png" ? " (a directory)" : " (a file)"}`);
  }
  if (flag === "html") args.html = value;
  else if (flag === "png") args.png = value;
  else {
    const w = Number(value);
    if (!/^\d+$/.test(value) || w < 200 || w > 4000) throw new UserError("--width", `must be a whole number of pixels from 200 to 4000, got "${value}"`);
    args.width = w;
  }
}

function parseArgs(argv: string[]): ReportArgs {
  const args: ReportArgs = { width: 1100, help: false };
  const positional: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === "-h" || a === "--help") args.help = true;
    else if (!a.startsWith("--") || a === "--") positional.push(a);
    else {
      const eq = a.indexOf("=");
      setFlag(args, a.slice(2, eq >= 0 ? eq : undefined), eq >= 0 ? a.slice(eq + 1) : argv[i + 1], eq >= 0);
      if (eq < 0) i++;
    }
  }
  if (args.help) return args;
  if (positional.length === 0) throw new UserError("report", "give a result file: rsi-sim report RESULT.json --html FILE");
  if (positional.length > 1) throw new UserError("report", `give one result file, got ${positional.length}: ${positional.join(" ")}`);
  args.input = positional[0];
  if (!args.html && !args.png) throw new UserError("report", "say what to write: --html FILE and/or --png DIR");
  return args;
}

/** `rsi-sim report …` with the arguments after the command word; returns the exit status. */
export async function reportCommand(argv: string[], io: Io): Promise<number> {
  const args = parseArgs(argv);
  if (args.help) {
    io.stdout(USAGE + "\n");
    return 0;
  }
  checkOutputs([{ flag: "--html", file: args.html }], [{ what: "the result file", file: args.input }]);
  const { kind, html } = report(args.input!);
  // the PNGs first: they need Chromium and playwright-core, and a missing one must leave no HTML behind
  if (args.png) {
    const files = await reportPngs(html, args.png, args.width);
    io.stderr(`rsi-sim: wrote ${files.length} PNG${files.length === 1 ? "" : "s"} to ${printable(args.png)}\n`);
  }
  if (args.html) {
    writeAtomic(args.html, html);
    io.stderr(`rsi-sim: wrote ${printable(args.html)} (${kind} report)\n`);
  }
  return 0;
}
