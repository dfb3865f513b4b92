import fc from "fast-check";
import { Kind, parse, validate } from "graphql";
import { damageTokens } from "./damage";
import { printDocument, type Operation } from "./documents";
import { generators, loadApiSchema, wireOf } from "./generators";
import { EnumValue, Verbatim, toJson, toLiteral } from "./values";

const schema = loadApiSchema();
const { validRequest, fuzzCase } = generators(schema);

describe("fuzz generators", () => {
  it("valid requests are mostly valid against schema/api.graphql, so the fuzzer reaches execution", () => {
    const requests = fc.sample(validRequest, { seed: 1, numRuns: 300 });
    const valid = requests.filter(({ request }) => {
      try {
        return validate(schema, parse(request.query)).length === 0;
      } catch {
        return false; // an invalid escape (a lone surrogate) written inline
      }
    });
    // The rest are deliberate edges: Int out of range, a lone surrogate, a required argument left out.
    expect(valid.length / requests.length).toBeGreaterThan(0.7);
    const kinds = new Set(valid.map(({ request }) => (parse(request.query).definitions[0] as { operation: string }).operation));
    expect([...kinds].sort()).toEqual(["mutation", "query", "subscription"]);
  });

  it("cases reach every target, anonymous and signed in, as learners and as staff, admins and moderators", () => {
    const cases = fc.sample(fuzzCase, { seed: 2, numRuns: 300 });
    const targets = new Set(cases.flatMap((c) => c.steps.map((s) => `${s.to}/${c.signedIn}`)));
    expect([...targets].sort()).toEqual(["graphql/false", "graphql/true", "partner/false", "partner/true", "ws/false", "ws/true"]);
    for (const c of cases) for (const s of c.steps) expect(typeof wireOf(s).body).toBe("string");
    const callers = new Set(cases.filter((c) => c.signedIn).map((c) => (c.roles ?? []).join(",") || "learner"));
    expect([...callers].sort()).toEqual(["admin", "learner", "moderator", "staff"]);
  });

  it("prints spreads as named fragments and arguments as literals or declared variables", () => {
    const op: Operation = {
      type: "query",
      name: "Q",
      selections: [
        {
          kind: "field",
          name: "characters",
          alias: null,
          args: [{ name: "first", value: 2, type: "Int", asVariable: true }],
          directives: [{ name: "skip", value: false, asVariable: false }],
          selections: [{ kind: "spread", on: "CharacterConnection", directives: [], selections: [{ kind: "typename", alias: null }] }],
        },
        // Same response name, other arguments: renamed rather than left to conflict.
        {
          kind: "field",
          name: "characters",
          alias: null,
          args: [{ name: "first", value: 3, type: "Int", asVariable: false }],
          directives: [],
          selections: [{ kind: "typename", alias: null }],
        },
      ],
    };
    const printed = printDocument([op]);
    expect(printed.text).toBe(
      "query Q($v0: Int) { characters(first: $v0) @skip(if: false) { ...F0 } characters_2: characters(first: 3) { __typename } }\n" +
        "fragment F0 on CharacterConnection { __typename }",
    );
    expect(printed.variables).toEqual({ v0: 2 });
    expect(validate(schema, parse(printed.text))).toEqual([]);
  });

  it("damages tokens as written, keeping strings whole", () => {
    const text = '{ character(literal: "日 本") { id } }';
    expect(damageTokens(text, [{ op: "drop", at: 1, text: "" }])).toBe('{ ( literal : "日 本" ) { id } }');
    expect(damageTokens(text, [{ op: "swap", at: 0, text: "" }])).toBe('character { ( literal : "日 本" ) { id } }');
    expect(damageTokens(text, [{ op: "rename", at: 1, text: "" }])).toBe('{ character_nope ( literal : "日 本" ) { id } }');
    // Positions wrap around: 12 of 11 tokens is the second.
    expect(damageTokens(text, [{ op: "insert", at: 12, text: "}" }])).toBe('{ } character ( literal : "日 本" ) { id } }');
    expect(() => parse(damageTokens(text, [{ op: "duplicate", at: 3, text: "" }]))).toThrow(/Syntax Error/);
    expect(parse(damageTokens(text, [])).definitions[0].kind).toBe(Kind.OPERATION_DEFINITION);
  });

  it("writes numbers JSON.stringify cannot and enum values by name", () => {
    const value = { n: new Verbatim("1e309"), r: new EnumValue("GOOD"), s: "a\u0000b", nan: NaN };
    expect(toJson(value)).toBe('{"n":1e309,"r":"GOOD","s":"a\\u0000b","nan":null}');
    expect(toLiteral(value)).toBe('{n: 1e309, r: GOOD, s: "a\\u0000b", nan: null}');
    expect(JSON.parse(toJson({ n: new Verbatim("1e309") })).n).toBe(Infinity);
  });
});
