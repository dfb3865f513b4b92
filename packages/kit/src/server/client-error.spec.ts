import http from "node:http";
import net, { type AddressInfo } from "node:net";
import { answerClientErrors } from "./client-error";

/** The header timeout, which the e2e tests cannot wait for at the gateway's 60 s: a server of its own with a short one. */
describe("answerClientErrors", () => {
  let server: http.Server;
  beforeAll(async () => {
    server = http.createServer({ headersTimeout: 200, requestTimeout: 1_000, connectionsCheckingInterval: 50 }, (_req, res) => res.end());
    answerClientErrors(server);
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  it("answers headers that do not arrive in time with 408 REQUEST_TIMEOUT, a request id, and a closed connection", async () => {
    const socket = net.connect((server.address() as AddressInfo).port, "127.0.0.1");
    const chunks: Buffer[] = [];
    socket.on("data", (d) => chunks.push(d));
    socket.write("GET / HTTP/1.1\r\nHost: localhost\r\n"); // and never the blank line that ends the headers
    await new Promise((resolve) => socket.on("close", resolve));
    const [head, body] = Buffer.concat(chunks).toString().split("\r\n\r\n");
    expect(head).toMatch(/^HTTP\/1\.1 408 Request Timeout\r\n/);
    expect(head).toMatch(/\r\nConnection: close(\r\n|$)/);
    const requestId = head.match(/\r\nx-request-id: (\S+)/)?.[1];
    expect(requestId).toMatch(/^[0-9a-f-]{36}$/);
    expect(JSON.parse(body)).toEqual({
      errors: [{ message: "The request was not received in time.", extensions: { code: "REQUEST_TIMEOUT", requestId } }],
    });
  });
});
