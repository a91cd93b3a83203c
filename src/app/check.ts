/**
 * Checks of a use case's plain options, each naming the argument
 * (`samples must be a positive integer, got 0`).
 */
import { ArgumentError } from "../core/errors.js";
import { resolveWorkers } from "../parallel/parallel.js";

/** An integer of at least `min` (and, for a seed, below 2^32). */
export function checkInteger(argument: string, value: number, min: number): number {
  if (!Number.isSafeInteger(value) || value < min) {
    const what = min === 0 ? "a non-negative integer" : min === 1 ? "a positive integer" : `an integer of at least ${min}`;
    throw new ArgumentError(argument, `must be ${what}, got ${value}`);
  }
  return value;
}

/** A seed: an integer from 0 to 4294967295. */
export function checkSeed(value: number, argument = "seed"): number {
  checkInteger(argument, value, 0);
  if (value >= 2 ** 32) throw new ArgumentError(argument, `must be below 4294967296, got ${value}`);
  return value;
}

/** A model time at which runs end. */
export function checkHorizon(value: number | undefined): number | undefined {
  if (value !== undefined && !Number.isFinite(value)) throw new ArgumentError("horizon", `must be a finite number, got ${value}`);
  return value;
}

/** Worker threads: a number, or "auto" (one per core, the default). */
export function checkWorkers(value: number | string | undefined): number {
  return resolveWorkers(value ?? "auto");
}
