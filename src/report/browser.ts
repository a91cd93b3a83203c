/**
 * Headless Chromium (the system's, through playwright-core) for PNGs of a
 * report's charts, with every network request blocked: a report must draw
 * from the file alone.
 */
import { existsSync, mkdirSync } from "node:fs";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { writeAtomic } from "../core/atomic.js";
import { UserError } from "../core/errors.js";

// playwright-core is an optional peer dependency (a development dependency, so npm install --omit=dev leaves it out): it is
// loaded when a PNG is asked for. These are the parts of its API used here; the functions
// are generic, so a caller with the package's own types keeps them.
interface RequestLike {
  url(): string;
}
/** The parts of a playwright-core Page used here. */
export interface PageLike {
  on(event: string, f: (x: any) => void): unknown;
  goto(url: string, opts: { waitUntil: "load"; timeout: number }): Promise<unknown>;
  waitForFunction(f: () => boolean, arg: null, opts: { timeout: number }): Promise<unknown>;
  evaluate<R, A>(f: (arg: A) => R | Promise<R>, arg?: A): Promise<R>;
}
/** The parts of a playwright-core BrowserContext used here. */
export interface ContextLike {
  route(pattern: string, f: (route: { request(): RequestLike; continue(): Promise<void>; abort(code: string): Promise<void> }) => Promise<void>): Promise<unknown>;
  on(event: string, f: (x: any) => void): unknown;
  newPage(): Promise<PageLike>;
  close(): Promise<void>;
}
/** The parts of a playwright-core Browser used here. */
export interface BrowserLike {
  newContext(opts: Record<string, unknown>): Promise<ContextLike>;
  close(): Promise<void>;
}
interface Chromium {
  launch(opts: { executablePath: string; headless: boolean; args: string[]; timeout: number }): Promise<BrowserLike>;
}
/** The package's name in a variable, so that neither the compiler nor the bundler needs it installed. */
const PLAYWRIGHT = "playwright-core";

export const DEFAULT_CHROMIUM = "/usr/bin/chromium";

/** Flags for a quiet, offline headless Chromium. */
export const CHROMIUM_ARGS = [
  "--headless",
  "--no-sandbox",
  "--disable-gpu",
  "--disable-quic",
  "--no-first-run",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
];

/** Chromium's path: $RSI_SIM_CHROMIUM, or /usr/bin/chromium. */
export function chromiumPath(): string {
  return process.env.RSI_SIM_CHROMIUM || DEFAULT_CHROMIUM;
}

const INSTALL_HINT = "install it (Debian/Ubuntu: apt-get install chromium) or set RSI_SIM_CHROMIUM to a Chromium or Chrome executable";

/** Launch headless Chromium; a UserError naming the fix when it is missing or will not start. */
export async function launchChromium<B extends BrowserLike = BrowserLike>(where = "--png"): Promise<B> {
  const exe = chromiumPath();
  if (!existsSync(exe)) throw new UserError(where, `Chromium not found at ${exe}; ${INSTALL_HINT}`);
  let chromium: Chromium;
  try {
    ({ chromium } = (await import(PLAYWRIGHT)) as { chromium: Chromium });
  } catch {
    throw new UserError(where, "the package playwright-core is not installed (npm install playwright-core)");
  }
  try {
    return (await chromium.launch({ executablePath: exe, headless: true, args: CHROMIUM_ARGS, timeout: 60_000 })) as B;
  } catch (err) {
    const first = String((err as Error).message ?? err).split("\n").find((l) => l.trim()) ?? "unknown error";
    throw new UserError(where, `Chromium at ${exe} did not start (${first.trim()}); ${INSTALL_HINT}`);
  }
}

/** Is this URL local to the page (the file itself, data and blob URLs)? */
export const isLocalUrl = (url: string) => /^(file|data|blob|about):/i.test(url);

/**
 * A context that aborts every request that is not local, and records it in
 * `blocked` (the caller decides whether that is an error).
 */
