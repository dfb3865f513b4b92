import fc from "fast-check";
import { Lexer, Source, TokenKind, getNamedType, isObjectType, type GraphQLObjectType, type GraphQLSchema } from "graphql";
import { printDocument, type Operation, type SelectionGenerator } from "./documents";
import { Verbatim, hex64, nastyString } from "./values";

/**
 * Fragment bombs double per level. While gateway/src/limits.ts expands every spread again (issue 11),
 * 2^12 copies of a leaf as wide as the token limit allows already take seconds; more levels would
 * hang the run, not find anything new. Raise this once spreads are measured once.
 */
export const MAX_BOMB_LEVELS = 12;
/** The gateway parses at most MAX_QUERY_TOKENS (5,000 by default); bombs aim just under and just over it. */
export const TOKEN_LIMIT = 5000;

export interface DamagedRequest {
  label: string;
  request: Record<string, unknown>;
}

/** The document's tokens as written (strings keep their quotes and escapes); null when it does not lex. */
function tokensOf(text: string): string[] | null {
  try {
    const lexer = new Lexer(new Source(text));
    const out: string[] = [];
    for (let t = lexer.advance(); t.kind !== TokenKind.EOF; t = lexer.advance()) out.push(text.slice(t.start, t.end));
    return out;
  } catch {
    return null;
  }
}

const INSERTS = [
  "{",
  "}",
  "(",
  ")",
  "[",
  "]",
  ":",
  "$",
  "!",
  "@",
  "...",
  "=",
  "|",
  "&",
  "nope",
  "__schema",
  "x".repeat(300),
  "99999999999999999999999",
  '"\\u0000"',
  "#",
];

type Edit = { op: "drop" | "duplicate" | "swap" | "insert" | "rename"; at: number; text: string };
const edit: fc.Arbitrary<Edit> = fc.record({
  op: fc.constantFrom("drop" as const, "duplicate" as const, "swap" as const, "insert" as const, "rename" as const),
  at: fc.nat(),
  text: fc.oneof({ weight: 4, arbitrary: fc.constantFrom(...INSERTS) }, { weight: 1, arbitrary: nastyString }),
});

/** Drops, duplicates, swaps or inserts tokens, or renames a name into an unknown field, argument or type. */
export function damageTokens(text: string, edits: Edit[]): string {
  const tokens = tokensOf(text);
  if (!tokens || tokens.length === 0) return text;
  for (const e of edits) {
    const i = e.at % tokens.length;
    if (e.op === "drop") tokens.splice(i, 1);
    else if (e.op === "duplicate") tokens.splice(i, 0, tokens[i]);
    else if (e.op === "swap" && i + 1 < tokens.length) [tokens[i], tokens[i + 1]] = [tokens[i + 1], tokens[i]];
    else if (e.op === "insert") tokens.splice(i, 0, e.text);
    else if (e.op === "rename" && /^[_A-Za-z]/.test(tokens[i])) tokens[i] = `${tokens[i]}_nope`;
    if (tokens.length === 0) break;
  }
  return tokens.join(" ");
}

/** A path of composite fields from Query, `depth` levels deep, ending in a leaf: for the depth limit. */
function deepSelection(schema: GraphQLSchema, choices: number[]): string {
  let type: GraphQLObjectType = schema.getQueryType()!;
  const open: string[] = [];
  for (const c of choices) {
    const composite = Object.values(type.getFields()).filter(
      (f) => isObjectType(getNamedType(f.type)) && !f.args.some((a) => String(a.type).endsWith("!")),
    );
    if (!composite.length) break;
    const f = composite[c % composite.length];
    open.push(f.name);
    type = getNamedType(f.type) as GraphQLObjectType;
  }
  return `{ ${open.join(" { ")} { __typename }${" }".repeat(open.length)} }`;
}

const cheapLeaves = ["__typename", "me { id }", 'course(id: "hiragana") { id }', "courses(first: 1) { edges { node { id } } }"];
/** `$` becomes the copy's number: distinct aliases, which validation does not compare with each other. */
const bombLeaves = ["a$: __typename", "a$: me { id }"];

