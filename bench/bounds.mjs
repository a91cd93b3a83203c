/**
 * States that pass the bound their rate stops at: how many draws end above
 * it, with the model's caps and without them (each `max:` on a state taken
 * out of the model text), at the model's solver setting and at a converged
 * one. The figures the model files, docs/rsi-core.md and
 * docs/model-language.md quote for the caps of rsi-core (compute ≤
 * spend_room, software ≤ soft_ceiling) and forethought-sie (s ≤ ceiling,
 * i.e. total_progress ≤ L).
 *
 * Usage (after `npm run build`): node bench/bounds.mjs [model] [draws] [seed …]
 *
 * @example
 * node bench/bounds.mjs rsi-core 10000 1
 * node bench/bounds.mjs forethought-sie 40000 1 2 3
 */
import { readFileSync } from "node:fs";
import { compileModel } from "../dist/model/compile.js";
import { resolveModelPath } from "../dist/model/locate.js";
import { simulate } from "../dist/engine/simulate.js";

const [name = "rsi-core", drawsArg = "10000", ...seedArgs] = process.argv.slice(2);
const draws = Number(drawsArg);
const seeds = (seedArgs.length > 0 ? seedArgs : ["1"]).map(Number);
const shipped = readFileSync(resolveModelPath(name), "utf8");

/** Per model: the text of a probe (every run to the horizon, the bounded states at the end) and its checks. */
const probes = {
  "rsi-core": {
    probe: (text) =>
      text.replace(/(\n {2}loss_of_control:\n {4}rate: [^\n]*\n {4})terminal: true/, "$1terminal: false") +
      '  software_end: { value: "final(software)" }\n  compute_end: { value: "final(compute)" }\n',
    checks: [
      ["software above soft_ceiling", "software_end", "soft_ceiling"],
      ["compute above spend_room", "compute_end", "spend_room"],
    ],
  },
  "forethought-sie": {
    probe: (text) => text,
    checks: [["total_progress above L", "total_progress", "L"]],
  },
};
const spec = probes[name];
if (!spec) {
  console.error(`bench/bounds.mjs: no probe for ${name} (have: ${Object.keys(probes).join(", ")})`);
  process.exit(2);
}
const variants = [
  ["with the caps", shipped],
  ["without the caps", shipped.replace(/,\s*max:\s*[A-Za-z_][A-Za-z0-9_]*(?=[,\s}])/g, "").replace(/\n\s*max: [A-Za-z_][A-Za-z0-9_]*\n/g, "\n")],
];
if (variants[1][1] === shipped) console.log("(the model has no caps on its states to take out)");
for (const [label, text] of variants) {
  const model = compileModel(spec.probe(text), `${name}-bounds`);
  for (const [setting, solver] of [["model's setting", model.solver], ["converged (rtol 1e-10, atol 1e-12)", { ...model.solver, rtol: 1e-10, atol: 1e-12 }]]) {
    for (const seed of seeds) {
      const sim = simulate({ ...model, solver }, { samples: draws, seed, keepSeries: false });
      const parts = spec.checks.map(([what, col, bound]) => {
        const x = sim.table.columns[col];
        const b = sim.table.parameterColumns[bound];
        let above = 0;
        let over01 = 0;
        let worst = 0;
        let worstShare = 0;
        for (let i = 0; i < x.length; i++) {
          const excess = x[i] - b[i];
          if (excess > 0) above++;
          if (excess > 0.01) over01++;
          if (excess > worst) worst = excess;
          if (excess / b[i] > worstShare) worstShare = excess / b[i];
        }
        const pct = (k) => `${((100 * k) / draws).toFixed(k > 0 && k < draws / 1000 ? 3 : 1)}%`;
        return `${what}: ${above} (${pct(above)}), by more than 0.01: ${over01} (${pct(over01)}), worst by ${worst.toPrecision(3)} (${(100 * worstShare).toPrecision(3)}% of the bound)`;
      });
      console.log(`${name} ${label}, ${setting}, seed ${seed}, ${draws} draws: ${parts.join("; ")}; failed ${sim.failures.count}`);
    }
  }
}
