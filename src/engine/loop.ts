/**
 * The time loop of one draw: from the start to the horizon or a terminal
 * event, one Dormand–Prince step at a time (dopri.ts) under the step-size
 * controller (controller.ts). Each accepted step is searched for crossings
 * (events.ts); a stopping crossing cuts the step there, acts, and restarts
 * the integration from the new state. Accumulators, series and the step
 * history (accumulators.ts, history.ts) are fed as the steps go, and reduced
 * to the draw's outputs at the end.
 *
 * Faults (a non-finite state or rate, a collapsing step, too many steps) end
 * the draw with a reason (faults.ts); they are counted by the caller and
 * never thrown.
 */
import { observeAt, recordSeries, reduceOutputs, refineExtrema, resetAccumulators } from "./accumulators.js";
import { acceptFactor, FAC_MAX, FIRST_FAC_MAX, initialStep, negligibleStep, rejectFactor } from "./controller.js";
import { allFinite, denseAt, denseCoefficients, dopriStep } from "./dopri.js";
import { actOnStop, applyReverts, crossingsInStep, drawThresholds, nextRevert, startChecks } from "./events.js";
import { classifyOutputs, firstNonFinite, pointFault, stateFault, trialFault } from "./faults.js";
import { pushHistory, snapshotRegime } from "./history.js";
import { NEG_INF, type Workspace } from "./workspace.js";

/**
 * Run one draw. p holds the draw's parameter values in p[0..nParams) and
 * room for the model's per-draw constants; u[uOffset..) its hazard
 * uniforms. Writes the outputs into out; when seriesOut is given, the
 * series values at the record times (NaN once the run has ended), laid
 * out series-major. Returns null, or the reason the draw failed.
 */
export function runDraw(
  w: Workspace,
  p: Float64Array,
  u: Float64Array,
  uOffset: number,
  out: Float64Array,
  seriesOut: Float64Array | undefined,
): string | null {
  startDraw(w, p, u, uOffset, seriesOut);
  const failure = integrate(w);
  if (failure !== null) {
    out.fill(NaN);
    w.domainError.fill(0);
    return failure;
  }
  reduceOutputs(w, out);
  classifyOutputs(w, out);
  return null;
}

/** Set up a draw: per-draw constants, initial state and regime, empty time table, accumulators, thresholds, history and series. */
function startDraw(w: Workspace, p: Float64Array, u: Float64Array, uOffset: number, seriesOut: Float64Array | undefined): void {
  const K = w.kernel;
  K.staticDerived(p);
  K.initial(p, w.y, w.r);
  w.p = p;
  w.T.fill(NaN);
  w.C.fill(0);
  w.X.fill(0);
  resetAccumulators(w);
  drawThresholds(w, u, uOffset);
  w.histLen = 0;
  w.regimeCount = 0;
  w.revertTime.length = 0;
  w.revertEvent.length = 0;
  w.revertValues.length = 0;
  w.recIdx = 0;
  w.seriesOut = seriesOut ?? null;
  if (seriesOut) seriesOut.fill(NaN, 0, w.model.series.length * w.recordTimes.length);
  w.condDone.fill(0);
  w.fault = null;
}

/**
 * Integrate the draw from the start; leaves the end time in w.tEnd and the
 * steps taken (accepted and rejected) in w.steps. Returns null, or the
 * reason the draw failed.
 */
function integrate(w: Workspace): string | null {
  const M = w.model;
  const { y1, p, r } = w;
  const horizon = w.horizon;
  const hMaxModel = M.solver.maxStep;
  const maxSteps = M.solver.maxSteps;
  let t = M.time.start;
  let ended = begin(w, t);
  let h = initialStep(w, t, p, r, Math.min(hMaxModel, horizon - t));
  let facMax = FIRST_FAC_MAX;
  let steps = 0;
  let failure: string | null = null;
  // the fault of the last trial step with a non-finite error, reported if the step then collapses
  let trial: string | null = null;
  while (!ended && t < horizon) {
    if (++steps > maxSteps) {
      failure = `more than ${maxSteps} steps`;
      break;
    }
    let hMax = Math.min(hMaxModel, horizon - t);
    const tRevert = nextRevert(w);
    if (tRevert - t < hMax) hMax = tRevert - t;
    let hitLimit = false;
    if (h >= hMax) {
      h = hMax;
      hitLimit = true;
    }
    if (negligibleStep(h, t)) {
      if (!(hitLimit && hMax <= 1e-14 * Math.max(1, Math.abs(t)))) {
        failure = `${trial ?? "step size collapsed"} at t = ${t.toPrecision(8)}`;
        break;
      }
      // a revert or the horizon is (numerically) now
      t = t + hMax;
      if (t >= horizon - 1e-14 * Math.max(1, Math.abs(horizon))) {
        t = horizon;
        break;
      }
      // a fault in the restart ends the run too (ended): reported below from w.fault
      ended = revertNow(w, t);
      h = Math.max(h, 1e-6 * Math.max(1, Math.abs(t)));
      continue;
    }
    const err = dopriStep(w, t, h, p, r);
    if (!(err <= 1)) {
      // rejected (also when err is NaN: a non-finite trial stage, which a smaller step may avoid)
      if (!(err < Infinity)) trial = trialFault(w);
      h *= rejectFactor(err);
      facMax = 1;
      continue;
    }
    if (!allFinite(y1, w.n)) {
      failure = `${stateFault(w, y1, firstNonFinite(y1, w.n))} at t = ${(t + h).toPrecision(8)}`;
      break;
    }
    trial = null;
    denseCoefficients(w, h);
    const tNew = hitLimit && hMax === horizon - t ? horizon : t + h;
    const tStop = crossingsInStep(w, t, tNew, h);
    if (tStop < Infinity) {
      ended = stopAt(w, t, h, tStop);
      t = tStop;
      facMax = FAC_MAX;
      continue;
    }
    ended = accept(w, t, h, tNew);
    t = tNew;
    h *= acceptFactor(err, facMax);
    facMax = FAC_MAX;
  }
  w.steps = steps;
  w.tEnd = t;
  if (w.fault !== null) return `${w.fault} at t = ${t.toPrecision(8)}`;
  return failure;
}

