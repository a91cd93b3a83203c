/**
 * Each kind of HTML report opened in the system's headless Chromium
 * (playwright-core) with the network blocked: every chart draws its data,
 * nothing is fetched, no console errors, the charts follow the light and
 * dark themes, the page fits a laptop and a phone width, and `rsi-sim
 * report --png` writes a PNG per chart. Screenshots go to test-artifacts/.
 *
 * Needs Chromium (apt-get install chromium, or RSI_SIM_CHROMIUM=path). Without
 * it the tests are skipped with a message, unless CI is set: then they fail.
 */
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Browser, Page } from "playwright-core";
import { loadModel } from "../src/model/compile.js";
import { simulate } from "../src/engine/simulate.js";
import { resultJSON, summarizeRun } from "../src/analysis/result.js";
import { logValues, sweep } from "../src/analysis/sweep.js";
import { runSensitivity } from "../src/analysis/sensitivity.js";
import { finishCompare } from "../src/analysis/compare.js";
import { parseResultText, reportHtml } from "../src/report/html.js";
import { chromiumPath, launchChromium, offlineContext, openReport } from "../src/report/browser.js";
import { reportCommand } from "../src/cli/report.js";

const CHROMIUM = chromiumPath();
const HAVE_CHROMIUM = existsSync(CHROMIUM);
const CI = Boolean(process.env.CI);
const SKIP = !HAVE_CHROMIUM && !CI;
if (SKIP) {
  console.warn(
    `report-browser.test.ts: SKIPPED — no Chromium at ${CHROMIUM} (apt-get install chromium, or set RSI_SIM_CHROMIUM). ` +
      `With CI set these tests run and fail instead of skipping.`,
  );
}

const ARTIFACTS = path.resolve("test-artifacts", "report");
const tmp = mkdtempSync(path.join(tmpdir(), "rsi-sim-report-browser-"));
const LIGHT_BG = "#ffffff";
const DARK_BG = "#161b22";

/** The result JSON text of each kind of report, made small and fast. */
function fixtures(): Record<string, string> {
  const model = loadModel("rsi-core");
  const run = summarizeRun(simulate(model, { samples: 1000, seed: 1 }));
  return {
    run: resultJSON({ ...run, command: "rsi-sim --samples 1000 --seed 1" }),
    "run-forethought": resultJSON(summarizeRun(simulate(loadModel("forethought-sie"), { samples: 200, seed: 1 }))),
    sweep: resultJSON({
      ...sweep(model, { param: "ratio", values: [1, 10, 100, 1000], samples: 80, seed: 1, outputs: ["loc", "loc_by_2050", "takeoff_years"], overrides: { p_comply: 0.5 } }),
      command: "rsi-sim sweep ratio --values 1,10,100,1000 --samples 80 --seed 1 --p-comply 0.5",
    }),
    // many close points: small paired changes (a few percentage points) on a log axis
    "sweep-fine": resultJSON(sweep(model, { param: "ratio", values: logValues(20, 2000, 13), samples: 300, seed: 1, outputs: ["loc", "loc_by_2050"] })),
    grid: resultJSON(sweep(model, { param: "ratio", values: [10, 100, 1000], param2: "p_comply", values2: [0, 0.5, 1], samples: 40, seed: 1, outputs: ["loc", "takeoff_years"] })),
    sobol: resultJSON(runSensitivity(loadModel("models/test/ishigami.yaml"), { method: "sobol", N: 256, seed: 1, resamples: 100 })),
    morris: resultJSON(runSensitivity(model, { method: "morris", trajectories: 6, seed: 1, resamples: 50, outputs: ["loc_by_2050", "t100"] })),
    oat: resultJSON(runSensitivity(model, { method: "oat", N: 10, seed: 1, outputs: ["loc_by_2050"] })),
    compare: compareFixture(model),
  };
}

/** Three scenarios of rsi-core on the same 400 draws, compared with the first: the compare JSON. */
function compareFixture(model: ReturnType<typeof loadModel>): string {
  const scenarios: { name: string; settings: Record<string, number> }[] = [
    { name: "200:1", settings: { ratio: 200 } },
    { name: "20:1", settings: { ratio: 20 } },
    { name: "20:1, labs comply", settings: { ratio: 20, p_comply: 1 } },
  ];
  const sims = scenarios.map((s) => simulate(model, { samples: 400, seed: 1, overrides: s.settings, keepParameters: false, keepSeries: false }));
  const result = finishCompare(model, { scenarios, seed: 1, samples: 400, resamples: 100 }, sims);
  return resultJSON({ ...result, command: "rsi-sim compare --samples 400 --scenario 200:1 --ratio 200 --scenario 20:1 --ratio 20" });
}

