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
 */
import type { CompiledModel } from "../model/types.js";
import {
  A21, A31, A32, A41, A42, A43, A51, A52, A53, A54, A61, A62, A63, A64, A65,
  A71, A73, A74, A75, A76, C2, C3, C4, C5, D1, D3, D4, D5, D6, D7, E1, E3, E4, E5, E6, E7,
  denseAt,
  denseAtSome,
  denseComponent,
} from "./dopri.js";

const ROOT_TOL = 1e-13;
/**
 * −∞ as a constant: the literal `-Infinity` is a unary minus that V8
 * optimises from feedback, and the first time a rarely taken branch runs it
 * throws the whole optimised function away (windowGain lost ~0.1 s of
 * compilation per thread to one such branch).
 */
const NEG_INF = Number.NEGATIVE_INFINITY;

export interface EngineOptions {
  /** override the model's horizon (model time units) */
  horizon?: number;
}

/** Reusable per-thread integrator for one compiled model. */
export class Engine {
  readonly model: CompiledModel;
  readonly horizon: number;
  readonly recordTimes: number[];
  private readonly n: number;
  private readonly y: Float64Array;
  private readonly y1: Float64Array;
  private readonly yt: Float64Array;
  private readonly yd: Float64Array;
  private readonly k: Float64Array[];
  private readonly rc: Float64Array;
  private readonly r: Float64Array;
  private readonly gA: Float64Array;
  private readonly gB: Float64Array;
  private readonly gT: Float64Array;
  private readonly vals: Float64Array;
  private readonly T: Float64Array;
  private readonly C: Float64Array;
  private readonly X: Float64Array;
  private readonly A: Float64Array;
  /** per peak/trough accumulator: its quantity at the current time (valid while extremaAtT) */
  private readonly extremaNow: Float64Array;
  private extremaAtT = false;
  private readonly thr: Float64Array;
  private readonly thrStart: Int32Array;
  private readonly next: Int32Array;
  private readonly hazardStops: boolean[];
  private readonly eventsOnHazard: number[][];
  private readonly eventsOnMilestone: number[][];
  private readonly eventsOnCondition: number[];
  private readonly atByTime: number[][];
  private readonly peaks: number[];
  private readonly troughs: number[];
  private readonly finals: number[];
  private readonly windows: number[];
  private readonly integrals: number[];
  private readonly needHistory: boolean;
  // history for window accumulators: per step t0, h, tEnd, regime snapshot, dense coefficients
  private histT0 = new Float64Array(256);
  private histH = new Float64Array(256);
  private histEnd = new Float64Array(256);
  private histR = new Int32Array(256);
  private histRc: Float64Array;
  private histLen = 0;
  /** regime vectors in force, one per regime change of the current draw (reused across draws) */
  private regimeSnaps: Float64Array[] = [];
  private regimeCount = 0;
  // scheduled reverts of events with a duration
  private revertTime: number[] = [];
  private revertEvent: number[] = [];
  private revertValues: Float64Array[] = [];
  /** steps taken by the last draw (for benchmarks) */
  lastSteps = 0;
  /** per observe slot: the state components its function reads (kernel.observeReads) */
  private readonly readsOf: Int32Array[];

  constructor(model: CompiledModel, opts: EngineOptions = {}) {
    this.model = model;
    const L = model.layout;
    this.horizon = opts.horizon ?? model.time.horizon;
    const n = (this.n = L.ySize);
    // per observe slot, the state components to evaluate from a dense output (all when the kernel does not say)
    this.readsOf = [];
    for (let s = 0; s < model.kernel.observeOne.length; s++) {
      const reads = model.kernel.observeReads?.[s];
      this.readsOf.push(Int32Array.from(reads ?? Array.from({ length: n }, (_, i) => i)));
    }
    const mk = () => new Float64Array(Math.max(1, n));
    this.y = mk();
    this.y1 = mk();
    this.yt = mk();
    this.yd = mk();
    this.k = [mk(), mk(), mk(), mk(), mk(), mk(), mk()];
    this.rc = new Float64Array(5 * Math.max(1, n));
    this.r = new Float64Array(Math.max(1, L.rSize));
    const nH = model.hazards.length;
    this.gA = new Float64Array(L.gSize + nH + 1);
    this.gB = new Float64Array(L.gSize + nH + 1);
    this.gT = new Float64Array(L.gSize + nH + 1);
    this.vals = new Float64Array(Math.max(1, ...model.eventPlans.map((e) => e.sets.length + 1)));
    this.T = new Float64Array(L.tSize);
    this.C = new Float64Array(nH);
    this.X = new Float64Array(nH);
    this.A = new Float64Array(model.accumulators.length);
    this.extremaNow = new Float64Array(model.accumulators.length);
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
    this.needHistory = this.windows.length > 0;
    this.histRc = new Float64Array(256 * 5 * Math.max(1, n));
    this.condDone = new Uint8Array(Math.max(1, L.capCrossStart - L.conditionEventStart));
    const every = model.time.recordEvery;
    this.recordTimes = [];
    const nRec = Math.floor((this.horizon - model.time.start) / every + 1e-9);
    for (let i = 0; i <= nRec; i++) this.recordTimes.push(model.time.start + i * every);
  }

