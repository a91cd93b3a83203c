/**
 * Node's Math functions in the browser. V8 in Node 20 computes Math.exp,
 * Math.log, Math.log1p and Math.expm1 with ports of fdlibm; recent
 * Chromium computes them otherwise, and their results differ in the last
 * bit for a few per cent of arguments, which an adaptive integrator turns
 * into differences in the 10th digit of an output. The page's threads use
 * rsi-sim's ports of the same fdlibm routines (src/core/libm.ts), which
 * give Node's results bit for bit (test/libm.test.ts checks them on a
 * million arguments each), so the page's numbers are the CLI's. main.ts imports
 * libm-install.ts first, so that they are in place before any other module
 * computes a constant.
 */
import { exp, expm1, log, log1p } from "../../src/core/libm.js";

export const NODE_LIBM = { exp, log, log1p, expm1 } as Record<string, (x: number) => number>;

/** Put Node's functions in place of the browser's, on this thread's Math. */
export function useNodeLibm(): void {
  for (const [name, f] of Object.entries(NODE_LIBM)) Object.defineProperty(Math, name, { value: f, writable: true, configurable: true });
}
