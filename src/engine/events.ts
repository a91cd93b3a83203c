/**
 * Crossings and events: milestones, condition events, caps and hazard
 * firings located by root finding on the dense output of each step, the
 * actions they take, and the reverts of events with a duration.
 *
 * Each is a crossing function g(t) that goes from g < 0 to g ≥ 0: the
 * kernel's (milestones, conditions, caps), and per hazard j
 *
 *   g(t) = Λ_j(t) − (E_1 + … + E_k),  Λ_j(t) = ∫ rate_j dt (a state),
 *
 * for its next event k, with E_k = −ln(u_k) drawn once per draw: exact for
 * a Poisson process and independent of the step size. Roots by the
 * Illinois method; crossings that stop the step (they change the regime or
 * the state, or end the run) cut it at the first of them.
 */
import { denseAt, denseComponent } from "./dopri.js";
import { recordTime } from "./accumulators.js";
import type { Crossing, Workspace } from "./workspace.js";

const ROOT_TOL = 1e-13;

/** Each hazard's thresholds E1, E1 + E2, … from its uniforms u[uOffset …); every hazard aims at its first. */
export function drawThresholds(w: Workspace, u: Float64Array, uOffset: number): void {
  const { thr, thrStart, next } = w;
  for (let j = 0; j < w.nH; j++) {
    let s = 0;
    for (let m = thrStart[j]; m < thrStart[j + 1]; m++) {
      s -= Math.log(u[uOffset + m]);
      thr[m] = s;
    }
    next[j] = 0;
  }
}

/** Every crossing function at (tt, yy) into g: the kernel's, then each hazard's (−1 when it has no threshold left). */
export function evalG(w: Workspace, tt: number, yy: Float64Array, g: Float64Array): void {
  w.kernel.cross(tt, yy, w.p, w.r, g);
  const hazards = w.model.hazards;
  const { thr, thrStart, next } = w;
  const nG = w.nG;
  const H0 = w.model.layout.hazardStart;
  for (let j = 0; j < w.nH; j++) {
    g[nG + j] = next[j] < hazards[j].trigger ? yy[H0 + j] - thr[thrStart[j] + next[j]] : -1;
  }
}

/** The value at which capped state k is held (a per-draw constant). */
function capValue(w: Workspace, k: number): number {
  return w.p[w.model.layout.capValueSlots[k]];
}

/** Fire event e at tt (state w.y); true if its guard let it act. Schedules the revert of an event with a duration. */
function fireEvent(w: Workspace, e: number, tt: number): boolean {
  const plan = w.model.eventPlans[e];
  const { vals, r } = w;
  const guard = w.kernel.events[e](tt, w.y, w.p, r, vals);
  if (!guard) return false;
  if (plan.hasDuration) {
    const saved = new Float64Array(plan.sets.length);
    for (let s = 0; s < plan.sets.length; s++) saved[s] = r[plan.sets[s]];
    const dur = vals[plan.sets.length];
    // a NaN duration is neither a duration nor "for good" (≤ 0): the draw fails with the reason
    if (Number.isNaN(dur)) w.fault ??= `non-finite duration of event ${w.model.eventsInfo[e].name} (NaN)`;
    if (dur > 0) {
      w.revertTime.push(tt + dur);
      w.revertEvent.push(e);
      w.revertValues.push(saved);
    }
  }
  for (let s = 0; s < plan.sets.length; s++) r[plan.sets[s]] = vals[s];
  recordTime(w, w.model.layout.milestoneStop.length + e, tt, w.y);
  return true;
}

/**
 * At the start and after each stop: act on the conditions already true at
 * tt (milestones reached, condition events, caps), until none changes the
 * state; then the crossing functions at tt into w.gA. True if the run must end.
 */