interface ChartState {
  id: string;
  svg: boolean;
  expected: number;
  data: number;
  fullData: number;
  marks: number;
  bg: string;
  width: number;
}

/** What each chart of the open page drew. */
async function chartStates(page: Page): Promise<ChartState[]> {
  return page.evaluate(() => {
    type Gd = HTMLElement & { data?: unknown[]; _fullData?: unknown[]; _fullLayout?: { paper_bgcolor: string } };
    const specs = (window as unknown as { __rsiReport: { specs: { id: string; data: unknown[] }[] } }).__rsiReport.specs;
    return specs.map((s) => {
      const gd = document.getElementById(s.id) as Gd;
      const drawn = [...gd.querySelectorAll("path.js-line, path.js-fill, .point, .bars path, .hm image, .scatterlayer .textpoint")].filter(
        (e) => e.tagName === "image" || e.classList.contains("textpoint") || (e.getAttribute("d") ?? "").length > 4,
      );
      return {
        id: s.id,
        svg: gd.querySelector(".main-svg") !== null,
        expected: s.data.length,
        data: gd.data?.length ?? -1,
        fullData: gd._fullData?.length ?? -1,
        marks: drawn.length,
        bg: gd._fullLayout?.paper_bgcolor ?? "",
        width: Math.max(gd.getBoundingClientRect().width, gd.querySelector(".main-svg")?.getBoundingClientRect().width ?? 0),
      };
    });
  });
}

interface AxisTicks {
  chart: string;
  axis: string;
  type: string;
  ticks: { x: number; text: string }[];
}

/** The labelled major ticks of every axis of every chart, as drawn. */
async function axisTicks(page: Page): Promise<AxisTicks[]> {
  return page.evaluate(() => {
    type Ax = { type: string; _vals?: { x: number; text?: string; minor?: boolean }[]; visible?: boolean };
    const specs = (window as unknown as { __rsiReport: { specs: { id: string }[] } }).__rsiReport.specs;
    const out: { chart: string; axis: string; type: string; ticks: { x: number; text: string }[] }[] = [];
    for (const s of specs) {
      const fl = (document.getElementById(s.id) as HTMLElement & { _fullLayout: Record<string, unknown> })._fullLayout;
      for (const key of Object.keys(fl).filter((k) => /^[xy]axis\d*$/.test(k))) {
        const ax = fl[key] as Ax;
        if (ax.visible === false) continue;
        const ticks = (ax._vals ?? []).filter((v) => !v.minor && v.text).map((v) => ({ x: v.x, text: String(v.text).replace(/<[^>]*>/g, "") }));
        out.push({ chart: s.id, axis: key, type: ax.type, ticks });
      }
    }
    return out;
  });
}

/** Rectangles of the point labels drawn on scatter charts, per chart. */
async function pointLabels(page: Page): Promise<{ chart: string; text: string; box: [number, number, number, number] }[]> {
  return page.evaluate(() =>
    [...document.querySelectorAll(".plot")].flatMap((plot) =>
      [...plot.querySelectorAll(".scatterlayer .textpoint text")]
        .filter((t) => (t.textContent ?? "").trim() !== "")
        .map((t) => {
          const r = t.getBoundingClientRect();
          return { chart: plot.id, text: t.textContent ?? "", box: [r.left, r.top, r.right, r.bottom] as [number, number, number, number] };
        }),
    ),
  );
}

/**
 * What a reader sees: no two ticks of an axis read the same, log ticks show
 * their whole value (20, 200, 2000, not "2"), point labels do not overlap,
 * tables print no rounding noise for 0, the header and every PNG's title
 * say the scenario (model, settings, draws, seed).
 */
