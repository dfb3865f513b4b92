import { parse } from "graphql";
import { findNulCharacter } from "./nul-guard";

describe("findNulCharacter", () => {
  it("finds NUL in a string literal, a block string, a variable, a nested value or a key", () => {
    expect(findNulCharacter(parse(`{ a(s: "x\\u0000") }`), {})).toBe("document");
    expect(findNulCharacter(parse(`{ a(s: { t: ["ok", "\\u0000"] }) }`), {})).toBe("document");
    expect(findNulCharacter(undefined, { v: { w: ["ok", "a\u0000"] } })).toBe("variables");
    expect(findNulCharacter(undefined, { v: { ["k\u0000"]: 1 } })).toBe("variables");
    expect(findNulCharacter(parse(`{ a(s: "fine") }`), { v: ["fine", 1, null, true, { w: "ok" }] })).toBeUndefined();
  });

  it("walks very deep variables without recursion", () => {
    let deep: unknown = "\u0000";
    for (let i = 0; i < 200_000; i++) deep = [deep];
    expect(findNulCharacter(undefined, { deep })).toBe("variables");
  });
});
