/**
 * exp, log, log1p and expm1 exactly as Node computes them: ports of the
 * fdlibm routines (FreeBSD's msun versions) that V8 compiles into Node 20's
 * Math.exp, Math.log, Math.log1p and Math.expm1.
 *
 * Why: a browser's Math may compute these otherwise, differing in the last
 * bit for a few per cent of arguments, which an adaptive integrator turns
 * into differences in the 10th digit of an output. Where rsi-sim runs in a
 * browser (the playground) it uses these functions, so that its numbers are
 * the CLI's bit for bit; test/libm.test.ts checks them against Node's Math
 * on millions of arguments.
 *
 * The algorithms and constants are fdlibm's, under this notice:
 * Copyright (C) 1993 by Sun Microsystems, Inc. All rights reserved.
 * Developed at SunSoft, a Sun Microsystems, Inc. business.
 * Permission to use, copy, modify, and distribute this software is freely
 * granted, provided that this notice is preserved.
 *
 * @example
 * import { exp, log } from "./libm.js";
 * exp(1) === Math.exp(1); // true
 * log(10) === Math.log(10); // true
 */

// the two 32-bit words of a double (little-endian: [low, high])
const F64 = new Float64Array(1);
const U32 = new Uint32Array(F64.buffer);
const I32 = new Int32Array(F64.buffer);

/** The high word of x as a signed 32-bit integer. */
function high(x: number): number {
  F64[0] = x;
  return I32[1];
}
/** The low word of x, unsigned. */
function low(x: number): number {
  F64[0] = x;
  return U32[0];
}
/** x with its high word replaced. */
function withHigh(x: number, hi: number): number {
  F64[0] = x;
  I32[1] = hi;
  return F64[0];
}
/** The double whose high word is hi and low word 0. */
function fromHigh(hi: number): number {
  U32[0] = 0;
  I32[1] = hi;
  return F64[0];
}

const LN2_HI = 6.93147180369123816490e-1; // 0x3fe62e42 0xfee00000
const LN2_LO = 1.90821492927058770002e-10; // 0x3dea39ef 0x35793c76
const INV_LN2 = 1.44269504088896338700e0; // 0x3ff71547 0x652b82fe
const TWO54 = 1.80143985094819840000e16;
const HUGE = 1.0e300;
const TWOM1000 = 9.33263618503218878990e-302; // 2^-1000
const TWO1023 = 8.98846567431157953865e307; // 2^1023
const O_THRESHOLD = 7.09782712893383973096e2;
const U_THRESHOLD = -7.45133219101941108420e2;

// exp's polynomial on [0, 0.34658]
const P1 = 1.66666666666666019037e-1;
const P2 = -2.77777777770155933842e-3;
const P3 = 6.61375632143793436117e-5;
const P4 = -1.65339022054652515390e-6;
const P5 = 4.13813679705723846039e-8;

/** e^x (fdlibm e_exp.c). */
export function exp(x: number): number {
  let hx = high(x);
  const xsb = (hx >>> 31) & 1;
  hx &= 0x7fffffff;
  if (hx >= 0x40862e42) {
    // |x| >= 709.78...
    if (hx >= 0x7ff00000) {
      if (((hx & 0xfffff) | low(x)) !== 0) return x + x; // NaN
      return xsb === 0 ? x : 0; // exp(+inf) = inf, exp(-inf) = 0
    }
    if (x > O_THRESHOLD) return HUGE * HUGE; // overflow
    if (x < U_THRESHOLD) return TWOM1000 * TWOM1000; // underflow
  }
  let hi = 0;
  let lo = 0;
  let k = 0;
  if (hx > 0x3fd62e42) {
    // |x| > 0.5 ln2: x = k ln2 + r, |r| <= 0.5 ln2
    if (hx < 0x3ff0a2b2) {
      // and |x| < 1.5 ln2; V8 returns e itself for exp(1), which the reduction gets wrong in the last bit
      if (x === 1) return Math.E;
      hi = xsb === 0 ? x - LN2_HI : x + LN2_HI;
      lo = xsb === 0 ? LN2_LO : -LN2_LO;
      k = 1 - xsb - xsb;
    } else {
      k = (INV_LN2 * x + (xsb === 0 ? 0.5 : -0.5)) | 0;
      hi = x - k * LN2_HI; // exact
      lo = k * LN2_LO;
    }
    x = hi - lo;
  } else if (hx < 0x3e300000) {
    // |x| < 2^-28
    return 1 + x;
  }
  const t = x * x;
  const twopk = k >= -1021 ? fromHigh(0x3ff00000 + (k << 20)) : fromHigh(0x3ff00000 + ((k + 1000) << 20));
  const c = x - t * (P1 + t * (P2 + t * (P3 + t * (P4 + t * P5))));
  if (k === 0) return 1 - ((x * c) / (c - 2) - x);
  const y = 1 - (lo - (x * c) / (2 - c) - hi);
  if (k >= -1021) return k === 1024 ? y * 2 * TWO1023 : y * twopk;
  return y * twopk * TWOM1000;
}

