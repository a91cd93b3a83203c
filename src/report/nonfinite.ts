/**
 * Non-finite output values (an overflow past ±1.8e308, a domain error such
 * as ln of a negative number) are counted by kind in each summary's
 * `nonfinite` and count as undefined. Every view of a result names them:
 * these are the words the compare table and the pages share (the run
 * table keeps its own, as shares: run-table.ts nonFiniteLines).
 */
import { groupDigits as count } from "./text.js";

/** What each non-finite kind means. */
export const NON_FINITE_WHY: Record<string, string> = {
  "+Infinity": "+Infinity (overflow, or a division by zero)",
  "-Infinity": "-Infinity (overflow, or a division by zero)",
  NaN: "NaN (domain error)",
};

/** The fields of an output summary these words need. */
interface WithNonFinite {
  n: number;
  missing: number;
  nonfinite?: Partial<Record<string, number>>;
}

/** "108 of 200 draws NaN (domain error), 3 of 200 draws +Infinity (overflow, or a division by zero)" (of the n + missing draws that did not fail), or null when none. */
function nonFiniteText(s: WithNonFinite | undefined): string | null {
  const nf = s?.nonfinite;
  if (!nf) return null;
  const parts = Object.entries(nf)
    .filter(([, k]) => typeof k === "number" && k > 0)
    .map(([kind, k]) => `${count(k as number)} of ${count(s.n + s.missing)} draws ${NON_FINITE_WHY[kind] ?? kind}`);
  return parts.length > 0 ? parts.join(", ") : null;
}

/**
 * For each group of summaries (a scenario, a sweep point) and each output
 * named, "label: output: …" where some values were not finite.
 */
export function nonFiniteItems(groups: { label: string; outputs: Record<string, WithNonFinite> }[], names: string[]): string[] {
  const items: string[] = [];
  for (const g of groups) {
    for (const name of names) {
      const text = nonFiniteText(g.outputs[name]);
      if (text !== null) items.push(`${g.label ? `${g.label}: ` : ""}${name}: ${text}`);
    }
  }
  return items;
}

/** The heading the items go under, in every view. */
export const NON_FINITE_HEADING = "Values that are not finite numbers count as undefined and are left out of means, quantiles and differences:";
