/**
 * Milestones and events: the crossing functions the integrator watches
 * (milestones, condition events, caps, in that order, the kernel's cross),
 * and each event's trigger and action (the regime values it sets, its
 * duration and guard, the kernel's events).
 */
import { didYouMean } from "../core/suggest.js";
import { crossingOf, type Expr } from "./expr.js";
import { aKind, IDENT, type Raw, type Scope } from "./compile-scope.js";
import type { StateLayout } from "./compile-states.js";
import { trajectoryFunction, type TrajectoryItem } from "./compile-trajectory.js";
import type { EventPlan, NamedText } from "./types.js";

/** What milestones, events and caps compile to. */
export interface CrossingsPlan {
  /** the kernel's cross function body */
  cross: string;
  gSize: number;
  milestoneStop: boolean[];
  conditionEventStart: number;
  capCrossStart: number;
  eventPlans: EventPlan[];
  /** per event, the body of its action function */
  eventFns: string[];
  eventsInfo: NamedText[];
}

/** A condition as a crossing expression (zero where it starts to hold). */
function crossing(s: Scope, entry: string, text: unknown): Expr {
  const expr = s.parse(entry, text);
  const g = crossingOf(expr);
  if (!g) s.fail(entry, `a condition must be one comparison such as "c >= 3" or "margin < 0", got "${text}"`);
  return g;
}

/** Compile milestones, events and the caps' crossings (`capValueSlots`: the p slots of the caps). */
export function compileCrossings(s: Scope, L: StateLayout, capValueSlots: number[]): CrossingsPlan {
  const crossExprs: TrajectoryItem[] = [];
  const milestoneStop: boolean[] = [];
  s.milestones.forEach((m, i) => {
    const spec = s.raw.milestones[m];
    const when = typeof spec === "string" ? spec : (spec as Raw).when;
    milestoneStop.push(typeof spec === "object" && (spec as Raw).stop === true);
    crossExprs.push({ entry: `milestones.${m}`, expr: crossing(s, `milestones.${m}`, when), target: `g[${i}]` });
  });
  const conditionEventStart = s.milestones.length;
  const events = compileEvents(s, crossExprs, conditionEventStart);
  const capCrossStart = conditionEventStart + events.nCond;
  L.capStates.forEach((i, k) =>
    crossExprs.push({
      entry: `state.${s.states[i]}.max`,
      expr: { k: "sym", name: s.states[i] },
      target: `g[${capCrossStart + k}]`,
      wrap: (code: string) => `${code} - p[${capValueSlots[k]}]`,
    }),
  );
  const cross = trajectoryFunction(s, crossExprs);
  const gSize = capCrossStart + L.capStates.length;
  const { eventPlans, eventFns, eventsInfo } = events;
  return { cross, gSize, milestoneStop, conditionEventStart, capCrossStart, eventPlans, eventFns, eventsInfo };
}

/** Every event; a condition event adds its crossing to `crossExprs` (from g slot `start`). */
function compileEvents(s: Scope, crossExprs: TrajectoryItem[], start: number): Pick<CrossingsPlan, "eventPlans" | "eventFns" | "eventsInfo"> & { nCond: number } {
  const eventPlans: EventPlan[] = [];
  const eventFns: string[] = [];
  const eventsInfo: NamedText[] = [];
  let nCond = 0;
  for (const name of s.events) {
    const entry = `events.${name}`;
    const spec = s.raw.events[name] as Raw;
    const on = String(spec.on).trim();
    let plan = eventTrigger(s, entry, on);
    if (plan === undefined) {
      crossExprs.push({ entry: `${entry}.on`, expr: crossing(s, `${entry}.on`, on), target: `g[${start + nCond}]` });
      plan = { kind: "condition", index: nCond++ };
    }
    const { sets, setExprs } = eventSets(s, entry, spec);
    const hasDuration = spec.for !== undefined;
    if (hasDuration) setExprs.push({ entry: `${entry}.for`, expr: s.parse(`${entry}.for`, spec.for), target: `vals[${sets.length}]` });
    const guard = spec.if !== undefined ? s.parse(`${entry}.if`, spec.if) : ({ k: "num", v: 1 } as Expr);
    eventFns.push(trajectoryFunction(s, setExprs, `${entry}.if`, guard));
    eventPlans.push({ name, on: plan, sets, hasDuration });
    // the whole rule, as describe prints it: "detected_warning if lab_choice < p_comply: growth_factor = 1 - brake_strength for brake_years"
    const set = Object.entries((spec.set ?? {}) as Record<string, unknown>).map(([k, v]) => `${k} = ${String(v)}`);
    const rule = `${on}${spec.if !== undefined ? ` if ${String(spec.if)}` : ""}${set.length ? `: ${set.join(", ")}` : ""}${hasDuration ? ` for ${String(spec.for)}` : ""}`;
    eventsInfo.push({ name, text: rule, unit: "", description: spec.description ?? "" });
  }
  return { eventPlans, eventFns, eventsInfo, nCond };
}

/** An event on a hazard or a milestone; undefined for a condition, an error for a name that is neither. */
function eventTrigger(s: Scope, entry: string, on: string): EventPlan["on"] | undefined {
  const section = s.names.get(on);
  if (section === "hazard") return { kind: "hazard", index: s.hazards.findIndex((h) => h.name === on) };
  if (section === "milestone") return { kind: "milestone", index: s.milestones.indexOf(on) };
  if (IDENT.test(on)) {
    const hint = didYouMean(on, [...s.hazards.map((h) => h.name), ...s.milestones]);
    s.fail(`${entry}.on`, `"${on}" is not a hazard or milestone${hint ? ` (did you mean "${hint}"?)` : ""}; give a hazard, a milestone or a condition such as "c >= 3"`);
  }
  return undefined;
}

/** The regime variables an event sets (their r slots) and the values' expressions, in order. */
function eventSets(s: Scope, entry: string, spec: Raw): { sets: number[]; setExprs: TrajectoryItem[] } {
  const sets: number[] = [];
  const setExprs: TrajectoryItem[] = [];
  for (const [key, value] of Object.entries(spec.set as Raw)) {
    const ri = s.regimes.indexOf(key);
    if (ri < 0) {
      const hint = didYouMean(key, s.regimes);
      const what = s.names.get(key);
      s.fail(
        `${entry}.set.${key}`,
        what
          ? `"${key}" is ${aKind(what)}; an event can only set regime variables (declare it under regimes)`
          : `unknown regime variable "${key}"${hint ? ` (did you mean "${hint}"?)` : ""}`,
      );
    }
    setExprs.push({ entry: `${entry}.set.${key}`, expr: s.parse(`${entry}.set.${key}`, value), target: `vals[${sets.length}]` });
    sets.push(ri);
  }
  return { sets, setExprs };
}
