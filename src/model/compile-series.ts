/**
 * The series section (quantities recorded along each run, binned over a
 * range) and the observation functions: one per observed expression, the
 * accumulators' first and the series' after, with the states each reads.
 */
import type { Raw, Scope } from "./compile-scope.js";
import type { Observed } from "./compile-outputs.js";
import { statesReadBy, trajectoryFunction } from "./compile-trajectory.js";
import type { SeriesInfo } from "./types.js";

/** The series; adds each one's expression to `observeExprs` (from the slot it returns as seriesStart). */
export function compileSeries(s: Scope, observeExprs: Observed[]): { series: SeriesInfo[]; seriesStart: number } {
  const seriesStart = observeExprs.length;
  const series: SeriesInfo[] = [];
  for (const [name, spec] of Object.entries((s.raw.series ?? {}) as Record<string, Raw>)) {
    const entry = `series.${name}`;
    s.checkName(name, entry);
    const [lo, hi] = spec.range as [number, number];
    if (!(hi > lo)) s.fail(`${entry}.range`, "the range must be [low, high] with low < high");
    observeExprs.push({ expr: s.parse(`${entry}.value`, spec.value), entry: `${entry}.value` });
    series.push({ name, text: String(spec.value), unit: spec.unit ?? "", description: spec.description ?? "", range: [lo, hi], bins: spec.bins ?? 100 });
  }
  return { series, seriesStart };
}

/** The body of each observation function and the states each reads (the kernel's observeOne and observeReads). */
export function compileObservations(s: Scope, observeExprs: Observed[]): { observeOne: string[]; observeReads: number[][] } {
  const observeOne = observeExprs.map((o) =>
    trajectoryFunction(s, [{ entry: o.entry, expr: o.expr, target: "const value" }]) + "\n  return value;",
  );
  const observeReads = observeExprs.map((o) => statesReadBy(s, o.expr));
  return { observeOne, observeReads };
}