  /**
   * Run one draw. p holds the draw's parameter values in p[0..nParams) and
   * room for the model's per-draw constants; u[uOffset..) its hazard
   * uniforms. Writes the outputs into out; when seriesOut is given, the
   * series values at the record times (NaN once the run has ended), laid
   * out series-major. Returns null, or the reason the draw failed.
   */
  run(p: Float64Array, u: Float64Array, uOffset: number, out: Float64Array, seriesOut?: Float64Array): string | null {
    const M = this.model;
    const L = M.layout;
    const K = M.kernel;
    const n = this.n;
    const { y, y1, yt, rc, r, T, C, X, A } = this;
    const k1 = this.k[0];
    const k7 = this.k[6];
    const gA = this.gA;
    const gB = this.gB;
    const nG = L.gSize;
    const nH = M.hazards.length;
    const H0 = L.hazardStart;
    const t0run = M.time.start;
    const horizon = this.horizon;
    const hMaxModel = M.solver.maxStep;

    K.staticDerived(p);
    K.initial(p, y, r);
    this.pCurrent = p;
    T.fill(NaN);
    C.fill(0);
    X.fill(0);
    A.fill(NaN);
    for (const i of this.peaks) A[i] = NEG_INF;
    for (const i of this.troughs) A[i] = Infinity;
    for (let j = 0; j < nH; j++) {
      let s = 0;
      for (let m = this.thrStart[j]; m < this.thrStart[j + 1]; m++) {
        s -= Math.log(u[uOffset + m]);
        this.thr[m] = s;
      }
      this.next[j] = 0;
    }
    this.histLen = 0;
    this.regimeCount = 0;
    this.revertTime.length = 0;
    this.revertEvent.length = 0;
    this.revertValues.length = 0;
    const nSeries = M.series.length;
    const nRec = this.recordTimes.length;
    let recIdx = 0;
    if (seriesOut) seriesOut.fill(NaN, 0, nSeries * nRec);

    let t = t0run;
    let failure: string | null = null;
    let ended = false;
    let steps = 0;

    // --- helpers (closures over the scratch; the hot loop below is inline) ---
    const evalG = (tt: number, yy: Float64Array, g: Float64Array) => {
      K.cross(tt, yy, p, r, g);
      for (let j = 0; j < nH; j++) {
        g[nG + j] = this.next[j] < M.hazards[j].trigger ? yy[H0 + j] - this.thr[this.thrStart[j] + this.next[j]] : -1;
      }
    };
    const one = K.observeOne;
    const E = this.extremaNow;
    const observeAt = (tt: number, yy: Float64Array) => {
      for (const i of this.peaks) {
        const x = (E[i] = one[M.accumulators[i].slot](tt, yy, p, r));
        if (x > A[i]) A[i] = x;
      }
      for (const i of this.troughs) {
        const x = (E[i] = one[M.accumulators[i].slot](tt, yy, p, r));
        if (x < A[i]) A[i] = x;
      }
      this.extremaAtT = true;
    };
    const recordTime = (ti: number, tt: number, yy: Float64Array) => {
      if (!Number.isNaN(T[ti])) return;
      T[ti] = tt;
      const ats = this.atByTime[ti];
      for (const i of ats) A[i] = one[M.accumulators[i].slot](tt, yy, p, r);
    };
    const snapshotRegime = () => {
      if (!this.needHistory) return;
      if (this.regimeCount === this.regimeSnaps.length) this.regimeSnaps.push(new Float64Array(r.length));
      this.regimeSnaps[this.regimeCount++].set(r);
    };
    const pushHistory = (tStart: number, h: number, tEnd: number) => {
      if (this.histLen === this.histT0.length) this.growHistory();
      const s = this.histLen++;
      this.histT0[s] = tStart;
      this.histH[s] = h;
      this.histEnd[s] = tEnd;
      this.histR[s] = this.regimeCount - 1;
      const hr = this.histRc;
      const off = s * 5 * n;
      for (let i = 0; i < 5 * n; i++) hr[off + i] = rc[i];
    };
    const recordSeries = (tFrom: number, tTo: number, h: number, tStepStart: number) => {
      // record times in (tFrom, tTo], from the dense output of the step that started at tStepStart
      if (nSeries === 0 || !seriesOut) return;
      while (recIdx < nRec && this.recordTimes[recIdx] <= tTo + 1e-12 * Math.abs(tTo)) {
        const tr = this.recordTimes[recIdx];
        if (tr > tFrom || recIdx === 0) {
          if (h > 0) denseAt(rc, 0, n, Math.min(1, Math.max(0, (tr - tStepStart) / h)), yt);
          else yt.set(y);
          if (seriesOut) {
            for (let s = 0; s < nSeries; s++) seriesOut[s * nRec + recIdx] = one[L.seriesStart + s](tr, yt, p, r);
          }
        }
        recIdx++;
      }
    };

    // Fire an event (returns true if it acted).
    const fireEvent = (e: number, tt: number) => {
      const plan = M.eventPlans[e];
      const vals = this.vals;
      const guard = K.events[e](tt, y, p, r, vals);
      if (!guard) return false;
      if (plan.hasDuration) {
        const saved = new Float64Array(plan.sets.length);
        for (let s = 0; s < plan.sets.length; s++) saved[s] = r[plan.sets[s]];
        const dur = vals[plan.sets.length];
        if (dur > 0) {
          this.revertTime.push(tt + dur);
          this.revertEvent.push(e);
          this.revertValues.push(saved);
        }
      }
      for (let s = 0; s < plan.sets.length; s++) r[plan.sets[s]] = vals[s];
      recordTime(L.milestoneStop.length + e, tt, y);
      return true;
    };

    // Actions at the start and after each stop: conditions already true.
    const startChecks = (tt: number): boolean => {
      // returns true if the run must end
      let changed = true;
      let guard = 0;
      while (changed && guard++ < 100) {
        changed = false;
        evalG(tt, y, gA);
        for (let i = 0; i < M.milestones.length; i++) {
          if (gA[i] >= 0 && Number.isNaN(T[i])) {
            recordTime(i, tt, y);
            for (const e of this.eventsOnMilestone[i]) if (fireEvent(e, tt)) changed = true;
            if (L.milestoneStop[i]) return true;
          }
        }
        for (let c = 0; c < this.eventsOnCondition.length; c++) {
          const gi = L.conditionEventStart + c;
          if (gA[gi] >= 0 && !this.condDone[c]) {
            this.condDone[c] = 1;
            if (fireEvent(this.eventsOnCondition[c], tt)) changed = true;
          }
        }
        for (let k = 0; k < L.capStates.length; k++) {
          const gi = L.capCrossStart + k;
          if (gA[gi] >= 0 && r[L.capStart + k] === 0) {
            r[L.capStart + k] = 1;
            y[L.capStates[k]] = this.capValue(k);
            changed = true;
          }
        }
      }
      evalG(tt, y, gA);
      return false;
    };

    this.condDone.fill(0);
    snapshotRegime();
    ended = startChecks(t);
    K.rhs(t, y, p, r, k1);
    observeAt(t, y);
    recordSeries(NEG_INF, t, 0, t);

    // initial step (Hairer's hinit)
    let h = this.initialStep(t, p, Math.min(hMaxModel, horizon - t));
    let facMax = 10;

    while (!ended && t < horizon) {
      if (++steps > M.solver.maxSteps) {
        failure = `more than ${M.solver.maxSteps} steps`;
        break;
      }
      let hMax = Math.min(hMaxModel, horizon - t);
      const nextRevert = this.revertTime.length > 0 ? Math.min(...this.revertTime) : Infinity;
      if (nextRevert - t < hMax) hMax = nextRevert - t;
      let hitLimit = false;
      if (h >= hMax) {
        h = hMax;
        hitLimit = true;
      }
      if (!(h > 1e-14 * Math.max(1, Math.abs(t)))) {
        if (hitLimit && hMax <= 1e-14 * Math.max(1, Math.abs(t))) {
          // a revert or the horizon is (numerically) now
          t = t + hMax;
          if (t >= horizon - 1e-14 * Math.max(1, Math.abs(horizon))) {
            t = horizon;
            break;
          }
          if (this.applyReverts(t)) {
            this.extremaAtT = false;
            snapshotRegime();
            ended = startChecks(t);
            K.rhs(t, y, p, r, k1);
          }
          h = Math.max(h, 1e-6 * Math.max(1, Math.abs(t)));
          continue;
        }
        failure = `step size collapsed at t = ${t.toPrecision(8)}`;
        break;
      }

      // ---- one Dormand–Prince step ----
      const err = this.dpStep(t, h, p, r);
      if (!(err <= 1)) {
        // rejected (also when err is NaN: a non-finite trial state)
        h *= Number.isNaN(err) ? 0.1 : Math.max(0.2, 0.9 * Math.exp(-0.2 * Math.log(err)));
        facMax = 1;
        continue;
      }
      let finite = true;
      for (let i = 0; i < n; i++) if (!Number.isFinite(y1[i])) finite = false;
      if (!finite) {
        failure = `non-finite state at t = ${(t + h).toPrecision(8)}`;
        break;
      }
      this.denseCoefficients(h);
      const tNew = hitLimit && hMax === horizon - t ? horizon : t + h;
      evalG(tNew, y1, gB);

      // ---- crossings in this step ----
      let tStop = Infinity;
      let anyCross = false;
      for (let i = 0; i < nG + nH; i++) if (gA[i] < 0 && gB[i] >= 0) anyCross = true;
      if (anyCross) {
        // non-stopping crossings are recorded in time order up to the first stopping one
        tStop = this.processCrossings(t, tNew, h, p, r, gA, gB, recordTime, y1);
        // hazards that passed a threshold now aim at their next one
        if (tStop === Infinity) evalG(tNew, y1, gB);
      }

      if (tStop < Infinity) {
        // truncate the step at the stopping crossing, act, restart
        const theta = (tStop - t) / h;
        denseAt(rc, 0, n, theta, y1);
        if (this.needHistory) pushHistory(t, h, tStop);
        recordSeries(t, tStop, h, t);
        observeAt(tStop, y1);
        for (let i = 0; i < n; i++) y[i] = y1[i];
        t = tStop;
        this.extremaAtT = false; // the stop's actions may change the regime or the state
        const stop = this.actOnStops(t, gA, y, r, recordTime, fireEvent);
        if (stop) {
          ended = true;
          break;
        }
        snapshotRegime();
        if (startChecks(t)) {
          ended = true;
          break;
        }
        K.rhs(t, y, p, r, k1);
        facMax = 10;
        continue;
      }

      // accept
      if (this.needHistory) pushHistory(t, h, tNew);
      recordSeries(t, tNew, h, t);
      const tPrev = t;
      t = tNew;
      // peaks and troughs inside the step and at its end (the end's values are kept for the next step)
      if (this.peaks.length + this.troughs.length > 0) this.refineExtrema(tPrev, h, t, p, r);
      for (let i = 0; i < n; i++) {
        y[i] = y1[i];
        k1[i] = k7[i];
      }
      for (let i = 0; i < nG + nH; i++) gA[i] = gB[i];
      if (this.revertTime.length > 0 && this.applyReverts(t)) {
        this.extremaAtT = false;
        snapshotRegime();
        if (startChecks(t)) {
          ended = true;
          break;
        }
        K.rhs(t, y, p, r, k1);
      }
      h *= Math.min(facMax, Math.max(0.2, 0.9 * Math.exp(-0.2 * Math.log(Math.max(err, 1e-10)))));
      facMax = 10;
    }
    this.lastSteps = steps;

    if (failure !== null) {
      out.fill(NaN);
      return failure;
    }
    // ---- reduce to outputs ----
    const tEnd = t;
    this.qbSlot = -1;
    for (let j = 0; j < nH; j++) {
      X[j] = y[H0 + j];
      C[j] = this.next[j];
    }
    for (const i of this.finals) A[i] = K.observeOne[M.accumulators[i].slot](tEnd, y, p, r);
    for (const i of this.integrals) A[i] = y[M.accumulators[i].slot];
    for (const i of this.windows) A[i] = this.windowGain(M.accumulators[i].slot, p[M.accumulators[i].window!], p, tEnd);
    for (const i of this.peaks) if (A[i] === NEG_INF) A[i] = NaN;
    for (const i of this.troughs) if (A[i] === Infinity) A[i] = NaN;
    K.outputs(p, T, C, X, A, tEnd, out);
    return null;
  }