export async function offlineContext<C extends ContextLike>(
  browser: { newContext(opts: Record<string, unknown>): Promise<C> },
  opts: { width?: number; height?: number; colorScheme?: "light" | "dark" } = {},
): Promise<{ context: C; blocked: string[] }> {
  const blocked: string[] = [];
  const context = await browser.newContext({
    viewport: { width: opts.width ?? 1280, height: opts.height ?? 900 },
    colorScheme: opts.colorScheme ?? "light",
    deviceScaleFactor: 1,
    offline: true,
    serviceWorkers: "block",
  });
  await context.route("**/*", (route) => {
    const url = route.request().url();
    if (isLocalUrl(url)) return route.continue();
    if (!blocked.includes(url)) blocked.push(url);
    return route.abort("blockedbyclient");
  });
  context.on("request", (req: RequestLike) => {
    const url = req.url();
    if (!isLocalUrl(url) && !blocked.includes(url)) blocked.push(url);
  });
  return { context, blocked };
}

/** Open a report file and wait until its charts are drawn; returns the page and any errors the page recorded. */
export async function openReport<P extends PageLike>(context: { newPage(): Promise<P> }, file: string): Promise<{ page: P; errors: string[] }> {
  const page = await context.newPage();
  const errors: string[] = [];
  page.on("pageerror", (e: Error) => errors.push(`page error: ${e.message}`));
  page.on("console", (m: { type(): string; text(): string }) => {
    if (m.type() === "error") errors.push(`console error: ${m.text()}`);
  });
  await page.goto(pathToFileURL(path.resolve(file)).href, { waitUntil: "load", timeout: 120_000 });
  await page.waitForFunction(() => (window as unknown as { __rsiReport?: { ready: boolean } }).__rsiReport?.ready === true, null, { timeout: 120_000 });
  const own = await page.evaluate(() => (window as unknown as { __rsiReport: { errors: string[] } }).__rsiReport.errors);
  errors.push(...own);
  return { page, errors };
}

/** The chart ids of an open report, in page order. */
export async function chartIds(page: PageLike): Promise<string[]> {
  return page.evaluate(() => (window as unknown as { __rsiReport: { specs: { id: string }[] } }).__rsiReport.specs.map((s) => s.id));
}

/**
 * Write a PNG of every chart of a report file into `dir` (created if need
 * be), drawn in the light theme at `width` CSS pixels and twice that
 * resolution; returns the files written.
 */
export async function writeChartPngs(htmlFile: string, dir: string, opts: { width?: number } = {}): Promise<string[]> {
  const width = opts.width ?? 1100;
  // the browser first: a missing Chromium or playwright-core leaves nothing behind, not even the directory
  const browser = await launchChromium();
  try {
    try {
      mkdirSync(dir, { recursive: true });
    } catch (err) {
      throw new UserError(dir, `cannot create the directory (${(err as NodeJS.ErrnoException).code ?? (err as Error).message})`);
    }
    const { context, blocked } = await offlineContext(browser, { width: Math.max(width, 800) });
    const { page, errors } = await openReport(context, htmlFile);
    if (errors.length > 0) throw new Error(`the report did not draw cleanly: ${errors.join("; ")}`);
    await page.evaluate(async () => {
      document.documentElement.setAttribute("data-theme", "light");
      await (window as unknown as { __rsiReport: { redraw(): Promise<unknown> } }).__rsiReport.redraw();
    });
    const ids = await chartIds(page);
    const files: string[] = [];
    for (const [k, id] of ids.entries()) {
      const url = await page.evaluate(([i, w]) => (window as unknown as { __rsiReport: { toPng(id: string, w: number): Promise<string> } }).__rsiReport.toPng(i as string, w as number), [id, width] as const);
      const png = Buffer.from(url.replace(/^data:image\/png;base64,/, ""), "base64");
      const file = path.join(dir, `${String(k + 1).padStart(2, "0")}-${id.replace(/^chart-/, "")}.png`);
      writeAtomic(file, png);
      files.push(file);
    }
    if (blocked.length > 0) throw new Error(`the report tried to load from the network: ${blocked.join(", ")}`);
    await context.close();
    return files;
  } finally {
    await browser.close();
  }
}
