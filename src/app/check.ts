/**
 * Checks of a use case's plain options, each naming the argument
 * (`samples must be a positive integer, got 0`).
 */
import { ArgumentError } from "../core/errors.js";
import { limitText, MAX_RECORD_TIMES, recordTimeCount, recordTimesText, shortSpanReason } from "../model/record-times.js";
import type { CompiledModel } from "../model/types.js";
import { resolveWorkers } from "../parallel/parallel.js";
import { checkAtMost, MAX_DRAWS } from "./limits.js";

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

/** Draws (or rows): a positive integer of at most MAX_DRAWS. */
export function checkDraws(argument: string, value: number): number {
  return checkAtMost(argument, checkInteger(argument, value, 1), MAX_DRAWS, "for larger jobs, split them into shards");
}

/** A model time at which runs end: after the model's start, with its record times within MAX_RECORD_TIMES. */
export function checkHorizon(value: number | undefined, model?: CompiledModel): number | undefined {
  if (value === undefined) return value;
  if (!Number.isFinite(value)) throw new ArgumentError("horizon", `must be a finite number, got ${value}`);
  if (model === undefined) return value;
  const { start, recordEvery, unit } = model.time;
  if (!(value > start)) throw new ArgumentError("horizon", `must be after the model's start (${start}), got ${value}`);
  const short = shortSpanReason(start, value);
  if (short !== null) throw new ArgumentError("horizon", short);
  const n = recordTimeCount(start, value, recordEvery);
  if (n > MAX_RECORD_TIMES) {
    const last = limitText(start + (MAX_RECORD_TIMES - 1) * recordEvery, (h) => recordTimeCount(start, h, recordEvery) <= MAX_RECORD_TIMES);
    throw new ArgumentError("horizon", `${value} gives ${recordTimesText(n)} record times (one every ${recordEvery} ${unit} from ${start}); at most ${MAX_RECORD_TIMES} fit, so end by ${last}`);
  }
  return value;
}

/** Worker threads: a number, or "auto" (one per core, the default). */
export function checkWorkers(value: number | string | undefined): number {
  return resolveWorkers(value ?? "auto");
}
