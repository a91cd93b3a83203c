/**
 * The compiler's scope: the names a model declares (and the names it may
 * not), what has been compiled so far (parameters, derived quantities, the
 * per-draw constants in p), and the errors that name a model entry. Every
 * step of the compiler (compile-model.ts) reads and extends one Scope.
 */
import { didYouMean } from "../core/suggest.js";
import { withArticle } from "../core/printable.js";
import { ModelError } from "../core/errors.js";
import { CONSTANTS, EmitError, FUNCTIONS, emit, parseExpr, type EmitContext, type Expr } from "./expr.js";
import type { ChanceInfo, HazardInfo, ParameterInfo } from "./types.js";

/** A model file's parsed YAML (checked against the schema): a plain mapping. */
export type Raw = Record<string, any>;

export type Section = "parameter" | "chance variable" | "derived" | "state" | "regime" | "hazard" | "milestone" | "event" | "output";

/** A section's kind as a noun with its article, for messages: "a derived quantity", "an output". */
export function aKind(section: Section): string {
  const noun = section === "derived" ? "derived quantity" : section === "state" ? "state variable" : section === "regime" ? "regime variable" : section;
  return withArticle(noun);
}

/** Names a model may not use for its own quantities. */
export const SPECIAL_FUNCTIONS = ["count", "expected", "first", "reached", "peak", "trough", "final", "integral", "at", "window_gain"];
const RESERVED = new Set(["t", "t_end", ...Object.keys(FUNCTIONS), ...Object.keys(CONSTANTS), ...SPECIAL_FUNCTIONS, "mod", "and", "or", "not", "true", "false"]);
export const IDENT = /^[A-Za-z_][A-Za-z0-9_]*$/;
/** Names JS objects already have ("constructor", "__proto__", "toString", …) and "prototype": never a model's names. */
export const OBJECT_NAMES = new Set([...Object.getOwnPropertyNames(Object.prototype), "prototype"]);

/** Why a name is reserved, for the error message. */
function reservedWhy(name: string): string {
  if (name === "t" || name === "t_end") return "the model time";
  if (Object.hasOwn(FUNCTIONS, name) || SPECIAL_FUNCTIONS.includes(name)) return "a built-in function";
  if (Object.hasOwn(CONSTANTS, name)) return "a built-in constant";
  if (OBJECT_NAMES.has(name)) return "a name JavaScript objects already have";
  return "an operator or keyword";
}

export interface DerivedEntry {
  name: string;
  expr: Expr;
  text: string;
  unit: string;
  description: string;
  isStatic: boolean;
  slot: number; // p slot when static
  order: number;
}

export class Scope {
  readonly names = new Map<string, Section>();
  readonly params: ParameterInfo[] = [];
  readonly chance: ChanceInfo[] = [];
  readonly derived = new Map<string, DerivedEntry>();
  readonly derivedOrder: DerivedEntry[] = [];
  states: string[] = [];
  regimes: string[] = [];
  hazards: HazardInfo[] = [];
  milestones: string[] = [];
  events: string[] = [];
  outputs: string[] = [];
  /** p slots in use: parameters, chance variables, then per-draw constants as they are made */
  pSize = 0;
  /** the per-draw constants' code (the kernel's staticDerived), one assignment per p slot */
  readonly staticLines: string[] = [];
  /** Per-draw constants already hoisted out of trajectory expressions: expression key → p slot. */
  readonly hoisted = new Map<string, number>();

  constructor(
    readonly raw: Raw,
    readonly file: string,
  ) {}

  fail(entry: string, detail: string): never {
    throw new ModelError(this.file, entry, detail);
  }

  /** A name of a model's own: an identifier, and not one JS objects already have (also for series, which are not declared). */
  checkName(name: string, entry: string): void {
    if (!IDENT.test(name)) this.fail(entry, `${JSON.stringify(name)} is not a valid name (letters, digits and _, not starting with a digit)`);
    if (OBJECT_NAMES.has(name)) this.fail(entry, `"${name}" is a reserved name (${reservedWhy(name)}); choose another name`);
  }