/**
 * The start of the draw at t: regime, conditions already true, f(t, y),
 * extrema and the first series values. True if the run ends at once, also
 * on a fault (a non-finite initial state or rate, in w.fault).
 */
function begin(w: Workspace, t: number): boolean {
  const { y, p, r } = w;
  // a cap of NaN is no cap at all: the draw fails with the reason, not run uncapped
  const L = w.model.layout;
  for (let k = 0; k < L.capStates.length; k++) {
    if (Number.isNaN(p[L.capValueSlots[k]])) {
      w.fault = `non-finite cap of ${w.model.states[L.capStates[k]].name} (NaN)`;
      return true;
    }
  }
  snapshotRegime(w);
  const ended = startChecks(w, t);
  w.kernel.rhs(t, y, p, r, w.k1);
  if (!ended && (w.fault = pointFault(w)) !== null) return true;
  observeAt(w, t, y);
  recordSeries(w, NEG_INF, t, 0, t);
  return ended;
}

/**
 * After an event, a cap or a revert changed the regime or the state at t:
 * snapshot the regime, act on the conditions now true, and f(t, y) for the
 * next step. True when the run ends, also on a fault (a non-finite state or
 * rate after the change, in w.fault).
 */
function restart(w: Workspace, t: number): boolean {
  snapshotRegime(w);
  if (startChecks(w, t)) return true;
  w.kernel.rhs(t, w.y, w.p, w.r, w.k1);
  w.fault = pointFault(w);
  return w.fault !== null;
}

/** Undo the events whose duration ends at t, and restart if any did. True when the run ends. */
function revertNow(w: Workspace, t: number): boolean {
  if (!applyReverts(w, t)) return false;
  w.extremaAtT = false;
  return restart(w, t);
}

/**
 * Cut the step [t, t + h] at the stopping crossing tStop: the state there
 * from the dense output, history, series and extrema up to tStop; then act
 * on the crossing and restart. True when the run ends.
 */
function stopAt(w: Workspace, t: number, h: number, tStop: number): boolean {
  const { y, y1, n } = w;
  const theta = (tStop - t) / h;
  denseAt(w.rc, 0, n, theta, y1);
  if (w.needHistory) pushHistory(w, t, h, tStop);
  recordSeries(w, t, tStop, h, t);
  // peaks and troughs over the part of the step that was run, as an accepted step's
  if (w.peaks.length + w.troughs.length > 0) refineExtrema(w, t, h, tStop, w.p, w.r, theta);
  for (let i = 0; i < n; i++) y[i] = y1[i];
  w.extremaAtT = false; // the stop's actions may change the regime or the state
  // an event it fired may have failed the draw (a duration of NaN: w.fault)
  if (actOnStop(w, tStop) || w.fault !== null) return true;
  return restart(w, tStop);
}

/**
 * Accept the step [t, tNew] of size h: history, series and extrema over it,
 * then y ← y1, f(tNew, y) ← k7 (first same as last), g ← g(tNew), and the
 * reverts due at tNew. True when the run ends.
 */
function accept(w: Workspace, t: number, h: number, tNew: number): boolean {
  const { y, y1, k1, k7, gA, gB, n } = w;
  if (w.needHistory) pushHistory(w, t, h, tNew);
  recordSeries(w, t, tNew, h, t);
  // peaks and troughs inside the step and at its end (the end's values are kept for the next step)
  if (w.peaks.length + w.troughs.length > 0) refineExtrema(w, t, h, tNew, w.p, w.r);
  for (let i = 0; i < n; i++) {
    y[i] = y1[i];
    k1[i] = k7[i];
  }
  const nGH = w.nG + w.nH;
  for (let i = 0; i < nGH; i++) gA[i] = gB[i];
  if (w.revertTime.length > 0) return revertNow(w, tNew);
  return false;
}
