/**
 * The playground's speed in headless Chromium (issue 19, item 7): from a
 * control's input event to the first pass (500 draws) drawn on the page, and
 * to the chosen N (default 10,000) of rsi-core finished, on the page's Web
 * Workers. Each round moves the ratio slider to a value not run before (no
 * page cache), then runs the CLI on the same settings (`--format json`,
 * `--workers auto`) as the peer, interleaved, and checks that the numbers
 * are equal.
 *
 * Run after `npm run build`:
 *   node bench/playground.mjs [ROUNDS=6] [SAMPLES=10000]
 */
import { execFileSync, spawnSync } from "node:child_process";
import { mkdtempSync, writeFileSync, rmSync } from "node:fs";
import { loadavg, tmpdir, availableParallelism } from "node:os";
import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { CHROMIUM_ARGS, chromiumPath } from "../dist/report/browser.js";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const rounds = Number(process.argv[2] ?? 6);
const samples = Number(process.argv[3] ?? 10_000);
const bin = path.join(root, "bin", "rsi-sim.js");
const dir = mkdtempSync(path.join(tmpdir(), "rsi-sim-bench-playground-"));
const file = path.join(dir, "play.html");
execFileSync(process.execPath, [bin, "playground", "--out", file, "--samples", String(samples)], { stdio: "inherit" });

const { chromium } = await import("playwright-core");
const browser = await chromium.launch({ executablePath: chromiumPath(), headless: true, args: CHROMIUM_ARGS });
const page = await (await browser.newContext({ viewport: { width: 1280, height: 900 } })).newPage();
await page.goto(pathToFileURL(file).href);
const api = () => page.evaluate(() => globalThis.rsiPlayground);
const settle = (runs) => page.waitForFunction((r) => globalThis.rsiPlayground.runs > r && !globalThis.rsiPlayground.busy, runs, { timeout: 600_000 });
await settle(0);

const rows = [];
console.log(`load average ${loadavg().map((x) => x.toFixed(1)).join(" ")}, ${availableParallelism()} cores`);
for (let r = 0; r < rounds; r++) {
  const slider = 600 + 13 * r; // ratio 10^(4·k/1000): 251, 282, 316, … none run before
  const before = (await api()).runs;
  await page.fill("#p-ratio", String(slider));
  await settle(before);
  const a = await api();
  const line = (await page.textContent("#reproduce")).split("\n")[0];
  const t0 = process.hrtime.bigint();
  const cli = spawnSync("/usr/bin/time", ["-f", "%U %S", process.execPath, bin, ...line.split(/\s+/).slice(1)], { encoding: "utf8", maxBuffer: 1 << 28 });
  const wall = Number(process.hrtime.bigint() - t0) / 1e9;
  const [user, sys] = cli.stderr.trim().split("\n").at(-1).split(" ").map(Number);
  const same = (() => {
    const x = JSON.parse(a.shown.result);
    const y = JSON.parse(cli.stdout);
    delete x.command;
    delete y.command;
    return JSON.stringify(x) === JSON.stringify(y);
  })();
  rows.push({ ratio: a.state.settings.ratio, first: a.lastFirstPassMs / 1000, finish: a.lastFinishMs / 1000, cliWall: wall, cliCpu: user + sys, same });
  console.log(`ratio ${a.state.settings.ratio}: page first pass ${(a.lastFirstPassMs / 1000).toFixed(2)} s, ${samples} draws ${(a.lastFinishMs / 1000).toFixed(2)} s; CLI ${wall.toFixed(2)} s wall, ${(user + sys).toFixed(2)} s CPU; equal JSON: ${same}`);
}
const med = (xs) => [...xs].sort((p, q) => p - q)[Math.floor((xs.length - 1) / 2)];
const max = (xs) => Math.max(...xs);
console.log(
  `median (max): first pass ${med(rows.map((x) => x.first)).toFixed(2)} (${max(rows.map((x) => x.first)).toFixed(2)}) s; ` +
    `${samples} draws ${med(rows.map((x) => x.finish)).toFixed(2)} (${max(rows.map((x) => x.finish)).toFixed(2)}) s; ` +
    `CLI ${med(rows.map((x) => x.cliWall)).toFixed(2)} s wall; all equal: ${rows.every((x) => x.same)}; load average ${loadavg().map((x) => x.toFixed(1)).join(" ")}`,
);
await browser.close();
rmSync(dir, { recursive: true, force: true });
