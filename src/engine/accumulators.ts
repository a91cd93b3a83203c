/**
 * Accumulators and series: what a draw keeps of its trajectory.
 *
 * - at(q, milestone): q when a milestone or event is recorded (recordTime);
 * - peak(q), trough(q): max and min of q over the run, from the value at
 *   every step's end and, where the parabola through a step's start,
 *   midpoint and end values peaks inside the step, golden-section search on
 *   the dense output;
 * - final(q): q at the end; integral(q) = ∫ q dt, a hidden state;
 * - window_gain(q, W): from the step history (window.ts);
 * - series: q at the record times, from the dense output of the step that
 *   spans each.
 */
import { denseAt, denseAtSome } from "./dopri.js";
import { windowGain } from "./window.js";
import { NEG_INF, type Workspace } from "./workspace.js";

/** Every accumulator unset (NaN), peaks at −∞ and troughs at +∞. */
export function resetAccumulators(w: Workspace): void {
  const A = w.A;
  A.fill(NaN);
  for (const i of w.peaks) A[i] = NEG_INF;
  for (const i of w.troughs) A[i] = Infinity;
}

/** Record time-table entry ti at time tt with state yy (once), and the at() accumulators taken there. */
export function recordTime(w: Workspace, ti: number, tt: number, yy: Float64Array): void {
  const T = w.T;
  if (!Number.isNaN(T[ti])) return;
  T[ti] = tt;
  const ats = w.atByTime[ti];
  const A = w.A;
  const one = w.kernel.observeOne;
  const acc = w.model.accumulators;
  const p = w.p;
  const r = w.r;
  for (const i of ats) A[i] = one[acc[i].slot](tt, yy, p, r);
}

/** Peaks and troughs at a point (tt, yy), kept as the values at the current time. */
export function observeAt(w: Workspace, tt: number, yy: Float64Array): void {
  const A = w.A;
  const E = w.extremaNow;
  const one = w.kernel.observeOne;
  const acc = w.model.accumulators;
  const p = w.p;
  const r = w.r;
  for (const i of w.peaks) {
    const x = (E[i] = one[acc[i].slot](tt, yy, p, r));
    if (x > A[i]) A[i] = x;
  }
  for (const i of w.troughs) {
    const x = (E[i] = one[acc[i].slot](tt, yy, p, r));
    if (x < A[i]) A[i] = x;
  }
  w.extremaAtT = true;
}

/**
 * Peaks and troughs of an accepted step [t0, tNew] (tNew = t0 + h, or the
 * horizon): the value at the end (the new state y1) updates the accumulator
 * and is kept as the next step's start value; where the parabola through
 * the start, midpoint and end values peaks inside the step, golden-section
 * search on the dense output. The start value is the previous step's end
 * value unless an event, a cap or a revert has acted since.
 */
export function refineExtrema(w: Workspace, t0: number, h: number, tNew: number, p: Float64Array, r: Float64Array): void {
  // (no closures or arrays made here: this runs once per step)
  const peaks = w.peaks;
  const troughs = w.troughs;
  for (let k = 0; k < peaks.length; k++) refineOne(w, peaks[k], 1, t0, h, tNew, p, r);
  for (let k = 0; k < troughs.length; k++) refineOne(w, troughs[k], -1, t0, h, tNew, p, r);
  w.extremaAtT = true;
}

/** The quantity at observe slot `slot` at θ of the current step, times sign. */
function extremumAt(w: Workspace, slot: number, sign: number, t0: number, h: number, theta: number, p: Float64Array, r: Float64Array): number {
  denseAtSome(w.rc, 0, w.readsOf[slot], theta, w.yd);
  return sign * w.kernel.observeOne[slot](t0 + theta * h, w.yd, p, r);
}

