/**
 * src/core/libm.ts gives Node's Math.exp, Math.log, Math.log1p and
 * Math.expm1 bit for bit (Object.is: the same double, -0 and NaN included),
 * on millions of arguments: every exponent, the branch boundaries of each
 * routine, subnormals, the special values, and uniform draws over the
 * ranges models use. A mistake in a constant or a branch shows as a
 * mismatch in the last bit for some share of arguments.
 */
import { describe, expect, it } from "vitest";
import { exp, expm1, log, log1p } from "../src/core/libm.js";

/** A small seeded generator (xorshift32) for test arguments. */
function rng(seed: number): () => number {
  let s = seed >>> 0 || 1;
  return () => {
    s ^= s << 13;
    s >>>= 0;
    s ^= s >>> 17;
    s ^= s << 5;
    s >>>= 0;
    return s;
  };
}

const F = new Float64Array(1);
const U = new Uint32Array(F.buffer);

/** The double with these two words. */
function fromWords(hi: number, lo: number): number {
  U[1] = hi >>> 0;
  U[0] = lo >>> 0;
  return F[0];
}

/** Arguments: random bit patterns (every exponent and sign), uniform draws on ranges, and the neighbours of each boundary. */
function argumentsFor(ranges: [number, number][], boundaries: number[], seed: number, n: number): number[] {
  const next = rng(seed);
  const xs: number[] = [0, -0, Infinity, -Infinity, NaN, Number.MIN_VALUE, -Number.MIN_VALUE, Number.MAX_VALUE, -Number.MAX_VALUE, 1, -1, 0.5, 2];
  for (let i = 0; i < n; i++) xs.push(fromWords(next(), next()));
  for (const [a, b] of ranges) for (let i = 0; i < n; i++) xs.push(a + ((next() + next() / 2 ** 32) / 2 ** 32) * (b - a));
  for (const hiWord of boundaries) {
    for (let d = -64; d <= 64; d++) {
      for (const sign of [0, 0x80000000]) {
        xs.push(fromWords((hiWord | sign) >>> 0, (d * 0x01000001) >>> 0));
        xs.push(fromWords(((hiWord + Math.sign(d)) | sign) >>> 0, next()));
      }
    }
  }
  return xs;
}

/** Arguments where ours and Node's differ (at most 5 shown). */
function mismatches(ours: (x: number) => number, node: (x: number) => number, xs: number[]): string[] {
  const out: string[] = [];
  for (const x of xs) {
    const a = ours(x);
    const b = node(x);
    if (!Object.is(a, b) && out.length < 5) out.push(`${x}: ${a} vs ${b}`);
  }
  return out;
}

const N = 1_000_000;

describe("libm: Node's Math bit for bit", () => {
  it("exp", () => {
    const xs = argumentsFor(
      [[-746, 710], [-2, 2], [-1e-7, 1e-7], [-40, 40]],
      [0x40862e42, 0x3fd62e42, 0x3ff0a2b2, 0x3e300000, 0x40874910, 0x3ff00000],
      1,
      N,
    );
    expect(mismatches(exp, Math.exp, xs)).toEqual([]);
  });

  it("log", () => {
    const xs = argumentsFor(
      [[0, 1e-300], [0, 2], [0.5, 1.5], [1 - 1e-5, 1 + 1e-5], [0, 1e6]],
      [0x00100000, 0x3ff00000, 0x3fefffff, 0x3fe6a09e, 0x3ff6a09e, 0x7fefffff, 0x00000001],
      2,
      N,
    );
    expect(mismatches(log, Math.log, xs)).toEqual([]);
  });

  it("log1p", () => {
    const xs = argumentsFor(
      [[-1, 1], [-0.3, 0.42], [-1e-8, 1e-8], [0, 1e20], [-1, -0.999]],
      [0x3fda827a, 0xbfd2bec4, 0xbfd2bec3, 0x3e200000, 0x3c900000, 0x43400000, 0x3ff00000, 0x3fe6a09e],
      3,
      N,
    );
    expect(mismatches(log1p, Math.log1p, xs)).toEqual([]);
  });

  it("expm1", () => {
    const xs = argumentsFor(
      [[-40, 710], [-1, 1], [-1e-9, 1e-9], [-0.35, 0.35], [-45, 45]],
      [0x4043687a, 0x40862e42, 0x3fd62e42, 0x3ff0a2b2, 0x3c900000, 0x40340000, 0x404c0000],
      4,
      N,
    );
    expect(mismatches(expm1, Math.expm1, xs)).toEqual([]);
  });

  it("the special values are IEEE's", () => {
    expect(exp(-Infinity)).toBe(0);
    expect(exp(Infinity)).toBe(Infinity);
    expect(exp(1000)).toBe(Infinity);
    expect(log(0)).toBe(-Infinity);
    expect(log(-1)).toBeNaN();
    expect(log1p(-1)).toBe(-Infinity);
    expect(Object.is(log1p(-0), -0)).toBe(true);
    expect(expm1(-Infinity)).toBe(-1);
    expect(Object.is(expm1(-0), -0)).toBe(true);
  });
});
