/**
 * The `precision` option of run, sweep and compare: checked, with its cap.
 */
import { ArgumentError, inTerms, optionTerm } from "../core/errors.js";
import { MAX_DRAWS } from "./limits.js";
import { headlineProbabilities } from "../analysis/precision.js";
import type { CompiledModel } from "../model/types.js";

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
    if (maxSamples !== undefined) throw new ArgumentError("maxSamples", `goes with ${optionTerm("precision")}`);
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

/**
 * The probabilities `precision` watches (the headline 0/1 outputs among
 * `outputs`): refused before any draw when there are none, since a run
 * would stop at its first block and say every half-width was met. An
 * output that asks whether a date comes by a year past the run's `horizon`
 * (the model's when not given) is undefined in every draw
 * (compile-outputs.ts datesBy), so no number of draws narrows its
 * interval: one the caller chose is refused; among the model's headline
 * outputs (`chosen` false: `outputs` are the defaults) it is not watched.
 */
export function watchedProbabilities(model: CompiledModel, outputs?: string[], horizon = model.time.horizon, chosen = outputs !== undefined): string[] {
  const pastOf = (name: string) => model.outputs.find((o) => o.name === name)!.datesBy.filter((d) => d.by !== null && d.by > horizon);
  const watched = headlineProbabilities(model, outputs).filter((name) => chosen || pastOf(name).length === 0);
  for (const name of watched) {
    const past = pastOf(name);
    if (past.length === 0) continue;
    const by = Math.max(...past.map((d) => d.by as number));
    const dates = [...new Set(past.map((d) => d.date))].join(" or ");
    throw new ArgumentError(
      "precision",
      `watches ${name}, which asks whether ${dates} comes by ${by}, past the horizon (${horizon}): no draw can say, so it is undefined in every draw and no number of draws narrows its interval; ` +
        `give ${inTerms(`--horizon ${by}`, `horizon: ${by}`)} or later, or ${optionTerm("outputs")} without ${name}`,
    );
  }
  if (watched.length > 0) return watched;
  const why = !chosen || outputs === undefined
    ? headlineProbabilities(model, outputs).length > 0
      ? `${model.name}'s headline ones ask only about years past this horizon (${horizon})`
      : `${model.name} has none`
    : outputs.length === 1
      ? `the output chosen, ${outputs[0]}, is not one`
      : `the outputs chosen (${outputs.join(", ")}) have none`;
  throw new ArgumentError("precision", `watches the 95% half-widths of probabilities (0/1 outputs), and ${why}; add a 0/1 output to the outputs, or give a number of draws instead`);
}