/** Every way of damaging a request this fuzzer knows, each labelled for the report. */
export function damagedRequest(gen: SelectionGenerator, valid: fc.Arbitrary<Operation>): fc.Arbitrary<DamagedRequest> {
  const schema = gen.schema;
  const printed = valid.map((op) => printDocument([op]));
  const jsonJunk = fc.oneof(fc.jsonValue({ maxDepth: 2 }), fc.constantFrom([], [1], "x", 0, true, null));
  return fc.oneof(
    {
      weight: 6,
      arbitrary: fc.tuple(printed, fc.array(edit, { minLength: 1, maxLength: 3 })).map(([p, edits]) => ({
        label: "damaged tokens",
        request: { query: damageTokens(p.text, edits), variables: p.variables },
      })),
    },
    {
      weight: 3,
      // Variables of the wrong type, missing, or unknown.
      arbitrary: fc.tuple(printed, jsonJunk, fc.constantFrom("replace", "drop", "add"), fc.nat()).map(([p, junk, how, n]) => {
        const names = Object.keys(p.variables);
        const variables: Record<string, unknown> = { ...p.variables };
        const name = names.length ? names[n % names.length] : "nope";
        if (how === "drop") delete variables[name];
        else variables[how === "add" ? "nope" : name] = junk;
        return { label: `variables: ${how}`, request: { query: p.text, variables } };
      }),
    },
    {
      weight: 1,
      arbitrary: fc
        .array(fc.nat(), { minLength: 13, maxLength: 40 })
        .map((choices) => ({ label: "deep selection", request: { query: deepSelection(schema, choices) } })),
    },
    {
      weight: 1,
      arbitrary: fc.integer({ min: 10, max: 1700 }).map((n) => ({
        label: "nested inline fragments",
        request: { query: `{ ${"... { ".repeat(n)}__typename${" }".repeat(n)} }` },
      })),
    },
    {
      weight: 1,
      arbitrary: fc.integer({ min: 10, max: 2500 }).map((n) => ({
        label: "nested list literal",
        request: { query: `{ characters(first: 1, filter: { search: ${"[".repeat(n)}"a"${"]".repeat(n)} }) { edges { cursor } } }` },
      })),
    },
    {
      weight: 1,
      arbitrary: fc
        .tuple(fc.integer({ min: 10, max: 30_000 }), fc.constantFrom("String", "[[Int]]", "CharacterFilter"))
        .map(([n, type]) => ({
          label: "deeply nested variable",
          request: {
            query: `query($v: ${type}) { characters(first: 1, filter: { search: $v }) { edges { cursor } } }`,
            variables: { v: new Verbatim(`${"[".repeat(n)}1${"]".repeat(n)}`) },
          },
        })),
    },
    {
      weight: 1,
      arbitrary: fc
        .tuple(fc.integer({ min: 20, max: Math.floor(TOKEN_LIMIT / 3) + 50 }), fc.constantFrom(...cheapLeaves))
        .map(([n, leaf]) => ({
          label: "alias bomb",
          request: { query: `{ ${Array.from({ length: n }, (_, i) => `a${i}: ${leaf}`).join(" ")} }` },
        })),
    },
    {
      weight: 1,
      arbitrary: fc
        .tuple(
          fc.oneof(fc.integer({ min: 1, max: MAX_BOMB_LEVELS }), fc.constant(MAX_BOMB_LEVELS)),
          fc.constantFrom(...cheapLeaves, ...bombLeaves),
          // Hundreds of copies are what takes seconds on main; as wide as the token limit allows is refused by validation.
          fc.oneof(fc.integer({ min: 1, max: 800 }), fc.constant(TOKEN_LIMIT)),
        )
        .map(([levels, leaf, width]) => {
          const leafTokens = tokensOf(leaf.replace("$", "0"))!.length;
          const copies = Math.max(1, Math.min(width, Math.floor((TOKEN_LIMIT - 12 * levels - 10) / leafTokens)));
          const defs = Array.from({ length: levels }, (_, i) => `fragment F${i} on Query { ...F${i + 1} ...F${i + 1} }`);
          const leaves = Array.from({ length: copies }, (_, i) => leaf.replace("$", String(i)));
          defs.push(`fragment F${levels} on Query { ${leaves.join(" ")} }`);
          return { label: "fragment bomb", request: { query: `{ ...F0 }\n${defs.join("\n")}` } };
        }),
    },
    {
      weight: 2,
      arbitrary: fc
        .tuple(valid, valid, fc.boolean(), fc.constantFrom(undefined, "A", "B", "Nope", "", null))
        .map(([a, b, named, operationName]) => {
          const p = printDocument([
            { ...a, name: named ? "A" : null },
            { ...b, name: "B" },
          ]);
          return { label: "several operations", request: { query: p.text, variables: p.variables, operationName } };
        }),
    },
    {
      weight: 2,
      arbitrary: fc
        .tuple(printed, fc.constantFrom("variables", "extensions", "operationName", "query"), jsonJunk)
        .map(([p, field, junk]) => ({ label: `${field} of the wrong shape`, request: { query: p.text, [field]: junk } })),
    },
    {
      weight: 1,
      arbitrary: fc
        .tuple(printed, fc.option(fc.constantFrom(1, 2, "1")), fc.oneof(hex64, nastyString), fc.boolean())
        .map(([p, version, sha256Hash, withText]) => ({
          label: "persisted query junk",
          request: { ...(withText && { query: p.text }), extensions: { persistedQuery: { version, sha256Hash } } },
        })),
    },
  );
}

/** Bodies that are not a GraphQL request at all. */
export const rawBody: fc.Arbitrary<{ raw: string; contentType: string }> = fc.record({
  raw: fc.oneof(
    fc.constantFrom(
      "",
      "null",
      "[]",
      "{}",
      "{",
      '{"query":',
      '[{"query":"{ __typename }"}]',
      '"{ __typename }"',
      '{"query":"{ __typename }"}{"query":"x"}',
    ),
    fc.string({ unit: "binary", maxLength: 40 }),
    fc.integer({ min: 1, max: 19_000 }).map((n) => `${'{"a":'.repeat(n)}1${"}".repeat(n)}`),
  ),
  contentType: fc.constantFrom(
    "application/json",
    "application/json",
    "text/plain",
    "application/graphql",
    "application/x-www-form-urlencoded",
  ),
});
