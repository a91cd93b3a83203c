/**
 * State, regimes, caps and hazards: the hazards' declarations, each draw's
 * initial values (the kernel's initial), and the right-hand side of the ODE
 * (user states, then hidden integral states, then hazards' cumulative rates).
 */
import type { Raw, Scope } from "./compile-scope.js";
import type { Observed } from "./compile-outputs.js";
import { trajectoryFunction, type TrajectoryItem } from "./compile-trajectory.js";
import type { HazardInfo } from "./types.js";

/** Where the state vector y and the regime vector r put things. */
export interface StateLayout {
  /** user states */
  nU: number;
  /** first hazard state in y (after user states and integrals) */
  hazardStart: number;
  ySize: number;
  /** first cap flag in r (after the regime variables) */
  capStart: number;
  /** the states with a max (indices into y) */
  capStates: number[];
}

/** The hazards section as declared. */
export function hazardsOf(raw: Raw): HazardInfo[] {
  const hazardEntries = Object.entries((raw.hazards ?? {}) as Record<string, Raw>);
  return hazardEntries.map(([name, h]) => ({
    name,
    rate: String(h.rate),
    terminal: h.terminal === true,
    trigger: h.trigger ?? 1,
    description: h.description ?? "",
  }));
}

/** The states that have a max (indices into y). */
export function capStatesOf(s: Scope): number[] {
  return s.states.map((name, i) => ((s.raw.state[name] as Raw).max !== undefined ? i : -1)).filter((i) => i >= 0);
}

/** Initial values of y and r (states, hidden states at 0, regimes, cap flags off) and the p slots of the caps. */
export function compileInitial(s: Scope, L: StateLayout): { lines: string[]; capValueSlots: number[] } {
  const lines: string[] = [];
  const capValueSlots: number[] = [];
  s.states.forEach((name, i) => {
    const spec = s.raw.state[name] as Raw;
    const slot = s.staticSlot(`state.${name}.initial`, s.parse(`state.${name}.initial`, spec.initial));
    lines.push(`y[${i}] = p[${slot}];`);
    if (spec.max !== undefined) capValueSlots.push(s.staticSlot(`state.${name}.max`, s.parse(`state.${name}.max`, spec.max)));
  });
  for (let i = L.nU; i < L.ySize; i++) lines.push(`y[${i}] = 0;`);
  s.regimes.forEach((name, i) => {
    const spec = s.raw.regimes[name];
    const init = typeof spec === "object" && spec !== null ? spec.initial : spec;
    const slot = s.staticSlot(`regimes.${name}`, s.parse(`regimes.${name}`, init));
    lines.push(`r[${i}] = p[${slot}];`);
  });
  for (let k = 0; k < L.capStates.length; k++) lines.push(`r[${L.capStart + k}] = 0;`);
  return { lines, capValueSlots };
}

/** The right-hand side's body: state rates (0 while capped), integrands, hazard rates (at least 0). */
export function compileRhs(s: Scope, L: StateLayout, integralExprs: Observed[]): string {
  return trajectoryFunction(s, rhsItems(s, L, integralExprs));
}

/** The right-hand side's assignments (compileRhs's), for a function that also computes other quantities. */
export function rhsItems(s: Scope, L: StateLayout, integralExprs: Observed[]): TrajectoryItem[] {
  const items: TrajectoryItem[] = [];
  s.states.forEach((name, i) => {
    const capK = L.capStates.indexOf(i);
    items.push({
      entry: `state.${name}.rate`,
      expr: s.parse(`state.${name}.rate`, (s.raw.state[name] as Raw).rate),
      target: `dy[${i}]`,
      wrap: capK >= 0 ? (c) => `r[${L.capStart + capK}] !== 0 ? 0 : ${c}` : undefined,
    });
  });
  integralExprs.forEach((x, k) => items.push({ entry: x.entry, expr: x.expr, target: `dy[${L.nU + k}]` }));
  s.hazards.forEach((h, j) =>
    items.push({
      entry: `hazards.${h.name}.rate`,
      expr: s.parse(`hazards.${h.name}.rate`, (s.raw.hazards[h.name] as Raw).rate),
      target: `dy[${L.hazardStart + j}]`,
      wrap: (c) => `Math.max(0, ${c})`,
    }),
  );
  return items;
}