async function checkReadable(page: Page, name: string): Promise<void> {
  const axes = await axisTicks(page);
  expect(axes.reduce((n, a) => n + a.ticks.length, 0), "tick labels found").toBeGreaterThan(0);
  if (name === "sweep-fine") expect(axes.some((a) => a.type === "log" && a.ticks.length >= 3), "a log axis with ticks").toBe(true);
  for (const a of axes) {
    const texts = a.ticks.map((t) => t.text);
    expect(new Set(texts).size, `${a.chart} ${a.axis}: distinct tick labels ${JSON.stringify(texts)}`).toBe(texts.length);
    if (a.type === "log") {
      for (const t of a.ticks) {
        const v = Number(t.text.replace("−", "-").replace(/,/g, ""));
        expect(Math.abs(v / 10 ** t.x - 1), `${a.chart} ${a.axis}: log tick "${t.text}" at ${10 ** t.x}`).toBeLessThan(0.05);
      }
    }
  }
  const labels = await pointLabels(page);
  for (const [i, a] of labels.entries()) {
    for (const b of labels.slice(i + 1)) {
      if (a.chart !== b.chart) continue;
      const overlap = a.box[0] < b.box[2] - 1 && b.box[0] < a.box[2] - 1 && a.box[1] < b.box[3] - 1 && b.box[1] < a.box[3] - 1;
      expect(overlap, `${a.chart}: labels "${a.text}" and "${b.text}" overlap`).toBe(false);
    }
  }
  const cells = await page.evaluate(() => [...document.querySelectorAll("td")].map((td) => td.textContent ?? ""));
  for (const c of cells) expect(c, "a table cell with rounding noise for 0").not.toMatch(/\de[−-](1[2-9]|[2-9]\d|\d{3})\b/);
  const subtitle = await page.textContent("header.report .toprow .muted");
  expect(subtitle, "the header's scenario line").toMatch(/^model \S+ · .* · seed \d+$/);
  if (name === "run" || name === "sweep") expect(subtitle).toMatch(/ratio /);
  if (name === "sweep") expect(subtitle).toContain("p_comply 0.5");
  const titles = await page.evaluate(() => {
    const r = (window as unknown as { __rsiReport: { specs: { id: string }[]; pngLayout(id: string): { layout: { title: { text: string } } } } }).__rsiReport;
    return r.specs.map((s) => r.pngLayout(s.id).layout.title.text);
  });
  for (const t of titles) expect(t, "a PNG's title").toContain(`<br><span style="font-size:12px">${subtitle!.slice(0, 20)}`);
}

const noHorizontalScroll = (page: Page) => page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth + 1);

