import { generateApiKey } from "../../../gateway/src/partner/api-key";
import { findHits, mask, maskHits, PATTERNS, ValueIndex } from "./log-scan";

const none = new ValueIndex([]);
const whats = (line: string, values = none) => findHits(line, values).map((h) => h.what);

describe("mask", () => {
  it("keeps a few leading characters and the length, never the value", () => {
    const jwt = "eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJ1c2VyXzEifQ.c2lnbmF0dXJl";
    expect(mask(jwt)).toBe(`eyJh…(${jwt.length} chars)`);
    expect(mask("hana@example.com")).toBe("ha…(16 chars)");
    expect(mask("Sato")).toBe("S…(4 chars)");
  });

  it("masks every hit in a line, overlapping ones once", () => {
    const line = '{"msg":"sent to hana@example.com with Bearer llp_abcdefghijkl_0123456789abcdef"}';
    const masked = maskHits(line, findHits(line, none));
    expect(masked).not.toMatch(/hana@example|0123456789abcdef/);
    expect(masked).toContain("ha…(16 chars)");
  });
});

describe("patterns", () => {
  it.each([
    ["an email address", "contact hana.sato+x@mail.example.co.jp now", "email address"],
    ["an email address that starts like a Message-ID", "to dc79af5b-0129-9f9a-2230-aa6080d75616x@example.com", "email address"],
    ["a JWT", "token=eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJ1c2VyXzEifQ.c2ln", "JWT"],
    ["a webhook secret", "secret whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw", "webhook secret"],
    ["a PEM block", "key: -----BEGIN PRIVATE KEY-----\\nMIIE", "PEM block"],
    ["a Clerk secret key", "CLERK_SECRET_KEY=sk_test_abcdefgh12345678", "Clerk secret key"],
    ["a bearer credential", "authorization: bearer abc.def-ghi_jkl", "bearer credential"],
  ])("finds %s", (_name, line, what) => {
    expect(whats(line)).toContain(what);
  });

  it("finds a partner key as the gateway makes them, but not its public id alone", () => {
    const { id, key } = generateApiKey();
    expect(whats(`partner ${key} refused`)).toContain("partner API key");
    expect(whats(`{"partnerKey":"${id}","msg":"partner operation"}`)).toEqual([]);
    expect(whats(`{"partnerKey":"llp_${id}"}`)).toEqual([]);
  });

  it("leaves ordinary log lines alone", () => {
    for (const line of [
      '{"level":30,"service":"gateway","requestId":"e17215e4-cd15-486c-8fb0-4b7cb2324495","msg":"gateway ready"}',
      '{"msg":"Migration CreateUsers1763790000000 has been executed successfully."}',
      '{"why":"data.email_addresses.0.email_address: not an email address","msg":"clerk webhook rejected"}',
      '{"msg":"Send your partner API key as `Authorization: Bearer llp_...`."}',
      '{"err":{"stack":"at node_modules/@apollo/gateway@2.14.4/dist/index.js:10"}}',
      '{"user":{"email":"[redacted]"},"headers":{"authorization":"[redacted]"}}',
      '{"messageId":"<dc79af5b-0129-9f9a-2230-aa6080d75616@learnloop.test>","msg":"email sent"}',
    ]) {
      expect(whats(line)).toEqual([]);
    }
    expect(PATTERNS.every((p) => p.regex.global)).toBe(true);
  });
});

describe("registered values", () => {
  const values = new ValueIndex([
    { kind: "name", value: "Sato" },
    { kind: "name", value: "Hana Sato" },
    { kind: "key", value: "-----BEGIN PRIVATE KEY-----\nMIIEvQIBADANBg\n-----END PRIVATE KEY-----" },
    { kind: "name", value: "明" },
  ]);

  it("are found as whole words, as logged or JSON-escaped", () => {
    expect(whats('{"displayName":"Hana Sato"}', values)).toEqual(expect.arrayContaining(["registered name"]));
    expect(findHits("by Sato.", values)).toEqual([{ what: "registered name", start: 3, end: 7 }]);
    expect(whats('{"key":"-----BEGIN PRIVATE KEY-----\\nMIIEvQIBADANBg\\n-----END PRIVATE KEY-----"}', values)).toContain("registered key");
  });

  it("are not found inside longer words, and too short a value is left to the patterns", () => {
    expect(whats("Satoshi and Kasato", values)).toEqual([]);
    expect(whats("明日", values)).toEqual([]);
    expect(values.size).toBe(4); // Sato, Hana Sato, the key as given and JSON-escaped; not 明
  });
});