export function startChecks(w: Workspace, tt: number): boolean {
  const L = w.model.layout;
  const { y, r, gA, T } = w;
  const nM = w.model.milestones.length;
  let changed = true;
  let guard = 0;
  while (changed && guard++ < 100) {
    changed = false;
    evalG(w, tt, y, gA);
    for (let i = 0; i < nM; i++) {
      if (gA[i] >= 0 && Number.isNaN(T[i])) {
        recordTime(w, i, tt, y);
        for (const e of w.eventsOnMilestone[i]) if (fireEvent(w, e, tt)) changed = true;
        if (L.milestoneStop[i]) return true;
      }
    }
    for (let c = 0; c < w.eventsOnCondition.length; c++) {
      const gi = L.conditionEventStart + c;
      if (gA[gi] >= 0 && !w.condDone[c]) {
        w.condDone[c] = 1;
        if (fireEvent(w, w.eventsOnCondition[c], tt)) changed = true;
      }
    }
    if (w.fault !== null) return true;
    for (let k = 0; k < L.capStates.length; k++) {
      const gi = L.capCrossStart + k;
      if (gA[gi] >= 0 && r[L.capStart + k] === 0) {
        r[L.capStart + k] = 1;
        y[L.capStates[k]] = capValue(w, k);
        changed = true;
      }
    }
  }
  evalG(w, tt, y, gA);
  return false;
}

/**
 * The crossings of the step (t, tNew] of size h, whose trial state is in
 * w.y1: the crossing functions at tNew into w.gB, and when any went from
 * < 0 to ≥ 0, their roots on the dense output. Non-stopping crossings before
 * the first stopping one are recorded; returns the time of that stopping
 * crossing (kept in w.pendingStop), or Infinity.
 */
export function crossingsInStep(w: Workspace, t: number, tNew: number, h: number): number {
  const { y1, gA, gB } = w;
  evalG(w, tNew, y1, gB);
  const nGH = w.nG + w.nH;
  let anyCross = false;
  for (let i = 0; i < nGH; i++) if (gA[i] < 0 && gB[i] >= 0) anyCross = true;
  if (!anyCross) return Infinity;
  const tStop = processCrossings(w, t, h, findCrossings(w, t, tNew, h));
  // hazards that passed a threshold now aim at their next one
  if (tStop === Infinity) evalG(w, tNew, y1, gB);
  return tStop;
}

/** Root-find every crossing in (t, tNew] on the dense output, sorted by time (then kind). */
function findCrossings(w: Workspace, t: number, tNew: number, h: number): Crossing[] {
  const L = w.model.layout;
  const { gA, gB, r, thr, thrStart, next } = w;
  const found: Crossing[] = [];
  for (let i = 0; i < w.nG; i++) {
    if (!(gA[i] < 0 && gB[i] >= 0)) continue;
    if (i < L.conditionEventStart) {
      if (!Number.isNaN(w.T[i])) continue;
      found.push({ time: rootG(w, i, t, tNew, h, gA[i], gB[i]), kind: 0, index: i });
    } else if (i < L.capCrossStart) {
      const c = i - L.conditionEventStart;
      if (w.condDone[c]) continue;
      found.push({ time: rootG(w, i, t, tNew, h, gA[i], gB[i]), kind: 1, index: c });
    } else {
      const k = i - L.capCrossStart;
      if (r[L.capStart + k] !== 0) continue;
      found.push({ time: rootG(w, i, t, tNew, h, gA[i], gB[i]), kind: 2, index: k });
    }
  }
  const yEnd = w.y1;
  for (let j = 0; j < w.nH; j++) {
    // a hazard can pass several of its thresholds in one step
    const comp = L.hazardStart + j;
    const end = thrStart[j + 1];
    for (let m = thrStart[j] + next[j]; m < end && yEnd[comp] >= thr[m]; m++) {
      found.push({ time: rootHazard(w, comp, thr[m], t, tNew, h), kind: 3, index: j });
    }
  }
  found.sort((a, b) => a.time - b.time || a.kind - b.kind);
  return found;
}

/**
 * Record the non-stopping crossings (in time order, at the dense state) up
 * to the first stopping one; keep that one in w.pendingStop and return its
 * time (Infinity if none).
 */
