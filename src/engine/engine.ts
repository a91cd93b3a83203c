/**
 * The per-draw engine: integrates one trajectory of a compiled model from the
 * start to the horizon or a terminal event with an adaptive Dormand–Prince
 * 5(4) method, locates milestones, events and hazard firings by root finding
 * on the dense output, and reduces the trajectory to the model's outputs.
 *
 * Hazards: the cumulative hazard Λ(t) = ∫ rate dt is a state; event k of a
 * hazard fires where Λ crosses E1 + … + Ek, with Ek = −ln(uk) drawn once per
 * draw. That is exact for a Poisson process and independent of the step size.
 *
 * Faults (a non-finite state, a collapsing step, too many steps) end the draw
 * with a reason; they are counted by the caller and never thrown.
 *
 * The work is done by small units, each in its own file: the Dormand–Prince
 * step and its dense output (dopri.ts), the step-size controller
 * (controller.ts), crossings and events (events.ts), accumulators and series
 * (accumulators.ts), the step history and window gains (history.ts,
 * window.ts) and the time loop (loop.ts), all plain functions of one
 * workspace of arrays allocated once per engine (workspace.ts).
 */
import type { CompiledModel } from "../model/types.js";
import { runDraw } from "./loop.js";
import { Workspace } from "./workspace.js";

export { brentMax } from "./window.js";
export { illinois } from "./events.js";

export interface EngineOptions {
  /** override the model's horizon (model time units) */
  horizon?: number;
}

/** Reusable per-thread integrator for one compiled model. */
export class Engine {
  readonly model: CompiledModel;
  readonly horizon: number;
  /** the series' record times */
  readonly recordTimes: number[];
  /** steps taken by the last draw (for benchmarks) */
  lastSteps = 0;
  /** per output, 1 where the last draw's value is NaN from a domain error of its expression, not undefined */
  readonly domainError: Uint8Array;
  private readonly work: Workspace;

  constructor(model: CompiledModel, opts: EngineOptions = {}) {
    this.model = model;
    this.horizon = opts.horizon ?? model.time.horizon;
    this.work = new Workspace(model, this.horizon);
    this.recordTimes = this.work.recordTimes;
    this.domainError = this.work.domainError;
  }

  /**
   * Run one draw. p holds the draw's parameter values in p[0..nParams) and
   * room for the model's per-draw constants; u[uOffset..) its hazard
   * uniforms. Writes the outputs into out; when seriesOut is given, the
   * series values at the record times (NaN once the run has ended), laid
   * out series-major. Returns null, or the reason the draw failed.
   */
  run(p: Float64Array, u: Float64Array, uOffset: number, out: Float64Array, seriesOut?: Float64Array): string | null {
    const failure = runDraw(this.work, p, u, uOffset, out, seriesOut);
    this.lastSteps = this.work.steps;
    return failure;
  }
}