  private condDone: Uint8Array;
  private cand = new Float64Array(512);
  private candG = new Float64Array(512);
  /** q at each candidate time, and at that time − W */
  private candHi = new Float64Array(512);
  private candLo = new Float64Array(512);
  /** whether q is non-decreasing over the boundaries of the slot in qb */
  private qbRising = false;
  private est = new Float64Array(512);
  private qb = new Float64Array(256);
  private qbSlot = -1;

  /**
   * Root-find every crossing in (t, tNew] on the dense output; record the
   * non-stopping ones that come before the first stopping one; return the
   * time of that stopping crossing (Infinity if none).
   */
  private processCrossings(
    t: number,
    tNew: number,
    h: number,
    p: Float64Array,
    r: Float64Array,
    gA: Float64Array,
    gB: Float64Array,
    recordTime: (ti: number, tt: number, yy: Float64Array) => void,
    yEnd: Float64Array,
  ): number {
    const M = this.model;
    const L = M.layout;
    const nG = L.gSize;
    const nH = M.hazards.length;
    const found: { time: number; kind: number; index: number }[] = [];
    // kind 0: milestone, 1: condition event, 2: cap, 3: hazard event
    for (let i = 0; i < nG; i++) {
      if (!(gA[i] < 0 && gB[i] >= 0)) continue;
      if (i < L.conditionEventStart) {
        if (!Number.isNaN(this.T[i])) continue;
        found.push({ time: this.rootG(i, t, tNew, h, p, r, gA[i], gB[i]), kind: 0, index: i });
      } else if (i < L.capCrossStart) {
        const c = i - L.conditionEventStart;
        if (this.condDone[c]) continue;
        found.push({ time: this.rootG(i, t, tNew, h, p, r, gA[i], gB[i]), kind: 1, index: c });
      } else {
        const k = i - L.capCrossStart;
        if (r[L.capStart + k] !== 0) continue;
        found.push({ time: this.rootG(i, t, tNew, h, p, r, gA[i], gB[i]), kind: 2, index: k });
      }
    }
    for (let j = 0; j < nH; j++) {
      // a hazard can pass several of its thresholds in one step
      const comp = L.hazardStart + j;
      const end = this.thrStart[j + 1];
      for (let m = this.thrStart[j] + this.next[j]; m < end && yEnd[comp] >= this.thr[m]; m++) {
        found.push({ time: this.rootHazard(comp, this.thr[m], t, tNew, h), kind: 3, index: j });
      }
    }
    found.sort((a, b) => a.time - b.time || a.kind - b.kind);
    for (const f of found) {
      const stops =
        f.kind === 1 ||
        f.kind === 2 ||
        (f.kind === 0 && (L.milestoneStop[f.index] || this.eventsOnMilestone[f.index].length > 0)) ||
        (f.kind === 3 && this.next[f.index] + 1 === M.hazards[f.index].trigger && this.hazardStops[f.index]);
      if (stops) {
        this.pendingStop = f;
        return f.time;
      }
      // non-stopping: record now, at the dense state
      const yy = this.yd;
      denseAt(this.rc, 0, this.n, (f.time - t) / h, yy);
      if (f.kind === 0) recordTime(f.index, f.time, yy);
      else {
        const j = f.index;
        const base = M.milestones.length + M.eventPlans.length;
        if (this.next[j] === 0) recordTime(base + nH + j, f.time, yy);
        this.next[j]++;
        if (this.next[j] === M.hazards[j].trigger) recordTime(base + j, f.time, yy);
      }
    }
    return Infinity;
  }

