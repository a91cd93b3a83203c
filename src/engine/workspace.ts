/**
 * The engine's workspace: every array a draw of a compiled model needs,
 * allocated once per Engine (one per model and horizon on a thread) and
 * reused by every draw, and the model's index tables (which events hang on
 * which hazard or milestone, which accumulators are peaks, …).
 *
 * The engine's units are plain functions of it: the Dormand–Prince step
 * (dopri.ts), the step-size controller (controller.ts), crossings and events
 * (events.ts), accumulators and series (accumulators.ts), the step history
 * (history.ts), window gains (window.ts) and the time loop (loop.ts). One
 * object of one shape, so the time loop makes no closure and no array per
 * step and every property access stays monomorphic.
 */
import type { CompiledModel, ModelKernel } from "../model/types.js";
import type { DopriWork } from "./dopri.js";

/**
 * −∞ as a constant: the literal `-Infinity` is a unary minus that V8
 * optimises from feedback, and the first time a rarely taken branch runs it
 * throws the whole optimised function away (windowGain lost ~0.1 s of
 * compilation per thread to one such branch).
 */
export const NEG_INF = Number.NEGATIVE_INFINITY;

/** A crossing found inside a step. kind 0: milestone, 1: condition event, 2: cap, 3: hazard event. */
export interface Crossing {
  time: number;
  kind: number;
  index: number;
}

export class Workspace implements DopriWork {
  readonly model: CompiledModel;
  readonly kernel: ModelKernel;
  readonly horizon: number;
  /** the series' record times, start + k·recordEvery up to the horizon */
  readonly recordTimes: number[];

  // ---- the Dormand–Prince step (dopri.ts) ----
  readonly n: number;
  readonly rhs: ModelKernel["rhs"];
  /** the kernel's rhsObserve, for the step's last stage f(t + h, y1) */
  readonly rhsObserve: ModelKernel["rhsObserve"];
  /** what rhsObserve writes besides: the peaks' and troughs' quantities at (t + h, y1) */
  readonly obs7: Float64Array;
  /** per accumulator, its quantity's index in obs7 (−1: not there) */
  readonly obs7Of: Int32Array;
  readonly rtol: number;
  readonly atol: number;
  readonly y: Float64Array;
  readonly y1: Float64Array;
  readonly yt: Float64Array;
  readonly k1: Float64Array;
  readonly k2: Float64Array;
  readonly k3: Float64Array;
  readonly k4: Float64Array;
  readonly k5: Float64Array;
  readonly k6: Float64Array;
  readonly k7: Float64Array;
  readonly rc: Float64Array;
  /** scratch for states evaluated from a dense output (roots, extrema, history) */
  readonly yd: Float64Array;
  /** regime variables then cap flags */
  readonly r: Float64Array;
  /** the draw's parameters and per-draw constants (set by each draw) */
  p: Float64Array = new Float64Array(0);
  /** a fault found at the start or after an event (faults.ts): the draw ends with it */
  fault: string | null = null;
  /** per output, 1 where the last draw's value is NaN from a domain error of its expression (faults.ts) */
  readonly domainError: Uint8Array;
  /** per output: 1 if it asks about a year past this horizon, so is undefined in every draw (compile-outputs.ts datesAsked) */
  readonly pastHorizon: Uint8Array;
  /** per output: the p slots of the years it asks about that are expressions of parameters; undefined in a draw where one is past the horizon */
  readonly pastHorizonSlots: number[][];

  // ---- crossings and events (events.ts) ----
  readonly nG: number;
  readonly nH: number;
  /** crossing functions: nG of the kernel's, then one per hazard (its next threshold) */
  readonly gA: Float64Array;
  readonly gB: Float64Array;
  readonly gT: Float64Array;
  readonly vals: Float64Array;
  /** time table: milestones, events, hazard triggers, hazard first events */
  readonly T: Float64Array;
  /** per hazard: events so far, and its cumulative hazard at the end */
  readonly C: Float64Array;
  readonly X: Float64Array;
  /** per hazard j, its thresholds E1, E1 + E2, … in thr[thrStart[j] … thrStart[j + 1]) */
  readonly thr: Float64Array;
  readonly thrStart: Int32Array;
  /** per hazard: the index of its next threshold */
  readonly next: Int32Array;
  readonly hazardStops: boolean[];
  readonly eventsOnHazard: number[][];
  readonly eventsOnMilestone: number[][];
  readonly eventsOnCondition: number[];
  readonly condDone: Uint8Array;
  /** the stopping crossing the step was cut at */
  pendingStop: Crossing | null = null;
  /** scheduled reverts of events with a duration */
  revertTime: number[] = [];
  revertEvent: number[] = [];
  revertValues: Float64Array[] = [];

