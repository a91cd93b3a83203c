/**
 * The `precision` option of run, sweep and compare: checked, with its cap.
 */
import { ArgumentError, inTerms } from "../core/errors.js";
import { MAX_DRAWS } from "./limits.js";

/** The most draws a `precision` run may reach when no cap is given. */
export const DEFAULT_MAX_SAMPLES = 1_000_000;

/**
 * The target half-width and the cap on draws, or undefined without
 * `precision`. The first block is `samples`; the cap must be at least that.
 *
 * @example
 * checkPrecision(0.005, undefined, 1000); // { precision: 0.005, cap: 1000000 }
 */
export function checkPrecision(precision: number | undefined, maxSamples: number | undefined, samples: number): { precision: number; cap: number } | undefined {
  if (precision === undefined) {
    if (maxSamples !== undefined) throw new ArgumentError("maxSamples", "goes with precision");
    return undefined;
  }
  if (!(Number.isFinite(precision) && precision > 0 && precision < 0.5)) throw new ArgumentError("precision", `must be a half-width between 0 and 0.5 (e.g. 0.005), got ${precision}`);
  const cap = maxSamples ?? Math.max(DEFAULT_MAX_SAMPLES, samples);
  if (!Number.isSafeInteger(cap) || cap > MAX_DRAWS) throw new ArgumentError("maxSamples", `must be a whole number of draws up to ${MAX_DRAWS}, got ${cap}`);
  if (cap < samples) {
    throw new ArgumentError("maxSamples", `is ${cap}, below the first block of ${samples} draws (${inTerms(`--samples ${samples}`, `samples: ${samples}`)}); give a cap of at least ${samples}, or fewer draws in the first block`);
  }
  return { precision, cap };
}