  private pendingStop: { time: number; kind: number; index: number } | null = null;

  /** Act on the pending stopping crossing at time t; true when the run ends. */
  private actOnStops(
    t: number,
    _gA: Float64Array,
    y: Float64Array,
    r: Float64Array,
    recordTime: (ti: number, tt: number, yy: Float64Array) => void,
    fireEvent: (e: number, tt: number) => boolean,
  ): boolean {
    const M = this.model;
    const L = M.layout;
    const f = this.pendingStop!;
    this.pendingStop = null;
    if (f.kind === 0) {
      recordTime(f.index, t, y);
      for (const e of this.eventsOnMilestone[f.index]) fireEvent(e, t);
      return L.milestoneStop[f.index];
    }
    if (f.kind === 1) {
      this.condDone[f.index] = 1;
      fireEvent(this.eventsOnCondition[f.index], t);
      return false;
    }
    if (f.kind === 2) {
      r[L.capStart + f.index] = 1;
      y[L.capStates[f.index]] = this.capValue(f.index);
      return false;
    }
    const j = f.index;
    const nH = M.hazards.length;
    const base = M.milestones.length + M.eventPlans.length;
    if (this.next[j] === 0) recordTime(base + nH + j, t, y);
    this.next[j]++;
    recordTime(base + j, t, y);
    if (M.hazards[j].terminal) return true;
    for (const e of this.eventsOnHazard[j]) fireEvent(e, t);
    return false;
  }

