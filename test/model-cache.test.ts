/**
 * The build-time cache of compiled shipped models (src/model/cache.ts): an
 * entry gives the same model, and so the same result byte for byte, as
 * compiling the file; a stale, foreign or damaged entry is never used.
 */
import { mkdtempSync, readFileSync, writeFileSync, copyFileSync, cpSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { deserialize, serialize } from "node:v8";
import { beforeAll, describe, expect, it } from "vitest";
import { cachedModel, compilerKey, loadModelFast, sourceKey, writeModelCache } from "../src/model/cache.js";
import { loadModel } from "../src/model/compile.js";
import { builtinModels } from "../src/model/locate.js";
import { portableModel } from "../src/model/portable.js";
import { simulate } from "../src/engine/simulate.js";
import { resultJSON, summarizeRun } from "../src/analysis/result.js";
import { describeModel } from "../src/report/describe.js";

let dir: string;
beforeAll(async () => {
  dir = mkdtempSync(path.join(tmpdir(), "rsi-cache-"));
  const files = await writeModelCache(dir);
  expect(files.map((f) => path.basename(f)).sort()).toEqual(builtinModels().map((n) => `${n}.bin`).sort());
});

describe("model cache", () => {
  it("gives the model the compiler gives, for every shipped model", () => {
    for (const name of builtinModels()) {
      const cached = cachedModel(name, dir);
      expect(cached, name).not.toBeNull();
      const compiled = loadModel(name);
      expect(portableModel(cached!)).toEqual(portableModel(compiled));
      expect(describeModel(cached!)).toBe(describeModel(compiled));
    }
  });

  it("gives the same result, byte for byte, as the compiled model", () => {
    for (const name of builtinModels()) {
      const opts = { samples: 300, seed: 11 };
      const a = resultJSON(summarizeRun(simulate(cachedModel(name, dir)!, opts)));
      const b = resultJSON(summarizeRun(simulate(loadModel(name), opts)));
      expect(a).toBe(b);
    }
  });

  it("is found by name and by the shipped file's path", () => {
    const byPath = cachedModel(path.join("models", "rsi-core.yaml"), dir);
    expect(byPath?.name).toBe("rsi-core");
  });

  it("ignores an entry made from another text of the model file", () => {
    const stale = mkdtempSync(path.join(tmpdir(), "rsi-cache-stale-"));
    const entry = deserialize(readFileSync(path.join(dir, "rsi-core.bin")));
    entry.model.source = entry.model.source.replace("ratio:", "ratio :");
    writeFileSync(path.join(stale, "rsi-core.bin"), serialize(entry));
    expect(cachedModel("rsi-core", stale)).toBeNull();
  });

  it("ignores an entry made by another compiler or in another format", () => {
    for (const change of [(e: any) => (e.compiler = "0".repeat(64)), (e: any) => (e.format = "rsi-sim.model-cache/0"), (e: any) => (e.compiler = "")]) {
      const other = mkdtempSync(path.join(tmpdir(), "rsi-cache-other-"));
      const entry = deserialize(readFileSync(path.join(dir, "rsi-core.bin")));
      change(entry);
      writeFileSync(path.join(other, "rsi-core.bin"), serialize(entry));
      expect(cachedModel("rsi-core", other)).toBeNull();
    }
    expect(compilerKey()).toMatch(/^[0-9a-f]{64}$/);
  });

  it("keys on every module of the compiler: a change to any, or one added or removed, gives another key", () => {
    const src = path.resolve("src", "model");
    expect(compilerKey()).toBe(sourceKey(src, ".ts"));
    const copy = mkdtempSync(path.join(tmpdir(), "rsi-cache-src-"));
    cpSync(src, copy, { recursive: true });
    const key = sourceKey(copy, ".ts");
    expect(key).toBe(compilerKey());
    const modules = readdirSync(copy).filter((f) => f.endsWith(".ts"));
    expect(modules).toEqual(expect.arrayContaining(["compile.ts", "compile-outputs.ts", "expr.ts", "distributions.ts", "prior-parse.ts"]));
    const keys = new Set([key]);
    for (const f of modules) {
      const file = path.join(copy, f);
      const text = readFileSync(file, "utf8");
      writeFileSync(file, text + "\n");
      keys.add(sourceKey(copy, ".ts"));
      writeFileSync(file, text);
    }
    expect(keys.size).toBe(modules.length + 1);
    expect(sourceKey(copy, ".ts")).toBe(key);
    writeFileSync(path.join(copy, "compile-extra.ts"), "");
    expect(sourceKey(copy, ".ts")).not.toBe(key);
    rmSync(path.join(copy, "compile-extra.ts"));
    rmSync(path.join(copy, "compile.ts"));
    expect(() => sourceKey(copy, ".ts")).toThrow(/no compiler/);
  });

  it("ignores a damaged entry, a missing one and a model that is not shipped", async () => {
    const bad = mkdtempSync(path.join(tmpdir(), "rsi-cache-bad-"));
    const bytes = readFileSync(path.join(dir, "rsi-core.bin"));
    writeFileSync(path.join(bad, "rsi-core.bin"), bytes.subarray(0, bytes.length >> 1));
    expect(cachedModel("rsi-core", bad)).toBeNull();
    expect(cachedModel("forethought-sie", bad)).toBeNull();
    const mine = path.join(bad, "mine.yaml");
    copyFileSync(path.join("models", "forethought-sie.yaml"), mine);
    copyFileSync(path.join(dir, "forethought-sie.bin"), path.join(bad, "mine.bin"));
    expect(cachedModel(mine, bad)).toBeNull();
    // loadModelFast compiles instead, with the compiler's own errors for a bad name
    expect((await loadModelFast("rsi-core", bad)).kernel.source).toBe(loadModel("rsi-core").kernel.source);
    await expect(loadModelFast("rsi-cor", bad)).rejects.toThrow(/did you mean "rsi-core"/);
  });
});
