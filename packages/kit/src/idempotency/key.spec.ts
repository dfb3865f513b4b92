import { canonicalJson, isIdempotencyKey, requestFingerprint } from "./key";

describe("idempotency keys", () => {
  it.each(["3f0c9a2e-8d1b-4c5e-9f00-123456789abc", "abcd1234", "a:b.c_d-e", "x".repeat(128)])("accepts %s", (key) => {
    expect(isIdempotencyKey(key)).toBe(true);
  });
  it.each(["short", "x".repeat(129), "has space", "semi;colon", "ünïcødé-key", "", 12345678, undefined])("refuses %p", (key) => {
    expect(isIdempotencyKey(key)).toBe(false);
  });
});

describe("request fingerprints", () => {
  it("ignore the order a client wrote its variables in, and undefined members", () => {
    expect(canonicalJson({ b: 1, a: { d: [1, { y: 2, x: 1 }], c: null }, z: undefined })).toBe(
      '{"a":{"c":null,"d":[1,{"x":1,"y":2}]},"b":1}',
    );
    expect(requestFingerprint("mutation M", "M", { a: 1, b: 2 })).toBe(requestFingerprint("mutation M", "M", { b: 2, a: 1 }));
  });
  it("differ when the document, the operation chosen or any variable differs", () => {
    const base = requestFingerprint("mutation M", "M", { input: { lessonId: "hiragana-01" } });
    expect(requestFingerprint("mutation N", "M", { input: { lessonId: "hiragana-01" } })).not.toBe(base);
    expect(requestFingerprint("mutation M", "N", { input: { lessonId: "hiragana-01" } })).not.toBe(base);
    expect(requestFingerprint("mutation M", "M", { input: { lessonId: "hiragana-02" } })).not.toBe(base);
    expect(requestFingerprint("mutation M", null, {})).toBe(requestFingerprint("mutation M", undefined, undefined));
  });
});