  private pCurrent: Float64Array = new Float64Array(0);
  /** The value at which capped state k is held (a per-draw constant). */
  private capValue(k: number): number {
    return this.pCurrent[this.model.layout.capValueSlots[k]];
  }

  /**
   * Peaks and troughs of an accepted step [t0, tNew] (tNew = t0 + h, or the
   * horizon): the value at the end (the new state y1) updates the accumulator
   * and is kept as the next step's start value; where the parabola through
   * the start, midpoint and end values peaks inside the step, golden-section
   * search on the dense output. The start value is the previous step's end
   * value unless an event, a cap or a revert has acted since.
   */
  private refineExtrema(t0: number, h: number, tNew: number, p: Float64Array, r: Float64Array): void {
    // (no closures or arrays made here: this runs once per step)
    for (let k = 0; k < this.peaks.length; k++) this.refineOne(this.peaks[k], 1, t0, h, tNew, p, r);
    for (let k = 0; k < this.troughs.length; k++) this.refineOne(this.troughs[k], -1, t0, h, tNew, p, r);
    this.extremaAtT = true;
  }

  /** The quantity of accumulator i at θ of the current step, times sign. */
  private extremumAt(slot: number, sign: number, t0: number, h: number, theta: number, p: Float64Array, r: Float64Array): number {
    denseAtSome(this.rc, 0, this.readsOf[slot], theta, this.yd);
    return sign * this.model.kernel.observeOne[slot](t0 + theta * h, this.yd, p, r);
  }

  private refineOne(i: number, sign: number, t0: number, h: number, tNew: number, p: Float64Array, r: Float64Array): void {
    const slot = this.model.accumulators[i].slot;
    const one = this.model.kernel.observeOne;
    const E = this.extremaNow;
    const A = this.A;
    const f0 = sign * (this.extremaAtT ? E[i] : one[slot](t0, this.y, p, r));
    const end = (E[i] = one[slot](tNew, this.y1, p, r));
    if (sign > 0 ? end > A[i] : end < A[i]) A[i] = end;
    const f1 = sign * end;
    const fm = this.extremumAt(slot, sign, t0, h, 0.5, p, r);
    // refine when the parabola through the three values peaks inside the step
    const curv = f0 + f1 - 2 * fm;
    const c = 2 * curv;
    const vertex = c < 0 ? -(f1 - f0 - c) / (2 * c) : -1;
    if (!(fm > f0 && fm > f1) && !(vertex > 0 && vertex < 1)) return;
    const phi = (Math.sqrt(5) - 1) / 2;
    let lo = 0;
    let hi = 1;
    let x1 = hi - phi;
    let x2 = phi;
    let g1 = this.extremumAt(slot, sign, t0, h, x1, p, r);
    let g2 = this.extremumAt(slot, sign, t0, h, x2, p, r);
    for (let it = 0; it < 40 && hi - lo > 1e-6; it++) {
      if (g1 < g2) {
        lo = x1;
        x1 = x2;
        g1 = g2;
        x2 = lo + phi * (hi - lo);
        g2 = this.extremumAt(slot, sign, t0, h, x2, p, r);
      } else {
        hi = x2;
        x2 = x1;
        g2 = g1;
        x1 = hi - phi * (hi - lo);
        g1 = this.extremumAt(slot, sign, t0, h, x1, p, r);
      }
    }
    const best = sign * Math.max(fm, g1, g2);
    if (sign > 0 ? best > A[i] : best < A[i]) A[i] = best;
  }

  /** Undo events whose duration ends at t; true if any did. */
  private applyReverts(t: number): boolean {
    let any = false;
    for (let i = this.revertTime.length - 1; i >= 0; i--) {
      if (this.revertTime[i] <= t + 1e-12 * Math.max(1, Math.abs(t))) {
        const plan = this.model.eventPlans[this.revertEvent[i]];
        const saved = this.revertValues[i];
        for (let s = 0; s < plan.sets.length; s++) this.r[plan.sets[s]] = saved[s];
        this.revertTime.splice(i, 1);
        this.revertEvent.splice(i, 1);
        this.revertValues.splice(i, 1);
        any = true;
      }
    }
    return any;
  }

  /** Illinois (modified regula falsi) root of crossing function i on the step's dense output. */
  private rootG(i: number, t: number, tNew: number, h: number, p: Float64Array, r: Float64Array, ga: number, gb: number): number {
    const K = this.model.kernel;
    const yy = this.yd;
    const g = this.gT;
    return illinois(
      (c) => {
        denseAt(this.rc, 0, this.n, (c - t) / h, yy);
        K.cross(c, yy, p, r, g);
        return g[i];
      },
      t,
      tNew,
      ga,
      gb,
    );
  }

