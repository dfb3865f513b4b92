import type { Step } from "./generators";

/**
 * What every answer must be, whatever was sent. The bounds are generous on purpose: they are
 * properties of each answer that a correct gateway meets by orders of magnitude, not timings.
 */
export const BOUNDS = {
  /** Each answer within this many ms; a normal one takes tens of ms, a 2^12 fragment bomb on main seconds. */
  maxMs: Number(process.env.FUZZ_MAX_MS ?? 2000),
  /**
   * An answer without data within 64 KiB, whatever the request: a refusal must not grow with its
   * input (the body limit is 100 kB, so an echo of it is over). 100 validation errors, graphql-js's
   * cap, are about 20 KiB.
   */
  maxErrorBodyBytes: 64 * 1024,
  /** One error message within 1 KiB: messages name what is wrong, they do not quote inputs whole. */
  maxMessageBytes: 1024,
  /** An answer with data: the cost limit (5,000 fields) times a generous 200 bytes per field. */
  maxBodyBytes: 1024 * 1024,
};

/** What was observed for one step. */
export interface Answer {
  step: Step;
  /** HTTP status; for graphql-ws the close code when the socket closed, else 101. */
  status: number;
  /** The x-request-id header (HTTP only). */
  requestId?: string | null;
  ms: number;
  text: string;
  /** Parsed JSON answers: one for HTTP, each next/error payload for graphql-ws. */
  bodies: unknown[];
  /** graphql-ws: how the socket closed, if it did before we closed it. */
  closeCode?: number;
  /** graphql-ws: a query or mutation, which must get a result, an error or a close (an accepted subscription may stay quiet). */
  expectsAnswer?: boolean;
}

export interface Violation {
  kind: string;
  /** The first error's code, when there is one: part of a failure's class. */
  code?: string;
  detail: string;
}

const UPPER_SNAKE = /^[A-Z][A-Z0-9_]*$/;
/** Internals that must never reach a client (in errors; data may legitimately echo what a user saved). */
const LEAKS: [string, RegExp][] = [
  ["stack trace", /\n\s+at \S|\bat [\w.<>]+ \(|stacktrace/i],
  ["file path", /\/(work|home|usr|opt|app|tmp)\/|node_modules|\.(ts|js):\d+/],
  [
    "SQL",
    /\bSELECT\b[\s\S]+\bFROM\b|\bINSERT INTO\b|\bQueryFailedError\b|violates \w+ constraint|invalid byte sequence|syntax error at or near|relation "\w+"/i,
  ],
];
/** On a healthy stack these codes mean an unhandled exception or a broken subgraph call. */
const INTERNAL_CODES = ["INTERNAL_SERVER_ERROR", "SUBGRAPH_UNAVAILABLE"];
/** graphql-ws closes a client may get: normal, going away, message too big (over 256 KiB), bad message, unauthorised, too many. */
const CLEAN_CLOSES = [1000, 1001, 1009, 4400, 4401, 4403, 4408, 4409, 4429];

interface Body {
  data?: unknown;
  errors?: { message?: unknown; extensions?: { code?: unknown; requestId?: unknown } }[];
}

function checkBody(body: unknown, requestId: string | null | undefined, ws: boolean): Violation[] {
  const out: Violation[] = [];
  if (!body || typeof body !== "object" || Array.isArray(body))
    return [{ kind: "answer is not a JSON object", detail: JSON.stringify(body)?.slice(0, 200) }];
  const { data, errors } = body as Body;
  const code = Array.isArray(errors) ? String(errors[0]?.extensions?.code) : undefined;
  if (errors !== undefined && (!Array.isArray(errors) || errors.length === 0))
    out.push({ kind: "errors is not a non-empty list", detail: JSON.stringify(errors) });
  if (!errors && (data === null || data === undefined))
    out.push({ kind: data === null ? "data: null without errors" : "neither data nor errors", detail: "" });
  for (const e of Array.isArray(errors) ? errors : []) {
    const c = e?.extensions?.code;
    if (typeof c !== "string" || !UPPER_SNAKE.test(c))
      out.push({ kind: "error without an UPPER_SNAKE code", code: String(c), detail: String(e?.message) });
    if (typeof c === "string" && INTERNAL_CODES.includes(c))
      out.push({ kind: "internal error on a healthy stack", code: c, detail: JSON.stringify(e).slice(0, 300) });
    const rid = e?.extensions?.requestId;
    if (ws ? typeof rid !== "string" || !rid : rid !== requestId)
      out.push({ kind: "error without the request id", code: String(c), detail: `requestId ${String(rid)}, header ${String(requestId)}` });
    const message = typeof e?.message === "string" ? e.message : "";
    if (!message) out.push({ kind: "error without a message", code: String(c), detail: "" });
    const size = Buffer.byteLength(JSON.stringify(e));
    if (Buffer.byteLength(message) > BOUNDS.maxMessageBytes || size > BOUNDS.maxErrorBodyBytes)
      out.push({
        kind: "oversized error",
        code: String(c),
        detail: `message ${Buffer.byteLength(message)} B, error ${size} B: ${message.slice(0, 120)}`,
      });
  }
  if (Array.isArray(errors)) {
    const text = JSON.stringify(errors);
    for (const [what, pattern] of LEAKS)
      if (pattern.test(text)) out.push({ kind: `${what} in an error`, code, detail: text.match(pattern)![0] });
  }
  return out.map((v) => ({ code, ...v }));
}

/** Every property an answer breaks. */
export function violations(answer: Answer): Violation[] {
  const out: Violation[] = [];
  const ws = answer.step.to === "ws";
  if (answer.ms > BOUNDS.maxMs) out.push({ kind: "slow answer", detail: `${Math.round(answer.ms)} ms > ${BOUNDS.maxMs} ms` });
  if (ws) {
    if (answer.closeCode !== undefined && !CLEAN_CLOSES.includes(answer.closeCode))
      out.push({ kind: "graphql-ws closed uncleanly", code: String(answer.closeCode), detail: answer.text.slice(0, 200) });
    if (answer.expectsAnswer && answer.closeCode === undefined && answer.bodies.length === 0)
      out.push({ kind: "no answer", detail: `graphql-ws, within ${Math.round(answer.ms)} ms` });
  } else if (answer.status === 0) out.push({ kind: "no answer", detail: answer.text.slice(0, 200) });
  else {
    if (answer.status >= 500) out.push({ kind: "HTTP 5xx", detail: `${answer.status} ${answer.text.slice(0, 200)}` });
    if (!answer.requestId) out.push({ kind: "no x-request-id header", detail: "" });
    if (answer.bodies.length === 0) out.push({ kind: "answer is not JSON", detail: answer.text.slice(0, 200) });
  }
  for (const body of answer.bodies) {
    const hasData = Boolean(body && typeof body === "object" && (body as Body).data);
    const limit = hasData ? BOUNDS.maxBodyBytes : BOUNDS.maxErrorBodyBytes;
    const bytes = Buffer.byteLength(JSON.stringify(body));
    if (bytes > limit) out.push({ kind: "oversized answer", detail: `${bytes} B > ${limit} B` });
    out.push(...checkBody(body, answer.requestId, ws));
  }
  // A 5xx's class is its code: the rest of its violations are the same fault.
  const first = (answer.bodies[0] as Body | undefined)?.errors?.[0]?.extensions?.code;
  return out.map((v) => (v.kind === "HTTP 5xx" ? { ...v, code: String(first) } : v));
}

/** A failure's class: what broke, and the code it came with. */
export const classOf = (v: Violation) => (v.code && v.code !== "undefined" ? `${v.kind} (${v.code})` : v.kind);
