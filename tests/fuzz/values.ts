import fc from "fast-check";
import { GraphQLError, isEnumType, isInputObjectType, isListType, isNonNullType, isScalarType, type GraphQLInputType } from "graphql";

/** An enum value: a bare name in a document, a string in JSON variables. */
export class EnumValue {
  constructor(readonly name: string) {}
}

/** Text written exactly as given: numbers JSON.stringify cannot produce (1e309, -0, 9007199254740993), or nesting too deep to build. */
export class Verbatim {
  constructor(readonly text: string) {}
}

export type InputValue = null | boolean | number | string | EnumValue | Verbatim | InputValue[] | { [field: string]: InputValue };

/** Ids that exist in the seeded content, ids shaped like them that do not, and hostile ones. */
const IDS = [
  "hiragana",
  "hiragana-01",
  "kanji-n5-01",
  "c-65e5",
  "c-4e00",
  "c-3042",
  "c-ffff",
  "c-0000",
  "user_fuzz",
  "'; DROP TABLE x; --",
];

const INT_EDGES = [0, 1, -1, 20, 100, 101, 2147483647, -2147483648, 2147483648, -2147483649];
const HUGE_NUMBERS = ["9007199254740993", "99999999999999999999999", "1e309", "-1e309", "1e-400", "-0", "5e-324", "1.7976931348623157e308"];

/** Strings worth trying: unicode of every plane, NUL and control characters, lone surrogates, very long, SQL-ish. */
export const nastyString: fc.Arbitrary<string> = fc.oneof(
  { weight: 3, arbitrary: fc.string({ maxLength: 12 }) },
  { weight: 2, arbitrary: fc.string({ unit: "binary", maxLength: 12 }) },
  { weight: 2, arbitrary: fc.string({ unit: "grapheme-composite", maxLength: 8 }) },
  {
    weight: 3,
    arbitrary: fc.constantFrom(
      "",
      "\u0000",
      "a\u0000b",
      "\u0007\u001b[31m\r\n",
      "日本語",
      "🎌🈯️",
      "\ud800",
      "\udfff\ud800",
      "\u202eRTL",
      "e\u0301\u0301\u0301",
      "Asia/Tokyo",
      "Mars/Olympus",
      "22:00",
      "24:61",
      "ja",
      "en-US",
      "https://example.com/a.png",
      "javascript:alert(1)",
      "' OR '1'='1",
      "%s%n${x}{{x}}",
    ),
  },
  {
    weight: 1,
    arbitrary: fc.tuple(fc.constantFrom("x", "日", "\u0000", "🎌"), fc.integer({ min: 256, max: 30_000 })).map(([c, n]) => c.repeat(n)),
  },
);

/** A string shaped like a SHA-256 hex digest (a persisted operation id). */
export const hex64 = fc.string({ unit: fc.constantFrom(..."0123456789abcdef"), minLength: 64, maxLength: 64 });

const idValue: fc.Arbitrary<InputValue> = fc.oneof(
  { weight: 4, arbitrary: fc.constantFrom(...IDS) },
  { weight: 2, arbitrary: nastyString },
  { weight: 1, arbitrary: fc.integer() },
);

const intValue: fc.Arbitrary<InputValue> = fc.oneof(
  { weight: 3, arbitrary: fc.constantFrom(...INT_EDGES) },
  { weight: 2, arbitrary: fc.integer({ min: -5, max: 120 }) },
  { weight: 1, arbitrary: fc.integer() },
  { weight: 1, arbitrary: fc.constantFrom(...HUGE_NUMBERS).map((t) => new Verbatim(t)) },
);

/** Doubles include NaN and ±Infinity, which JSON.stringify writes as null; the raw ones overflow on parsing. */
const floatValue: fc.Arbitrary<InputValue> = fc.oneof(
  { weight: 3, arbitrary: fc.constantFrom(0, 1, 0.5, -0.5, 1.5, 2) },
  { weight: 2, arbitrary: fc.double() },
  { weight: 1, arbitrary: fc.constantFrom(...HUGE_NUMBERS).map((t) => new Verbatim(t)) },
);

function scalarValue(name: string): fc.Arbitrary<InputValue> {
  switch (name) {
    case "ID":
      return idValue;
    case "Int":
      return intValue;
    case "Float":
      return floatValue;
    case "Boolean":
      return fc.boolean();
    default:
      return nastyString;
  }
}

const memo = new Map<GraphQLInputType, fc.Arbitrary<InputValue>>();

/** Values of an input type: usually of the type, with its edges; null where nullable; lists of 0 to 3 or a lone item. */
export function valueOf(type: GraphQLInputType): fc.Arbitrary<InputValue> {
  let arb = memo.get(type);
  if (arb) return arb;
  arb = isNonNullType(type)
    ? nonNullValueOf(type.ofType)
    : fc.oneof({ weight: 9, arbitrary: nonNullValueOf(type) }, { weight: 1, arbitrary: fc.constant(null) });
  memo.set(type, arb);
  return arb;
}

function nonNullValueOf(type: GraphQLInputType): fc.Arbitrary<InputValue> {
  let arb: fc.Arbitrary<InputValue>;
  if (isListType(type)) {
    const item = valueOf(type.ofType);
    arb = fc.oneof({ weight: 4, arbitrary: fc.array(item, { maxLength: 3 }) }, { weight: 1, arbitrary: item as fc.Arbitrary<InputValue> });
  } else if (isEnumType(type)) {
    arb = fc.constantFrom(...type.getValues().map((v) => new EnumValue(v.name)));
  } else if (isScalarType(type)) arb = scalarValue(type.name);
  else if (isInputObjectType(type)) {
    const fields = type.getFields();
    const shape: Record<string, fc.Arbitrary<InputValue>> = {};
    const requiredKeys: string[] = [];
    for (const [name, field] of Object.entries(fields)) {
      shape[name] = valueOf(field.type);
      if (isNonNullType(field.type) && field.defaultValue === undefined) requiredKeys.push(name);
    }
    arb = fc.record(shape, { requiredKeys }) as fc.Arbitrary<InputValue>;
  } else throw new GraphQLError(`no generator for ${String(type)}`);
  return arb;
}

/** The value as a GraphQL literal. */
export function toLiteral(value: InputValue): string {
  if (value === null) return "null";
  if (value instanceof EnumValue) return value.name;
  if (value instanceof Verbatim) return value.text;
  if (Array.isArray(value)) return `[${value.map(toLiteral).join(", ")}]`;
  if (typeof value === "object")
    return `{${Object.entries(value)
      .map(([k, v]) => `${k}: ${toLiteral(v)}`)
      .join(", ")}}`;
  if (typeof value === "number") return Number.isFinite(value) ? String(value) : "null";
  // JSON's string escapes are all valid GraphQL string escapes.
  return JSON.stringify(value);
}

/** The value as JSON text, raw numbers as written. */
export function toJson(value: unknown): string {
  if (value instanceof EnumValue) return JSON.stringify(value.name);
  if (value instanceof Verbatim) return value.text;
  if (Array.isArray(value)) return `[${value.map(toJson).join(",")}]`;
  if (value && typeof value === "object")
    return `{${Object.entries(value)
      .filter(([, v]) => v !== undefined)
      .map(([k, v]) => `${JSON.stringify(k)}:${toJson(v)}`)
      .join(",")}}`;
  return JSON.stringify(value) ?? "null";
}