  // ---- accumulators and series (accumulators.ts) ----
  readonly A: Float64Array;
  /** per peak/trough accumulator: its quantity at the current time (valid while extremaAtT) */
  readonly extremaNow: Float64Array;
  extremaAtT = false;
  /**
   * per peak/trough accumulator: how the last step left its quantity at the
   * shared edge (accumulators.ts: NO_STEP, FELL, ROSE_SEARCHED, ROSE), and,
   * for ROSE, the (signed) value at that step's end
   */
  readonly extremaEdge: Uint8Array;
  readonly extremaEdgeValue: Float64Array;
  /** the last step that ended rising without a search: its dense coefficients, regime, start and size */
  readonly extremaRc: Float64Array;
  readonly extremaR: Float64Array;
  extremaT0 = 0;
  extremaH = 0;
  /** the part of that step that was run: θ ≤ extremaTe (below 1 when a crossing cut it) */
  extremaTe = 1;
  readonly atByTime: number[][];
  readonly peaks: number[];
  readonly troughs: number[];
  readonly finals: number[];
  readonly windows: number[];
  readonly integrals: number[];
  /** per observe slot: the state components its function reads (kernel.observeReads) */
  readonly readsOf: Int32Array[];
  /** where the draw's series go (series-major), or null */
  seriesOut: Float64Array | null = null;
  /** the next record time to fill */
  recIdx = 0;

  // ---- the step history, for window gains (history.ts) ----
  readonly needHistory: boolean;
  /** per step t0, h, tEnd, regime snapshot, dense coefficients */
  histT0 = new Float64Array(256);
  histH = new Float64Array(256);
  histEnd = new Float64Array(256);
  histR = new Int32Array(256);
  histRc: Float64Array;
  histLen = 0;
  /** regime vectors in force, one per regime change of the current draw (reused across draws) */
  regimeSnaps: Float64Array[] = [];
  regimeCount = 0;

  // ---- window gains (window.ts) ----
  cand = new Float64Array(512);
  candG = new Float64Array(512);
  /** q at each candidate time, and at that time − W */
  candHi = new Float64Array(512);
  candLo = new Float64Array(512);
  est = new Float64Array(512);
  /** q at the step boundaries of the slot qbSlot, and whether it never falls there */
  qb = new Float64Array(256);
  qbSlot = -1;
  qbRising = false;

  // ---- the time loop (loop.ts) ----
  /** where the last draw ended, and its steps (accepted and rejected) */
  tEnd = 0;
  steps = 0;

