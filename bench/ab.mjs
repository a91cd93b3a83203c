/**
 * Interleaved A/B timing of whole commands: runs each command in turn, N
 * rounds, and prints the minimum, median and maximum wall time of each and
 * its CPU time (user + sys of the command and its children, from
 * /usr/bin/time). On a shared host whose speed moves from minute to minute,
 * commands compared in the same rounds are comparable; times from different
 * minutes are not. CPU time is the figure to read when the host is loaded
 * (other processes take cores, not this process's instructions). With two
 * commands, the ratio of the first's median CPU to the second's is printed.
 *
 * @example
 * node bench/ab.mjs 6 auto "node bin/rsi-sim.js --ratio 200" one "node bin/rsi-sim.js --ratio 200 --workers 1"
 */
import { execFileSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

const [rounds, ...pairs] = process.argv.slice(2);
const n = Number(rounds);
if (!(n >= 1) || pairs.length === 0 || pairs.length % 2 !== 0) {
  console.error('usage: node bench/ab.mjs ROUNDS LABEL "COMMAND" [LABEL "COMMAND" …]');
  process.exit(2);
}
const haveTime = existsSync("/usr/bin/time");
const dir = mkdtempSync(join(tmpdir(), "ab-"));
const timeFile = join(dir, "time");
const wall = new Map();
const cpu = new Map();
const push = (m, k, v) => m.set(k, [...(m.get(k) ?? []), v]);
for (let r = 0; r < n; r++) {
  for (let i = 0; i < pairs.length; i += 2) {
    const t0 = process.hrtime.bigint();
    if (haveTime) execFileSync("/usr/bin/time", ["-f", "%U %S", "-o", timeFile, "sh", "-c", pairs[i + 1]], { stdio: "ignore" });
    else execFileSync("sh", ["-c", pairs[i + 1]], { stdio: "ignore" });
    push(wall, pairs[i], Number(process.hrtime.bigint() - t0) / 1e9);
    if (haveTime) {
      const [u, s] = readFileSync(timeFile, "utf8").trim().split("\n").at(-1).split(" ").map(Number);
      push(cpu, pairs[i], u + s);
    }
  }
}
rmSync(dir, { recursive: true, force: true });
const stats = (ts) => {
  const sorted = [...ts].sort((a, b) => a - b);
  return { min: sorted[0], median: sorted[Math.floor((sorted.length - 1) / 2)], max: sorted.at(-1) };
};
const line = (ts) => {
  const s = stats(ts);
  return `min ${s.min.toFixed(2)} median ${s.median.toFixed(2)} max ${s.max.toFixed(2)} s (runs ${ts.map((t) => t.toFixed(2)).join(" ")})`;
};
for (const [label, ts] of wall) {
  console.log(`${label}: wall ${line(ts)}`);
  if (haveTime) console.log(`${" ".repeat(label.length)}  CPU  ${line(cpu.get(label))}`);
}
if (haveTime && cpu.size === 2) {
  const [[la, a], [lb, b]] = [...cpu];
  const ma = stats(a);
  const mb = stats(b);
  console.log(`CPU ${la} / ${lb}: median ${(ma.median / mb.median).toFixed(2)}x, min ${(ma.min / mb.min).toFixed(2)}x (n=${n})`);
} else if (!haveTime) console.log("(no /usr/bin/time: wall time only)");
