import { GraphQLError } from "graphql";
import { createLogger } from "../logging/logger";
import { createErrorFormatter, ERROR_LIMITS, summariseValidationErrors } from "./format-error";

const format = createErrorFormatter(createLogger("test", "silent"));

/** class-validator's shape: each error holds the whole input as `target` and the bad `value`. */
const validationError = (property: string, input: object, children: unknown[] = []) => ({
  target: input,
  value: (input as Record<string, unknown>)[property],
  property,
  constraints: children.length ? undefined : { isLength: `${property} is too long` },
  children,
});

describe("summariseValidationErrors", () => {
  const input = { a: "x".repeat(10_000), nested: { b: "y".repeat(10_000) } };
  const errors = [
    validationError("a", input),
    validationError("nested", input, [validationError("b", input.nested), validationError("c", input.nested)]),
  ];

  it("keeps each failing property's path and messages, never the input", () => {
    const summary = summariseValidationErrors(errors);
    expect(summary).toEqual([
      { property: "a", constraints: { isLength: "a is too long" } },
      { property: "nested.b", constraints: { isLength: "b is too long" } },
      { property: "nested.c", constraints: { isLength: "c is too long" } },
    ]);
    expect(summariseValidationErrors(summary)).toEqual(summary); // idempotent: the gateway re-formats a subgraph's
  });

  it("lists at most ERROR_LIMITS.properties, with short messages", () => {
    const many = Array.from({ length: 50 }, (_, i) => ({ property: `p${i}`, constraints: { custom: "m".repeat(5_000) } }));
    const summary = summariseValidationErrors(many);
    expect(summary).toHaveLength(ERROR_LIMITS.properties);
    for (const e of summary) expect(e.constraints.custom.length).toBeLessThanOrEqual(ERROR_LIMITS.constraintMessage);
  });

  it("walks a deep tree without recursion", () => {
    let node: Record<string, unknown> = { property: "leaf", constraints: { x: "bad" }, children: [] };
    for (let i = 0; i < 50_000; i++) node = { property: "n", children: [node] };
    expect(() => summariseValidationErrors([node])).not.toThrow();
  });
});

describe("createErrorFormatter bounds every error", () => {
  it("clips a long message and drops oversized extensions, keeping the code", () => {
    const error = new GraphQLError("m".repeat(50_000), { extensions: { code: "BAD_USER_INPUT", blob: "b".repeat(50_000) } });
    const formatted = format({ message: error.message, extensions: error.extensions }, error);
    expect(JSON.stringify(formatted).length).toBeLessThanOrEqual(ERROR_LIMITS.json);
    expect(formatted.extensions).toEqual({ code: "BAD_USER_INPUT", truncated: true });
  });

  it("counts a message in the bytes a client receives, and cuts it between characters", () => {
    const error = new GraphQLError(`Lesson ${"日".repeat(2_000)} was not found.`, { extensions: { code: "NOT_FOUND" } });
    const { message } = format({ message: error.message, extensions: error.extensions }, error);
    expect(Buffer.byteLength(message)).toBeLessThanOrEqual(ERROR_LIMITS.message);
    expect(message).toMatch(/^Lesson 日+…$/);
  });

  it("names Apollo's refusals by their status", () => {
    const error = new GraphQLError("GET only supports queries", { extensions: { code: "BAD_REQUEST", http: { status: 405 } } });
    expect(format({ message: error.message, extensions: { code: "BAD_REQUEST" } }, error).extensions?.code).toBe("METHOD_NOT_ALLOWED");
  });
});
