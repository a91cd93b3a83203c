/**
 * Every @stdlib function rsi-sim uses, gathered in one module.
 *
 * Why one module: these ten functions pull in ~860 small CommonJS files, and
 * reading them one by one was ~0.2 s of every start (the CLI's and each
 * worker thread's). The build (`scripts/bundle-stdlib.mjs`, run by `npm run
 * build`) replaces dist/core/stdlib.js with a single-file bundle of this
 * module made by esbuild: the same code, read from one file. Tests that run
 * from src/ load the packages directly; both give the same functions.
 *
 * @example
 * import { mt19937, normalQuantile } from "./stdlib.js";
 * mt19937.factory({ seed: [1, 0] }).normalized(); // a uniform in [0, 1)
 * normalQuantile(0.975, 0, 1); // 1.959963984540054
 */
import mt19937Package from "@stdlib/random-base-mt19937";

/** A seeded MT19937 generator: `normalized()` gives a uniform in [0, 1). */
export interface Mt19937 {
  normalized(): number;
}

/** @stdlib's 32-bit Mersenne Twister (@stdlib/random's, as its own package): `mt19937.factory({ seed })` makes a seeded generator. */
export const mt19937 = mt19937Package as unknown as { factory(opts: { seed: number | ArrayLike<number> }): Mt19937 };
export { default as normalQuantile } from "@stdlib/stats-base-dists-normal-quantile";
export { default as normalCdf } from "@stdlib/stats-base-dists-normal-cdf";
export { default as lognormalCdf } from "@stdlib/stats-base-dists-lognormal-cdf";
export { default as betaQuantile } from "@stdlib/stats-base-dists-beta-quantile";
export { default as betaCdf } from "@stdlib/stats-base-dists-beta-cdf";
export { default as gammaQuantile } from "@stdlib/stats-base-dists-gamma-quantile";
export { default as gammaCdf } from "@stdlib/stats-base-dists-gamma-cdf";
export { default as triangularQuantile } from "@stdlib/stats-base-dists-triangular-quantile";
export { default as triangularCdf } from "@stdlib/stats-base-dists-triangular-cdf";
