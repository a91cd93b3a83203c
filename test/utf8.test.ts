/**
 * A model or result file that is not UTF-8 is refused in one line naming
 * the byte and line (its bytes had been read as U+FFFD, silently).
 */
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { loadModel } from "../src/model/compile.js";
import { readTextLimited } from "../src/core/read-limited.js";
import { UserError } from "../src/core/errors.js";

const dir = mkdtempSync(path.join(tmpdir(), "rsi-sim-utf8-"));
const file = (name: string, bytes: number[] | string) => {
  const f = path.join(dir, name);
  writeFileSync(f, typeof bytes === "string" ? bytes : Buffer.from(bytes));
  return f;
};

describe("text files that are not UTF-8", () => {
  it("a model file in Latin-1 is refused, naming the byte and its line", () => {
    const f = file("latin1.yaml", [...Buffer.from("name: x\n# caf"), 0xe9, ...Buffer.from("\ntime: { start: 0, horizon: 1 }\n")]);
    expect(() => loadModel(f)).toThrow(UserError);
    expect(() => loadModel(f)).toThrow(`${f}: is not UTF-8 text: byte 14 (line 2) is 0xe9; save it as UTF-8`);
  });

  it("a truncated sequence and an overlong form are refused; valid UTF-8, a BOM included, is read", () => {
    expect(() => readTextLimited(file("cut.txt", [0x61, 0xe2, 0x82]), 100, "a file")).toThrow(/byte 2 \(line 1\) is 0xe2/);
    expect(() => readTextLimited(file("overlong.txt", [0x61, 0x0a, 0xc0, 0xaf]), 100, "a file")).toThrow(/byte 3 \(line 2\) is 0xc0/);
    expect(readTextLimited(file("ok.txt", "café → ∞ 😀"), 100, "a file")).toBe("café → ∞ 😀");
    expect(readTextLimited(file("bom.txt", [0xef, 0xbb, 0xbf, 0x61]), 100, "a file")).toBe("a");
  });
});
