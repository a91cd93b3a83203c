/**
 * Accumulators and series: what a draw keeps of its trajectory.
 *
 * - at(q, milestone): q when a milestone or event is recorded (recordTime);
 * - peak(q), trough(q): max and min of q over the run, from the value at
 *   every step's end and golden-section search on the dense output where a
 *   step's start, midpoint and end values, or a rising step followed by a
 *   falling one, say a maximum lies inside (refineExtrema);
 * - final(q): q at the end; integral(q) = ∫ q dt, a hidden state;
 * - window_gain(q, W): from the step history (window.ts);
 * - series: q at the record times, from the dense output of the step that
 *   spans each.
 */
import { denseAt, denseAtSome } from "./dopri.js";
import { brentMax, windowGain } from "./window.js";
import { NEG_INF, type Workspace } from "./workspace.js";

/** Every accumulator unset (NaN), peaks at −∞ and troughs at +∞. */
export function resetAccumulators(w: Workspace): void {
  const A = w.A;
  A.fill(NaN);
  for (const i of w.peaks) A[i] = NEG_INF;
  for (const i of w.troughs) A[i] = Infinity;
  w.extremaEdge.fill(NO_STEP);
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
 * How the last accepted step left a peak's quantity (sign-adjusted, so a
 * trough is the peak of −q) at the edge it shares with the next step:
 * NO_STEP (no adjoining step: the first step, or an event, cap or revert
 * acted in between), FELL (its end value below its midpoint value), and
 * rising (end ≥ midpoint), either ROSE_SEARCHED (its dense output was
 * searched) or ROSE (not searched; the step is kept in w.extremaRc).
 */
const NO_STEP = 0;
const FELL = 1;
const ROSE_SEARCHED = 2;
const ROSE = 3;
/** θ of the slope checks at an edge without a neighbouring step */
const EDGE_EPS = 1e-6;

/**
 * Peaks and troughs of an accepted step [t0, tNew] (tNew = t0 + h, or the
 * horizon), or of the part [t0, tNew] of a step that a crossing cut at
 * θ = te < 1 (stopAt): every θ below is then taken of that part, θ·te of
 * the step. The value at the end (the new state y1) updates the accumulator
 * and is kept as the next step's start value. The dense output is searched
 * where the step's start, midpoint and end values say that a maximum lies
 * inside: the midpoint above both ends, or the vertex of the parabola
 * through them inside the step; and, for a maximum next to an edge (where
 * the parabola's vertex can fall just outside the step), where a step that
 * ended rising meets one that starts falling: then the first half of the
 * new step and the second half of the old one, each where the quantity's
 * slope at θ = 1e-6 from the edge says it rises towards the edge from that
 * side (on the other side the maximum is the edge's value). An edge with no neighbour
 * (the start of the run, either side of an event, the end of the run) is
 * checked by the quantity's slope there, at θ = 1e-6 from the edge. The
 * start value is the previous step's end value unless an event, a cap or a
 * revert has acted since; that start value itself counts (a quantity that
 * jumps up at an event and falls from there peaks at it).
 */
export function refineExtrema(w: Workspace, t0: number, h: number, tNew: number, p: Float64Array, r: Float64Array, te = 1): void {
  // (no closures or arrays made here: this runs once per step)
  const peaks = w.peaks;
  const troughs = w.troughs;
  let keep = false;
  for (let k = 0; k < peaks.length; k++) if (refineOne(w, peaks[k], 1, t0, h, tNew, p, r, te)) keep = true;
  for (let k = 0; k < troughs.length; k++) if (refineOne(w, troughs[k], -1, t0, h, tNew, p, r, te)) keep = true;
  if (keep) {
    w.extremaRc.set(w.rc);
    w.extremaR.set(r);
    w.extremaT0 = t0;
    w.extremaH = h;
    w.extremaTe = te;
  }
  w.extremaAtT = true;
}

/** The quantity at observe slot `slot` at θ of the step [t0, t0 + h] with dense coefficients rc and regime r, times sign. */
function extremumAt(
  w: Workspace,
  slot: number,
  sign: number,
  rc: Float64Array,
  r: Float64Array,
  t0: number,
  h: number,
  theta: number,
  p: Float64Array,
): number {
  denseAtSome(rc, 0, w.readsOf[slot], theta, w.yd);
  return sign * w.kernel.observeOne[slot](t0 + theta * h, w.yd, p, r);
}

