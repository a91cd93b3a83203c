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

/** The kernel's source text: a function body returning the closures. */
export function kernelSource(k: KernelParts): string {
  return [
    '"use strict";',
    HELPERS,
    `const staticDerived = function (p) {\n  ${k.staticLines.join("\n  ")}\n};`,
    `const initial = function (p, y, r) {\n  ${k.initialLines.join("\n  ")}\n};`,
    `const rhs = function (t, y, p, r, dy) {\n${k.rhs}\n};`,
    `const rhsObserve = function (t, y, p, r, dy, obs) {\n${k.rhsObserve}\n};`,
    `const rhsObserveSlots = ${JSON.stringify(k.rhsObserveSlots)};`,
    `const cross = function (t, y, p, r, g) {\n${k.cross}\n};`,
    `const observeOne = [${k.observeOne.map((f) => `function (t, y, p, r) {\n${f}\n}`).join(",\n")}];`,
    `const observeReads = ${JSON.stringify(k.observeReads)};`,
    `const events = [${k.eventFns.map((f) => `function (t, y, p, r, vals) {\n${f}\n}`).join(",\n")}];`,
    `const outputs = function (p, T, C, X, A, tEnd, o, H) {\n  ${k.outputCode.join("\n  ")}\n};`,
    "return { staticDerived, initial, rhs, rhsObserve, rhsObserveSlots, cross, observeOne, observeReads, events, outputs };",
  ].join("\n");
}

/** The kernel: its closures, made from the generated source, and the source. */
export function buildKernel(k: KernelParts): ModelKernel {
  const source = kernelSource(k);
  return { ...(new Function(source)() as Omit<ModelKernel, "source">), source };
}