  /** Time in (t, tNew] where hazard component comp reaches level. */
  private rootHazard(comp: number, level: number, t: number, tNew: number, h: number): number {
    const rc = this.rc;
    const f = (time: number) => denseComponent(rc, 0, comp, (time - t) / h) - level;
    const fa = f(t);
    if (fa >= 0) return t;
    return illinois(f, t, tNew, fa, f(tNew));
  }

  /**
   * One Dormand–Prince 5(4) step of size h from (t, this.y) with this.k[0] =
   * f(t, y): the 5th-order solution in this.y1, f(t + h, y1) in this.k[6],
   * and the RMS of the scaled error estimate as the return value. A method
   * of its own so its arrays are locals, not variables captured by closures.
   */
  private dpStep(t: number, h: number, p: Float64Array, r: Float64Array): number {
    const n = this.n;
    const rhs = this.model.kernel.rhs;
    const { y, y1, yt } = this;
    const k1 = this.k[0], k2 = this.k[1], k3 = this.k[2], k4 = this.k[3], k5 = this.k[4], k6 = this.k[5], k7 = this.k[6];
    for (let i = 0; i < n; i++) yt[i] = y[i] + h * A21 * k1[i];
    rhs(t + C2 * h, yt, p, r, k2);
    for (let i = 0; i < n; i++) yt[i] = y[i] + h * (A31 * k1[i] + A32 * k2[i]);
    rhs(t + C3 * h, yt, p, r, k3);
    for (let i = 0; i < n; i++) yt[i] = y[i] + h * (A41 * k1[i] + A42 * k2[i] + A43 * k3[i]);
    rhs(t + C4 * h, yt, p, r, k4);
    for (let i = 0; i < n; i++) yt[i] = y[i] + h * (A51 * k1[i] + A52 * k2[i] + A53 * k3[i] + A54 * k4[i]);
    rhs(t + C5 * h, yt, p, r, k5);
    for (let i = 0; i < n; i++) yt[i] = y[i] + h * (A61 * k1[i] + A62 * k2[i] + A63 * k3[i] + A64 * k4[i] + A65 * k5[i]);
    rhs(t + h, yt, p, r, k6);
    for (let i = 0; i < n; i++) y1[i] = y[i] + h * (A71 * k1[i] + A73 * k3[i] + A74 * k4[i] + A75 * k5[i] + A76 * k6[i]);
    rhs(t + h, y1, p, r, k7);
    const { rtol, atol } = this.model.solver;
    let err = 0;
    for (let i = 0; i < n; i++) {
      const e = h * (E1 * k1[i] + E3 * k3[i] + E4 * k4[i] + E5 * k5[i] + E6 * k6[i] + E7 * k7[i]);
      const sc = atol + rtol * Math.max(Math.abs(y[i]), Math.abs(y1[i]));
      err += (e / sc) * (e / sc);
    }
    return Math.sqrt(err / Math.max(1, n));
  }

  /** Dense-output coefficients of the step just taken (Hairer's contd5), into this.rc. */
  private denseCoefficients(h: number): void {
    const n = this.n;
    const { y, y1, rc } = this;
    const k1 = this.k[0], k3 = this.k[2], k4 = this.k[3], k5 = this.k[4], k6 = this.k[5], k7 = this.k[6];
    for (let i = 0; i < n; i++) {
      const b = 5 * i;
      const ydiff = y1[i] - y[i];
      const bspl = h * k1[i] - ydiff;
      rc[b] = y[i];
      rc[b + 1] = ydiff;
      rc[b + 2] = bspl;
      rc[b + 3] = ydiff - h * k7[i] - bspl;
      rc[b + 4] = h * (D1 * k1[i] + D3 * k3[i] + D4 * k4[i] + D5 * k5[i] + D6 * k6[i] + D7 * k7[i]);
    }
  }

  /** Hairer's starting step size for the current state in this.y and f in k[0]. */
  private initialStep(t: number, p: Float64Array, hMax: number): number {
    const M = this.model;
    const { y, yt, r } = this;
    const f0 = this.k[0];
    const f1 = this.k[1];
    const n = this.n;
    const { rtol, atol } = M.solver;
    let d0 = 0;
    let d1 = 0;
    for (let i = 0; i < n; i++) {
      const sc = atol + rtol * Math.abs(y[i]);
      d0 += (y[i] / sc) ** 2;
      d1 += (f0[i] / sc) ** 2;
    }
    d0 = Math.sqrt(d0 / n);
    d1 = Math.sqrt(d1 / n);
    let h0 = d0 < 1e-5 || d1 < 1e-5 ? 1e-6 : 0.01 * (d0 / d1);
    h0 = Math.min(h0, hMax);
    for (let i = 0; i < n; i++) yt[i] = y[i] + h0 * f0[i];
    M.kernel.rhs(t + h0, yt, p, r, f1);
    let d2 = 0;
    for (let i = 0; i < n; i++) {
      const sc = atol + rtol * Math.abs(y[i]);
      d2 += ((f1[i] - f0[i]) / sc) ** 2;
    }
    d2 = Math.sqrt(d2 / n) / h0;
    const dm = Math.max(d1, d2);
    const h1 = dm <= 1e-15 ? Math.max(1e-6, h0 * 1e-3) : Math.pow(0.01 / dm, 0.2);
    const h = Math.min(100 * h0, h1, hMax);
    return Number.isFinite(h) && h > 0 ? h : Math.min(1e-6, hMax);
  }

