import { firstPartyClientId } from "./context";

describe("firstPartyClientId", () => {
  it("keeps a well-formed id and drops anything else, including the ids the gateway gives partners", () => {
    expect(firstPartyClientId("web-7f3a:tab.2")).toBe("web-7f3a:tab.2");
    expect(firstPartyClientId("partner:abc123")).toBeUndefined();
    expect(firstPartyClientId("has space")).toBeUndefined();
    expect(firstPartyClientId("x".repeat(129))).toBeUndefined();
    expect(firstPartyClientId(42)).toBeUndefined();
  });
});
