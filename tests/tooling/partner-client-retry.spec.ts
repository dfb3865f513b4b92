import { spawn } from "node:child_process";
import http from "node:http";
import type { AddressInfo } from "node:net";
import path from "node:path";
import { REPO_ROOT } from "@learnloop/devstack";

/**
 * The partner client's command (`npm run partner`, clients/partner/dist/cli.js) against a loopback
 * server that answers 429 with Retry-After as the gateway does, then the data.
 */
type Answer = { status: number; headers?: Record<string, string>; body: unknown };

async function serve(answers: Answer[]) {
  const arrivals: { at: number; body: { extensions?: { persistedQuery?: { sha256Hash?: string } } } }[] = [];
  const server = http.createServer((req, res) => {
    let text = "";
    req.on("data", (d) => (text += d));
    req.on("end", () => {
      arrivals.push({ at: Date.now(), body: JSON.parse(text) });
      const answer = answers[Math.min(arrivals.length - 1, answers.length - 1)];
      res.writeHead(answer.status, { "content-type": "application/json", ...answer.headers });
      res.end(JSON.stringify(answer.body));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/partner/graphql`;
  return { url, arrivals, close: () => new Promise((resolve) => server.close(resolve)) };
}

function partner(url: string, ...args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const child = spawn(process.execPath, [path.join(REPO_ROOT, "clients", "partner", "dist", "cli.js"), ...args], {
    env: { ...process.env, LEARNLOOP_PARTNER_KEY: "llp_test_secret", LEARNLOOP_PARTNER_URL: url },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let stdout = "";
  let stderr = "";
  child.stdout.on("data", (d) => (stdout += d));
  child.stderr.on("data", (d) => (stderr += d));
  return new Promise((resolve) => child.on("exit", (code) => resolve({ code, stdout, stderr })));
}

const limited = (requestId: string): Answer => ({
  status: 429,
  headers: { "retry-after": "2" },
  body: { errors: [{ message: "Rate limit reached; retry after 2 s.", extensions: { code: "RATE_LIMITED", requestId } }] },
});
const character = { character: { id: "c-65e5", literal: "日" } };

it("says on stderr what it waits for and how long, waits out Retry-After, and retries", async () => {
  const server = await serve([limited("req-1"), { status: 200, body: { data: character } }]);
  try {
    const result = await partner(server.url, "PartnerCharacter", '{"literal":"日"}');
    expect(result.stderr).toBe(
      "learnloop-partner: PartnerCharacter is rate limited (RATE_LIMITED, request req-1); waiting 2 s (Retry-After), then retry 1 of 1\n",
    );
    expect(result.code).toBe(0);
    expect(JSON.parse(result.stdout)).toEqual(character);
    expect(server.arrivals).toHaveLength(2);
    expect(server.arrivals[1].at - server.arrivals[0].at).toBeGreaterThanOrEqual(2_000);
    expect(server.arrivals[1].body.extensions?.persistedQuery?.sha256Hash).toMatch(/^[0-9a-f]{64}$/);
  } finally {
    await server.close();
  }
});

it("fails with the code and the request id when the retry is refused as well", async () => {
  const server = await serve([limited("req-1"), limited("req-2")]);
  try {
    const result = await partner(server.url, "PartnerCharacter", '{"literal":"日"}');
    expect(result.code).toBe(1);
    expect(result.stderr).toContain("waiting 2 s (Retry-After), then retry 1 of 1\n");
    expect(result.stderr).toContain("RATE_LIMITED: Rate limit reached; retry after 2 s. (request req-2)");
    expect(server.arrivals).toHaveLength(2);
  } finally {
    await server.close();
  }
});
