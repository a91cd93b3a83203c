/**
 * Distribution strings from the prior grammar of src/model/prior-parse.ts:
 * "A to B", name(args) for every family and alias (any case), truncation
 * "in [lo, hi]", discrete/choice lists, the canonical "normal, 90% CI A to B",
 * and malformed and extreme variants of each.
 */
import type { Rng } from "./rng.js";
import { anyNumber, decimal, ODD_NUMBERS } from "./values.js";

const FAMILIES: Record<string, number> = {
  normal: 2, lognormal: 2, uniform: 2, "log-uniform": 2, loguniform: 2, log_uniform: 2,
  beta: 2, gamma: 2, triangular: 3, bernoulli: 1,
};

const BAD_NAMES = ["normall", "gauss", "__proto__", "constructor", "toString", "hasOwnProperty", "valueOf", "log uniform", "Beta2", "x", "_", "exp"];

function caseOf(rng: Rng, name: string): string {
  return rng.weighted<string>([
    [6, () => name],
    [1, () => name.toUpperCase()],
    [1, () => name[0].toUpperCase() + name.slice(1)],
  ]);
}

/** A parameter value for a family: mostly sensible, sometimes extreme. */
function arg(rng: Rng, sensible: () => number): string {
  return rng.weighted<string>([
    [7, () => String(Number(sensible().toPrecision(3)))],
    [rng.bad(1), () => rng.pick(["1e308", "-1e308", "1e-300", "5e-324", "0", "-1", "1e15", "1e-15", "1.7976931348623157e308"])],
    [rng.bad(1), () => rng.pick(ODD_NUMBERS)],
  ]);
}

/** Arguments of `family` that are mostly valid (right count, ordered, positive where needed). */
function familyArgs(rng: Rng, family: string): string[] {
  const u = () => rng.float();
  switch (family) {
    case "normal":
      return [arg(rng, () => 10 * u() - 5), arg(rng, () => 0.1 + 3 * u())];
    case "lognormal":
      return [arg(rng, () => 2 * u() - 1), arg(rng, () => 0.1 + u())];
    case "uniform": {
      const a = 10 * u() - 5;
      return [arg(rng, () => a), arg(rng, () => a + 0.1 + 5 * u())];
    }
    case "log-uniform": case "loguniform": case "log_uniform": {
      const a = 0.01 + u();
      return [arg(rng, () => a), arg(rng, () => a * (1.5 + 10 * u()))];
    }
    case "beta": case "gamma":
      return [arg(rng, () => 0.2 + 5 * u()), arg(rng, () => 0.2 + 5 * u())];
    case "triangular": {
      const a = 4 * u() - 2;
      const c = a + 0.1 + 3 * u();
      return [arg(rng, () => a), arg(rng, () => a + (c - a) * u()), arg(rng, () => c)];
    }
    default:
      return [arg(rng, () => u())];
  }
}

function interval(rng: Rng): string {
  const a = rng.chance(0.7) ? 0.05 + 3 * rng.float() : -3 * rng.float();
  const b = a + 0.1 + 5 * rng.float();
  const left = rng.ok(0.85) ? String(Number(a.toPrecision(3))) : anyNumber(rng, -5, 5);
  const right = rng.ok(0.85) ? String(Number(b.toPrecision(3))) : anyNumber(rng, -5, 5);
  return rng.weighted<string>([
    [8, () => `${left} to ${right}`],
    [rng.bad(1), () => `${right} to ${left}`],
    [1, () => `${left}to${right}`],
    [1, () => `${left} TO ${right}`],
    [rng.bad(1), () => `${left} to`],
    [rng.bad(1), () => `to ${right}`],
    [rng.bad(1), () => `${left} to ${right} to ${right}`],
    [rng.bad(1), () => `${left} to 1e999`],
    [1, () => `1e-300 to 1e300`],
    [1, () => `-1e308 to 1e308`],
    [rng.bad(1), () => `0 to 0`],
  ]);
}

function truncation(rng: Rng): string {
  const bound = () => rng.weighted<string>([
    [5, () => decimal(rng, -3, 5)],
    [2, () => rng.pick(["-inf", "inf", "Infinity", "-Infinity", "INF"])],
    [rng.bad(1), () => rng.pick(ODD_NUMBERS)],
  ]);
  const ordered = () => {
    const [x, y] = [bound(), bound()];
    const v = (t: string) => (/^-inf/i.test(t.trim()) ? -Infinity : /^\+?inf/i.test(t.trim()) ? Infinity : Number(t));
    return rng.ok(0.6) && v(x) > v(y) ? ` in [${y}, ${x}]` : ` in [${x}, ${y}]`;
  };
  return rng.weighted<string>([
    [8, ordered],
    [rng.bad(1), () => ` in [${bound()}]`],
    [rng.bad(1), () => ` in (${bound()}, ${bound()})`],
    [rng.bad(1), () => ` in [${bound()}, ${bound()}, ${bound()}]`],
    [1, () => ` in [1e-300, 2e-300]`],
    [1, () => ` in [1000, 1001]`],
    [rng.bad(1), () => ` in [${bound()}, ${bound()}] in [0, 1]`],
  ]);
}

