/**
 * The reasons a draw fails, as the time loop (loop.ts) reports them. A
 * reason names what happened and where, then " at t = …" (the caller counts
 * reasons without the time):
 *
 *   non-finite state x (NaN | +Infinity | -Infinity)   the state itself (an initial value such as 0/0, an event's set, an overflow)
 *   domain error in the rate of x (NaN)                  f(t, y) is NaN at a finite state: a function outside its domain (ln or sqrt of a negative number, 0/0, ∞ − ∞)
 *   non-finite rate of x (+Infinity | -Infinity)         f(t, y) overflows at a finite state (exp(1000), division by 0)
 *   step size collapsed                                  the step shrank to nothing with finite trial states (a singularity ahead, a stiff system)
 *   more than N steps                                    solver.max_steps
 *
 * A non-finite trial stage inside a step is not yet a fault: a smaller step
 * may avoid it (an overshoot below a domain boundary, an overflow of a
 * too-long step), so the step is rejected and shrunk. Only when the step
 * then collapses is the last such stage's fault reported in place of
 * "step size collapsed". Scans run at the start, after an event and on a
 * rejected step with a non-finite error only: never on the accepted path.
 */
import type { Workspace } from "./workspace.js";

/** How a non-finite number reads in a reason. */
export function nonFiniteText(x: number): string {
  return Number.isNaN(x) ? "NaN" : x > 0 ? "+Infinity" : "-Infinity";
}

/** The name of state i: a user state, an integral's hidden state, or a hazard's cumulative hazard. */
function stateName(w: Workspace, i: number): string {
  const M = w.model;
  const L = M.layout;
  if (i < L.yUser) return M.states[i].name;
  if (i >= L.hazardStart) return `the cumulative hazard of ${M.hazards[i - L.hazardStart].name}`;
  return "an integral() of the outputs";
}

/** The fault of a non-finite state component i. */
export function stateFault(w: Workspace, y: Float64Array, i: number): string {
  return `non-finite state ${stateName(w, i)} (${nonFiniteText(y[i])})`;
}

/** The fault of a non-finite rate component i (f(t, y) at a finite state). */
function rateFault(w: Workspace, f: Float64Array, i: number): string {
  const x = f[i];
  return Number.isNaN(x) ? `domain error in the rate of ${stateName(w, i)} (NaN)` : `non-finite rate of ${stateName(w, i)} (${nonFiniteText(x)})`;
}

/** The index of the first non-finite component of v[0..n), or −1. */
export function firstNonFinite(v: Float64Array, n: number): number {
  for (let i = 0; i < n; i++) if (!Number.isFinite(v[i])) return i;
  return -1;
}

/** The fault at an accepted point: the state w.y, then its rate w.k1; null when both are finite. */
export function pointFault(w: Workspace): string | null {
  const iy = firstNonFinite(w.y, w.n);
  if (iy >= 0) return stateFault(w, w.y, iy);
  const ik = firstNonFinite(w.k1, w.n);
  return ik >= 0 ? rateFault(w, w.k1, ik) : null;
}

/**
 * Why the last trial step had a non-finite error: the first stage k2 … k7
 * with a non-finite component (its input was finite, as every earlier stage
 * was), else the trial state y1; null when everything is finite.
 */
export function trialFault(w: Workspace): string | null {
  const n = w.n;
  for (const k of [w.k2, w.k3, w.k4, w.k5, w.k6]) {
    const i = firstNonFinite(k, n);
    if (i >= 0) return rateFault(w, k, i);
  }
  const iy = firstNonFinite(w.y1, n);
  if (iy >= 0) return stateFault(w, w.y1, iy);
  const ik = firstNonFinite(w.k7, n);
  return ik >= 0 ? rateFault(w, w.k7, ik) : null;
}

/**
 * Mark in w.domainError each output that is NaN although none of its
 * inputs is undefined (a milestone not reached, at() of one): a domain
 * error of its expression, such as ln(r − 1) with r < 1. Only NaN outputs
 * are looked at.
 */
export function classifyOutputs(w: Workspace, out: Float64Array): void {
  const d = w.domainError;
  for (let i = 0; i < d.length; i++) d[i] = out[i] !== out[i] && !undefinedOutput(w, out, i) ? 1 : 0;
}

/** Whether NaN output i has an undefined input (recursively through the outputs it uses). */
function undefinedOutput(w: Workspace, out: Float64Array, i: number): boolean {
  const u = w.model.outputs[i].undefinedBy;
  if (u === undefined) return true;
  if (w.pastHorizon[i] === 1) return true;
  for (const slot of w.pastHorizonSlots[i]) if (w.p[slot] > w.horizon) return true;
  for (const j of u.T) if (Number.isNaN(w.T[j])) return true;
  for (const j of u.A) if (Number.isNaN(w.A[j])) return true;
  for (const j of u.o) if (Number.isNaN(out[j]) && undefinedOutput(w, out, j)) return true;
  return false;
}