// log's and log1p's polynomial on [0, 0.1716]
const LG1 = 6.666666666666735130e-1;
const LG2 = 3.999999999940941908e-1;
const LG3 = 2.857142874366239149e-1;
const LG4 = 2.222219843214978396e-1;
const LG5 = 1.818357216161805012e-1;
const LG6 = 1.531383769920937332e-1;
const LG7 = 1.479819860511658591e-1;

/** The natural logarithm (fdlibm e_log.c). */
export function log(x: number): number {
  let hx = high(x);
  const lx = low(x);
  let k = 0;
  if (hx < 0x00100000) {
    // x < 2^-1022
    if (((hx & 0x7fffffff) | lx) === 0) return -Infinity; // log(±0)
    if (hx < 0) return NaN; // log(negative)
    k -= 54;
    x *= TWO54; // subnormal: scale up
    hx = high(x);
  }
  if (hx >= 0x7ff00000) return x + x;
  k += (hx >> 20) - 1023;
  hx &= 0x000fffff;
  let i = (hx + 0x95f64) & 0x100000;
  x = withHigh(x, hx | (i ^ 0x3ff00000)); // normalise x or x/2
  k += i >> 20;
  const f = x - 1;
  if ((0x000fffff & (2 + hx)) < 3) {
    // -2^-20 <= f < 2^-20
    if (f === 0) return k === 0 ? 0 : k * LN2_HI + k * LN2_LO;
    const R = f * f * (0.5 - 0.33333333333333333 * f);
    return k === 0 ? f - R : k * LN2_HI - (R - k * LN2_LO - f);
  }
  const s = f / (2 + f);
  const dk = k;
  const z = s * s;
  i = hx - 0x6147a;
  const w = z * z;
  const j = 0x6b851 - hx;
  const t1 = w * (LG2 + w * (LG4 + w * LG6));
  const t2 = z * (LG1 + w * (LG3 + w * (LG5 + w * LG7)));
  i |= j;
  const R = t2 + t1;
  if (i > 0) {
    const hfsq = 0.5 * f * f;
    return k === 0 ? f - (hfsq - s * (hfsq + R)) : dk * LN2_HI - (hfsq - (s * (hfsq + R) + dk * LN2_LO) - f);
  }
  return k === 0 ? f - s * (f - R) : dk * LN2_HI - (s * (f - R) - dk * LN2_LO - f);
}

/** log(1 + x), accurate for small x (fdlibm s_log1p.c). */
export function log1p(x: number): number {
  const hx = high(x);
  const ax = hx & 0x7fffffff;
  let k = 1;
  let f = 0;
  let hu = 0;
  let c = 0;
  if (hx < 0x3fda827a) {
    // 1 + x < sqrt(2)+
    if (ax >= 0x3ff00000) {
      // x <= -1
      return x === -1 ? -Infinity : NaN;
    }
    if (ax < 0x3e200000) {
      // |x| < 2^-29
      return ax < 0x3c900000 ? x : x - x * x * 0.5;
    }
    if (hx > 0 || hx <= (0xbfd2bec4 | 0)) {
      // sqrt(2)/2- <= 1 + x < sqrt(2)+
      k = 0;
      f = x;
      hu = 1;
    }
  }
  if (hx >= 0x7ff00000) return x + x;
  if (k !== 0) {
    let u: number;
    if (hx < 0x43400000) {
      u = 1 + x;
      hu = high(u);
      k = (hu >> 20) - 1023;
      c = k > 0 ? 1 - (u - x) : x - (u - 1); // correction term
      c /= u;
    } else {
      u = x;
      hu = high(u);
      k = (hu >> 20) - 1023;
      c = 0;
    }
    hu &= 0x000fffff;
    if (hu < 0x6a09e) {
      u = withHigh(u, hu | 0x3ff00000); // normalise u
    } else {
      k += 1;
      u = withHigh(u, hu | 0x3fe00000); // normalise u/2
      hu = (0x00100000 - hu) >> 2;
    }
    f = u - 1;
  }
  const hfsq = 0.5 * f * f;
  if (hu === 0) {
    // |f| < 2^-20
    if (f === 0) {
      if (k === 0) return 0;
      c += k * LN2_LO;
      return k * LN2_HI + c;
    }
    const R = hfsq * (1 - 0.66666666666666666 * f);
    return k === 0 ? f - R : k * LN2_HI - (R - (k * LN2_LO + c) - f);
  }
  const s = f / (2 + f);
  const z = s * s;
  const R = z * (LG1 + z * (LG2 + z * (LG3 + z * (LG4 + z * (LG5 + z * (LG6 + z * LG7))))));
  return k === 0 ? f - (hfsq - s * (hfsq + R)) : k * LN2_HI - (hfsq - (s * (hfsq + R) + (k * LN2_LO + c)) - f);
}

