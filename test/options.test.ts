/**
 * The library's use cases called from JavaScript with options of the wrong
 * name or type: each is refused before anything runs with an ArgumentError
 * that names the option (they had failed deep inside with a TypeError, or
 * run with a misspelt option ignored, or read "100" as 100).
 */
import { describe, expect, it } from "vitest";
import { ArgumentError } from "../src/core/errors.js";
import { run, runShard } from "../src/app/run.js";
import { sweep } from "../src/app/sweep.js";
import { compare, compareShard } from "../src/app/compare.js";
import { sensitivity } from "../src/app/sensitivity.js";
import { playground } from "../src/app/playground.js";
import { merge } from "../src/app/merge.js";
import { loadModel } from "../src/model/compile.js";
import { renderRun, renderSweep } from "../src/report/render.js";
import { errorLine } from "../src/cli/main.js";

/** The error a call throws (sync or async), which must be an ArgumentError. */
async function refusal(f: () => unknown): Promise<string> {
  let caught: unknown;
  try {
    await f();
  } catch (err) {
    caught = err;
  }
  expect(caught, "no error").toBeInstanceOf(ArgumentError);
  return (caught as Error).message;
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
const untyped = (x: unknown) => x as any;

describe("options of the wrong name or type are refused, naming the option", () => {
  it("the options object itself", async () => {
    expect(await refusal(() => run(untyped(null)))).toBe("options run() takes an object of options, got null");
    expect(await refusal(() => run(untyped(5)))).toBe("options run() takes an object of options, got 5 (a number)");
    expect(await refusal(() => sweep(untyped(undefined)))).toBe("options sweep() takes an object of options, got undefined");
    expect(await refusal(() => compare(untyped(undefined)))).toMatch(/^options compare\(\) takes an object of options/);
    expect(await refusal(() => sensitivity(untyped(null)))).toMatch(/^options sensitivity\(\) takes an object of options, got null/);
    expect(await refusal(() => playground(untyped(null)))).toMatch(/^options playground\(\) takes an object of options, got null/);
  });

  it("a misspelt option is refused with a suggestion, not ignored", async () => {
    expect(await refusal(() => run(untyped({ sampels: 10 })))).toMatch(/^sampels is not an option of run\(\) \(did you mean "samples"\?\); its options are model, seed, /);
    expect(await refusal(() => sweep(untyped({ param: "ratio", values: [1, 2], second: { parm: "gamma" } })))).toMatch(/^second\.parm is not an option of sweep\(\) \(did you mean "second\.param"\?\)/);
    expect(await refusal(() => compare(untyped({ scenarios: [{ name: "a", setings: {} }, { name: "b" }] })))).toMatch(/^scenarios\[0\]\.setings is not an option of compare\(\) \(did you mean "scenarios\[0\]\.settings"\?\)/);
  });

  it("a value of the wrong type names the option and what it got", async () => {
    expect(await refusal(() => run(untyped({ samples: "100" })))).toBe('samples must be a number, got "100" (a string)');
    expect(await refusal(() => run(untyped({ samples: null })))).toBe("samples must be a number, got null");
    expect(await refusal(() => run(untyped({ outputs: "loc" })))).toBe('outputs must be an array of names (strings), got "loc" (a string)');
    expect(await refusal(() => run(untyped({ settings: "ratio=5" })))).toMatch(/^settings must be an object of settings by parameter name/);
    expect(await refusal(() => run(untyped({ settings: [1, 2] })))).toMatch(/^settings must be an object of settings by parameter name, such as \{ ratio: 20 \}, got an array$/);
    expect(await refusal(() => run(untyped({ keepParameters: "yes" })))).toBe('keepParameters must be true or false, got "yes" (a string)');
    expect(await refusal(() => run(untyped({ onProgress: 5 })))).toBe("onProgress must be a function, got 5 (a number)");
    // the command is echoed in results and shard headers: a shard with "a\nb" in it was written, and merge refused it
    expect(await refusal(() => runShard({ samples: 10, workers: 1, command: "a\nb" }, { index: 1, count: 1 }))).toBe("command holds the control character U+000A (newline); it is one line of text");
    expect(await refusal(() => run(untyped({ workers: [2] })))).toBe('workers must be a number of threads or "auto", got an array');
    expect(await refusal(() => sweep(untyped({ values: [1, 2] })))).toBe("param is required: the parameter to sweep");
    expect(await refusal(() => sweep(untyped({ param: 5, values: [1, 2] })))).toBe("param must be a string, got 5 (a number)");
    expect(await refusal(() => sweep(untyped({ param: "ratio", values: "20,200" })))).toBe('values must be an array of numbers, got "20,200" (a string)');
  });

  it("typed arrays are arrays of numbers (a Float64Array of values had worked before the checks)", async () => {
    const s = await sweep({ model: "models/test/jones.yaml", param: "g", values: untyped(Float64Array.from([0.5, 1])), samples: 20, workers: 1 });
    expect(s.result.points).toHaveLength(2);
    expect(await refusal(() => sweep(untyped({ param: "g", values: new BigInt64Array(2) })))).toBe("values must be an array of numbers, got a BigInt64Array");
  });

  it("a setting of the wrong type names the parameter (null had failed reading 'discrete')", async () => {
    for (const bad of [null, true, [1, 2], { foo: 1 }]) {
      expect(await refusal(() => run(untyped({ samples: 10, settings: { ratio: bad } })))).toMatch(/^ratio must be a number, a distribution's text such as "0\.5 to 3", or a Distribution, got /);
    }
    expect(await refusal(() => compare(untyped({ samples: 10, scenarios: [{ name: "a", settings: { ratio: null } }, { name: "b" }] })))).toMatch(/^ratio must be a number/);
    expect(await refusal(() => sensitivity(untyped({ method: "oat", samples: 10, settings: { gamma: null } })))).toMatch(/^gamma must be a number/);
  });

  it("a model that is not one (an object, a number, a JSON copy that lost its compiled functions)", async () => {
    const copy = JSON.parse(JSON.stringify(loadModel("models/test/jones.yaml")));
    for (const model of [{}, 5, null, copy]) {
      expect(await refusal(() => run(untyped({ samples: 10, model })))).toMatch(/^model must be a model's name or file \(a string\), or a model from loadModel or compileModel, got /);
    }
    expect(await refusal(() => playground(untyped({ model: {} })))).toMatch(/^model must be a model's name or file/);
    expect(await refusal(() => loadModel(untyped(5)))).toBe("model must be a model's name or a model file's path (a string), got 5 (a number)");
    expect(await refusal(() => loadModel(untyped(undefined)))).toMatch(/^model must be a model's name or a model file's path \(a string\), got undefined/);
  });

  it("merge's files and a shard's spec", async () => {
    expect(await refusal(() => merge(untyped("x.shard")))).toBe('files must be an array of shard files (names, or { name, bytes }), got "x.shard" (a string)');
    expect(await refusal(() => merge(untyped([null])))).toBe("files[0] must be a file name or { name, bytes } with bytes a Uint8Array, got null");
    expect(await refusal(() => merge(untyped([{ name: "a", bytes: "str" }])))).toMatch(/^files\[0\] must be a file name or \{ name, bytes \}/);
    const cases: [unknown, RegExp][] = [
      [{ index: 3, count: 2 }, /^shard K must be between 1 and N, got 3\/2$/],
      [{ index: 0, count: 2 }, /^shard K must be between 1 and N, got 0\/2$/],
      [{ index: 1.5, count: 2 }, /^shard must be \{ index: K, count: N \} with integers 1 ≤ K ≤ N, got \{ index: 1\.5 \(a number\), count: 2 \(a number\) \}$/],
      [{ index: 1, count: Infinity }, /^shard must be \{ index: K, count: N \}/],
      [{ index: 1, count: 0 }, /^shard K must be between 1 and N, got 1\/0$/],
      [{ index: 1, count: -1 }, /^shard K must be between 1 and N/],
      [null, /^shard must be \{ index: K, count: N \} with integers 1 ≤ K ≤ N, got null$/],
      [{ index: 1n, count: 2n }, /^shard must be \{ index: K, count: N \} with integers 1 ≤ K ≤ N, got \{ index: 1n \(a bigint\), count: 2n \(a bigint\) \}$/],
    ];
    for (const [spec, message] of cases) {
      expect(await refusal(() => runShard({ samples: 10, workers: 1 }, untyped(spec)))).toMatch(message);
    }
    expect(await refusal(() => compareShard({ samples: 10, workers: 1, scenarios: [{ name: "a" }, { name: "b" }] }, untyped({ index: 5, count: 2 })))).toMatch(/^shard K must be between 1 and N, got 5\/2$/);
  });

  it("render functions check what they are given", async () => {
    const outcome = await run({ model: "models/test/jones.yaml", samples: 20, workers: 1 });
    expect(await refusal(() => renderRun(untyped(null), "table"))).toMatch(/^run must be a run's outcome \(\{ sim, result \}, from run\(\) or merge\(\)\), got null$/);
    expect(await refusal(() => renderRun(untyped({}), "table"))).toMatch(/^run must be a run's outcome/);
    expect(await refusal(() => renderRun(outcome, untyped("xml")))).toBe('format must be "table", "json" or "csv", got "xml" (a string)');
    expect(await refusal(() => renderSweep(untyped(outcome), "table"))).toMatch(/^sweep must be a sweep's outcome \(\{ result \}, from sweep\(\) or merge\(\)\), got an object$/);
    expect(renderRun(outcome, "json")).toMatch(/^\{/);
  });
});

describe("a library caller reads options, not the command line's flags", () => {
  /** The refusal of `f` in the library's words and in the CLI's (errorLine). */
  async function bothWords(f: () => unknown): Promise<[string, string]> {
    const err = await Promise.resolve()
      .then(f)
      .then(() => null, (e: unknown) => e);
    expect(err).toBeInstanceOf(ArgumentError);
    return [(err as ArgumentError).message, errorLine(err as ArgumentError)];
  }

  it("a job over the memory limit names samples, maxSamples, maxMemory and runShard (the CLI: --samples, --max-samples, --max-memory, --shard)", async () => {
    const [lib, cli] = await bothWords(() => run({ samples: 1e9, maxMemory: "100MB", workers: 1 }));
    expect(lib).toMatch(/^samples is too large for the memory limit: 1000000000 draws of rsi-core would need about \d+ GB of memory, over the limit of 100 MB \(set by maxMemory\); split the run into shards \(runShard, then merge\), or raise the limit with maxMemory$/);
    expect(cli).toMatch(/^--samples: 1000000000 draws of rsi-core would need about \d+ GB of memory, over the limit of 100 MB \(set by --max-memory\); split the run into shards \(--shard K\/N, then rsi-sim merge\), or raise the limit with --max-memory$/);
    const [plib, pcli] = await bothWords(() => run({ samples: 100, precision: 0.001, maxSamples: 1e8, maxMemory: "100MB", workers: 1 }));
    expect(plib).toMatch(/^maxSamples is too large for the memory limit: .*give a smaller maxSamples .*raise the limit with maxMemory$/);
    expect(pcli).toMatch(/^--max-samples: a run to a precision .*give a smaller --max-samples .*raise the limit with --max-memory$/);
    expect((await bothWords(() => compare({ samples: 1e8, maxMemory: "100MB", workers: 1, scenarios: [{ name: "a" }, { name: "b" }] })))[0]).toMatch(/\(compareShard, then merge\)/);
    expect((await bothWords(() => sweep({ param: "ratio", values: [1, 2], samples: 1e8, maxMemory: "100MB", workers: 1 })))[0]).toMatch(/\(sweepShard\)/);
    expect((await bothWords(() => merge([], { maxMemory: "abc" })))[0]).toBe('maxMemory must be a size such as 8GB or 500MB, got "abc"');
  });

  it("sensitivity's advice is in the caller's words", async () => {
    const [lib, cli] = await bothWords(() => sensitivity({ method: "oat", params: ["ratio"], samples: 10 }));
    expect(lib).toBe('params "ratio" is fixed at 200 in this run; give it a prior to analyse it (e.g. settings: { ratio: "100 to 400" })');
    expect(cli).toBe('--params: "ratio" is fixed at 200 in this run; give it a prior to analyse it (e.g. --set ratio="100 to 400")');
    const [ilib, icli] = await bothWords(() => sensitivity({ method: "morris", level: "outcome", inner: 8, trajectories: 2 }));
    expect(ilib).toBe('inner applies to the probability level, not to level: "outcome"');
    expect(icli).toBe("--inner: applies to the probability level, not to --level outcome");
  });
});

describe("a positive parameter's prior given as a setting", () => {
  it("is refused when some draws would be 0, as in a model file (gamma(0.01, 1) as ratio had given 0 in 0.06% of draws, and 1/ratio = Infinity)", async () => {
    const err = await Promise.resolve()
      .then(() => run({ settings: { ratio: "gamma(0.01, 1)" }, samples: 10, workers: 1 }))
      .then(() => null, (e: unknown) => e);
    expect(err).toBeInstanceOf(ArgumentError);
    expect((err as Error).message).toMatch(/^ratio gamma\(0\.01, 1\) gives 0 in 0\.059% of draws .* truncate it with "in \[1e-300, inf\]"$/);
    const ok = await run({ settings: { ratio: "gamma(0.01, 1) in [1e-300, inf]" }, samples: 10, workers: 1, keepParameters: true });
    expect(Math.min(...ok.sim.table.parameterColumns.ratio)).toBeGreaterThan(0);
  });
});

describe("two options that say the same thing", () => {
  it("are named together in the caller's words (the CLI had rewritten the library's sentence)", async () => {
    const err = await Promise.resolve()
      .then(() => sensitivity({ method: "oat", inner: 100, samples: 50, workers: 1 }))
      .then(() => null, (e: unknown) => e);
    expect((err as Error).message).toBe("inner and samples: both give a tornado's draws per point at the probability level (100 and 50); give one of them");
    expect(errorLine(err as ArgumentError)).toBe("--inner and --samples: both give a tornado's draws per point at the probability level (100 and 50); give one of them");
  });
});
