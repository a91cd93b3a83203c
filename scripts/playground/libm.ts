/**
 * Node's Math functions in the browser. V8 in Node 20 computes Math.exp,
 * Math.log, Math.log1p and Math.expm1 with ports of fdlibm; recent
 * Chromium computes them otherwise, and their results differ in the last
 * bit for a few per cent of arguments, which an adaptive integrator turns
 * into differences in the 10th digit of an output. The page's threads use
 * @stdlib's ports of the same fdlibm routines, which give Node's results
 * bit for bit (test/playground.test.ts checks them on 400,000 arguments
 * each), so the page's numbers are the CLI's. main.ts imports
 * libm-install.ts first, so that they are in place before any other module
 * computes a constant.
 */
import exp from "@stdlib/math-base-special-exp";
import ln from "@stdlib/math-base-special-ln";
import log1p from "@stdlib/math-base-special-log1p";
import expm1 from "@stdlib/math-base-special-expm1";

export const NODE_LIBM = { exp, log: ln, log1p, expm1 } as Record<string, (x: number) => number>;

/** Put Node's functions in place of the browser's, on this thread's Math. */
export function useNodeLibm(): void {
  for (const [name, f] of Object.entries(NODE_LIBM)) Object.defineProperty(Math, name, { value: f, writable: true, configurable: true });
}