function processCrossings(w: Workspace, t: number, h: number, found: Crossing[]): number {
  const M = w.model;
  const L = M.layout;
  const nH = w.nH;
  const next = w.next;
  for (const f of found) {
    const stops =
      f.kind === 1 ||
      f.kind === 2 ||
      (f.kind === 0 && (L.milestoneStop[f.index] || w.eventsOnMilestone[f.index].length > 0)) ||
      (f.kind === 3 && next[f.index] + 1 === M.hazards[f.index].trigger && w.hazardStops[f.index]);
    if (stops) {
      w.pendingStop = f;
      return f.time;
    }
    // non-stopping: record now, at the dense state
    const yy = w.yd;
    denseAt(w.rc, 0, w.n, (f.time - t) / h, yy);
    if (f.kind === 0) recordTime(w, f.index, f.time, yy);
    else {
      const j = f.index;
      const base = M.milestones.length + M.eventPlans.length;
      if (next[j] === 0) recordTime(w, base + nH + j, f.time, yy);
      next[j]++;
      if (next[j] === M.hazards[j].trigger) recordTime(w, base + j, f.time, yy);
    }
  }
  return Infinity;
}

/** Act on the pending stopping crossing at time t (state w.y); true when the run ends. */
export function actOnStop(w: Workspace, t: number): boolean {
  const M = w.model;
  const L = M.layout;
  const y = w.y;
  const f = w.pendingStop!;
  w.pendingStop = null;
  if (f.kind === 0) {
    recordTime(w, f.index, t, y);
    for (const e of w.eventsOnMilestone[f.index]) fireEvent(w, e, t);
    return L.milestoneStop[f.index];
  }
  if (f.kind === 1) {
    w.condDone[f.index] = 1;
    fireEvent(w, w.eventsOnCondition[f.index], t);
    return false;
  }
  if (f.kind === 2) {
    w.r[L.capStart + f.index] = 1;
    y[L.capStates[f.index]] = capValue(w, f.index);
    return false;
  }
  const j = f.index;
  const base = M.milestones.length + M.eventPlans.length;
  if (w.next[j] === 0) recordTime(w, base + w.nH + j, t, y);
  w.next[j]++;
  recordTime(w, base + j, t, y);
  if (M.hazards[j].terminal) return true;
  for (const e of w.eventsOnHazard[j]) fireEvent(w, e, t);
  return false;
}

/** The earliest scheduled revert (Infinity when none). */
export function nextRevert(w: Workspace): number {
  return w.revertTime.length > 0 ? Math.min(...w.revertTime) : Infinity;
}

/** Undo the events whose duration ends at t; true if any did. */
export function applyReverts(w: Workspace, t: number): boolean {
  let any = false;
  const { revertTime, revertEvent, revertValues } = w;
  for (let i = revertTime.length - 1; i >= 0; i--) {
    if (revertTime[i] <= t + 1e-12 * Math.max(1, Math.abs(t))) {
      const plan = w.model.eventPlans[revertEvent[i]];
      const saved = revertValues[i];
      for (let s = 0; s < plan.sets.length; s++) w.r[plan.sets[s]] = saved[s];
      revertTime.splice(i, 1);
      revertEvent.splice(i, 1);
      revertValues.splice(i, 1);
      any = true;
    }
  }
  return any;
}

/** Illinois root of crossing function i on the step's dense output, given g_i(t) = ga < 0 ≤ gb = g_i(tNew). */
function rootG(w: Workspace, i: number, t: number, tNew: number, h: number, ga: number, gb: number): number {
  const K = w.kernel;
  const { yd, gT, rc, n, p, r } = w;
  return illinois(
    (c) => {
      denseAt(rc, 0, n, (c - t) / h, yd);
      K.cross(c, yd, p, r, gT);
      return gT[i];
    },
    t,
    tNew,
    ga,
    gb,
  );
}

/** Time in (t, tNew] where hazard component comp reaches level. */
function rootHazard(w: Workspace, comp: number, level: number, t: number, tNew: number, h: number): number {
  const rc = w.rc;
  const f = (time: number) => denseComponent(rc, 0, comp, (time - t) / h) - level;
  const fa = f(t);
  if (fa >= 0) return t;
  return illinois(f, t, tNew, fa, f(tNew));
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
