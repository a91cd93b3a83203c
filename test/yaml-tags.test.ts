/**
 * YAML tags outside the core schema are refused in one line naming the tag
 * and where (!!set had read as a Set, reported as "needs a value or a
 * prior"; !!binary as bytes, reported as `unknown key "0"`).
 */
import { describe, expect, it } from "vitest";
import { compileModel } from "../src/model/compile.js";
import { ModelError } from "../src/core/errors.js";

const model = (title: string) => `name: x
title: ${title}
time: { start: 0, horizon: 1 }
parameters: { k: { value: 1 } }
state: { s: { initial: 0, rate: k } }
outputs: { o: "final(s)" }
`;

describe("YAML tags in a model file", () => {
  it("refuses tags outside the core schema, naming the tag and its line", () => {
    for (const [value, tag] of [["!!set {a, b}", "!!set"], ["!!binary aGVsbG8=", "!!binary"], ["!!timestamp 2001-12-14", "!!timestamp"], ["!!omap [a: 1]", "!!omap"], ["!local text", "!local"]]) {
      let err: unknown;
      try {
        compileModel(model(value), "t.yaml");
      } catch (e) {
        err = e;
      }
      expect(err, value).toBeInstanceOf(ModelError);
      expect((err as Error).message).toMatch(new RegExp(`^t\\.yaml: line 2, column \\d+: the YAML tag ${tag} is not part of a model file \\(numbers, text, true/false, null, mappings and lists only\\)$`));
    }
  });

  it("takes the core schema's tags", () => {
    expect(compileModel(model("!!str a title"), "t.yaml").title).toBe("a title");
    expect(() => compileModel(model("plain"), "t.yaml")).not.toThrow();
  });
});

describe("YAML aliases in a model file", () => {
  it("refuses an alias inside the node its anchor names (it would contain itself), naming the alias and its line", () => {
    // these had overflowed the stack in the text checks: exit 1 and a stack trace
    for (const [value, line] of [["&t [*t]", 2], ["&t {b: *t}", 2], ["&t {b: [1, {c: *t}]}", 2]] as const) {
      let err: unknown;
      try {
        compileModel(model(value), "t.yaml");
      } catch (e) {
        err = e;
      }
      expect(err, value).toBeInstanceOf(ModelError);
      expect((err as Error).message).toMatch(new RegExp(`^t\\.yaml: line ${line}, column \\d+: the YAML alias \\*t stands inside the node &t names, so it would contain itself; repeat the text instead$`));
    }
    const nested = "name: x\ntime: { start: 0, horizon: 1 }\nparameters: &p { k: { value: 1 }, j: *p }\nstate: { s: { initial: 0, rate: k } }\noutputs: { o: \"final(s)\" }\n";
    expect(() => compileModel(nested, "t.yaml")).toThrow(/^t\.yaml: line 3, column \d+: the YAML alias \*p stands inside/);
  });

  it("takes an alias of a node defined before it, outside it", () => {
    const text = "name: x\ntitle: &t a title\ndescription: *t\ntime: { start: 0, horizon: 1 }\nparameters: { k: { value: 1 } }\nstate: { s: { initial: 0, rate: k } }\noutputs: { o: \"final(s)\" }\n";
    expect(compileModel(text, "t.yaml").title).toBe("a title");
  });
});
