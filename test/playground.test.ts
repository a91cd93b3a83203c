/**
 * The playground page (rsi-sim playground) in the system's headless
 * Chromium through playwright-core, with the network blocked: it runs the
 * model in Web Workers under its strict Content-Security-Policy, and its
 * numbers equal the CLI's JSON exactly. The test moves the ratio slider
 * (by keyboard and by value), switches the brakes off, pins a baseline, and
 * runs the page's own Reproduce lines with the CLI to compare.
 *
 * Needs Chromium (apt-get install chromium, or RSI_SIM_CHROMIUM=path). Without
 * it the tests are skipped with a message, unless CI is set: then they fail.
 */
import { execFileSync, spawnSync } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Browser, BrowserContext, Page } from "playwright-core";
import { chromiumPath, launchChromium, offlineContext } from "../src/report/browser.js";
import { playground, sliderRange } from "../src/app/playground.js";
import { playgroundCsp, scriptJson } from "../src/report/playground.js";
import { loadModel } from "../src/model/compile.js";
import { findParameter } from "../src/analysis/sweep.js";
import { NODE_LIBM } from "../scripts/playground/libm.js";
import { nearestValue, SELECT_MAX } from "../scripts/playground/controls.js";

const CHROMIUM = chromiumPath();
const SKIP = !existsSync(CHROMIUM) && !process.env.CI;
if (SKIP) console.warn(`playground.test.ts: SKIPPED — no Chromium at ${CHROMIUM} (apt-get install chromium, or set RSI_SIM_CHROMIUM).`);

const ROOT = path.resolve(import.meta.dirname, "..");
const BIN = path.join(ROOT, "bin", "rsi-sim.js");
const ARTIFACTS = path.resolve("test-artifacts", "playground");
const tmp = mkdtempSync(path.join(tmpdir(), "rsi-sim-playground-"));
const SAMPLES = 2000;
const SEED = 3;

/** A model with two discrete priors: a small support (a list) and a large one (a slider), of values that 3 significant digits would change. */
const SMALL = [1, 2, 5];
const LARGE = Array.from({ length: 20 }, (_, i) => 10.0625 + i);
const DISCRETE_MODEL = `name: discrete-toy
title: Two parameters with discrete priors and one with a continuous prior
time: { start: 0, horizon: 1 }
solver: { max_step: 1 }
parameters:
  m: { prior: "choice(${SMALL.join(", ")})", description: a small support }
  k: { prior: "choice(${LARGE.join(", ")})", description: a large support }
  g: { prior: "uniform(0, 1)", description: a continuous prior }
state:
  x: { initial: 0, rate: "m * k * g", description: grows at m·k·g }
outputs:
  x_end: { value: "final(x)", description: x at the end }
`;

interface Api {
  busy: boolean;
  comparing: boolean;
  runs: number;
  shown: { samples: number; result: string; compare: string | null } | null;
}

/** Run the CLI with the words of a Reproduce line (rsi-core's need no quoting). */
function cli(line: string): Record<string, unknown> {
  const words = line.trim().split(/\s+/);
  expect(words[0]).toBe("rsi-sim");
  const out = execFileSync(process.execPath, [BIN, ...words.slice(1)], { encoding: "utf8", cwd: ROOT, maxBuffer: 64 << 20 });
  const json = JSON.parse(out);
  delete json.command;
  return json;
}

const pageJson = (text: string) => {
  const json = JSON.parse(text);
  delete json.command;
  return json;
};

async function settled(page: Page, runsBefore: number): Promise<Api> {
  await page.waitForFunction(
    ([runs, n]) => {
      const a = (globalThis as unknown as { rsiPlayground?: Api }).rsiPlayground;
      return !!a && a.runs > runs && !a.busy && !a.comparing && a.shown?.samples === n;
    },
    [runsBefore, SAMPLES] as const,
    { timeout: 120_000 },
  );
  return page.evaluate(() => (globalThis as unknown as { rsiPlayground: Api }).rsiPlayground);
}

const runs = (page: Page) => page.evaluate(() => (globalThis as unknown as { rsiPlayground: Api }).rsiPlayground.runs);
const reproduce = async (page: Page) => (await page.textContent("#reproduce"))!.split("\n");