// expm1's scaled polynomial
const Q1 = -3.33333333333331316428e-2;
const Q2 = 1.58730158725481460165e-3;
const Q3 = -7.93650757867487942473e-5;
const Q4 = 4.00821782732936239552e-6;
const Q5 = -2.01099218183624371326e-7;

/** e^x − 1, accurate for small x (fdlibm s_expm1.c). */
export function expm1(x: number): number {
  let hx = high(x);
  const xsb = hx & 0x80000000;
  hx &= 0x7fffffff;
  if (hx >= 0x4043687a) {
    // |x| >= 56 ln2
    if (hx >= 0x40862e42) {
      // |x| >= 709.78...
      if (hx >= 0x7ff00000) {
        if (((hx & 0xfffff) | low(x)) !== 0) return x + x; // NaN
        return xsb === 0 ? x : -1;
      }
      if (x > O_THRESHOLD) return HUGE * HUGE; // overflow
    }
    if (xsb !== 0) return -1; // x < -56 ln2
  }
  let k = 0;
  let c = 0;
  if (hx > 0x3fd62e42) {
    // |x| > 0.5 ln2
    let hi: number;
    let lo: number;
    if (hx < 0x3ff0a2b2) {
      // and |x| < 1.5 ln2
      if (xsb === 0) {
        hi = x - LN2_HI;
        lo = LN2_LO;
        k = 1;
      } else {
        hi = x + LN2_HI;
        lo = -LN2_LO;
        k = -1;
      }
    } else {
      k = (INV_LN2 * x + (xsb === 0 ? 0.5 : -0.5)) | 0;
      hi = x - k * LN2_HI; // exact
      lo = k * LN2_LO;
    }
    x = hi - lo;
    c = hi - x - lo;
  } else if (hx < 0x3c900000) {
    // |x| < 2^-54
    return x;
  }
  return expm1Reduced(x, k, c);
}

/** expm1's last part: e^(k ln2 + x) − 1 with |x| <= 0.5 ln2 and c the reduction's correction. */
function expm1Reduced(x: number, k: number, c: number): number {
  const hfx = 0.5 * x;
  const hxs = x * hfx;
  const r1 = 1 + hxs * (Q1 + hxs * (Q2 + hxs * (Q3 + hxs * (Q4 + hxs * Q5))));
  let t = 3 - r1 * hfx;
  let e = hxs * ((r1 - t) / (6 - x * t));
  if (k === 0) return x - (x * e - hxs); // c is 0
  const twopk = fromHigh(0x3ff00000 + (k << 20));
  e = x * (e - c) - c;
  e -= hxs;
  if (k === -1) return 0.5 * (x - e) - 0.5;
  if (k === 1) return x < -0.25 ? -2 * (e - (x + 0.5)) : 1 + 2 * (x - e);
  if (k <= -2 || k > 56) {
    // exp(x) - 1 is enough
    let y = 1 - (e - x);
    y = k === 1024 ? y * 2 * TWO1023 : y * twopk;
    return y - 1;
  }
  let y: number;
  if (k < 20) {
    t = fromHigh(0x3ff00000 - (0x200000 >> k)); // 1 - 2^-k
    y = t - (e - x);
  } else {
    t = fromHigh((0x3ff - k) << 20); // 2^-k
    y = x - (e + t);
    y += 1;
  }
  return y * twopk;
}
