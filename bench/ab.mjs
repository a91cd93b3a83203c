/**
 * Interleaved A/B timing of whole commands: runs each command in turn, N
 * rounds, and prints the minimum, median and maximum wall time of each. On a
 * shared host whose speed moves from minute to minute, commands compared in
 * the same rounds are comparable; times from different minutes are not.
 *
 * @example
 * node bench/ab.mjs 6 auto "node bin/rsi-sim.js --ratio 200" one "node bin/rsi-sim.js --ratio 200 --workers 1"
 */
import { execSync } from "node:child_process";

const [rounds, ...pairs] = process.argv.slice(2);
const n = Number(rounds);
if (!(n >= 1) || pairs.length === 0 || pairs.length % 2 !== 0) {
  console.error('usage: node bench/ab.mjs ROUNDS LABEL "COMMAND" [LABEL "COMMAND" …]');
  process.exit(2);
}
const times = new Map();
for (let r = 0; r < n; r++) {
  for (let i = 0; i < pairs.length; i += 2) {
    const t0 = process.hrtime.bigint();
    execSync(pairs[i + 1], { stdio: "ignore" });
    const s = Number(process.hrtime.bigint() - t0) / 1e9;
    times.set(pairs[i], [...(times.get(pairs[i]) ?? []), s]);
  }
}
for (const [label, ts] of times) {
  const sorted = [...ts].sort((a, b) => a - b);
  const median = sorted[Math.floor((sorted.length - 1) / 2)];
  console.log(`${label}: min ${sorted[0].toFixed(2)} median ${median.toFixed(2)} max ${sorted.at(-1).toFixed(2)} s (n=${n}; runs ${ts.map((t) => t.toFixed(2)).join(" ")})`);
}
