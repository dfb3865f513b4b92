import { randomUUID } from "node:crypto";
import { STATUS_CODES, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { Socket } from "node:net";
import type { Logger } from "pino";
import type { ErrorCode } from "../errors/codes";
import { REQUEST_ID_HEADER } from "./http";

/** What Node's parser reports, as the status, code and message a client gets. */
function refusalOf(code: string | undefined): [number, ErrorCode, string] {
  switch (code) {
    case "HPE_HEADER_OVERFLOW":
      return [431, "REQUEST_HEADER_FIELDS_TOO_LARGE", "The request's headers are too large."];
    case "HPE_CHUNK_EXTENSIONS_OVERFLOW":
      return [413, "PAYLOAD_TOO_LARGE", "The request's chunk extensions are too large."];
    case "ERR_HTTP_REQUEST_TIMEOUT":
      return [408, "REQUEST_TIMEOUT", "The request was not received in time."];
    default:
      return [400, "BAD_REQUEST", "The request is not valid HTTP."];
  }
}

/** A whole HTTP/1.1 response, written by hand: there is no request (and no ServerResponse) to answer through. */
function rawResponse(status: number, code: ErrorCode, message: string, requestId: string): string {
  const body = JSON.stringify({ errors: [{ message, extensions: { code, requestId } }] });
  return [
    `HTTP/1.1 ${status} ${STATUS_CODES[status]}`,
    "Content-Type: application/json; charset=utf-8",
    `Content-Length: ${Buffer.byteLength(body)}`,
    `${REQUEST_ID_HEADER}: ${requestId}`,
    "Connection: close",
    "",
    body,
  ].join("\r\n");
}

/**
 * Answers what Node's HTTP parser refuses before any request exists (headers over the limit,
 * malformed HTTP, a header timeout) with a coded GraphQL error and a request id, instead of
 * Node's bare status line; then closes the connection, as the parser cannot go on. Bytes after a
 * request's body are the next request on the socket: when they are garbage, the request before
 * them is answered first.
 */
export function answerClientErrors(server: Server, logger?: Logger): void {
  const inFlight = new WeakMap<Socket, ServerResponse>();
  const answered = new WeakSet<Socket>();
  server.on("request", (req: IncomingMessage, res: ServerResponse) => {
    inFlight.set(req.socket, res);
    res.once("close", () => inFlight.get(req.socket) === res && inFlight.delete(req.socket));
  });
  server.on("clientError", (err: NodeJS.ErrnoException, socket: Socket) => {
    // The parser reports again for each later chunk; a reset or closed socket can take no answer.
    if (answered.has(socket)) return;
    answered.add(socket);
    if (err.code === "ECONNRESET" || !socket.writable) return void socket.destroy();
    const [status, code, message] = refusalOf(err.code);
    const requestId = randomUUID();
    logger?.debug({ requestId, status, reason: err.code }, "refused a request Node's HTTP parser could not read");
    const answer = () => {
      if (!socket.writable) return void socket.destroy();
      socket.end(rawResponse(status, code, message, requestId));
      socket.destroy();
    };
    const previous = inFlight.get(socket);
    if (previous && !previous.writableFinished) previous.once("close", answer);
    else answer();
  });
}
