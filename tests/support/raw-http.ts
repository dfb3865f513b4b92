import net from "node:net";

export interface RawResponse {
  status: number;
  /** Lower-cased names. */
  headers: Record<string, string>;
  body: string;
}

export interface RawExchange {
  responses: RawResponse[];
  /** Whether the server closed the connection (rather than this side giving up). */
  closedByServer: boolean;
}

/**
 * Writes bytes as they are on a connection of its own (no HTTP client to fix them up first) and
 * reads every response until the server closes it or `waitMs` passes.
 */
export function rawExchange(url: string, bytes: string | Buffer, waitMs = 10_000): Promise<RawExchange> {
  const { hostname, port } = new URL(url);
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    const socket = net.connect(Number(port), hostname);
    const done = (closedByServer: boolean) => {
      clearTimeout(timer);
      socket.destroy();
      try {
        resolve({ responses: parseResponses(Buffer.concat(chunks)), closedByServer });
      } catch (err) {
        reject(err);
      }
    };
    const timer = setTimeout(() => done(false), waitMs);
    socket.on("data", (d) => chunks.push(d));
    socket.on("error", () => undefined); // a reset after the answer: what was read is what counts
    socket.on("close", () => done(true));
    socket.write(bytes);
  });
}

/** HTTP/1.1 responses one after another, each with a Content-Length (all the gateway sends here). */
function parseResponses(data: Buffer): RawResponse[] {
  const out: RawResponse[] = [];
  let at = 0;
  while (at < data.length) {
    const end = data.indexOf("\r\n\r\n", at);
    if (end < 0) throw new Error(`an incomplete response: ${data.subarray(at).toString().slice(0, 200)}`);
    const [statusLine, ...lines] = data.subarray(at, end).toString("latin1").split("\r\n");
    const headers = Object.fromEntries(
      lines.map((l) => [l.slice(0, l.indexOf(":")).trim().toLowerCase(), l.slice(l.indexOf(":") + 1).trim()]),
    );
    const length = Number(headers["content-length"]);
    if (!Number.isInteger(length)) throw new Error(`a response without a Content-Length: ${statusLine}`);
    out.push({ status: Number(statusLine.split(" ")[1]), headers, body: data.subarray(end + 4, end + 4 + length).toString("utf8") });
    at = end + 4 + length;
  }
  return out;
}