describe.skipIf(SKIP)("reports in headless Chromium, offline", () => {
  let browser: Browser;
  const files: Record<string, string> = {};
  const jsons: Record<string, string> = {};

  beforeAll(async () => {
    mkdirSync(ARTIFACTS, { recursive: true });
    for (const [name, text] of Object.entries(fixtures())) {
      jsons[name] = path.join(tmp, `${name}.json`);
      writeFileSync(jsons[name], text);
      files[name] = path.join(tmp, `${name}.html`);
      writeFileSync(files[name], reportHtml(parseResultText(text, name)));
    }
    browser = await launchChromium("test");
  });

  afterAll(async () => {
    await browser?.close();
    rmSync(tmp, { recursive: true, force: true });
  });

  for (const name of ["run", "run-forethought", "sweep", "sweep-fine", "grid", "sobol", "morris", "oat", "compare"]) {
    it(`${name}: every chart draws its data, nothing is fetched, light and dark themes, laptop and phone widths`, async () => {
      const { context, blocked } = await offlineContext(browser, { width: 1280, height: 900, colorScheme: "light" });
      try {
        const { page, errors } = await openReport(context, files[name]);
        expect(errors, "console and page errors").toEqual([]);

        // light theme at a laptop width
        const light = await chartStates(page);
        expect(light.length).toBeGreaterThan(0);
        // a comparison's first chart is the paired difference, then one per timeline date
        if (name === "compare") expect(light.map((c) => c.id)).toEqual(["chart-differences", ...["t20", "t100", "t-si", "t-loc", "t-brake"].map((t) => `chart-timeline-${t}`)]);
        for (const c of light) {
          expect(c.svg, `${c.id}: .main-svg`).toBe(true);
          expect(c.data, `${c.id}: gd.data`).toBe(c.expected);
          expect(c.fullData, `${c.id}: gd._fullData`).toBe(c.expected);
          expect(c.marks, `${c.id}: drawn marks`).toBeGreaterThan(0);
          expect(c.bg, `${c.id}: light background`).toBe(LIGHT_BG);
        }
        expect(await noHorizontalScroll(page), "no horizontal scroll at 1280px").toBe(true);
        await checkReadable(page, name);
        await page.screenshot({ path: path.join(ARTIFACTS, `${name}-light-1280.png`), fullPage: true });

        // the system switches to dark: the page and every chart follow
        await page.emulateMedia({ colorScheme: "dark" });
        await page.waitForFunction(
          (bg) => (window as unknown as { __rsiReport: { specs: { id: string }[] } }).__rsiReport.specs.every(
            (s) => (document.getElementById(s.id) as HTMLElement & { _fullLayout?: { paper_bgcolor: string } })._fullLayout?.paper_bgcolor === bg,
          ),
          DARK_BG,
          { timeout: 30_000 },
        );
        const pageBg = await page.evaluate(() => getComputedStyle(document.body).backgroundColor);
        expect(pageBg).toBe("rgb(13, 17, 23)");
        const dark = await chartStates(page);
        for (const c of dark) expect(c.marks, `${c.id}: drawn marks in dark`).toBeGreaterThan(0);
        await page.screenshot({ path: path.join(ARTIFACTS, `${name}-dark-1280.png`), fullPage: true });

        // the toggle overrides the system theme (auto → light)
        await page.click("#theme-toggle");
        await page.waitForFunction(
          (bg) => (window as unknown as { __rsiReport: { specs: { id: string }[] } }).__rsiReport.specs.every(
            (s) => (document.getElementById(s.id) as HTMLElement & { _fullLayout?: { paper_bgcolor: string } })._fullLayout?.paper_bgcolor === bg,
          ),
          LIGHT_BG,
          { timeout: 30_000 },
        );
        expect(await page.textContent("#theme-toggle")).toBe("Theme: light");

        // a phone width: charts shrink to fit, the page does not scroll sideways
        await page.setViewportSize({ width: 390, height: 800 });
        // plotly redraws each chart at its new width (responsive: true)
        await page.waitForFunction(
          () => [...document.querySelectorAll(".plot")].every((e) => {
            const svg = e.querySelector(".main-svg");
            return svg !== null && svg.getBoundingClientRect().width <= e.getBoundingClientRect().width + 1 && e.getBoundingClientRect().width <= 390;
          }),
          null,
          { timeout: 30_000 },
        );
        await page.waitForTimeout(300);
        const narrow = await chartStates(page);
        for (const c of narrow) {
          expect(c.width, `${c.id}: width at 390px`).toBeLessThanOrEqual(390);
          expect(c.marks, `${c.id}: drawn marks at 390px`).toBeGreaterThan(0);
        }
        expect(await noHorizontalScroll(page), "no horizontal scroll at 390px").toBe(true);
        if (name === "run" || name === "sweep" || name === "compare") await page.screenshot({ path: path.join(ARTIFACTS, `${name}-light-390.png`), fullPage: true });

        expect(errors, "console and page errors").toEqual([]);
        expect(blocked, "network requests").toEqual([]);
      } finally {
        await context.close();
      }
    }, 180_000);
  }

  it("a request to the network is caught (the check itself works)", async () => {
    const { context, blocked } = await offlineContext(browser);
    try {
      const page = await context.newPage();
      await page.setContent(`<img src="https://example.invalid/x.png">`);
      await page.waitForTimeout(200);
      expect(blocked).toEqual(["https://example.invalid/x.png"]);
    } finally {
      await context.close();
    }
  });

  it("rsi-sim report --png writes a PNG of every chart", async () => {
    const dir = path.join(ARTIFACTS, "run-png");
    rmSync(dir, { recursive: true, force: true });
    const err: string[] = [];
    const io = { stdout: () => {}, stderr: (s: string) => void err.push(s), isTTY: false };
    expect(await reportCommand([jsons.run, "--png", dir], io)).toBe(0);
    const html = readFileSync(files.run, "utf8");
    const expected = JSON.parse(/id="rsi-charts">([\s\S]*?)<\/script>/.exec(html)![1]).length;
    const pngs = readdirSync(dir).filter((f) => f.endsWith(".png")).sort();
    expect(pngs).toHaveLength(expected);
    expect(err.join("")).toBe(`rsi-sim: wrote ${expected} PNGs to ${dir}\n`);
    expect(pngs[0]).toBe("01-probabilities.png");
    for (const f of pngs) {
      const b = readFileSync(path.join(dir, f));
      expect(b.subarray(0, 8).toString("hex"), f).toBe("89504e470d0a1a0a");
      expect(b.readUInt32BE(16), `${f} width`).toBe(2200); // 1100 CSS px at 2x
      expect(b.length, f).toBeGreaterThan(10_000);
    }
  }, 180_000);
});