function discrete(rng: Rng): string {
  const n = rng.weighted<number>([[8, () => rng.int(1, 5)], [rng.bad(1), () => 0], [1, () => rng.int(200, 3000)]]);
  const pairs: string[] = [];
  for (let i = 0; i < n; i++) {
    const v = anyNumber(rng, -5, 5);
    const w = rng.ok(0.85) ? decimal(rng, 0.01, 3) : rng.pick(["0", "-1", "NaN", "1e308", "1e-320", "", "inf"]);
    pairs.push(rng.ok(0.95) ? `${v}: ${w}` : `${v}`);
  }
  return `${caseOf(rng, "discrete")}(${pairs.join(", ")})`;
}

function choice(rng: Rng): string {
  const n = rng.weighted<number>([[8, () => rng.int(1, 5)], [rng.bad(1), () => 0], [1, () => rng.int(200, 3000)]]);
  const values = Array.from({ length: n }, () => anyNumber(rng, -5, 5));
  return `${caseOf(rng, "choice")}(${values.join(", ")})`;
}

function call(rng: Rng): string {
  const family = rng.pick(Object.keys(FAMILIES));
  let args = familyArgs(rng, family);
  if (!rng.ok(0.9)) args = args.slice(0, rng.int(0, args.length - 1));
  else if (!rng.ok(0.95)) args = [...args, decimal(rng, 0, 1)];
  if ((family === "normal" || family === "lognormal") && rng.chance(0.25)) args = [interval(rng)];
  const name = !rng.ok(0.94) ? rng.pick(BAD_NAMES) : caseOf(rng, family);
  return rng.weighted<string>([
    [12, () => `${name}(${args.join(", ")})`],
    [1, () => `${name} ( ${args.join(" , ")} )`],
    [rng.bad(1), () => `${name}(${args.join(", ")}`],
    [rng.bad(1), () => `${name}((${args.join(", ")}))`],
    [rng.bad(1), () => `${name}[${args.join(", ")}]`],
    [rng.bad(1), () => `${name}(${args.join("; ")})`],
    [rng.bad(1), () => name],
  ]);
}

/** A distribution string: most are well-formed, some malformed or extreme. */
export function distribution(rng: Rng): string {
  const body = rng.weighted<string>([
    [6, () => call(rng)],
    [3, () => interval(rng)],
    [1, () => `${rng.pick(["normal", "lognormal", "Normal"])}, 90% CI ${interval(rng)}`],
    [1, () => discrete(rng)],
    [1, () => choice(rng)],
    [1, () => rng.pick([
      "normal(0, 1e308)", "normal(1e308, 1e308)", "lognormal(700, 10)", "lognormal(0, 1e3)", "uniform(-1e308, 1e308)",
      "gamma(1e-300, 1e300)", "beta(1e-300, 1e-300)", "beta(1e300, 1e300)", "normal(0, 1) in [40, inf]", "1e-300 to 1e300",
      "discrete(1: 1e-320, 2: 1e-320)", "choice(1e308, -1e308)", "log-uniform(1e-300, 1e300)", "normal(-1e308, 1e-300)",
    ])],
    [rng.bad(1), () => rng.pick([
      "", " ", "()", "(", ")", "to", "in [0, 1]", "triangular(0, 0, 0)", "uniform(1, 1)", "log-uniform(0, 1)", "log-uniform(-1, 1)", "bernoulli(2)", "bernoulli(-0)",
      "normal(0, 0)", "normal(0, -1)", "gamma(0, 1)", "3", "normal(0, 1) in [50, 60]", "normal(0, 1) in [40, inf]",
      "lognormal(0.5 to 3) in [-inf, 0]", "normal(normal(0, 1), 1)", "choice()", "discrete()", "discrete(1: 0)",
      "uniform(0, 1)".repeat(200), "(".repeat(3000) + ")".repeat(3000), "normal(0, 1) in [0, 1] extra", "\x1b[2Jnormal(0, 1)",
      "normal(0,\n1)", "uniform(0x1, 0x2)", "uniform(1e-400, 1)", "discrete(1: 1e-320, 2: 1e-320)",
    ])],
  ]);
  const isDiscrete = /^\s*(discrete|choice|bernoulli)/i.test(body);
  return rng.chance(0.2) && (!isDiscrete || !rng.ok(0.8)) ? body + truncation(rng) : body;
}
