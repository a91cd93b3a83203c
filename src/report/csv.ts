/**
 * The outcome table of a run as CSV: one row per draw (draw index, failed
 * flag, every output, every parameter), empty where a value is undefined.
 */
import type { SimulationResult } from "../engine/simulate.js";

/** The outcome table as CSV: draw, failed, outputs, parameters. */
export function outcomeCSV(sim: SimulationResult): string {
  const t = sim.table;
  const cols = [...t.outputs.map((o) => t.columns[o]), ...t.parameters.map((p) => t.parameterColumns[p])];
  const lines = [["draw", "failed", ...t.outputs, ...t.parameters].join(",")];
  for (let i = 0; i < t.rows; i++) {
    const row = [String(t.first + i), String(t.failed[i])];
    for (const c of cols) row.push(Number.isNaN(c[i]) ? "" : String(c[i]));
    lines.push(row.join(","));
  }
  return lines.join("\n") + "\n";
}