  constructor(model: CompiledModel, horizon: number) {
    const L = model.layout;
    this.model = model;
    this.kernel = model.kernel;
    this.horizon = horizon;
    const n = (this.n = L.ySize);
    this.rhs = model.kernel.rhs;
    this.rtol = model.solver.rtol;
    this.atol = model.solver.atol;
    const mk = () => new Float64Array(Math.max(1, n));
    this.y = mk();
    this.y1 = mk();
    this.yt = mk();
    this.k1 = mk();
    this.k2 = mk();
    this.k3 = mk();
    this.k4 = mk();
    this.k5 = mk();
    this.k6 = mk();
    this.k7 = mk();
    this.rc = new Float64Array(5 * Math.max(1, n));
    this.yd = mk();
    this.domainError = new Uint8Array(model.outputs.length);
    this.pastHorizon = Uint8Array.from(model.outputs, (o) => (o.datesBy?.some((d) => d.by !== null && d.by > horizon) ? 1 : 0));
    this.pastHorizonSlots = model.outputs.map((o) => (o.datesBy ?? []).flatMap((d) => (d.slot === undefined ? [] : [d.slot])));
    this.r = new Float64Array(Math.max(1, L.rSize));
    const nH = (this.nH = model.hazards.length);
    this.nG = L.gSize;
    this.gA = new Float64Array(L.gSize + nH + 1);
    this.gB = new Float64Array(L.gSize + nH + 1);
    this.gT = new Float64Array(L.gSize + nH + 1);
    this.vals = new Float64Array(Math.max(1, ...model.eventPlans.map((e) => e.sets.length + 1)));
    this.T = new Float64Array(L.tSize);
    this.C = new Float64Array(nH);
    this.X = new Float64Array(nH);
    this.thrStart = new Int32Array(nH + 1);
    for (let j = 0; j < nH; j++) this.thrStart[j + 1] = this.thrStart[j] + model.hazards[j].trigger;
    this.thr = new Float64Array(this.thrStart[nH]);
    this.next = new Int32Array(nH);
    this.eventsOnHazard = model.hazards.map(() => []);
    this.eventsOnMilestone = model.milestones.map(() => []);
    this.eventsOnCondition = [];
    model.eventPlans.forEach((e, i) => {
      if (e.on.kind === "hazard") this.eventsOnHazard[e.on.index].push(i);
      else if (e.on.kind === "milestone") this.eventsOnMilestone[e.on.index].push(i);
      else this.eventsOnCondition[e.on.index] = i;
    });
    this.hazardStops = model.hazards.map((h, j) => h.terminal || this.eventsOnHazard[j].length > 0);
    this.condDone = new Uint8Array(Math.max(1, L.capCrossStart - L.conditionEventStart));
    this.A = new Float64Array(model.accumulators.length);
    this.extremaNow = new Float64Array(model.accumulators.length);
    this.extremaEdge = new Uint8Array(model.accumulators.length);
    this.extremaEdgeValue = new Float64Array(model.accumulators.length);
    this.extremaRc = new Float64Array(this.rc.length);
    this.extremaR = new Float64Array(this.r.length);
    this.atByTime = Array.from({ length: L.tSize }, () => []);
    this.peaks = [];
    this.troughs = [];
    this.finals = [];
    this.windows = [];
    this.integrals = [];
    model.accumulators.forEach((a, i) => {
      if (a.kind === "at") this.atByTime[a.at!].push(i);
      else if (a.kind === "peak") this.peaks.push(i);
      else if (a.kind === "trough") this.troughs.push(i);
      else if (a.kind === "final") this.finals.push(i);
      else if (a.kind === "window") this.windows.push(i);
      else this.integrals.push(i);
    });
    this.rhsObserve = model.kernel.rhsObserve;
    const fused = model.kernel.rhsObserveSlots;
    this.obs7 = new Float64Array(Math.max(1, fused.length));
    this.obs7Of = Int32Array.from(model.accumulators, (a) => (a.kind === "peak" || a.kind === "trough" ? fused.indexOf(a.slot) : -1));
    this.readsOf = observeReads(model);
    this.needHistory = this.windows.length > 0;
    this.histRc = new Float64Array(256 * 5 * Math.max(1, n));
    this.recordTimes = recordTimesOf(model, horizon);
  }
}

/** Per observe slot, the state components to evaluate from a dense output (all when the kernel does not say). */
function observeReads(model: CompiledModel): Int32Array[] {
  const n = model.layout.ySize;
  const out: Int32Array[] = [];
  for (let s = 0; s < model.kernel.observeOne.length; s++) {
    const reads = model.kernel.observeReads?.[s];
    out.push(Int32Array.from(reads ?? Array.from({ length: n }, (_, i) => i)));
  }
  return out;
}

function recordTimesOf(model: CompiledModel, horizon: number): number[] {
  const every = model.time.recordEvery;
  const times: number[] = [];
  const nRec = Math.floor((horizon - model.time.start) / every + 1e-9);
  for (let i = 0; i <= nRec; i++) times.push(model.time.start + i * every);
  return times;
}
