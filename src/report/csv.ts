/**
 * CSV files of rsi-sim's results, and the comment lines that head them.
 *
 * The draws of a run (outcomeCSVChunks): one row per draw, with columns
 * `draw` (its index), `failed` (1 if it failed numerically), `out.NAME` for
 * every output and `par.NAME` for every parameter, empty where a value is
 * undefined. As chunks of about a megabyte, so that a file of millions of
 * draws is written without ever holding its whole text.
 *
 * Every CSV starts with `#` comment lines (csvPreamble): what wrote it, the
 * model with its SHA-256, the seed and the draws, the command that
 * reproduces it, and a line per column with its unit and meaning.
 * `pandas.read_csv(f, comment="#")` and R's `read.csv(f, comment.char = "#")`
 * skip them (docs/data.md).
 */
import type { SimulationResult } from "../engine/simulate.js";
import { VERSION } from "../analysis/result.js";

/** The size of a chunk of outcomeCSVChunks, in characters (about 1 MB). */
export const CSV_CHUNK_CHARS = 1 << 20;

/** What a CSV file says about where it comes from, in its comment lines. */
export interface CSVProvenance {
  /** what the rows are, e.g. "draws" or "sweep (wide: a row per point)" */
  what: string;
  model: { name: string; file: string; sha256: string };
  seed: number;
  /** e.g. "300 draws" or "200 draws per point" */
  samples: string;
  command?: string;
  /** a column → its unit and meaning, in the order of the columns */
  columns: [string, string, string][];
  /** further comment lines, after the columns' (without the "# ") */
  notes?: string[];
}

const oneLine = (s: string) => s.replace(/\s+/g, " ").trim();

/**
 * The comment lines that head an rsi-sim CSV: provenance, then
 * `# column NAME [UNIT]: MEANING` for each column (`[]` when unitless).
 */
export function csvPreamble(p: CSVProvenance): string {
  const lines = [
    `# rsi-sim ${VERSION}, ${oneLine(p.what)}`,
    `# model ${oneLine(p.model.name)} (${oneLine(p.model.file)}), sha256 ${p.model.sha256}`,
    `# seed ${p.seed}, ${p.samples}`,
  ];
  if (p.command) lines.push(`# reproduce: ${oneLine(p.command)}`);
  lines.push("# empty cells are undefined values; read with pandas.read_csv(f, comment='#') or read.csv(f, comment.char = '#')");
  for (const [name, unit, meaning] of p.columns) lines.push(`# column ${name} [${oneLine(unit)}]: ${oneLine(meaning)}`);
  for (const note of p.notes ?? []) lines.push(`# ${oneLine(note)}`);
  return lines.join("\n") + "\n";
}

/** A simulation to write as CSV: its outcome table and, for the comment lines, its model, seed and draws. */
export type CSVSimulation = Pick<SimulationResult, "table"> & Partial<Pick<SimulationResult, "model" | "seed" | "samples">>;

/** The draws CSV's columns (`draw`, `failed`, `out.*`, `par.*`) with their units and meanings. */
function drawColumns(sim: CSVSimulation): [string, string, string][] {
  const t = sim.table;
  const outputs = new Map(sim.model?.outputs.map((o) => [o.name, o]));
  const params = new Map(sim.model?.parameters.map((p) => [p.name, p]));
  const chance = new Map(sim.model?.chance.map((c) => [c.name, c]));
  // a chance variable's column sits among the parameters' (par.NAME) but is not one: drawn afresh in each world
  const parameterColumn = (p: string): [string, string, string] => {
    const c = chance.get(p);
    if (c) return [`par.${p}`, c.unit, `chance variable, as drawn (from ${c.dist.text}): ${c.description}`];
    return [`par.${p}`, params.get(p)?.unit ?? "", `parameter, as drawn: ${params.get(p)?.description ?? ""}`];
  };
  return [
    ["draw", "", "the draw's index: its random numbers depend on (seed, draw) alone"],
    ["failed", "", "1 if the draw failed numerically (its outputs are empty), else 0"],
    ...t.outputs.map((o): [string, string, string] => [`out.${o}`, outputs.get(o)?.unit ?? "", `output (${outputs.get(o)?.kind ?? ""}): ${outputs.get(o)?.description ?? ""}`]),
    ...t.parameters.map(parameterColumn),
  ];
}

/**
 * The outcome table as CSV, in chunks of about `chunkChars` characters
 * (whole lines; their concatenation is outcomeCSV's text). Comment lines
 * (csvPreamble) come first when the simulation's model, seed and samples are
 * given; `command` adds the line that reproduces the run.
 *
 * @example
 * for (const chunk of outcomeCSVChunks(outcome.sim)) process.stdout.write(chunk);
 */
export function* outcomeCSVChunks(sim: CSVSimulation, chunkChars = CSV_CHUNK_CHARS, command?: string): Generator<string, void, undefined> {
  const t = sim.table;
  const cols = [...t.outputs.map((o) => t.columns[o]), ...t.parameters.map((p) => t.parameterColumns[p])];
  const head = ["draw", "failed", ...t.outputs.map((o) => `out.${o}`), ...t.parameters.map((p) => `par.${p}`)].join(",");
  const { model, seed, samples } = sim;
  // ±Infinity cells are written as such: say what they are and that rsi-sim's statistics leave them out
  const infinite = cols.some((c) => c.some((x) => x === Infinity || x === -Infinity));
  const notes = infinite
    ? ["Infinity and -Infinity cells are values that overflowed (or divided by zero): rsi-sim's statistics leave them out and count them (nonfinite in the JSON); drop them to recompute a mean or a quantile"]
    : [];
  const preamble =
    model && seed !== undefined && samples !== undefined
      ? csvPreamble({ what: "draws of a run (a row per draw)", model, seed, samples: `${samples} draws`, command, columns: drawColumns(sim), notes })
      : "";
  let lines: string[] = [preamble + head];
  let size = lines[0].length;
  for (let i = 0; i < t.rows; i++) {
    let row = `${t.first + i},${t.failed[i]}`;
    for (const c of cols) row += Number.isNaN(c[i]) ? "," : `,${c[i]}`;
    lines.push(row);
    size += row.length + 1;
    if (size >= chunkChars) {
      yield lines.join("\n") + "\n";
      lines = [];
      size = 0;
    }
  }
  if (lines.length > 0) yield lines.join("\n") + "\n";
}

/** The outcome table as CSV: comment lines, then draw, failed, outputs, parameters (for a large run, write outcomeCSVChunks instead). */
export function outcomeCSV(sim: CSVSimulation, command?: string): string {
  return [...outcomeCSVChunks(sim, CSV_CHUNK_CHARS, command)].join("");
}