  declare(section: Section, name: string, entry: string): void {
    this.checkName(name, entry);
    if (RESERVED.has(name)) this.fail(entry, `"${name}" is a reserved name (${reservedWhy(name)}); choose another name`);
    const prev = this.names.get(name);
    if (prev) this.fail(entry, `"${name}" is already declared as a ${prev}`);
    this.names.set(name, section);
  }

  parse(entry: string, text: unknown): Expr {
    const r = parseExpr(text as string | number);
    if (!r.ok) this.fail(entry, r.error);
    return r.expr;
  }

  emitIn(entry: string, e: Expr, ctx: EmitContext, scope: string[], what?: string): string {
    try {
      return emit(e, ctx);
    } catch (err) {
      if (!(err instanceof EmitError)) throw err;
      const m = /^unknown name "(.*)"$/.exec(err.message);
      if (m) this.unknownName(entry, m[1], scope, what);
      const f = /^unknown function "(.*)"$/.exec(err.message);
      if (f) {
        // a function of the language that this place does not allow (final inside final, peak in a rate)
        if (Object.hasOwn(FUNCTIONS, f[1]) || SPECIAL_FUNCTIONS.includes(f[1])) this.fail(entry, `${f[1]}() cannot be used here`);
        const hint = didYouMean(f[1], [...Object.keys(FUNCTIONS), ...SPECIAL_FUNCTIONS]);
        this.fail(entry, `unknown function "${f[1]}"${hint ? ` (did you mean "${hint}"?)` : ""}`);
      }
      this.fail(entry, err.message);
    }
  }

  /** `"x" (a parameter)` or `unknown name "x"`, for messages. */
  what(name: string): string {
    const s = this.names.get(name);
    return s ? `"${name}", ${aKind(s)}` : `unknown name "${name}"`;
  }

  unknownName(entry: string, name: string, scope: string[], what?: string): never {
    const section = this.names.get(name);
    if (section) this.fail(entry, `"${name}" is ${aKind(section)} and cannot be used here${what ? ` (expected ${what})` : ""}`);
    const hint = didYouMean(name, [...new Set([...scope, ...this.names.keys()])]);
    this.fail(entry, `unknown name "${name}"${hint ? ` (did you mean "${hint}"?)` : ""}`);
  }

  /** Emit a per-draw constant into a new p slot (initial values, caps, windows). */
  staticSlot(entry: string, expr: Expr): number {
    const code = this.emitIn(entry, expr, this.staticContext(), this.staticScope(), "a number or an expression of parameters");
    const slot = this.pSize++;
    this.staticLines.push(`p[${slot}] = ${code};`);
    return slot;
  }

  /** The p slot of a parameter or chance variable (the numbers a draw is given), or undefined. */
  drawnSlot(name: string): number | undefined {
    return (this.params.find((q) => q.name === name) ?? this.chance.find((c) => c.name === name))?.index;
  }

  /** Parameters and chance variables: both are given per draw and constant during it. */
  isDrawn(name: string): boolean {
    const section = this.names.get(name);
    return section === "parameter" || section === "chance variable";
  }

  staticScope(): string[] {
    return [...this.params.map((p) => p.name), ...this.chance.map((c) => c.name), ...this.derivedOrder.filter((d) => d.isStatic).map((d) => d.name)];
  }

  staticContext(): EmitContext {
    return {
      symbol: (n) => {
        const slot = this.drawnSlot(n);
        if (slot !== undefined) return `p[${slot}]`;
        const d = this.derived.get(n);
        if (d && d.isStatic) return `p[${d.slot}]`;
        if (d || n === "t" || ["state", "regime"].includes(this.names.get(n) ?? "")) {
          throw new EmitError(`"${n}" changes over time and cannot be used here (only parameters and constant derived quantities)`);
        }
        return undefined;
      },
    };
  }

  trajectoryScope(): string[] {
    return [...this.params.map((p) => p.name), ...this.chance.map((c) => c.name), ...this.derived.keys(), ...Object.keys(this.raw.derived ?? {}), ...this.states, ...this.regimes, "t"];
  }
}
