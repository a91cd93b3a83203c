/**
 * The compiler's steps in order, from a schema-checked model mapping to a
 * CompiledModel: time, declarations, parameters and correlations, derived
 * quantities, outputs (whose accumulators add hidden states), initial
 * values, right-hand side, crossings and events, series and observations,
 * then the kernel and the model's description and layout. The order matters:
 * per-draw constants take p slots as each step makes them, and the first
 * error found is the one reported.
 */
import { limitText, MAX_RECORD_TIMES, recordTimeCount, recordTimesText, shortSpanReason } from "./record-times.js";
import { createHash } from "node:crypto";
import { compileDerived } from "./compile-derived.js";
import { compileCrossings, type CrossingsPlan } from "./compile-events.js";
import { buildKernel } from "./compile-kernel.js";
import { compileOutputs } from "./compile-outputs.js";
import { compileChance, uniformOrder } from "./compile-chance.js";
import { compileCorrelations, compileParameters } from "./compile-parameters.js";
import { Scope, type Raw } from "./compile-scope.js";
import { compileObservations, compileSeries } from "./compile-series.js";
import { capStatesOf, compileInitial, compileRhs, hazardsOf, rhsItems, type StateLayout } from "./compile-states.js";
import { trajectoryFunction } from "./compile-trajectory.js";
import type { CompiledModel, NamedText } from "./types.js";

/** Compile a model mapping (already checked against the schema); `text` is the model file's text. */
export function compileRaw(raw: Raw, file: string, text: string): CompiledModel {
  const s = new Scope(raw, file);
  checkTime(s);
  declareAll(s);
  compileParameters(s);
  compileChance(s);
  const correlations = compileCorrelations(s);
  compileDerived(s);
  s.hazards = hazardsOf(raw);
  const capStates = capStatesOf(s);
  const nU = s.states.length;
  const outputs = compileOutputs(s, nU);
  const hazardStart = nU + outputs.integralExprs.length;
  const L: StateLayout = { nU, hazardStart, ySize: hazardStart + s.hazards.length, capStart: s.regimes.length, capStates };
  const initial = compileInitial(s, L);
  const rhs = compileRhs(s, L, outputs.integralExprs);
  const crossings = compileCrossings(s, L, initial.capValueSlots);
  const observeExprs = outputs.observeExprs;
  const { series, seriesStart } = compileSeries(s, observeExprs);
  const { observeOne, observeReads } = compileObservations(s, observeExprs);
  // after the observations: their per-draw constants already have their slots, so the fused body reuses them
  const rhsObserveSlots = [...new Set(outputs.accumulators.filter((a) => a.kind === "peak" || a.kind === "trough").map((a) => a.slot))];
  const rhsObserve = trajectoryFunction(s, [
    ...rhsItems(s, L, outputs.integralExprs),
    ...rhsObserveSlots.map((slot, k) => ({ entry: observeExprs[slot].entry, expr: observeExprs[slot].expr, target: `obs[${k}]` })),
  ]);
  const kernel = buildKernel({
    staticLines: s.staticLines,
    initialLines: initial.lines,
    rhs,
    rhsObserve,
    rhsObserveSlots,
    cross: crossings.cross,
    observeOne,
    observeReads,
    eventFns: crossings.eventFns,
    outputCode: outputs.code,
  });
  return {
    ...modelHeader(s, text),
    parameters: s.params,
    chance: s.chance,
    correlations,
    ...modelTexts(s),
    eventsInfo: crossings.eventsInfo,
    series,
    outputs: outputs.infos,
    layout: modelLayout(s, L, initial.capValueSlots, crossings, observeExprs.length, seriesStart),
    eventPlans: crossings.eventPlans,
    accumulators: outputs.accumulators,
    kernel,
  };
}

/** Where the engine finds things in p, y, r, g, the time table and the observations. */
function modelLayout(s: Scope, L: StateLayout, capValueSlots: number[], crossings: CrossingsPlan, vSize: number, seriesStart: number): CompiledModel["layout"] {
  const nM = s.milestones.length;
  const nE = s.events.length;
  const nH = s.hazards.length;
  return {
    pSize: s.pSize,
    yUser: L.nU,
    ySize: L.ySize,
    hazardStart: L.hazardStart,
    rSize: s.regimes.length + L.capStates.length,
    capStart: L.capStart,
    capStates: L.capStates,
    capValueSlots,
    gSize: crossings.gSize,
    milestoneStop: crossings.milestoneStop,
    conditionEventStart: crossings.conditionEventStart,
    capCrossStart: crossings.capCrossStart,
    tSize: nM + nE + 2 * nH,
    vSize,
    seriesStart,
    uniformsPerDraw: s.params.length + s.chance.length + s.hazards.reduce((sum, h) => sum + h.trigger, 0),
    uniformOf: uniformOrder(s),
  };
}