function refineOne(w: Workspace, i: number, sign: number, t0: number, h: number, tNew: number, p: Float64Array, r: Float64Array): void {
  const slot = w.model.accumulators[i].slot;
  const one = w.kernel.observeOne;
  const E = w.extremaNow;
  const A = w.A;
  const f0 = sign * (w.extremaAtT ? E[i] : one[slot](t0, w.y, p, r));
  const end = (E[i] = one[slot](tNew, w.y1, p, r));
  if (sign > 0 ? end > A[i] : end < A[i]) A[i] = end;
  const f1 = sign * end;
  const fm = extremumAt(w, slot, sign, t0, h, 0.5, p, r);
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
  let g1 = extremumAt(w, slot, sign, t0, h, x1, p, r);
  let g2 = extremumAt(w, slot, sign, t0, h, x2, p, r);
  for (let it = 0; it < 40 && hi - lo > 1e-6; it++) {
    if (g1 < g2) {
      lo = x1;
      x1 = x2;
      g1 = g2;
      x2 = lo + phi * (hi - lo);
      g2 = extremumAt(w, slot, sign, t0, h, x2, p, r);
    } else {
      hi = x2;
      x2 = x1;
      g2 = g1;
      x1 = hi - phi * (hi - lo);
      g1 = extremumAt(w, slot, sign, t0, h, x1, p, r);
    }
  }
  const best = sign * Math.max(fm, g1, g2);
  if (sign > 0 ? best > A[i] : best < A[i]) A[i] = best;
}

/**
 * The series at the record times in (tFrom, tTo] (and the first one, at the
 * start), from the dense output of the step of size h that started at
 * tStepStart (h = 0: the state y itself), into w.seriesOut.
 */
export function recordSeries(w: Workspace, tFrom: number, tTo: number, h: number, tStepStart: number): void {
  const seriesOut = w.seriesOut;
  const nSeries = w.model.series.length;
  if (nSeries === 0 || seriesOut === null) return;
  const times = w.recordTimes;
  const nRec = times.length;
  const one = w.kernel.observeOne;
  const first = w.model.layout.seriesStart;
  const { yt, p, r } = w;
  let recIdx = w.recIdx;
  while (recIdx < nRec && times[recIdx] <= tTo + 1e-12 * Math.abs(tTo)) {
    const tr = times[recIdx];
    if (tr > tFrom || recIdx === 0) {
      if (h > 0) denseAt(w.rc, 0, w.n, Math.min(1, Math.max(0, (tr - tStepStart) / h)), yt);
      else yt.set(w.y);
      for (let s = 0; s < nSeries; s++) seriesOut[s * nRec + recIdx] = one[first + s](tr, yt, p, r);
    }
    recIdx++;
  }
  w.recIdx = recIdx;
}

/**
 * The draw's outputs, at its end tEnd = w.tEnd: hazard counts and
 * cumulative hazards, final values, integrals, window gains, and peaks or
 * troughs never set made NaN; then the kernel's output expressions into out.
 */
export function reduceOutputs(w: Workspace, out: Float64Array): void {
  const M = w.model;
  const K = w.kernel;
  const { y, p, r, A, C, X } = w;
  const tEnd = w.tEnd;
  const H0 = M.layout.hazardStart;
  w.qbSlot = -1;
  for (let j = 0; j < w.nH; j++) {
    X[j] = y[H0 + j];
    C[j] = w.next[j];
  }
  for (const i of w.finals) A[i] = K.observeOne[M.accumulators[i].slot](tEnd, y, p, r);
  for (const i of w.integrals) A[i] = y[M.accumulators[i].slot];
  for (const i of w.windows) A[i] = windowGain(w, M.accumulators[i].slot, p[M.accumulators[i].window!], p, tEnd);
  for (const i of w.peaks) if (A[i] === NEG_INF) A[i] = NaN;
  for (const i of w.troughs) if (A[i] === Infinity) A[i] = NaN;
  K.outputs(p, w.T, C, X, A, tEnd, out);
}