/** One peak (sign 1) or trough (sign −1) over the accepted step (θ ≤ te); true when the step must be kept (ROSE). */
function refineOne(w: Workspace, i: number, sign: number, t0: number, h: number, tNew: number, p: Float64Array, r: Float64Array, te: number): boolean {
  const slot = w.model.accumulators[i].slot;
  const one = w.kernel.observeOne;
  const E = w.extremaNow;
  const A = w.A;
  const edge = w.extremaEdge;
  let before = edge[i];
  if (!w.extremaAtT) {
    // the regime or the state changed at t0: the kept step has no neighbour
    if (before === ROSE) settleEdge(w, i, sign, p);
    before = NO_STEP;
  }
  let start = E[i];
  if (!w.extremaAtT) {
    // the value just after the change is on the run too: a quantity that jumps up at an
    // event (a brake's end) and falls from there peaks at this start, not inside the step
    start = one[slot](t0, w.y, p, r);
    if (sign > 0 ? start > A[i] : start < A[i]) A[i] = start;
  }
  const f0 = sign * start;
  // the step's last stage computed the quantity at (t0 + h, y1) already (dopriStep's rhsObserve)
  const fused = w.obs7Of[i];
  const end = (E[i] = fused >= 0 && te === 1 && tNew === t0 + h ? w.obs7[fused] : one[slot](tNew, w.y1, p, r));
  if (sign > 0 ? end > A[i] : end < A[i]) A[i] = end;
  const f1 = sign * end;
  const fm = extremumAt(w, slot, sign, w.rc, r, t0, h, 0.5 * te, p);
  // inside: the midpoint above both ends, or the parabola through the three values peaks in the step
  const curv = f0 + f1 - 2 * fm;
  const c = 2 * curv;
  const vertex = c < 0 ? -(f1 - f0 - c) / (2 * c) : -1;
  const inside = (fm > f0 && fm > f1) || (vertex > 0 && vertex < 1);
  if (inside) searchStep(w, i, slot, sign, w.rc, r, t0, h, 0, te, p);
  if (f0 >= fm) {
    // falling from the start: a maximum may sit next to the edge with the step before
    // Each side is searched only where the quantity rises from inside it towards the edge's value
    // (the slope at 1e-6 of the step from the edge, as at an edge with no neighbour): a side that
    // falls away from the edge has its maximum at the edge, whose value is counted already, and a
    // search there crept to the edge by golden sections (~25 evaluations a draw in rsi-core, half
    // of peak()'s cost). A maximum within 1e-6 of a step from the edge is missed by ~1e-12·h²·|q''|.
    const ke = w.extremaTe;
    if (before === ROSE && extremumAt(w, slot, sign, w.extremaRc, w.extremaR, w.extremaT0, w.extremaH, (1 - EDGE_EPS) * ke, p) > f0) {
      searchStep(w, i, slot, sign, w.extremaRc, w.extremaR, w.extremaT0, w.extremaH, 0.5 * ke, ke, p);
    }
    if (!inside && before !== FELL && extremumAt(w, slot, sign, w.rc, r, t0, h, EDGE_EPS * te, p) > f0) {
      searchStep(w, i, slot, sign, w.rc, r, t0, h, 0, 0.5 * te, p);
    }
  }
  if (!(f1 >= fm)) {
    edge[i] = FELL;
    return false;
  }
  edge[i] = inside ? ROSE_SEARCHED : ROSE;
  w.extremaEdgeValue[i] = f1;
  return !inside;
}

/** A kept step (ROSE) with no next step: search its second half if the quantity falls at its end. */
function settleEdge(w: Workspace, i: number, sign: number, p: Float64Array): void {
  const slot = w.model.accumulators[i].slot;
  const { extremaRc: rc, extremaR: r, extremaT0: t0, extremaH: h, extremaTe: te } = w;
  if (extremumAt(w, slot, sign, rc, r, t0, h, (1 - EDGE_EPS) * te, p) > w.extremaEdgeValue[i]) searchStep(w, i, slot, sign, rc, r, t0, h, 0.5 * te, te, p);
  w.extremaEdge[i] = NO_STEP;
}

/**
 * The largest signed value on θ ∈ [lo, hi] of a step, into accumulator i:
 * brentMax to 1e-7 of the step (no relative term, at most 60 evaluations);
 * a maximum at either end of the bracket is approached to that distance.
 */
function searchStep(
  w: Workspace,
  i: number,
  slot: number,
  sign: number,
  rc: Float64Array,
  r: Float64Array,
  t0: number,
  h: number,
  lo: number,
  hi: number,
  p: Float64Array,
): void {
  const top = sign * brentMax((theta) => extremumAt(w, slot, sign, rc, r, t0, h, theta, p), lo, hi, 1e-7, 0, 60);
  const A = w.A;
  if (sign > 0 ? top > A[i] : top < A[i]) A[i] = top;
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
  // a last step that ended rising: is there a maximum just before its end?
  for (const i of w.peaks) if (w.extremaEdge[i] === ROSE) settleEdge(w, i, 1, p);
  for (const i of w.troughs) if (w.extremaEdge[i] === ROSE) settleEdge(w, i, -1, p);
  for (const i of w.peaks) if (A[i] === NEG_INF) A[i] = NaN;
  for (const i of w.troughs) if (A[i] === Infinity) A[i] = NaN;
  K.outputs(p, w.T, C, X, A, tEnd, out, w.horizon);
}
