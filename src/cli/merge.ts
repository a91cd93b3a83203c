/**
 * `rsi-sim merge SHARD_FILES… [--out FILE] [--format json|table|csv]
 * [--html FILE]`: the shard files of a run, sweep, sensitivity design or
 * comparison joined into exactly the single command's output.
 */
import { UserError } from "../core/errors.js";
import { renderCompare, renderCompareHtml, renderRun, renderRunHtml, renderSensitivity, renderSensitivityHtml, renderSweep, renderSweepHtml, type Format, type TableLayout } from "../report/render.js";
import { outcomeCSVChunks } from "../report/csv.js";
import { merge, type MergeOutcome } from "../app/merge.js";
import { unknownFlagMessage } from "./flags.js";
import { checkOutputs, csvLayoutFlag, emit, outputFormat, tableLayout, type Io, type Text } from "./io.js";

const MERGE_HELP = `rsi-sim merge SHARD_FILES… [--out FILE] [--format json|table|csv] [--csv-layout wide|long] [--outputs LIST] [--html FILE] [--max-memory SIZE]

Join the shard files written with --shard K/N (or --shard auto) into exactly the
result of the single command, byte for byte:
  a run          rsi-sim … --shard K/N                      json, table or csv
  a sweep        rsi-sim sweep PARAM … --shard K/N          json, table or csv
  a sensitivity  rsi-sim sensitivity --method … --shard K/N  json or table
  a comparison   rsi-sim compare --scenario … --shard K/N   json, table or csv
Shard files are binary (RSISHARD, docs/shard-format.md); a shard in the JSON
format of earlier versions must be run again with this version.
The format is json unless --format or --out (*.csv, *.txt for a table) says
otherwise; an --out whose name says another format than --format (--format
csv --out x.json), or an .html or .shard name, is refused (a sweep's CSV:
--csv-layout wide or long, as rsi-sim sweep);
--html also writes the HTML report. Refuses a mix of kinds, shards of
different models, settings, seeds, sweeps, designs, scenarios or versions, shards
written by different builds of rsi-sim (or by another build than this one: each
shard carries its build's key), duplicate or missing shards, and truncated or
corrupted files. --outputs a,b (a run's shards) keeps only those outputs in the
summary, table and CSV, as rsi-sim --outputs does.
Every file's header is read first: a mix, a duplicate, or a merge whose memory
estimate (the files and the merged result) is over the limit (--max-memory, by
default half of this machine's) is refused before any file is read whole.
`;

/** The files and the --out, --format and --html flags. */
function parseArgs(argv: string[]): { files: string[]; out?: string; format?: string; html?: string; "csv-layout"?: string; outputs?: string; "max-memory"?: string } {
  const files: string[] = [];
  const opts: Record<string, string | undefined> = { out: undefined, format: undefined, html: undefined, "csv-layout": undefined, outputs: undefined, "max-memory": undefined };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const name = a.replace(/^--/, "").split("=")[0];
    if (a.startsWith("--") && Object.hasOwn(opts, name)) {
      if (opts[name] !== undefined) throw new UserError(`--${name}`, "given more than once");
      if (a.includes("=")) opts[name] = a.slice(a.indexOf("=") + 1);
      else if (i + 1 >= argv.length) throw new UserError(a, "needs a value");
      else if (argv[i + 1].startsWith("--")) throw new UserError(a, `needs a value, got the flag ${argv[i + 1]} (a value that starts with a dash is given as ${a}=VALUE)`);
      else opts[name] = argv[++i];
    } else if (a.startsWith("-")) throw new UserError("", unknownFlagMessage(a.replace(/^-+/, "").split("=")[0], ["out", "format", "csv-layout", "html", "outputs", "max-memory", "help"]));
    else files.push(a);
  }
  return { files, ...opts };
}

/** The merged result's text in `format`, and its HTML report. */
function rendered(m: MergeOutcome, format: Format, layout: TableLayout, formatFrom: "--format" | "--out"): { text: Text; html: () => string } {
  if (m.kind !== "sweep" && (layout.csvLayout ?? "wide") !== "wide") {
    throw new UserError("--csv-layout", `goes with the shards of a sweep${m.kind === "run" ? " (a run's CSV has one layout: a row a draw)" : ""}`);
  }
  if (m.kind === "run") return { text: format === "csv" ? outcomeCSVChunks(m.sim, undefined, m.result.command) : renderRun(m, format, layout), html: () => renderRunHtml(m.result) };
  if (m.kind === "sweep") return { text: renderSweep(m, format, layout), html: () => renderSweepHtml(m.result) };
  if (m.kind === "compare") return { text: renderCompare(m, format), html: () => renderCompareHtml(m.result) };
  if (format === "csv") throw new UserError(formatFrom, `the shards of a sensitivity design merge to json or table, not csv${formatFrom === "--out" ? ` (name the file .json or .txt)` : ""}`);
  return { text: renderSensitivity(m, format), html: () => renderSensitivityHtml(m) };
}

/** `rsi-sim merge …` with the arguments after the command word; returns the exit status. */
export async function mergeCommand(argv: string[], io: Io): Promise<number> {
  if (argv.includes("--help") || argv.includes("-h")) {
    io.stdout(MERGE_HELP);
    return 0;
  }
  const { files, out, html, "csv-layout": layoutFlag, outputs, "max-memory": maxMemory } = parseArgs(argv);
  const given = parseArgs(argv).format;
  if (given !== undefined && !["json", "table", "csv"].includes(given)) throw new UserError("--format", `must be json, table or csv, got "${given}"`);
  const inputs = files.map((file) => ({ what: "a shard file", file }));
  checkOutputs([{ flag: "--out", file: out }, { flag: "--html", file: html }], inputs);
  const format = outputFormat("rsi-sim merge", given, out, ["json", "table", "csv"], "json");
  const names = outputs === undefined ? undefined : outputs.split(",").map((n) => n.trim()).filter(Boolean);
  if (names !== undefined && names.length === 0) throw new UserError("--outputs", "give at least one name");
  const r = rendered(await merge(files, { outputs: names, maxMemory }), format as Format, { ...tableLayout(io, out), csvLayout: csvLayoutFlag(layoutFlag, format) }, given === undefined ? "--out" : "--format");
  await emit(io, { html: html === undefined ? undefined : { file: html, text: r.html }, out, text: r.text, wrote: `merged ${files.length} shard${files.length === 1 ? "" : "s"} into ${out}` });
  return 0;
}