  private growHistory(): void {
    const size = this.histT0.length * 2;
    const grow = <B extends Float64Array | Int32Array>(a: B, make: (n: number) => B, per = 1): B => {
      const b = make(size * per);
      b.set(a as never);
      return b;
    };
    this.histT0 = grow(this.histT0, (m) => new Float64Array(m));
    this.histH = grow(this.histH, (m) => new Float64Array(m));
    this.histEnd = grow(this.histEnd, (m) => new Float64Array(m));
    this.histR = grow(this.histR, (m) => new Int32Array(m));
    this.histRc = grow(this.histRc, (m) => new Float64Array(m), 5 * this.n);
  }

  /** The quantity at observe slot `slot` at time tt, from the stored history. */
  private historyValue(slot: number, tt: number, p: Float64Array): number {
    // binary search for the step containing tt
    let lo = 0;
    let hi = this.histLen - 1;
    if (hi < 0) return NaN;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (this.histT0[mid] <= tt) lo = mid;
      else hi = mid - 1;
    }
    const h = this.histH[lo];
    const theta = h > 0 ? Math.min(Math.max((tt - this.histT0[lo]) / h, 0), (this.histEnd[lo] - this.histT0[lo]) / h) : 0;
    denseAtSome(this.histRc, lo * 5 * this.n, this.readsOf[slot], theta, this.yd);
    return this.model.kernel.observeOne[slot](tt, this.yd, p, this.regimeSnaps[this.histR[lo]]);
  }

  /** q at time tt inside stored step k (no search). */
  private historyValueIn(k: number, slot: number, tt: number, p: Float64Array): number {
    const h = this.histH[k];
    const theta = h > 0 ? Math.min(Math.max((tt - this.histT0[k]) / h, 0), (this.histEnd[k] - this.histT0[k]) / h) : 0;
    denseAtSome(this.histRc, k * 5 * this.n, this.readsOf[slot], theta, this.yd);
    return this.model.kernel.observeOne[slot](tt, this.yd, p, this.regimeSnaps[this.histR[k]]);
  }

  /**
   * max over t of q(t) − q(max(start, t − W)). G is smooth between the
   * times where t or t − W crosses a step boundary, so it is evaluated at
   * every boundary and every boundary + W (in time order, with moving
   * cursors into the history), then refined by Brent's method on the two
   * intervals next to the best of them.
   */
  private windowGain(slot: number, W: number, p: Float64Array, tEnd: number): number {
    if (!(W > 0)) return NaN;
    const start = this.model.time.start;
    const nS = this.histLen;
    if (nS === 0) return 0;
    const nB = nS + 1;
    if (this.cand.length < 2 * nB) {
      this.cand = new Float64Array(4 * nB);
      this.candG = new Float64Array(4 * nB);
      this.candHi = new Float64Array(4 * nB);
      this.candLo = new Float64Array(4 * nB);
    }
    const cand = this.cand;
    const candG = this.candG;
    const candHi = this.candHi;
    const candLo = this.candLo;
    const t0 = this.histT0;
    // q at the boundaries: start of each step, and the end of the run
    if (this.qbSlot !== slot) {
      // shared by every window on the same quantity in this draw
      if (this.qb.length < nB) this.qb = new Float64Array(2 * nB);
      for (let k = 0; k < nS; k++) this.qb[k] = this.historyValueIn(k, slot, t0[k], p);
      this.qb[nS] = this.historyValueIn(nS - 1, slot, tEnd, p);
      this.qbSlot = slot;
      let rising = true;
      for (let k = 0; k < nS && rising; k++) if (!(this.qb[k + 1] >= this.qb[k])) rising = false;
      this.qbRising = rising;
    }
    const rising = this.qbRising;
    const qb = this.qb;
    const bound = (i: number) => (i < nS ? t0[i] : tEnd);
    // cursor: the step containing a time, for times that only increase
    let cur = 0;
    const qAt = (tt: number) => {
      while (cur + 1 < nS && t0[cur + 1] <= tt) cur++;
      return this.historyValueIn(cur, slot, tt, p);
    };
    let nc = 0;
    let a = 0;
    let b = 0;
    let lower = 0; // for boundary candidates: q(t − W), cursor over t − W
    while (a < nB || b < nB) {
      const x = a < nB ? bound(a) : Infinity;
      const yv = b < nB ? bound(b) + W : Infinity;
      if (x <= yv) {
        const back = Math.max(start, x - W);
        while (lower + 1 < nS && t0[lower + 1] <= back) lower++;
        cand[nc] = x;
        candHi[nc] = qb[a];
        candLo[nc] = this.historyValueIn(lower, slot, back, p);
        candG[nc] = candHi[nc] - candLo[nc];
        nc++;
        a++;
      } else {
        if (yv <= tEnd) {
          cand[nc] = yv;
          candHi[nc] = qAt(yv);
          candLo[nc] = qb[b];
          candG[nc] = candHi[nc] - candLo[nc];
          nc++;
        }
        b++;
      }
    }
    let best = NEG_INF;
    for (let i = 0; i < nc; i++) if (candG[i] > best) best = candG[i];
    const G = (tt: number) => this.historyValue(slot, tt, p) - this.historyValue(slot, Math.max(start, tt - W), p);
    // G is smooth between neighbouring candidates, but its maximum may lie
    // inside any interval, not only next to the best candidate: check each
    // interval's midpoint, estimate the interval's maximum by the parabola
    // through its ends and midpoint, and refine (Brent) every interval whose
    // estimate beats the best value found so far, highest estimate first.
    // When q rises over the whole run (checked at every step boundary), an
    // interval [a0, a1] needs no look at all if q(a1) − q(a0 − W), a bound on
    // G inside it, does not beat the best candidate.
    if (this.est.length < nc) this.est = new Float64Array(2 * nc);
    const est = this.est;
    // midpoints increase with j: find their steps with moving cursors
    let cu = 0;
    let cl = 0;
    const Gmid = (tt: number) => {
      while (cu + 1 < nS && t0[cu + 1] <= tt) cu++;
      const back = Math.max(start, tt - W);
      while (cl + 1 < nS && t0[cl + 1] <= back) cl++;
      return this.historyValueIn(cu, slot, tt, p) - this.historyValueIn(cl, slot, back, p);
    };
    for (let j = 0; j + 1 < nc; j++) {
      const a0 = cand[j];
      const a1 = cand[j + 1];
      // one store of est[j] for every case: a store first reached late, in a rare branch,
      // would make V8 throw away the optimised windowGain
      let e = NEG_INF;
      if (a1 > a0 && !(rising && candHi[j + 1] - candLo[j] <= best)) {
        const g0 = candG[j];
        const g1 = candG[j + 1];
        const gm = Gmid(0.5 * (a0 + a1));
        if (gm > best) best = gm;
        const curv = g0 + g1 - 2 * gm;
        e = Math.max(gm, g0, g1);
        if (curv < 0) {
          const x = (g0 - g1) / (2 * curv); // the vertex, in half-intervals from the midpoint
          if (x > -1 && x < 1) e = Math.max(e, gm - ((g1 - g0) * (g1 - g0)) / (8 * curv));
        }
      }
      est[j] = e;
    }
    const tol = 1e-6 * Math.max(W, 1e-300);
    for (;;) {
      let jb = -1;
      let eb = best + 1e-12 * Math.max(1, Math.abs(best));
      for (let j = 0; j + 1 < nc; j++) {
        if (est[j] > eb) {
          eb = est[j];
          jb = j;
        }
      }
      if (jb < 0) break;
      est[jb] = NEG_INF;
      best = Math.max(best, brentMax(G, cand[jb], cand[jb + 1], tol));
    }
    return best;
  }
}

