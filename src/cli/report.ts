/**
 * `rsi-sim report RESULT.json [--html FILE] [--png DIR] [--width PX]`: an
 * offline HTML report of a run, sweep or sensitivity result (the kind comes
 * from the file's `schema`), and PNGs of its charts through headless
 * Chromium. Mistakes throw a UserError (one line; the CLI exits 2).
 */
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { loadModel } from "../model/compile.js";
import { UserError } from "../core/errors.js";
import { didYouMean } from "../core/suggest.js";
import type { RunResult } from "../analysis/result.js";
import { parseResultText, reportHtml, runReportHtml, type ParsedResult, type ReportOptions } from "../report/html.js";
import { writeChartPngs } from "../report/browser.js";
import { writeAtomic } from "../core/atomic.js";

export interface ReportIo {
  stdout(s: string): void;
  stderr(s: string): void;
  isTTY: boolean;
}

const USAGE = `rsi-sim report RESULT.json [--html FILE] [--png DIR] [--width PX]

Make a report of a result JSON written by rsi-sim run, sweep or sensitivity
(--format json): one self-contained HTML file that works offline (plotly.js is
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

/** Descriptions and units of the outputs, from the model file when it is the one the result was made with. */
export function outputInfoFor(model: { name?: string; file?: string; sha256?: string } | undefined): ReportOptions["outputInfo"] {
  if (!model?.sha256) return undefined;
  for (const ref of [model.file, model.name]) {
    if (!ref) continue;
    try {
      const m = loadModel(ref);
      if (m.sha256 === model.sha256) return Object.fromEntries(m.outputs.map((o) => [o.name, { description: o.description, unit: o.unit }]));
    } catch {
      // the model file is not here or has changed: report without descriptions
    }
  }
  return undefined;
}

/** Write the HTML report of a run result to a file (atomically). */
export function writeRunHtml(result: RunResult & { command?: string }, file: string, opts: ReportOptions = {}): void {
  writeAtomic(file, runReportHtml(result, { outputInfo: result.outputInfo ?? outputInfoFor(result.model), ...opts }));
}

interface ReportArgs {
  input?: string;
  html?: string;
  png?: string;
  width: number;
  help: boolean;
}

function parseArgs(argv: string[]): ReportArgs {
  const args: ReportArgs = { width: 1100, help: false };
  const positional: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === "-h" || a === "--help") {
      args.help = true;
      continue;
    }
    if (!a.startsWith("--") || a === "--") {
      positional.push(a);
      continue;
    }
    const eq = a.indexOf("=");
    const flag = a.slice(2, eq >= 0 ? eq : undefined);
    if (!FLAGS.includes(flag) || flag === "help") {
      const hint = didYouMean(flag, FLAGS);
      throw new UserError("report", `unknown flag --${flag}${hint ? ` (did you mean --${hint}?)` : ""}; see rsi-sim report --help`);
    }
    let value: string | undefined = eq >= 0 ? a.slice(eq + 1) : argv[i + 1];
    if (eq < 0) i++;
    if (value === undefined || value === "" || (eq < 0 && value.startsWith("--"))) throw new UserError(`--${flag}`, `needs a value${flag === "width" ? " (pixels)" : flag === "png" ? " (a directory)" : " (a file)"}`);
    if (flag === "html") args.html = value;
    else if (flag === "png") args.png = value;
    else {
      const w = Number(value);
      if (!/^\d+$/.test(value) || w < 200 || w > 4000) throw new UserError("--width", `must be a whole number of pixels from 200 to 4000, got "${value}"`);
      args.width = w;
    }
  }
  if (args.help) return args;
  if (positional.length === 0) throw new UserError("report", "give a result file: rsi-sim report RESULT.json --html FILE");
  if (positional.length > 1) throw new UserError("report", `give one result file, got ${positional.length}: ${positional.join(" ")}`);
  args.input = positional[0];
  if (!args.html && !args.png) throw new UserError("report", "say what to write: --html FILE and/or --png DIR");
  return args;
}

/** Read and check a result file. */
export function readResult(file: string): ParsedResult {
  let text: string;
  try {
    text = readFileSync(file, "utf8");
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    throw new UserError(file, code === "ENOENT" ? "no such file" : code === "EISDIR" ? "is a directory, not a result file" : `cannot read the file (${code ?? (err as Error).message})`);
  }
  if (text.trim() === "") throw new UserError(file, "the file is empty");
  return parseResultText(text, file);
}

/** `rsi-sim report …` with the arguments after the command word; returns the exit status. */
export async function reportCommand(argv: string[], io: ReportIo): Promise<number> {
  const args = parseArgs(argv);
  if (args.help) {
    io.stdout(USAGE + "\n");
    return 0;
  }
  const parsed = readResult(args.input!);
  const model = parsed.result.model;
  const own = (parsed as { result?: { outputInfo?: ReportOptions["outputInfo"] } }).result?.outputInfo;
  const html = reportHtml(parsed, { outputInfo: parsed.kind === "sweep" ? undefined : own ?? outputInfoFor(model) });
  if (args.html) {
    writeAtomic(args.html, html);
    io.stderr(`rsi-sim: wrote ${args.html} (${parsed.kind} report)\n`);
  }
  if (args.png) {
    let htmlFile = args.html;
    let tmpDir: string | undefined;
    if (!htmlFile) {
      tmpDir = mkdtempSync(path.join(os.tmpdir(), "rsi-sim-report-"));
      htmlFile = path.join(tmpDir, "report.html");
      writeAtomic(htmlFile, html);
    }
    try {
      const files = await writeChartPngs(htmlFile, args.png, { width: args.width });
      io.stderr(`rsi-sim: wrote ${files.length} PNG${files.length === 1 ? "" : "s"} to ${args.png}\n`);
    } finally {
      if (tmpDir) rmSync(tmpDir, { recursive: true, force: true });
    }
  }
  return 0;
}
