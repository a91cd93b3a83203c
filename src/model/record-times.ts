/**
 * The record times of a run (where series are recorded and probabilities
 * by year are read): a limit on their number, checked by the model's
 * compiler for its own horizon and by the use cases for a horizon given.
 */

/** The most record times of a run (each series keeps a histogram per record time in each thread). */
export const MAX_RECORD_TIMES = 100_000;

/** Record times from start to horizon, every `every` (as the engine lays them). */
export function recordTimeCount(start: number, horizon: number, every: number): number {
  return Math.floor((horizon - start) / every + 1e-9) + 1;
}
