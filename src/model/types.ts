import type { Distribution } from "./distributions.js";

/** One model parameter after loading: a fixed number or a prior. */
export interface ParameterInfo {
  name: string;
  index: number;
  /** fixed value, when the parameter has no prior */
  value?: number;
  /** prior, when uncertain */
  prior?: Distribution;
  /** the prior's text for docs, describe and --help: the model file's, with its min/max/positive truncation ("normal(0, 1) in [0, inf]") */
  priorText?: string;
  /** allowed range (the model's min/max): priors are truncated to it, flags are checked against it */
  bounds?: [number, number];
  /** `positive: true`: the lower bound (0) is exclusive, so a value must be above it */
  openMin?: boolean;
  unit: string;
  description: string;
  source: string;
}

/**
 * One chance variable: a number drawn afresh in each draw (each world) from
 * a fixed distribution, such as which way the labs go. Not an uncertain
 * parameter: no flag, no sensitivity factor; usable in expressions like one.
 */
export interface ChanceInfo {
  name: string;
  /** p slot (after the parameters) */
  index: number;
  dist: Distribution;
  /** the text the model file gave */
  text: string;
  unit: string;
  description: string;
  source: string;
}

/** Rank correlation between two parameters, as declared. */
export interface CorrelationInfo {
  between: [string, string];
  rank: number;
  why: string;
}

export type OutputKind = "binary" | "continuous";

/** One output of a model: its name, kind (binary or continuous), unit and meaning. */
export interface OutputInfo {
  name: string;
  index: number;
  kind: OutputKind;
  unit: string;
  description: string;
  headline: boolean;
  text: string;
  /**
   * The inputs that leave the output undefined when they are NaN: time-table
   * entries (milestones, events, first()), at() and window_gain()
   * accumulators, other outputs. A NaN output none of whose inputs is
   * undefined is a domain error of its expression (ln of a negative number, 0/0).
   */
  undefinedBy: { T: number[]; A: number[]; o: number[] };
  /**
   * The output's comparisons "date by c" (a milestone, event or hazard time
   * T ≤ c or T < c, c constant in the draw): the date's name, c where it is
   * a number, and where c is an expression of parameters (by null) the p
   * slot that holds it in each draw. A c past the run's horizon cannot be
   * answered: the output is undefined in every draw of the run (a number c)
   * or in each draw whose c is past it (slot).
   */
  datesBy: { date: string; by: number | null; slot?: number }[];
}

export interface NamedText {
  name: string;
  text: string;
  unit: string;
  description: string;
}

export interface HazardInfo {
  name: string;
  rate: string;
  terminal: boolean;
  trigger: number;
  description: string;
}

export interface SeriesInfo {
  name: string;
  text: string;
  unit: string;
  description: string;
  range: [number, number];
  bins: number;
}

/** Integrator settings, from the model's `solver` entry with defaults. */
export interface SolverSettings {
  rtol: number;
  atol: number;
  maxSteps: number;
  maxStep: number;
}

/** Generated closures: the compiled model's numerical core (see compile.ts). */
export interface ModelKernel {
  staticDerived(p: Float64Array): void;
  initial(p: Float64Array, y: Float64Array, r: Float64Array): void;
  rhs(t: number, y: Float64Array, p: Float64Array, r: Float64Array, dy: Float64Array): void;
  cross(t: number, y: Float64Array, p: Float64Array, r: Float64Array, g: Float64Array): void;
  /**
   * rhs, and besides the peaks' and troughs' observed quantities at the same
   * point into obs (obs[k] for observe slot rhsObserveSlots[k]), sharing the
   * derived quantities both need: bit for bit what rhs and observeOne give
   * (the same generated code on the same arguments). The engine calls it for
   * the last stage of a step, f(t + h, y1), whose point is the accepted
   * step's end, where peak() and trough() read their quantity.
   */
  rhsObserve(t: number, y: Float64Array, p: Float64Array, r: Float64Array, dy: Float64Array, obs: Float64Array): void;
  /** the observe slots rhsObserve writes, in order */
  rhsObserveSlots: number[];
  /** one observed quantity (an accumulator's or a series' expression) per slot */
  observeOne: Array<(t: number, y: Float64Array, p: Float64Array, r: Float64Array) => number>;
  /**
   * per observe slot, the state components its function reads (ascending), so
   * that the engine evaluates the dense output of those alone; absent, all
   */
  observeReads?: number[][];
  /** per event: writes new regime values (and the duration last) into vals, returns the guard */
  events: Array<(t: number, y: Float64Array, p: Float64Array, r: Float64Array, vals: Float64Array) => number>;
  outputs(
    p: Float64Array,
    T: Float64Array,
    C: Float64Array,
    X: Float64Array,
    A: Float64Array,
    tEnd: number,
    o: Float64Array,
    /** the run's horizon: a draw with tEnd < H ended early (a terminal hazard, a stop) */
    H: number,
  ): void;
  /** the generated JavaScript, for inspection and tests */
  source: string;
}

/** What the engine needs to know about one event. */
export interface EventPlan {
  name: string;
  /** "hazard" | "milestone" | "condition" */
  on: { kind: "hazard" | "milestone" | "condition"; index: number };
  /** regime slots written, in the order of the values the kernel writes */
  sets: number[];
  hasDuration: boolean;
}

export interface AccumulatorPlan {
  kind: "peak" | "trough" | "final" | "at" | "window" | "integral";
  /** slot in kernel.observeOne, or the hidden state index for integrals */
  slot: number;
  /** for "at": the time-table index it is taken at; for "window": the window length expression's static slot */
  at?: number;
  window?: number;
}

/** A model ready to simulate. */
export interface CompiledModel {
  name: string;
  title: string;
  description: string;
  file: string;
  sha256: string;
  source: string;
  time: { start: number; horizon: number; unit: string; recordEvery: number };
  solver: SolverSettings;
  parameters: ParameterInfo[];
  /** chance variables, in file order (p slots after the parameters') */
  chance: ChanceInfo[];
  correlations: CorrelationInfo[];
  derived: NamedText[];
  states: NamedText[];
  rates: NamedText[];
  regimes: NamedText[];
  hazards: HazardInfo[];
  milestones: NamedText[];
  eventsInfo: NamedText[];
  series: SeriesInfo[];
  outputs: OutputInfo[];
  layout: {
    /** parameters then static derived */
    pSize: number;
    /** user states, hidden integral states, hazard cumulative states */
    yUser: number;
    ySize: number;
    hazardStart: number;
    /** regime variables then cap flags */
    rSize: number;
    capStart: number;
    capStates: number[];
    /** p slots holding each cap's value */
    capValueSlots: number[];
    /** crossing functions: milestones, condition events, caps */
    gSize: number;
    milestoneStop: boolean[];
    conditionEventStart: number;
    capCrossStart: number;
    /** time table: milestones, events, hazard triggers, hazard first events */
    tSize: number;
    vSize: number;
    /** first observe slot used by series */
    seriesStart: number;
    /** number of uniforms each draw consumes: one per parameter and chance variable, one per hazard event */
    uniformsPerDraw: number;
    /**
     * per p slot of a parameter or chance variable (0 … parameters + chance − 1),
     * the index of its uniform among the draw's first ones; hazard thresholds follow
     */
    uniformOf: number[];
  };
  eventPlans: EventPlan[];
  accumulators: AccumulatorPlan[];
  kernel: ModelKernel;
}
