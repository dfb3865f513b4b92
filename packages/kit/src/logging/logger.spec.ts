import { Writable } from "node:stream";
import { createLogger } from "./logger";

it("redacts personal data and credentials", () => {
  const lines: string[] = [];
  const sink = new Writable({ write: (chunk, _enc, done) => (lines.push(chunk.toString()), done()) });
  const logger = createLogger("test", "info", sink as never);
  logger.info(
    { user: { email: "hana@example.com", displayName: "Hana" }, headers: { authorization: "Bearer secret-token" }, variables: { x: 1 } },
    "hello",
  );
  const out = lines.join("");
  expect(out).toContain("hello");
  expect(out).not.toMatch(/hana@example.com|Hana"|secret-token/);
  expect(out).toContain("[redacted]");
});