/** The time section must give a finite span, horizon after start. */
function checkTime(s: Scope): void {
  const time = s.raw.time as Raw;
  if (!Number.isFinite(time.start)) s.fail("time.start", `must be a finite number, got ${time.start}`);
  if (!Number.isFinite(time.horizon)) s.fail("time.horizon", `must be a finite number, got ${time.horizon}`);
  if (!(time.horizon > time.start)) s.fail("time.horizon", `must be after time.start (${time.start}), got ${time.horizon}`);
  const short = shortSpanReason(time.start, time.horizon);
  if (short !== null) s.fail("time.horizon", short);
  const every = time.record_every;
  if (every !== undefined && !(Number.isFinite(every) && every > 0)) s.fail("time.record_every", `must be a positive number, got ${every}`);
  const times = every === undefined ? 0 : recordTimeCount(time.start, time.horizon, every);
  if (times > MAX_RECORD_TIMES) {
    const least = limitText((time.horizon - time.start) / (MAX_RECORD_TIMES - 1), (e) => e > 0 && recordTimeCount(time.start, time.horizon, e) <= MAX_RECORD_TIMES);
    s.fail("time.record_every", `gives ${recordTimesText(times)} record times from ${time.start} to ${time.horizon}; at most ${MAX_RECORD_TIMES} fit (make it at least ${least})`);
  }
}

/** Declare every name of every section (each name once, none reserved), and list each section's names. */
function declareAll(s: Scope): void {
  const raw = s.raw;
  for (const name of Object.keys(raw.parameters)) s.declare("parameter", name, `parameters.${name}`);
  for (const name of Object.keys(raw.chance ?? {})) s.declare("chance variable", name, `chance.${name}`);
  for (const name of Object.keys(raw.derived ?? {})) s.declare("derived", name, `derived.${name}`);
  for (const name of Object.keys(raw.state)) s.declare("state", name, `state.${name}`);
  for (const name of Object.keys(raw.regimes ?? {})) s.declare("regime", name, `regimes.${name}`);
  for (const name of Object.keys(raw.hazards ?? {})) s.declare("hazard", name, `hazards.${name}`);
  for (const name of Object.keys(raw.milestones ?? {})) s.declare("milestone", name, `milestones.${name}`);
  for (const name of Object.keys(raw.events ?? {})) s.declare("event", name, `events.${name}`);
  for (const name of Object.keys(raw.outputs)) s.declare("output", name, `outputs.${name}`);
  s.states = Object.keys(raw.state);
  s.regimes = Object.keys(raw.regimes ?? {});
  s.milestones = Object.keys(raw.milestones ?? {});
  s.events = Object.keys(raw.events ?? {});
  s.outputs = Object.keys(raw.outputs);
}

/** Name, texts, file, time and solver settings (with their defaults). */
function modelHeader(s: Scope, text: string) {
  const raw = s.raw;
  const time = raw.time as Raw;
  const span = time.horizon - time.start;
  const solver = (raw.solver ?? {}) as Raw;
  return {
    name: raw.name,
    title: raw.title ?? raw.name,
    description: raw.description ?? "",
    file: s.file,
    sha256: createHash("sha256").update(text).digest("hex"),
    source: text,
    time: { start: time.start, horizon: time.horizon, unit: time.unit ?? "years", recordEvery: time.record_every ?? span / 50 },
    solver: {
      rtol: solver.rtol ?? 1e-6,
      atol: solver.atol ?? 1e-9,
      maxSteps: solver.max_steps ?? 100_000,
      maxStep: solver.max_step ?? span / 8,
    },
  };
}

/** The texts of derived quantities, states, rates, regimes, hazards and milestones, for descriptions. */
function modelTexts(s: Scope): Pick<CompiledModel, "derived" | "states" | "rates" | "regimes" | "hazards" | "milestones"> {
  const raw = s.raw;
  const state = (name: string, key: "initial" | "rate"): NamedText => {
    const spec = raw.state[name];
    return { name, text: String(spec[key]), unit: spec.unit ?? "", description: spec.description ?? "" };
  };
  return {
    derived: s.derivedOrder.map((d) => ({ name: d.name, text: d.text, unit: d.unit, description: d.description })),
    states: s.states.map((name) => state(name, "initial")),
    rates: s.states.map((name) => state(name, "rate")),
    regimes: s.regimes.map((name) => {
      const spec = raw.regimes[name];
      const obj = typeof spec === "object" && spec !== null ? spec : { initial: spec };
      return { name, text: String(obj.initial), unit: obj.unit ?? "", description: obj.description ?? "" };
    }),
    hazards: s.hazards,
    milestones: s.milestones.map((m) => {
      const spec = raw.milestones[m];
      return typeof spec === "string"
        ? { name: m, text: spec, unit: "", description: "" }
        : { name: m, text: spec.when, unit: "", description: spec.description ?? "" };
    }),
  };
}
