/**
 * The outcome table of a run as CSV: one row per draw (draw index, failed
 * flag, every output, every parameter), empty where a value is undefined.
 * As chunks of about a megabyte (outcomeCSVChunks), so that a file of
 * millions of draws is written without ever holding its whole text.
 */
import type { SimulationResult } from "../engine/simulate.js";

/** The size of a chunk of outcomeCSVChunks, in characters (about 1 MB). */
export const CSV_CHUNK_CHARS = 1 << 20;

/**
 * The outcome table as CSV, in chunks of about `chunkChars` characters
 * (whole lines; their concatenation is outcomeCSV's text).
 *
 * @example
 * for (const chunk of outcomeCSVChunks(outcome.sim)) process.stdout.write(chunk);
 */
export function* outcomeCSVChunks(sim: Pick<SimulationResult, "table">, chunkChars = CSV_CHUNK_CHARS): Generator<string, void, undefined> {
  const t = sim.table;
  const cols = [...t.outputs.map((o) => t.columns[o]), ...t.parameters.map((p) => t.parameterColumns[p])];
  let lines: string[] = [["draw", "failed", ...t.outputs, ...t.parameters].join(",")];
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

/** The outcome table as CSV: draw, failed, outputs, parameters (for a large run, write outcomeCSVChunks instead). */
export function outcomeCSV(sim: Pick<SimulationResult, "table">): string {
  return [...outcomeCSVChunks(sim)].join("");
}
