/**
 * What V8's optimising compiler (TurboFan) spends on one CLI run, and why it
 * compiled a function more than once: `node bench/jit.mjs [rsi-sim args…]`
 * (after `npm run build`; default args `--ratio 200 --workers 2`).
 *
 * Runs `node --trace-opt --trace-deopt bin/rsi-sim.js ARGS` once and prints,
 * summed over every thread of the process: compile milliseconds and the
 * number of compiles per function (top 15), the total, and each
 * deoptimisation (function and V8's reason). Every thread compiles its own
 * copy of the engine, so on two busy cores these milliseconds are taken from
 * the draws; a function compiled again after a deoptimisation pays twice.
 * BENCHMARKS.md quotes its output.
 *
 * Node flags for the child go in JIT_NODE_FLAGS (space-separated), e.g. V8's
 * default inlining, which the pool otherwise lowers when threads fill the
 * cores: `JIT_NODE_FLAGS=--max-inlined-bytecode-size=460 node bench/jit.mjs`.
 *
 * @example
 * node bench/jit.mjs --ratio 200 --workers 2
 */
import { spawnSync } from "node:child_process";
import path from "node:path";
import { fileURLToPath } from "node:url";

const here = path.dirname(fileURLToPath(import.meta.url));
const bin = path.join(here, "..", "bin", "rsi-sim.js");
const args = process.argv.length > 2 ? process.argv.slice(2) : ["--ratio", "200", "--workers", "2"];
const nodeFlags = (process.env.JIT_NODE_FLAGS ?? "").split(" ").filter(Boolean);
const run = spawnSync(process.execPath, [...nodeFlags, "--trace-opt", "--trace-deopt", bin, ...args], { encoding: "utf8", maxBuffer: 1 << 28 });
const text = `${run.stdout}\n${run.stderr}`;

const compiles = new Map();
let total = 0;
for (const m of text.matchAll(/completed compiling 0x[0-9a-f]+ <JSFunction (\S*) [^>]*>.*? - took ([\d.]+), ([\d.]+), ([\d.]+) ms/g)) {
  const ms = Number(m[2]) + Number(m[3]) + Number(m[4]);
  const name = m[1] || "(anonymous)";
  const c = compiles.get(name) ?? { ms: 0, n: 0 };
  c.ms += ms;
  c.n++;
  compiles.set(name, c);
  total += ms;
}
const deopts = new Map();
for (const m of text.matchAll(/bailout \(kind: ([\w-]+), reason: ([^)]*)\).*?<JSFunction (\S*) /g)) {
  const key = `${m[3]}: ${m[2]} (${m[1]})`;
  deopts.set(key, (deopts.get(key) ?? 0) + 1);
}

console.log(`node ${[...nodeFlags, "--trace-opt", "--trace-deopt"].join(" ")} bin/rsi-sim.js ${args.join(" ")} (exit ${run.status})`);
console.log(`TurboFan compile time, all threads: ${total.toFixed(0)} ms in ${[...compiles.values()].reduce((a, c) => a + c.n, 0)} compiles`);
console.log("     ms  compiles  function");
for (const [name, c] of [...compiles.entries()].sort((a, b) => b[1].ms - a[1].ms).slice(0, 15)) {
  console.log(`${c.ms.toFixed(0).padStart(7)}  ${String(c.n).padStart(8)}  ${name}`);
}
console.log(`deoptimisations (${[...deopts.values()].reduce((a, b) => a + b, 0)}):`);
for (const [key, n] of [...deopts.entries()].sort((a, b) => b[1] - a[1])) console.log(`  ${String(n).padStart(3)}  ${key}`);
