/**
 * The uniform and log-uniform families, with closed-form quantile and CDF.
 */
import { fmt, type Core } from "./prior-types.js";

/** uniform {min, max}; an error message on bad arguments. */
export function uniformCore(p: Record<string, number>): Core | string {
  const { min, max } = p;
  if (!(min < max)) return "min must be below max";
  const width = max - min;
  if (width === Infinity) return `its width max - min would overflow double precision (above ${fmt(Number.MAX_VALUE)}); use a narrower range`;
  // F^-1(u) = min + u (max - min),  F(x) = (x - min)/(max - min) on [min, max]
  return {
    kind: "uniform",
    text: `uniform(${fmt(min)}, ${fmt(max)})`,
    args: { min, max },
    quantile: (u) => min + u * width,
    cdf: (x) => (x <= min ? 0 : x >= max ? 1 : (x - min) / width),
    // P(X > x) = (max - x)/(max - min), its inverse max - q (max - min)
    survival: (x) => (x <= min ? 1 : x >= max ? 0 : (max - x) / width),
    survivalQuantile: (q) => max - q * width,
    support: [min, max],
    discrete: false,
  };
}

/** log-uniform {min, max}; an error message on bad arguments. */
export function logUniformCore(p: Record<string, number>): Core | string {
  const { min, max } = p;
  if (!(min > 0)) return "min must be positive";
  if (!(min < max)) return "min must be below max";
  const logMin = Math.log(min);
  // ln(x/min), as the ratio's log where the ratio is a finite double, else as a difference of logs (a range
  // wider than ~1e308, or a subnormal min: the ratio overflowed and every draw had been max)
  const logOver = (x: number) => {
    const r = x / min;
    return r < Infinity ? Math.log(r) : Math.log(x) - logMin;
  };
  const logRatio = logOver(max);
  const logMax = logMin + logRatio;
  // ln X ~ uniform(ln min, ln max):
  //   F^-1(u) = min·(max/min)^u = exp(ln min + u ln(max/min)),  F(x) = ln(x/min) / ln(max/min)
  return {
    kind: "loguniform",
    text: `log-uniform(${fmt(min)}, ${fmt(max)})`,
    args: { min, max },
    quantile: (u) => {
      const x = Math.exp(logMin + u * logRatio);
      return x < min ? min : x > max ? max : x;
    },
    cdf: (x) => (x <= min ? 0 : x >= max ? 1 : logOver(x) / logRatio),
    // P(X > x) = ln(max/x) / ln(max/min), its inverse exp(ln max - q ln(max/min))
    survival: (x) => {
      if (x <= min) return 1;
      if (x >= max) return 0;
      const r = max / x;
      return (r < Infinity ? Math.log(r) : logMax - Math.log(x)) / logRatio;
    },
    survivalQuantile: (q) => {
      const x = Math.exp(logMax - q * logRatio);
      return x < min ? min : x > max ? max : x;
    },
    support: [min, max],
    discrete: false,
  };
}
