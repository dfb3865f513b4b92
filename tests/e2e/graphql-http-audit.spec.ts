import { auditServer } from "graphql-http";
import { startStack, type TestStack } from "../support/stack";

let stack: TestStack;
beforeAll(async () => {
  stack = await startStack();
}, 120_000);
afterAll(() => stack?.stop());

it("passes the GraphQL-over-HTTP audit with no errors", async () => {
  const results = await auditServer({ url: stack.gatewayUrl });
  const tally: Record<string, number> = { ok: 0, warn: 0, notice: 0, error: 0 };
  for (const r of results) tally[r.status]++;
  console.log(`graphql-http audit: ${results.length} audits, ${JSON.stringify(tally)}`);
  for (const r of results.filter((r) => r.status !== "ok")) console.log(`  ${r.status}: ${r.name} — ${"reason" in r ? r.reason : ""}`);
  expect(tally.error).toBe(0);
  expect(tally.ok).toBeGreaterThan(50);
});
