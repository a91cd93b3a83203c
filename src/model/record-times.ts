/**
 * The record times of a run (where series are recorded and probabilities
 * by year are read): a limit on their number, checked by the model's
 * compiler for its own horizon and by the use cases for a horizon given;
 * and the shortest span the solver can step through.
 */

/** The most record times of a run (each series keeps a histogram per record time in each thread). */
export const MAX_RECORD_TIMES = 100_000;

/** Record times from start to horizon, every `every` (as the engine lays them). */
export function recordTimeCount(start: number, horizon: number, every: number): number {
  return Math.floor((horizon - start) / every + 1e-9) + 1;
}

/**
 * A limit said as people read it: `x` with the fewest significant digits
 * (3 to 17) for which `ok` still holds, so that the number printed is itself
 * within the limit (19999.8, not 19999.800000000003 or 2.00e+4).
 */
export function limitText(x: number, ok: (v: number) => boolean): string {
  for (let p = 3; p < 17; p++) {
    const v = Number(x.toPrecision(p));
    if (ok(v)) return String(v);
  }
  return String(x);
}

/** A count of record times as a message says it: "1.00e+5", or "more than 100000" for one past any number. */
export function recordTimesText(n: number): string {
  return Number.isFinite(n) ? n.toPrecision(3) : `more than ${MAX_RECORD_TIMES}`;
}

/**
 * Why a run from start to horizon is too short for the solver to step
 * through, or null. The solver takes a step smaller than 1e-14 × max(1, |t|)
 * for no step at all (the time would not move): a span within 100 times that
 * would be integrated in a handful of steps at the edge of the arithmetic,
 * or not at all (a span of 1e-14 from 0 gave a final state equal to the
 * initial one, with no failure).
 */
export function shortSpanReason(start: number, horizon: number): string | null {
  const scale = Math.max(1, Math.abs(start), Math.abs(horizon));
  const least = 1e-12 * scale;
  if (horizon - start > least) return null;
  return `the span ${horizon - start} from ${start} is too short for the solver (it must be more than ${least.toPrecision(3)}, 1e-12 × max(1, |start|, |end|)); rescale time (a smaller unit, or a start nearer 0)`;
}
