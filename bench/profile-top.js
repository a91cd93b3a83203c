/**
 * Summarise a V8 CPU profile (from `node --cpu-prof`): self time per function,
 * counted only inside the calls of one root function (default: simulate), so
 * that start-up and module loading are left out; optionally the self time per
 * source line of one function.
 *
 * @example
 * node --cpu-prof --cpu-prof-dir=prof bench/run.js --case sie
 * node bench/profile-top.js prof/*.cpuprofile --top 15 --lines run
 *
 * Times are summed over all calls in the profile (the bench case runs the
 * model 4 times: one warm-up and 3 timed runs), and include the profiler's
 * own overhead; read them as shares.
 */
import fs from "node:fs";

const args = process.argv.slice(2);
const opt = (name, dflt) => {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : dflt;
};
const file = args.find((a) => a.endsWith(".cpuprofile"));
if (!file) {
  console.error("usage: node bench/profile-top.js FILE.cpuprofile [--root simulate] [--top 15] [--lines FUNCTION]");
  process.exit(2);
}
const root = opt("--root", "simulate");
const top = Number(opt("--top", "15"));
const linesOf = opt("--lines", null);

const prof = JSON.parse(fs.readFileSync(file, "utf8"));
const byId = new Map(prof.nodes.map((n) => [n.id, n]));
const parent = new Map();
for (const n of prof.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
const selfUs = new Map();
for (let i = 0; i < prof.samples.length; i++) selfUs.set(prof.samples[i], (selfUs.get(prof.samples[i]) ?? 0) + (prof.timeDeltas[i] ?? 0));

const insideRoot = new Map();
const inside = (id) => {
  if (insideRoot.has(id)) return insideRoot.get(id);
  const n = byId.get(id);
  const v = n.callFrame.functionName === root ? true : parent.has(id) ? inside(parent.get(id)) : false;
  insideRoot.set(id, v);
  return v;
};

const perFn = new Map();
const perLine = new Map();
let total = 0;
let gc = 0;
for (const [id, us] of selfUs) {
  const n = byId.get(id);
  const cf = n.callFrame;
  if (cf.functionName === "(garbage collector)") gc += us;
  if (!inside(id)) continue;
  const where = cf.url ? `${cf.url.split("/").slice(-2).join("/")}:${cf.lineNumber + 1}` : "(generated kernel)";
  const key = `${cf.functionName || "(anonymous)"}  ${where}`;
  perFn.set(key, (perFn.get(key) ?? 0) + us);
  total += us;
  if (linesOf && cf.functionName === linesOf) {
    const ticks = (n.positionTicks ?? []).reduce((s, t) => s + t.ticks, 0);
    for (const t of n.positionTicks ?? []) {
      const k = `${cf.url.split("/").slice(-2).join("/")}:${t.line}`;
      perLine.set(k, (perLine.get(k) ?? 0) + (ticks > 0 ? (us * t.ticks) / ticks : 0));
    }
  }
}
console.log(`${file}: ${(total / 1e3).toFixed(0)} ms of self time inside ${root}(); garbage collector (anywhere) ${(gc / 1e3).toFixed(0)} ms`);
console.log("     ms       %  function  file:line (generated kernel = the model's compiled closures)");
for (const [k, us] of [...perFn].sort((a, b) => b[1] - a[1]).slice(0, top)) {
  console.log(`${(us / 1e3).toFixed(0).padStart(7)}  ${((100 * us) / total).toFixed(1).padStart(5)}%  ${k}`);
}
if (linesOf) {
  const sum = [...perLine.values()].reduce((a, b) => a + b, 0);
  console.log(`\nself time of ${linesOf}() by line (${(sum / 1e3).toFixed(0)} ms):`);
  for (const [k, us] of [...perLine].sort((a, b) => b[1] - a[1]).slice(0, top)) {
    console.log(`${(us / 1e3).toFixed(0).padStart(7)}  ${((100 * us) / sum).toFixed(1).padStart(5)}%  ${k}`);
  }
}
