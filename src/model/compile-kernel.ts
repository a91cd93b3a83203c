/**
 * Code generation of the kernel: the compiled parts put together as the
 * source of a handful of plain JS closures (per-draw constants, initial
 * values, right-hand side, the right-hand side with the peaks' and troughs'
 * observations, crossings, observations, event actions, outputs),
 * and the kernel made from that source.
 */
import { HELPERS } from "./expr.js";
import type { ModelKernel } from "./types.js";

/** The bodies of the kernel's functions, as the compiler's steps made them. */
export interface KernelParts {
  staticLines: string[];
  initialLines: string[];
  rhs: string;
  rhsObserve: string;
  rhsObserveSlots: number[];
  cross: string;
  observeOne: string[];
  observeReads: number[][];
  eventFns: string[];
  outputCode: string[];
}

/**
 * The kernel's source text: a function body returning the closures.
 *
 * The hot closures come in two forms on one body each. The engine's
 * (rhsAt, rhsObserveAt, crossAt, observeAt) take the time in io[0] of a
 * Float64Array and observeAt hands its value back in io[1]: a number passed
 * to or returned from a call that is not inlined is a heap object in V8, so
 * that a time argument allocated at every call. The plain forms (rhs,
 * rhsObserve, cross, observeOne: time as an argument, the value returned)
 * call them through a scratch array of their own; both run the same code on
 * the same numbers, so they give the same bits.
 */
export function kernelSource(k: KernelParts): string {
  return [
    '"use strict";',
    HELPERS,
    "const $io0 = new Float64Array(2);",
    `const staticDerived = function (p) {\n  ${k.staticLines.join("\n  ")}\n};`,
    `const initial = function (p, y, r) {\n  ${k.initialLines.join("\n  ")}\n};`,
    `const rhsAt = function ($io, y, p, r, dy) {\n  const t = $io[0];\n${k.rhs}\n};`,
    "const rhs = function (t, y, p, r, dy) {\n  $io0[0] = t;\n  rhsAt($io0, y, p, r, dy);\n};",
    `const rhsObserveAt = function ($io, y, p, r, dy, obs) {\n  const t = $io[0];\n${k.rhsObserve}\n};`,
    "const rhsObserve = function (t, y, p, r, dy, obs) {\n  $io0[0] = t;\n  rhsObserveAt($io0, y, p, r, dy, obs);\n};",
    `const rhsObserveSlots = ${JSON.stringify(k.rhsObserveSlots)};`,
    `const crossAt = function ($io, y, p, r, g) {\n  const t = $io[0];\n${k.cross}\n};`,
    "const cross = function (t, y, p, r, g) {\n  $io0[0] = t;\n  crossAt($io0, y, p, r, g);\n};",
    `const observeAt = [${k.observeOne.map((f) => `function ($io, y, p, r) {\n  const t = $io[0];\n${f}\n  $io[1] = value;\n}`).join(",\n")}];`,
    "const observeOne = observeAt.map((f) => function (t, y, p, r) {\n  $io0[0] = t;\n  f($io0, y, p, r);\n  return $io0[1];\n});",
    `const observeReads = ${JSON.stringify(k.observeReads)};`,
    `const events = [${k.eventFns.map((f) => `function (t, y, p, r, vals) {\n${f}\n}`).join(",\n")}];`,
    `const outputs = function (p, T, C, X, A, tEnd, o) {\n  ${k.outputCode.join("\n  ")}\n};`,
    "return { staticDerived, initial, rhs, rhsAt, rhsObserve, rhsObserveAt, rhsObserveSlots, cross, crossAt, observeOne, observeAt, observeReads, events, outputs };",
  ].join("\n");
}

/** The kernel: its closures, made from the generated source, and the source. */
export function buildKernel(k: KernelParts): ModelKernel {
  const source = kernelSource(k);
  return { ...(new Function(source)() as Omit<ModelKernel, "source">), source };
}