/**
 * Maximum of f on [a, b] by Brent's method (golden section with parabolic
 * steps; Brent 1973, "Algorithms for Minimization without Derivatives", ch. 5).
 * Returns the largest value seen, which includes f at the located maximum.
 */
export function brentMax(f: (x: number) => number, a: number, b: number, tol: number): number {
  const C = (3 - Math.sqrt(5)) / 2;
  let x = a + C * (b - a);
  let w = x;
  let v = x;
  let fx = -f(x);
  let fw = fx;
  let fv = fx;
  let d = 0;
  let e = 0;
  let best = fx;
  for (let it = 0; it < 100; it++) {
    const m = 0.5 * (a + b);
    const tol1 = tol + 1e-12 * Math.abs(x);
    const tol2 = 2 * tol1;
    if (Math.abs(x - m) <= tol2 - 0.5 * (b - a)) break;
    let useGolden = true;
    if (Math.abs(e) > tol1) {
      const r = (x - w) * (fx - fv);
      let q = (x - v) * (fx - fw);
      let pp = (x - v) * q - (x - w) * r;
      q = 2 * (q - r);
      if (q > 0) pp = -pp;
      else q = -q;
      if (Math.abs(pp) < Math.abs(0.5 * q * e) && pp > q * (a - x) && pp < q * (b - x)) {
        e = d;
        d = pp / q;
        const u = x + d;
        if (u - a < tol2 || b - u < tol2) d = x < m ? tol1 : -tol1;
        useGolden = false;
      }
    }
    if (useGolden) {
      e = x < m ? b - x : a - x;
      d = C * e;
    }
    const u = Math.abs(d) >= tol1 ? x + d : x + (d > 0 ? tol1 : -tol1);
    const fu = -f(u);
    if (fu < best) best = fu;
    if (fu <= fx) {
      if (u < x) b = x;
      else a = x;
      v = w;
      fv = fw;
      w = x;
      fw = fx;
      x = u;
      fx = fu;
    } else {
      if (u < x) a = u;
      else b = u;
      if (fu <= fw || w === x) {
        v = w;
        fv = fw;
        w = u;
        fw = fu;
      } else if (fu <= fv || v === x || v === w) {
        v = u;
        fv = fu;
      }
    }
  }
  return -best;
}

/**
 * The first time in (a, b] where f reaches 0 from below, by the Illinois
 * method (regula falsi that halves the stale end's value; Dowell & Jarratt
 * 1971), given f(a) < 0 ≤ f(b). Returns a time with f ≥ 0 within ROOT_TOL
 * (relative) of the root.
 */
export function illinois(f: (x: number) => number, a: number, b: number, fa: number, fb: number): number {
  let side = 0;
  for (let it = 0; it < 100; it++) {
    if (b - a <= ROOT_TOL * Math.max(1, Math.abs(b))) break;
    let c = (a * fb - b * fa) / (fb - fa);
    if (!(c > a && c < b)) c = 0.5 * (a + b);
    const fc = f(c);
    if (fc >= 0) {
      b = c;
      fb = fc;
      if (side === 1) fa /= 2;
      side = 1;
    } else {
      a = c;
      fa = fc;
      if (side === -1) fb /= 2;
      side = -1;
    }
  }
  return b;
}
