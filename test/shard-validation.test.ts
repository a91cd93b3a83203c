/**
 * Hostile and damaged shard files and JSON inputs, run through the real
 * binary: every shard file is checked as a container (size before it is
 * read, magic, format version, length, header within the file and the JSON
 * limits, checksum, the blocks' layout) and then field by field (types,
 * lengths, ranges, block types, failed flags, counts against columns, text
 * without control characters) before anything is merged, and every JSON
 * file a user gives is read within size, depth and value-count limits. Each
 * refusal is one line naming the file and the field, with exit status 2 and
 * nothing written. The forged shards are sealed again (length, checksum)
 * by test/helpers/shard-file.ts, so only the checks behind the container's
 * can refuse them. Needs the built code (npm run build).
 */
import { createHash } from "node:crypto";
import { closeSync, existsSync, ftruncateSync, mkdtempSync, openSync, readFileSync, writeFileSync, writeSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { cliIn } from "./helpers/cli-process.js";
import { column, forgeShard, readShard, setColumn, shardBytes, type ShardParts } from "./helpers/shard-file.js";
import { merge } from "../src/app/merge.js";
import { checkShardHeads } from "../src/app/shard-merge.js";
import { readShardHeader } from "../src/app/shard-binary.js";
import { buildKey } from "../src/app/shard-build.js";

const ISHIGAMI = path.resolve("models/test/ishigami.yaml");
const dir = mkdtempSync(path.join(tmpdir(), "rsi-sim-shard-validation-"));
const { run, ok } = cliIn(dir);
const TIMEOUT = 60_000;

/** A refusal: exit 2, one line on stderr matching `message`, no stack, nothing on stdout, no output file. */
async function refused(args: string[], message: RegExp, env: Record<string, string> = {}): Promise<void> {
  const out = `refused-${Math.random().toString(36).slice(2)}.${args[0] === "report" ? "html" : "json"}`;
  const r = await run([...args, args[0] === "report" ? "--html" : "--out", out], env);
  expect(r.code, `rsi-sim ${args.join(" ")}\n${r.stderr}`).toBe(2);
  expect(r.stderr).toMatch(message);
  expect(r.stderr.trim().split("\n")).toHaveLength(1);
  expect(r.stderr).not.toMatch(/\bat .*\.js:\d+/);
  expect(r.stdout).toBe("");
  expect(existsSync(path.join(dir, out))).toBe(false);
}

const at = (file: string) => path.join(dir, file);
/** Forge `to` from `from` (sealed again); returns `to`. */
function forge(from: string, to: string, change: (p: ShardParts) => void, options: Parameters<typeof shardBytes>[1] = {}): string {
  forgeShard(at(from), at(to), change, options);
  return to;
}

const RUN = ["--samples", "1500", "--seed", "3", "--workers", "1"];
const SWEEP = ["sweep", "ratio", "--values", "20,200", "--samples", "90", "--seed", "4", "--outputs", "loc,takeoff_years", "--workers", "1"];
const SOBOL = ["sensitivity", "--model", ISHIGAMI, "--method", "sobol", "--samples", "16", "--resamples", "50", "--workers", "1"];

beforeAll(async () => {
  await Promise.all([
    ...[1, 2, 3].map((k) => ok([...RUN, "--shard", `${k}/3`, "--out", `s${k}.shard`])),
    ...[1, 2].map((k) => ok([...SWEEP, "--shard", `${k}/2`, "--out", `w${k}.shard`])),
    ...[1, 2].map((k) => ok([...SOBOL, "--shard", `${k}/2`, "--out", `d${k}.shard`])),
  ]);
}, TIMEOUT);

/** Merge s1, the forged s2 and s3. */
const mergeRun = (forged: string) => ["merge", "s1.shard", forged, "s3.shard"];

describe("a shard file is checked as a container before its header is used", () => {
  it("refuses a truncated file, extra bytes, a wrong magic or version, a flipped bit, a header too big or past the end", async () => {
    const bytes = readFileSync(at("s2.shard"));
    const parts = readShard(at("s2.shard"));
    writeFileSync(at("c-truncated.shard"), bytes.subarray(0, Math.floor(bytes.length / 2)));
    writeFileSync(at("c-stub.shard"), bytes.subarray(0, 12));
    writeFileSync(at("c-longer.shard"), Buffer.concat([bytes, Buffer.alloc(8)]));
    const flipped = Buffer.from(bytes);
    flipped[flipped.length - 100] ^= 0x10;
    writeFileSync(at("c-flipped.shard"), flipped);
    writeFileSync(at("c-magic.shard"), shardBytes(parts, { magic: "RSISHARX" }));
    writeFileSync(at("c-version.shard"), shardBytes(parts, { version: 2 }));
    writeFileSync(at("c-version0.shard"), shardBytes(parts, { version: 0 }));
    const big = shardBytes(parts);
    big.writeUInt32LE(0xfffffff0, 12);
    writeFileSync(at("c-header-huge.shard"), big);
    const past = shardBytes(parts);
    past.writeUInt32LE(past.length - 30, 12);
    writeFileSync(at("c-header-past.shard"), past);
    writeFileSync(at("c-header-json.shard"), shardBytes(parts, { headerText: (t) => t.slice(0, -1) }));
    writeFileSync(at("c-header-array.shard"), shardBytes(parts, { headerText: () => "[1,2,3]" }));
    writeFileSync(at("c-header-deep.shard"), shardBytes(parts, { headerText: (t) => t.replace('"command":', `"deep":${"[".repeat(100)}${"]".repeat(100)},"command":`) }));
    const utf8 = shardBytes(parts, { headerText: (t) => t.replace('"command":"', '"command":"\u00e9') });
    utf8[utf8.indexOf(Buffer.from("\u00e9", "utf8"))] = 0xff; // invalid UTF-8 (the checksum made again below)
    writeFileSync(at("c-header-utf8.shard"), reseal(utf8));
    writeFileSync(at("c-json.shard"), '{"schema":"rsi-sim.shard/1","kind":"run"}\n');
    writeFileSync(at("c-text.shard"), "hello, not a shard\n");
    writeFileSync(at("c-empty.shard"), "");
    const cases: [string, RegExp][] = [
      ["c-truncated.shard", /c-truncated\.shard: not a complete shard file \(truncated: \d+ of its \d+ bytes\)/],
      ["c-stub.shard", /c-stub\.shard: not a complete shard file \(truncated: 12 bytes, shorter than the 24-byte preamble\)/],
      ["c-longer.shard", /c-longer\.shard: \d+ bytes, but the file says it has \d+ \(bytes after its end\)/],
      ["c-flipped.shard", /c-flipped\.shard: the shard file is corrupted \(its checksum does not match\)/],
      ["c-magic.shard", /c-magic\.shard: not an rsi-sim shard file \(it does not begin with RSISHARD\)/],
      ["c-version.shard", /c-version\.shard: shard file format version 2; this rsi-sim reads version 1 \(the file was written by a newer rsi-sim\)/],
      ["c-version0.shard", /c-version0\.shard: shard file format version 0; this rsi-sim reads version 1$/m],
      ["c-header-huge.shard", /c-header-huge\.shard: its header is 4096\.0 MB; rsi-sim reads JSON of at most 256\.0 MB/],
      ["c-header-past.shard", /c-header-past\.shard: its header of \d+ bytes runs past the end of the file/],
      ["c-header-json.shard", /c-header-json\.shard: its header is not valid JSON/],
      ["c-header-array.shard", /c-header-array\.shard: its header is not a JSON object/],
      ["c-header-deep.shard", /c-header-deep\.shard: header: JSON nested deeper than 64 levels/],
      ["c-header-utf8.shard", /c-header-utf8\.shard: its header is not valid UTF-8/],
      ["c-json.shard", /c-json\.shard: a shard file in the JSON format \(rsi-sim\.shard\/1\) that rsi-sim wrote before its binary shard files; run this shard again with this version/],
      ["c-text.shard", /c-text\.shard: not an rsi-sim shard file \(it does not begin with RSISHARD\)/],
      ["c-empty.shard", /c-empty\.shard: not an rsi-sim shard file/],
    ];
    await Promise.all(cases.map(([file, message]) => refused(mergeRun(file), message)));
  }, TIMEOUT);

  it("refuses a file over the shard size limit from its size before reading it, and a device at the limit; RSI_SIM_MAX_SHARD_MB sets the limit", async () => {
    sparseFile("huge.shard", "RSISHARD", 1100 * 1024 * 1024);
    await Promise.all([
      refused(["merge", "s1.shard", "huge.shard"], /huge\.shard: the file is 1100\.0 MB; rsi-sim reads shard files of at most 1024\.0 MB \(RSI_SIM_MAX_SHARD_MB raises the limit\)/),
      refused(["merge", "s1.shard", "s2.shard", "s3.shard"], /s1\.shard: the file is 0\.\d MB; rsi-sim reads shard files of at most 0\.1 MB/, { RSI_SIM_MAX_SHARD_MB: "0.1" }),
      refused(["merge", "s1.shard"], /RSI_SIM_MAX_SHARD_MB: must be a positive number of at most \d+, got "lots"/, { RSI_SIM_MAX_SHARD_MB: "lots" }),
      refused(["merge", "/dev/zero"], /\/dev\/zero: not an rsi-sim shard file/),
    ]);
    const raised = await run(["merge", "s1.shard", "s2.shard", "s3.shard"], { RSI_SIM_MAX_SHARD_MB: "2" });
    expect(raised.code, raised.stderr).toBe(0);
  }, TIMEOUT);

  it("reads every file's header before any file whole: a duplicate, a mix of kinds, a merge over the memory limit (--max-memory)", async () => {
    // a copy of s2 whose data is corrupted (a byte before the checksum): the duplicate is found from its header, before its checksum is read
    const b = readFileSync(at("s2.shard"));
    b[b.length - 40] ^= 0xff;
    writeFileSync(at("s2-dup.shard"), b);
    await refused(["merge", "s1.shard", "s2.shard", "s2-dup.shard", "s3.shard"], /s2-dup\.shard: duplicate shard 2\/3 \(also s2\.shard\)/);
    await refused(["merge", "s1.shard", "s2-dup.shard", "s3.shard"], /s2-dup\.shard: the shard file is corrupted/);
    // shard 2/3 of another seed is not a duplicate: it is another run's, and says so
    await ok(["--samples", "1500", "--seed", "4", "--workers", "1", "--shard", "2/3", "--out", "t2.shard"]);
    await refused(["merge", "s1.shard", "s2.shard", "t2.shard", "s3.shard"], /t2\.shard: comes from a different run than s1\.shard/);
    await refused(["merge", "s1.shard", "w1.shard"], /w1\.shard: is a shard of a sweep, but s1\.shard is a shard of a run/);
    await refused(["merge", "s1.shard", "s2.shard", "s3.shard", "--max-memory", "100MB"], /--max-memory: merging 3 shard files \(\d\.\d MB, 1500 draws of rsi-core\) would need about \d+ MB of memory, over the limit of 100 MB \(set by --max-memory\); merge on a machine with more memory, or raise the limit with --max-memory/);
    await refused(["merge", "w1.shard", "w2.shard", "--max-memory", "1MB"], /--max-memory: merging 2 shard files \(\d+ KB\) would need about \d+ MB of memory, over the limit of 1\.0 MB/);
    const fits = await run(["merge", "s1.shard", "s2.shard", "s3.shard", "--max-memory", "1GB"]);
    expect(fits.code, fits.stderr).toBe(0);
    // shards given as bytes (or through a pipe) are checked after they are read, and --max-memory is never ignored
    // (the library runs here from src/, another build than the binary that wrote the files: given the key of this one, as it would have written them)
    const own = buildKey();
    const bytes = ["s1", "s2", "s3"].map((s) => {
      forgeShard(at(`${s}.shard`), at(`${s}-own.shard`), (p) => void (p.header.build = own));
      return { name: `${s}.shard`, bytes: readFileSync(at(`${s}-own.shard`)) };
    });
    await expect(merge(bytes, { maxMemory: "100MB" })).rejects.toThrow(/merging 3 shard files .* over the limit of 100 MB/);
    await expect(merge(bytes, { maxMemory: "lots" })).rejects.toThrow(/must be a size such as 8GB/);
    await expect(merge([bytes[0], bytes[1], bytes[1], bytes[2]])).rejects.toThrow(/s2\.shard: duplicate shard 2\/3 \(also s2\.shard\)/);
    expect((await merge(bytes, { maxMemory: "1GB" })).kind).toBe("run");
    // the estimate grows with the draws the headers declare: 20 shards of 10^6 draws of rsi-core, ~1 KB a draw
    // (376 MB estimated for 2 × 10^5 draws, 304 MB measured: BENCHMARKS.md), with files of 80 MB each
    const header: Record<string, unknown> = { ...readShardHeader(at("s1.shard")).header, build: own };
    const heads = Array.from({ length: 20 }, (_, i) => ({ name: `h${i + 1}.shard`, size: 80e6, header: { ...header, shard: { ...(header.shard as object), index: i + 1, count: 20, rows: 1e6 } } }));
    expect(() => checkShardHeads(heads, "10GB")).toThrow(/merging 20 shard files \(1\.6 GB, 20000000 draws of rsi-core\) would need about (2[0-9]) GB of memory, over the limit of 10 GB/);
  }, TIMEOUT);

  it("refuses a header past the JSON limits (RSI_SIM_MAX_JSON_MB)", async () => {
    await refused(["merge", "s1.shard", "s2.shard", "s3.shard"], /s1\.shard: its header is \d+ KB; rsi-sim reads JSON of at most 1 KB \(RSI_SIM_MAX_JSON_MB raises the limit\)/, { RSI_SIM_MAX_JSON_MB: "0.001" });
  }, TIMEOUT);
});

/** The file with its checksum made again (after an edit of its bytes). */
function reseal(b: Buffer): Buffer {
  const out = Buffer.from(b);
  createHash("sha256").update(out.subarray(0, out.length - 32)).digest().copy(out, out.length - 32);
  return out;
}

describe("a run shard is checked field by field before merging", () => {
  it("valid shards still merge, with the parameter columns sampled again", async () => {
    expect(readShard(at("s2.shard")).header.parameterColumns).toBeNull();
    const r = await ok(["merge", "s1.shard", "s2.shard", "s3.shard"]);
    expect(JSON.parse(r.stdout).samples).toBe(1500);
  }, TIMEOUT);

  it("refuses failure counts that do not match the failed flags, infinities and flags other than 0 and 1", async () => {
    const flags = (p: ShardParts) => p.blocks[p.header.failed].bytes;
    const cases: [(p: ShardParts) => void, RegExp, Parameters<typeof shardBytes>[1]?][] = [
      [(p) => (p.header.failures.count = 400), /forged-0\.shard: failures\.count: 400, but 0 draws are flagged failed/],
      [(p) => (p.header.failures.count = -1), /forged-1\.shard: failures\.count: must be >= 0/],
      [(p) => (p.header.failures.reasons = { "step size too small": 3 }), /forged-2\.shard: failures\.reasons: add up to 3, but failures\.count is 0/],
      [() => undefined, /forged-3\.shard: horizon: must be a finite number/, { headerText: (t) => t.replace(/"horizon":[0-9.]+/, '"horizon":1e999') }],
      [(p) => (flags(p)[7] = 2), /forged-4\.shard: failed: value 2 at row 7; failed flags are 0 or 1/],
      [(p) => (p.header.failures.examples = [{ draw: 3, message: "x" }]), /forged-5\.shard: failures\.examples: 1 examples of 0 failures/],
      [(p) => (p.header.steps = 1.5), /forged-6\.shard: steps: must be integer/],
      [(p) => (p.header.seed = 2 ** 32), /forged-7\.shard: seed: must be <= 4294967295/],
      [(p) => (p.header.shard.index = 4), /forged-8\.shard: shard\.index: 4 is above shard\.count 3/],
      [(p) => (p.header.shard.rows = 2000), /forged-9\.shard: shard: draws 500…2499 run past samples 1500/],
      [
        (p) => {
          flags(p)[7] = 1;
          p.header.failures = { count: 1, reasons: { "step size too small": 1 }, examples: [{ draw: 503, message: "step size too small at t=2031" }] };
        },
        /forged-10\.shard: failures\.examples\[0\]\.draw: draw 503 is not one of the shard's failed draws/,
      ],
      // NaN in the failed flags: a float64 block in their place
      [(p) => setColumn(p, p.header.failed, new Float64Array(500).fill(NaN)), /forged-11\.shard: failed: block \d+ holds float64 values, expected uint8/],
    ];
    await Promise.all(cases.map(([change, message, options], i) => refused(mergeRun(forge("s2.shard", `forged-${i}.shard`, change, options)), message)));
  }, TIMEOUT);

  it("refuses short and mistyped columns, blocks out of the directory or shared or left over, bad binary8 bytes, a forged layout, short series and out-of-range samples in one line", async () => {
    const loc = (p: ShardParts) => p.header.columns.loc as number;
    const cases: [(p: ShardParts) => void, RegExp, Parameters<typeof shardBytes>[1]?][] = [
      [(p) => setColumn(p, loc(p), column(p, loc(p)).subarray(1)), /bad-0\.shard: columns\.loc: 499 values, expected 500/],
      [(p) => (p.header.columns.loc = 999), /bad-1\.shard: columns\.loc: block 999, but the directory holds \d+ blocks/],
      [(p) => (p.header.columns.loc = "5"), /bad-2\.shard: columns\.loc: must be integer/],
      [(p) => (p.header.series = null), /bad-3\.shard: series: must be object/],
      [
        (p) => {
          p.header.series.counts.pop();
          p.blocks.pop(); // the last block is the last series' histogram
        },
        /bad-4\.shard: series\.counts: 2 histograms, the model has 3 series/,
      ],
      [(p) => setColumn(p, p.header.series.counts[1], column(p, p.header.series.counts[1]).subarray(3)), /bad-5\.shard: series\.counts\[1\]: \d+ values, not a whole number per time point \(75\)/],
      [(p) => (p.header.model = null), /bad-6\.shard: model: must be object/],
      [(p) => (p.header.samples = -5), /bad-7\.shard: samples: must be >= 1/],
      [(p) => (p.header.samples = 1e12), /bad-8\.shard: samples: must be <= 2147483647/],
      [(p) => (p.header.parameterColumns = {}), /bad-9\.shard: parameterColumns: lacks ratio/],
      [(p) => (p.blocks[p.header.failed].bytes = p.blocks[p.header.failed].bytes.subarray(0, 6)), /bad-10\.shard: failed: 6 values, expected 500/],
      [(p) => (p.header.series.times = p.header.series.times.map((t: number) => t + 1)), /bad-11\.shard: comes from a different run than s1\.shard: series times differ/],
      [(p) => (p.header.columns.extra = p.blocks.push({ type: "float64", bytes: new Uint8Array(4000) }) - 1), /bad-12\.shard: columns: extra is not an output of rsi-core/],
      [(p) => (p.header.columns.extra = loc(p)), /bad-13\.shard: columns\.(extra|loc): block \d+ is already the column of columns\.(loc|extra)/],
      [(p) => p.blocks.push({ type: "uint8", bytes: new Uint8Array(3) }), /bad-14\.shard: blocks\[\d+\]: is no field's column/],
      [(p) => (p.blocks[loc(p)] = { type: "binary8", bytes: Uint8Array.from({ length: 500 }, (_, i) => (i === 3 ? 7 : 1)) }), /bad-15\.shard: columns\.loc: value 7 at row 3; a binary8 column holds 0, 1 or 255 \(NaN\)/],
      [(p) => (p.header.blocks[2].offset += 8), /bad-16\.shard: blocks\[2\]\.offset: \d+, but the blocks before it end at \d+/, { directory: false }],
      [(p) => (p.header.blocks[p.header.blocks.length - 1].length += 1000), /bad-17\.shard: blocks\[\d+\]: \d+ float64 values run past the end of the data/, { directory: false }],
      [(p) => (p.header.blocks[0].type = "int32"), /bad-18\.shard: blocks\[0\]\.type: must be one of "float64", "uint8", "binary8", got "int32"/, { directory: false }],
      [(p) => (p.header.parameterSha256 = "0".repeat(64)), /bad-19\.shard: parameterSha256: the parameter values sampled again from its seed and settings do not match those it was run with/],
      [(p) => (p.header.settings.nope = 3), /bad-20\.shard: (comes from a different run than s1\.shard: parameter settings differ|settings: nope is not a parameter of rsi-core)/],
    ];
    await Promise.all(cases.map(([change, message, options], i) => refused(mergeRun(forge("s2.shard", `bad-${i}.shard`, change, options)), message)));
  }, TIMEOUT);

  it("refuses control characters in the text a shard carries", async () => {
    const cases: [(p: ShardParts) => void, RegExp][] = [
      [(p) => (p.header.command = "rsi-sim \u001b[2J\u001b[31mowned"), /esc-0\.shard: command: holds a control character \(U\+001B\)/],
      [(p) => (p.header.model.name = "rsi\u0007core"), /esc-1\.shard: model\.name: holds a control character \(U\+0007\)/],
      [(p) => (p.header.failures.reasons = { "a\u009bb": 0 }), /esc-2\.shard: failures\.reasons: a key holds a control character \(U\+009B\)/],
      [(p) => (p.header.model.source = p.header.model.source.replace("name:", "\u001bname:")), /esc-3\.shard: model\.source: holds a control character \(U\+001B\)/],
    ];
    await Promise.all(cases.map(([change, message], i) => refused(mergeRun(forge("s2.shard", `esc-${i}.shard`, change)), message)));
  }, TIMEOUT);
});

describe("sweep and sensitivity shards are checked too", () => {
  it("valid shards still merge", async () => {
    await Promise.all([ok(["merge", "w1.shard", "w2.shard"]), ok(["merge", "d1.shard", "d2.shard"])]);
  }, TIMEOUT);

  it("refuses a short point column, a wrong number of points, forged failures and design rows out of range", async () => {
    const cases: [string, string, (p: ShardParts) => void, RegExp][] = [
      ["w2.shard", "w1.shard", (p) => setColumn(p, p.header.points[1].columns.loc, column(p, p.header.points[1].columns.loc).subarray(2)), /sw-0\.shard: points\[1\]\.columns\.loc: 43 values, expected 45/],
      ["w2.shard", "w1.shard", (p) => (p.header.points[1].failed = p.header.points[0].failed), /sw-1\.shard: points\[1\]\.failed: block \d+ is already the column of points\[0\]\.failed/],
      ["w2.shard", "w1.shard", (p) => (p.header.points[0].failures.count = 45), /sw-2\.shard: points\[0\]\.failures\.count: 45, but 0 draws are flagged failed/],
      ["w2.shard", "w1.shard", (p) => delete p.header.points[0].columns.takeoff_years, /sw-3\.shard: points\[0\]\.columns: lacks takeoff_years/],
      ["w2.shard", "w1.shard", (p) => (p.header.sweep.how = ["\u001b]0;title\u0007"]), /sw-4\.shard: sweep\.how\[0\]: holds a control character/],
      ["d2.shard", "d1.shard", (p) => (p.header.failures = { "step size too small": 2 }), /sw-5\.shard: failures: add up to 2, but 0 rows are flagged failed/],
      ["d2.shard", "d1.shard", (p) => (p.header.analysis.confLevel = 2), /sw-6\.shard: analysis\.confLevel: must be < 1/],
      ["d2.shard", "d1.shard", (p) => (p.header.options.N = "16"), /sw-7\.shard: options\.N: must be integer/],
      ["d2.shard", "d1.shard", (p) => setColumn(p, p.header.failed, new Float64Array(p.header.shard.rows).fill(NaN)), /sw-8\.shard: failed: block \d+ holds float64 values, expected uint8/],
    ];
    await Promise.all(cases.map(([from, other, change, message], i) => refused(["merge", other, forge(from, `sw-${i}.shard`, change)], message)));
  }, TIMEOUT);
});

/** A file of `bytes` bytes that begins with `head` (the rest zeros, sparse on disk). */
function sparseFile(file: string, head: string, bytes: number): string {
  const fd = openSync(path.join(dir, file), "w");
  writeSync(fd, head);
  ftruncateSync(fd, bytes);
  closeSync(fd);
  return file;
}

describe("JSON inputs are read within size, depth and value-count limits", () => {
  it("refuses a deeply nested result, design and results file before parsing it; a JSON file is no shard", async () => {
    writeFileSync(path.join(dir, "deep.json"), "[".repeat(5_000_000) + "]".repeat(5_000_000));
    writeFileSync(path.join(dir, "deep-obj.json"), '{"a":'.repeat(100) + "1" + "}".repeat(100));
    await Promise.all([
      refused(["merge", "s1.shard", "deep.json"], /^rsi-sim: deep\.json: not an rsi-sim shard file \(a JSON file; it does not begin with RSISHARD\)/),
      refused(["merge", "deep-obj.json"], /deep-obj\.json: not an rsi-sim shard file \(a JSON file; it does not begin with RSISHARD\)/),
      refused(["report", "deep.json"], /deep\.json: JSON nested deeper than 64 levels/),
      refused(["sensitivity", "--analyze", "deep.json", "--results", "deep.json"], /deep\.json: JSON nested deeper than 64 levels/),
    ]);
    // a design that reads, with results that nest too deep
    await ok([...SOBOL, "--write-design", "design.json"]);
    await refused(["sensitivity", "--analyze", "design.json", "--results", "deep.json"], /deep\.json: JSON nested deeper than 64 levels/);
  }, TIMEOUT);

  it("refuses a file over the size limit from its size, before reading it; RSI_SIM_MAX_JSON_MB raises the limit", async () => {
    sparseFile("huge.json", "[0", 300 * 1024 * 1024);
    await ok(["--samples", "200", "--workers", "1", "--out", "small.json"]);
    await Promise.all([
      refused(["report", "huge.json"], /huge\.json: the file is 300\.0 MB; rsi-sim reads JSON files of at most 256\.0 MB \(RSI_SIM_MAX_JSON_MB raises the limit\)/),
      // a limit under 0.05 MB is said in KB (it printed "at most 0.0 MB")
      refused(["report", "small.json"], /small\.json: the file is \d+\.\d MB; rsi-sim reads JSON files of at most 10 KB/, { RSI_SIM_MAX_JSON_MB: "0.01" }),
      refused(["report", "small.json"], /RSI_SIM_MAX_JSON_MB: must be a positive number/, { RSI_SIM_MAX_JSON_MB: "lots" }),
    ]);
    const r = await run(["report", "small.json", "--html", "small.html"], { RSI_SIM_MAX_JSON_MB: "400" });
    expect(r.code, r.stderr).toBe(0);
  }, TIMEOUT);

  it("refuses a file with more values than the limit (RSI_SIM_MAX_JSON_VALUES)", async () => {
    writeFileSync(path.join(dir, "wide.json"), "[" + "0,".repeat(2_000_000) + "0]");
    await Promise.all([
      refused(["report", "wide.json"], /wide\.json: holds more than 1000000 JSON values/, { RSI_SIM_MAX_JSON_VALUES: "1000000" }),
      refused(["merge", "wide.json"], /wide\.json: not an rsi-sim shard file/),
    ]);
  }, TIMEOUT);
});

describe("checkJsonBounds", () => {
  const limits = { maxBytes: 1000, maxDepth: 3, maxValues: 5 };
  it("counts depth and values outside strings only, escapes included", async () => {
    const { checkJsonBounds } = await import("../src/core/json-read.js");
    expect(() => checkJsonBounds('[[["a"]]]', "f", limits)).not.toThrow();
    expect(() => checkJsonBounds('[[[["a"]]]]', "f", limits)).toThrow(/^f: JSON nested deeper than 3 levels \(at character 3\)/);
    expect(() => checkJsonBounds('["[[[[,,,,,,", "\\"[[[[,,,,,"]', "f", limits)).not.toThrow();
    expect(() => checkJsonBounds("[1,2,3,4,5,6]", "f", limits)).toThrow(/^f: holds more than 5 JSON values/);
    expect(() => checkJsonBounds("x".repeat(1001), "f", limits)).toThrow(/^f: the file is 1001 bytes; rsi-sim reads JSON files of at most 1000 bytes/);
  });
  it("JsonValueCounter counts as it does, over text in pieces, strings and escapes split anywhere", async () => {
    const { checkJsonBounds, JsonValueCounter } = await import("../src/core/json-read.js");
    const texts = ['[[["a"]]]', '["[[[[,,,,,,", "\\"[[[[,,,,,"]', "[1,2,3,4,5,6]", '{"a": [1, {"b,": "\\\\"}], "c": "]"}'];
    for (const text of texts) {
      for (let cut = 0; cut <= text.length; cut++) {
        const n = new JsonValueCounter();
        n.add(text.slice(0, cut));
        n.add(text.slice(cut));
        const whole = new JsonValueCounter();
        whole.add(text);
        expect(n.values).toBe(whole.values);
      }
      // a file of that many values passes checkJsonBounds at that count
      const n = new JsonValueCounter();
      n.add(text);
      expect(() => checkJsonBounds(text, "f", { maxBytes: 1000, maxDepth: 10, maxValues: n.values })).not.toThrow();
    }
    const n = new JsonValueCounter();
    n.add("[1,2,3,4,5,6]");
    expect(n.values).toBe(6);
    expect(() => checkJsonBounds("[1,2,3,4,5,6]", "f", { maxBytes: 1000, maxDepth: 3, maxValues: 5 })).toThrow(/more than 5 JSON values/);
  });
  it("reads its limits from the environment", async () => {
    const { jsonLimits, DEFAULT_JSON_LIMITS } = await import("../src/core/json-read.js");
    expect(jsonLimits({})).toEqual(DEFAULT_JSON_LIMITS);
    expect(jsonLimits({ RSI_SIM_MAX_JSON_MB: "400", RSI_SIM_MAX_JSON_VALUES: "7" })).toMatchObject({ maxBytes: 400 * 1024 * 1024, maxValues: 7 });
    expect(() => jsonLimits({ RSI_SIM_MAX_JSON_MB: "600" })).toThrow(/RSI_SIM_MAX_JSON_MB: must be a positive number of at most 512/);
  });
});
