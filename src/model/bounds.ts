/**
 * A parameter's allowed range, from its `min`/`max` or `positive: true` (an
 * exclusive lower bound 0): whether a value or a distribution fits it, and
 * how to say so in a message.
 *
 * @example
 * const ratio = { bounds: [0, Infinity] as [number, number], openMin: true };
 * inBounds(ratio, 0); // false
 * boundsRule(ratio); // "above 0"
 * rangeText(ratio); // "(0, inf)"
 */
import type { Distribution } from "./distributions.js";

export interface Bounded {
  bounds?: [number, number];
  openMin?: boolean;
}

/** A bound as text: inf and -inf for the infinite ones. */
export const boundText = (x: number) => (x === Infinity ? "inf" : x === -Infinity ? "-inf" : String(x));

/** Whether a value lies in the range (any value, when there is none). */
export function inBounds(p: Bounded, v: number): boolean {
  if (!p.bounds) return true;
  const [lo, hi] = p.bounds;
  return (p.openMin ? v > lo : v >= lo) && v <= hi;
}

/** The range as an interval: `[0, 1]`, `(0, inf)`. */
export function rangeText(p: Bounded): string {
  const [lo, hi] = p.bounds ?? [-Infinity, Infinity];
  return `${p.openMin || lo === -Infinity ? "(" : "["}${boundText(lo)}, ${boundText(hi)}${hi === Infinity ? ")" : "]"}`;
}

/** The range as a rule: "at least 0.001", "above 0", "between 0 and 1". */
export function boundsRule(p: Bounded): string {
  const [lo, hi] = p.bounds ?? [-Infinity, Infinity];
  const low = p.openMin ? `above ${lo}` : `at least ${lo}`;
  if (hi === Infinity) return low;
  if (lo === -Infinity) return `at most ${hi}`;
  return p.openMin ? `${low} and at most ${hi}` : `between ${lo} and ${hi}`;
}

/**
 * Whether every value a distribution can give lies in the range: a discrete
 * one's values, a continuous one's support (an open lower bound is met by a
 * support that starts at it, such as a lognormal's (0, ∞): the end itself
 * has probability 0).
 */
export function distributionFits(p: Bounded, d: Distribution): boolean {
  if (!p.bounds) return true;
  if (d.discrete) return d.values!.every((v) => inBounds(p, v));
  const inside = d.support[0] >= p.bounds[0] && d.support[1] <= p.bounds[1];
  // a mixture, truncated or not, fits when its support does and no point mass it can draw is outside the
  // bounds: one at an open bound (0 of positive: true) does not fit; one that a truncation cut off is never drawn
  if (d.components) {
    const drawn = (v: number) => v >= d.support[0] && v <= d.support[1];
    return inside && d.components.every((c) => !c.discrete || c.values!.every((v) => !drawn(v) || inBounds(p, v)));
  }
  return inside;
}