describe("the playground's parts", () => {
  it("embeds ±Infinity and NaN as JS values and escapes every '<'", () => {
    const text = scriptJson({ bounds: [0, Infinity], low: -Infinity, x: NaN, s: "</script><!--" });
    expect(text).not.toMatch(/<\/script|<!--/);
    expect(new Function(`return (${text})`)()).toEqual({ bounds: [0, Infinity], low: -Infinity, x: NaN, s: "</script><!--" });
  });

  it("slider ranges are the prior's 1–99% quantiles, logarithmic for a lognormal prior", () => {
    const model = loadModel("rsi-core");
    const p = findParameter(model, "r_soft");
    const r = sliderRange(p)!;
    expect(r.lo).toBeCloseTo(p.prior!.quantile(0.01), 12);
    expect(r.hi).toBeCloseTo(p.prior!.quantile(0.99), 12);
    expect(r.log).toBe(p.prior!.kind === "lognormal" || p.prior!.kind === "loguniform");
    expect(sliderRange(findParameter(model, "ratio"))).toBeUndefined();
  });

  it("a discrete prior's range is its values; the control moves to the nearest of them", () => {
    const file = path.join(tmp, "discrete-toy.yaml");
    writeFileSync(file, DISCRETE_MODEL);
    const model = loadModel(file);
    expect(sliderRange(findParameter(model, "m"))).toEqual({ lo: 1, hi: 5, log: false, values: SMALL });
    expect(sliderRange(findParameter(model, "k"))!.values).toEqual(LARGE);
    expect(SMALL.length).toBeLessThanOrEqual(SELECT_MAX);
    expect(LARGE.length).toBeGreaterThan(SELECT_MAX);
    expect(nearestValue(SMALL, 3.4)).toBe(2);
    expect(nearestValue(SMALL, 3.6)).toBe(5);
    expect(nearestValue(SMALL, 3.5)).toBe(2); // a tie: the lower
    expect(nearestValue(SMALL, -10)).toBe(1);
    expect(nearestValue(SMALL, 1e9)).toBe(5);
    expect(nearestValue(LARGE, 13.3)).toBe(13.0625);
  });

  it("the policy allows no eval, no inline script but its own, no network", () => {
    const csp = playgroundCsp("x", "y");
    expect(csp).toMatch(/default-src 'none'/);
    expect(csp).toMatch(/script-src 'sha256-[A-Za-z0-9+/=]+'(;|$)/);
    expect(csp).toMatch(/worker-src blob:/);
    expect(csp).not.toMatch(/unsafe|connect-src|https?:/);
  });

  it("the page's exp, log, log1p and expm1 are Node's, bit for bit", () => {
    // the browser's differ from Node 20's in the last bit for a few per cent of arguments
    let seed = 12345;
    const uniform = () => (seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648;
    for (const [name, f] of Object.entries(NODE_LIBM)) {
      const native = (Math as unknown as Record<string, (x: number) => number>)[name];
      let differ = 0;
      for (let i = 0; i < 400_000; i++) {
        // arguments over many scales, as an integration meets them
        const x = (uniform() - 0.3) * 10 ** (uniform() * 6 - 3) * (name === "log" ? -1 : 1);
        const arg = name === "log" ? Math.abs(x) : name === "log1p" ? Math.max(x, -0.999) : x;
        if (!Object.is(f(arg), native(arg))) differ++;
      }
      expect(differ, name).toBe(0);
    }
  });

  it("a linear slider narrow beside its values keeps the digits that tell its positions apart (a year from 2026 to 2029 had been 2030 everywhere)", async () => {
    const { roundOn } = await import("../scripts/playground/controls.js");
    expect(roundOn({ lo: 2026.03, hi: 2028.97, log: false }, 2027.5341)).toBe(2027.534);
    expect(roundOn({ lo: 1000.1, hi: 1009.9, log: false }, 1004.5678)).toBe(1004.568);
    // as before where 3 significant digits resolve the scale
    expect(roundOn({ lo: 0.2, hi: 1.5, log: false }, 0.81234)).toBe(0.812);
    expect(roundOn({ lo: 0, hi: 100, log: false }, 57.345)).toBe(57.3);
    expect(roundOn({ lo: 1, hi: 10_000, log: true }, 1234.5)).toBe(1230);
  });

  it("a mean and its standard error to the same digit (\"2028 ± 0.0519\" and \"1.08e+5 ± 88231\" had mixed them)", async () => {
    const { meanSe } = await import("../scripts/playground/results.js");
    expect(meanSe(2028.3213, 0.05191)).toBe("2028.321 ± 0.052");
    expect(meanSe(108123, 88231)).toBe("1.08e+5 ± 8.8e+4");
    expect(meanSe(0.5432, 0.0123)).toBe("0.543 ± 0.012");
    expect(meanSe(NaN, NaN)).toBe("— ± —");
  });

  it("a bad sample size is an error naming it", async () => {
    await expect(playground({ samples: 0 })).rejects.toThrow(/samples/);
    await expect(playground({ samples: 2_000_000 })).rejects.toThrow(/at most/);
  });
});

describe("rsi-sim playground", () => {
  const run = (...args: string[]) => spawnSync(process.execPath, [BIN, "playground", ...args], { encoding: "utf8", cwd: tmp });

  it("writes the page and says so; --help exits 0", () => {
    const r = run("--out", "p.html", "--samples", "3000", "--seed", "9");
    expect(r.status, r.stderr).toBe(0);
    expect(r.stderr).toMatch(/wrote p\.html \(playground of rsi-core/);
    const html = readFileSync(path.join(tmp, "p.html"), "utf8");
    expect(html).toMatch(/<meta http-equiv="Content-Security-Policy" content="default-src &#39;none&#39;; script-src &#39;sha256-/);
    expect(html).toContain('"initial":{"samples":3000,"seed":9}');
    expect(run("--help").status).toBe(0);
  });

  it.each([
    [[], /--out: say where to write the page/],
    [["--out", "p.txt"], /--out: writes an HTML page/],
    [["--out", "q.html", "--model", "no-such-model"], /no-such-model/],
    [["--out", "q.html", "--samples", "0"], /--samples: must be a positive integer/],
    [["--out", "q.html", "--samples", "1e9"], /^rsi-sim: --samples: must be at most 1,000,000: the playground runs its draws in a browser tab, got 1000000000$/m],
    [["--out", "q.html", "--seed", "-1"], /--seed/],
    [["--out", "q.html", "--sample", "10"], /unknown flag --sample \(did you mean --samples\?\)/],
  ])("refuses %j with one line and exit status 2, writing nothing", (args, message) => {
    const r = run(...args);
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(message);
    expect(r.stderr.trim().split("\n")).toHaveLength(1);
    expect(existsSync(path.join(tmp, "q.html"))).toBe(false);
  });
});

describe.skipIf(SKIP)("the playground in Chromium", () => {
  let browser: Browser;
  let context: BrowserContext;
  let blocked: string[];
  let page: Page;
  const errors: string[] = [];
  const file = path.join(tmp, "play.html");

  beforeAll(async () => {
    // the browser script from the sources as they are now
    execFileSync(process.execPath, [path.join(ROOT, "scripts", "bundle-playground.mjs")], { cwd: ROOT });
    const { html } = await playground({ model: "rsi-core", samples: SAMPLES, seed: SEED });
    writeFileSync(file, html);
    browser = await launchChromium<Browser>("playground test");
    ({ context, blocked } = await offlineContext<BrowserContext>(browser, { width: 1280, height: 900 }));
    page = await context.newPage();
    page.on("pageerror", (e) => errors.push(`page error: ${e.message}`));
    page.on("console", (m) => {
      if (m.type() === "error" || m.type() === "warning") errors.push(`console ${m.type()}: ${m.text()}`);
    });
    await page.goto(pathToFileURL(file).href);
    await settled(page, 0);
    mkdirSync(ARTIFACTS, { recursive: true });
  }, 180_000);

  afterAll(async () => {
    await browser?.close();
    rmSync(tmp, { recursive: true, force: true });
  });

  /** The playground of a model written out as `name`.yaml, opened in a new page of the same context, its first run done. */
  async function openModel(name: string, yaml: string): Promise<{ other: Page; api: Api }> {
    writeFileSync(path.join(tmp, `${name}.yaml`), yaml);
    const { html } = await playground({ model: path.join(tmp, `${name}.yaml`), samples: SAMPLES, seed: SEED });
    writeFileSync(path.join(tmp, `${name}.html`), html);
    const other = await context.newPage();
    other.on("pageerror", (e) => errors.push(`page error: ${e.message}`));
    await other.goto(pathToFileURL(path.join(tmp, `${name}.html`)).href);
    return { other, api: await settled(other, 0) };
  }

  it("opens with the model's own values: the CLI's numbers, no errors, nothing fetched", async () => {
    const api = await page.evaluate(() => (globalThis as unknown as { rsiPlayground: Api }).rsiPlayground);
    const [line] = await reproduce(page);
    expect(line).toBe(`rsi-sim run --model rsi-core --samples ${SAMPLES} --seed ${SEED} --format json`);
    expect(pageJson(api.shown!.result)).toEqual(cli(line));
    expect(errors).toEqual([]);
    expect(blocked).toEqual([]);
    const html = readFileSync(file, "utf8");
    expect(html).not.toMatch(/unsafe-eval|unsafe-inline|<script[^>]* src=|<link /i);
  }, 120_000);

  it("a 0/1 output undefined in some draws shows its share where defined, of how many, as the run table does (it showed P over all draws under a conditional label)", async () => {
    const api = await page.evaluate(() => (globalThis as unknown as { rsiPlayground: Api }).rsiPlayground);
    const r = JSON.parse(api.shown!.result).outputs.warned_before_loc;
    expect(r.missing).toBeGreaterThan(0);
    const row = await page.textContent('#results tr[data-output="warned_before_loc"]');
    expect(row).toContain(`${(100 * r.p_defined).toFixed(1)}%*`);
    expect(row).toContain(`of ${r.n.toLocaleString("en-US")} where defined`);
    expect(row).not.toContain(`${(100 * r.p).toFixed(1)}%`);
  }, 60_000);

  it("a phase (an output of a few whole values) is shown by its shares, as the run table does (loc_phase had a median of 2 and a mean of 1.81)", async () => {
    const api = await page.evaluate(() => (globalThis as unknown as { rsiPlayground: Api }).rsiPlayground);
    expect(JSON.parse(api.shown!.result).outputs.loc_phase).toBeDefined();
    const item = await page.textContent('#categories li[data-output="loc_phase"]');
    expect(item).toMatch(/^loc_phase: 0: \d+\.\d%, 1: \d+\.\d%, 2: \d+\.\d%, 3: \d+\.\d% \(of [\d,]+ draws where it is defined\)$/);
    expect(await page.$('#speeds-table tr[data-output="loc_phase"]')).toBeNull();
  }, 60_000);

  it("a link asking for more draws than the page runs opens at its own number (50,000,000 had started)", async () => {
    const other = await context.newPage();
    await other.goto(`${pathToFileURL(file).href}#samples=50000000&seed=${SEED}`);
    const api = await settled(other, 0);
    expect(api.shown!.samples).toBe(SAMPLES);
    expect(await other.inputValue("#samples")).toBe(String(SAMPLES));
    await other.close();
  }, 60_000);

  it("the ratio slider moves by keyboard and by value; the numbers stay the CLI's", async () => {
    let before = await runs(page);
    await page.focus("#p-ratio");
    await page.keyboard.press("ArrowRight");
    let api = await settled(page, before);
    // one step of the 1 … 10,000 log slider (1,000 steps) from 200, to 3 significant digits
    const step = Math.round((1000 * Math.log10(200)) / 4) + 1;
    expect(Number(await page.inputValue("#p-ratio-n"))).toBe(Number((10 ** ((4 * step) / 1000)).toPrecision(3)));
    before = await runs(page);
    await page.fill("#p-ratio", "750"); // 10^3 on the 1 … 10,000 log slider
    api = await settled(page, before);
    const [line] = await reproduce(page);
    expect(line).toContain("--ratio 1000");
    expect(pageJson(api.shown!.result)).toEqual(cli(line));
    expect(await page.evaluate(() => location.hash)).toContain("ratio=1000");
  }, 120_000);

  it("brakes off in one click: p_comply = 0, the CLI's numbers", async () => {
    const before = await runs(page);
    await page.click("#brakes-off");
    const api = await settled(page, before);
    const [line] = await reproduce(page);
    expect(line).toContain("--p-comply 0");
    const json = cli(line);
    expect(pageJson(api.shown!.result)).toEqual(json);
    expect((json.parameters as Record<string, unknown>).p_comply).toBe(0);
  }, 120_000);

  it("a pinned baseline: paired differences equal rsi-sim compare's", async () => {
    let before = await runs(page);
    await page.click("#pin");
    await settled(page, before);
    before = await runs(page);
    await page.fill("#p-ratio", "500"); // 10^2
    const api = await settled(page, before);
    const lines = await reproduce(page);
    expect(lines).toHaveLength(2);
    expect(lines[1]).toMatch(/^rsi-sim compare .*--scenario baseline --ratio 1000 --p-comply 0 --scenario current --ratio 100 --p-comply 0/);
    expect(pageJson(api.shown!.compare!)).toEqual(cli(lines[1]));
    expect(pageJson(api.shown!.result)).toEqual(cli(lines[0]));
    const diff = await page.textContent('#results [data-output="loc"] .diff');
    expect(diff).toMatch(/vs baseline/);
    // a date's median shift comes from the comparison's timeline (its cell was blank)
    const shift = JSON.parse(api.shown!.compare!).timeline.curves.find((c: { name: string }) => c.name === "t_loc").shifts[0].shift.quantiles.p50;
    const cell = await page.textContent('#dates-table tr[data-output="t_loc"] td:last-child');
    expect(cell).toMatch(/^\S+ \[\S+, \S+\]$/);
    expect(Number(cell!.split(" ")[0])).toBeCloseTo(shift.diff, 1);
    await page.screenshot({ path: path.join(ARTIFACTS, "pinned.png"), fullPage: true });
  }, 180_000);

  it("a copied link reopens the same scenario", async () => {
    const url = page.url();
    const result = (await page.evaluate(() => (globalThis as unknown as { rsiPlayground: Api }).rsiPlayground)).shown!.result;
    const other = await context.newPage();
    await other.goto(url);
    const api = await settled(other, 0);
    expect(api.shown!.result).toBe(result);
    expect(await other.isChecked("#brakes-off")).toBe(true);
    expect(await other.inputValue("#p-ratio-n")).toBe("100");
    await other.close();
  }, 120_000);

  it("a control moved during a run cancels it: the result is of the last setting", async () => {
    const before = await runs(page);
    await page.fill("#p-ratio", "250"); // 10
    await page.fill("#p-ratio", "0"); // 1
    const api = await settled(page, before + 1);
    const [line] = await reproduce(page);
    expect(line).toContain("--ratio 1 ");
    expect(JSON.parse(api.shown!.result).parameters.ratio).toBe(1);
    expect(errors).toEqual([]);
    expect(blocked).toEqual([]);
  }, 120_000);

  it("outputs that were not finite in some draws are named with why, as the run table does (the page showed only \"— ± —\")", async () => {
    const { other, api } = await openModel("nonfinite-toy", `name: nonfinite-toy
time: { start: 0, horizon: 1 }
parameters:
  g: { prior: "uniform(-1, 1)", description: g }
state:
  x: { initial: 1, rate: "g" }
outputs:
  dom: { value: "ln(g)", description: NaN where g < 0 }
  hit: { value: "final(x) > 1", description: x grew, headline: true }
`);
    const nan = JSON.parse(api.shown!.result).outputs.dom.nonfinite.NaN;
    expect(nan).toBeGreaterThan(SAMPLES / 3);
    const text = await other.textContent("#results");
    expect(text).toContain("Values that are not finite numbers count as undefined and are left out of means, quantiles and differences:");
    expect(text).toContain(`dom: ${nan.toLocaleString("en-US")} of ${SAMPLES.toLocaleString("en-US")} draws NaN (domain error)`);
    await other.close();
    expect(errors).toEqual([]);
  }, 120_000);

  it("an uncertain ratio (a custom model's, with a prior) is an uncertain parameter, not the fixed ratio's card; no brakes-off where p_comply cannot be 0 (it showed the median 100.00000000000004 as the model's value)", async () => {
    const { other } = await openModel("ratio-prior", `name: ratio-prior
time: { start: 0, horizon: 1 }
parameters:
  ratio: { prior: "10 to 1000", description: an uncertain funding ratio }
  p_comply: { prior: "uniform(0.1, 1)", min: 0.1, max: 1, description: at least 0.1 here }
state:
  x: { initial: 0, rate: "p_comply / ratio" }
outputs:
  big: { value: "final(x) > 0.01", headline: true }
`);
    expect(await other.$("#ratio-h")).toBeNull();
    expect(await other.$("#p-ratio-fix")).not.toBeNull();
    expect(await other.isChecked("#p-ratio-fix")).toBe(false);
    expect(await other.textContent("#params")).toContain("prior: ");
    // and no "Brakes off" where p_comply cannot be 0 (it had been offered, and always refused)
    expect(await other.$("#brakes-off")).toBeNull();
    const [line] = await reproduce(other);
    expect(line).not.toContain("--ratio");
    await other.close();
  }, 120_000);

  it("a discrete prior's control takes only its values: a list for a few, a slider stepping through many", async () => {
    const file = path.join(tmp, "discrete.html");
    writeFileSync(path.join(tmp, "discrete-toy.yaml"), DISCRETE_MODEL);
    const { html } = await playground({ model: path.join(tmp, "discrete-toy.yaml"), samples: SAMPLES, seed: SEED });
    writeFileSync(file, html);
    const other = await context.newPage();
    other.on("pageerror", (e) => errors.push(`page error: ${e.message}`));
    await other.goto(pathToFileURL(file).href);
    await settled(other, 0);
    // the small support: a list of exactly its values, set at the median
    expect(await other.evaluate(() => (document.getElementById("p-m") as HTMLSelectElement).tagName)).toBe("SELECT");
    expect(await other.$$eval("#p-m option", (os) => os.map((o) => (o as HTMLOptionElement).value))).toEqual(SMALL.map(String));
    expect(await other.inputValue("#p-m")).toBe("2");
    let before = await runs(other);
    await other.selectOption("#p-m", "5");
    let api = await settled(other, before);
    expect(await other.isChecked("#p-m-fix")).toBe(true);
    let [line] = await reproduce(other);
    expect(line).toContain("--m 5 ");
    expect(pageJson(api.shown!.result)).toEqual(cli(line));
    // the large support: a slider over its values' indices; every position is one of them, unrounded
    expect(await other.getAttribute("#p-k", "max")).toBe(String(LARGE.length - 1));
    expect(await other.getAttribute("#p-k", "step")).toBe("1");
    const positions = await other.evaluate((n) => {
      const range = document.getElementById("p-k") as HTMLInputElement;
      const box = document.getElementById("p-k-n") as HTMLInputElement;
      const seen: number[] = [];
      for (let i = 0; i < n; i++) {
        range.value = String(i);
        range.dispatchEvent(new Event("input"));
        seen.push(Number(box.value));
      }
      return seen;
    }, LARGE.length);
    expect(positions).toEqual(LARGE);
    // a typed value moves to the nearest of the prior's values
    before = await runs(other);
    await other.fill("#p-k-n", "13.3");
    await other.press("#p-k-n", "Enter");
    await other.locator("#p-k-n").blur();
    api = await settled(other, before);
    expect(await other.inputValue("#p-k-n")).toBe("13.0625");
    expect(await other.inputValue("#p-k")).toBe(String(LARGE.indexOf(13.0625)));
    [line] = await reproduce(other);
    expect(line).toContain("--m 5 --k 13.0625 ");
    expect(pageJson(api.shown!.result)).toEqual(cli(line));
    expect(await other.evaluate(() => location.hash)).toContain("k=13.0625");
    await other.close();
    // a link may fix it outside its support, as the CLI's flag may: run as it is, marked in the list
    const linked = await context.newPage();
    linked.on("pageerror", (e) => errors.push(`page error: ${e.message}`));
    await linked.goto(`${pathToFileURL(file).href}#samples=${SAMPLES}&seed=${SEED}&m=3`);
    api = await settled(linked, 0);
    expect(await linked.inputValue("#p-m")).toBe("3");
    expect(await linked.textContent("#p-m option:checked")).toBe("3 (outside the prior)");
    [line] = await reproduce(linked);
    expect(line).toContain("--m 3 ");
    expect(JSON.parse(api.shown!.result).parameters.m).toBe(3);
    await linked.close();
    expect(errors).toEqual([]);
  }, 180_000);

  it("fits a phone's width and has a dark theme", async () => {
    await page.setViewportSize({ width: 390, height: 844 });
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
    expect(overflow).toBeLessThanOrEqual(0);
    await page.screenshot({ path: path.join(ARTIFACTS, "phone.png") });
    await page.click("#theme");
    const bg = await page.evaluate(() => getComputedStyle(document.body).backgroundColor);
    expect(bg).toBe("rgb(13, 17, 23)");
    await page.setViewportSize({ width: 1280, height: 900 });
    await page.screenshot({ path: path.join(ARTIFACTS, "dark.png") });
  }, 60_000);

  it("Cancel mid-run: the page says how many draws its results are of, and the Reproduce lines give them (they had named the draws asked for)", async () => {
    // a new setting cancelled before its first pass: the results are the previous settings', and the page says so
    await page.fill("#samples", "300000");
    await page.dispatchEvent("#samples", "change");
    // (the edit and the click in one task of the page: no pass of the run can be shown between them)
    await page.evaluate(() => {
      const box = document.querySelector("#p-ratio-n") as HTMLInputElement;
      box.value = "300";
      box.dispatchEvent(new Event("change"));
      (document.querySelector("#cancel") as HTMLButtonElement).click();
    });
    expect(await page.textContent("#status")).toBe("Cancelled before any draw of these settings was shown: the results below are of the previous settings, not of the controls.");
    expect(await page.getAttribute("#results", "data-stale")).toBe("true");
    // cancelled after its first pass
    await page.fill("#samples", "400000");
    await page.dispatchEvent("#samples", "change");
    // its first pass shown: the results are no longer greyed, and the run goes on
    await page.waitForFunction(
      () => {
        const a = (globalThis as unknown as { rsiPlayground: Api }).rsiPlayground;
        return a.busy && !document.querySelector("#results")!.hasAttribute("data-stale") && !!a.shown && a.shown.samples < 400000;
      },
      undefined,
      { timeout: 120_000 },
    );
    await page.click("#cancel");
    expect(await page.textContent("#status")).toMatch(/^Cancelled: the results shown are of the first/);
    expect(await page.getAttribute("#results", "data-stale")).toBeNull();
    const api = await page.evaluate(() => (globalThis as unknown as { rsiPlayground: Api }).rsiPlayground);
    const n = api.shown!.samples;
    expect(n).toBeLessThan(400000);
    expect(await page.textContent("#status")).toContain(`Cancelled: the results shown are of the first ${n.toLocaleString("en-US")} of the 400,000 draws`);
    const lines = await reproduce(page);
    expect(lines[0]).toContain(`--samples ${n} `);
    expect(pageJson(api.shown!.result)).toEqual(cli(lines[0]));
  }, 180_000);

  it("a refused setting greys the results and says they are of the previous settings; a valid one runs again", async () => {
    await page.fill("#samples", String(SAMPLES));
    await page.dispatchEvent("#samples", "change");
    await page.waitForFunction(() => !(globalThis as unknown as { rsiPlayground: Api }).rsiPlayground.busy, undefined, { timeout: 120_000 });
    await page.fill("#p-ratio-n", "-5");
    await page.dispatchEvent("#p-ratio-n", "change");
    expect(await page.getAttribute("#results", "data-stale")).toBe("true");
    expect(await page.textContent("#status")).toMatch(/^Error: ratio .*: the results below are of the previous settings, not of the controls\.$/);
    const before = await runs(page);
    await page.fill("#p-ratio-n", "100");
    await page.dispatchEvent("#p-ratio-n", "change");
    await settled(page, before);
    expect(await page.getAttribute("#results", "data-stale")).toBeNull();
  }, 180_000);
});
