"use strict";
// The subscribers of bench/live.js: a worker thread holding thousands of WebSocket clients that speak
// graphql-transport-ws directly (one `ws` socket, one subscription each). A thread of its own, so that
// reading and parsing the deliveries does not hold up the subgraphs on the main thread, which the
// gateway calls for every event. Not a benchmark: bench/live.js starts it.
const path = require("node:path");
const { performance } = require("node:perf_hooks");
const { parentPort } = require("node:worker_threads");

// ws is a dependency of the tests and the gateway, not of the root: take the tests' copy.
const WebSocket = require(require.resolve("ws", { paths: [path.join(__dirname, "..", "tests")] }));

const now = () => performance.timeOrigin + performance.now(); // comparable across threads
const ACK_TIMEOUT_MS = 30_000;

const connections = [];
/** Event id → its position in the order the subscribers receive events (the hub's order, the same for all). */
const eventIndex = new Map();
/** Per event position: the receive time of every delivery. */
const receipts = [];
const problems = { anomalies: 0, errors: 0, badPayloads: 0, completes: 0, closes: 0, samples: [] };
let closing = false;

function problem(kind, detail) {
  problems[kind]++;
  if (problems.samples.length < 5) problems.samples.push(`${kind}: ${detail}`.slice(0, 300));
}

function onNext(conn, payload, at) {
  const eventId = payload?.extensions?.eventId;
  if (payload?.errors?.length) problem("errors", JSON.stringify(payload.errors));
  const activity = payload?.data?.lessonActivity;
  if (typeof activity?.learner?.displayName !== "string" || typeof activity?.lesson?.id !== "string")
    problem("badPayloads", JSON.stringify(payload));
  if (typeof eventId !== "string") return problem("badPayloads", `no extensions.eventId: ${JSON.stringify(payload)}`);
  let index = eventIndex.get(eventId);
  if (index === undefined) {
    index = eventIndex.size;
    eventIndex.set(eventId, index);
    receipts[index] = [];
  }
  receipts[index].push(at);
  // Every subscriber was subscribed before any event was published, and the hub sends in order:
  // each must receive exactly the events after its subscription, in order, once.
  if (index !== conn.base + conn.received)
    problem("anomalies", `a subscriber expected event #${conn.base + conn.received}, got #${index} (gap, duplicate or reorder)`);
  conn.received++;
}

function openOne(url, token, subscribe) {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(url, "graphql-transport-ws", { perMessageDeflate: false });
    const conn = { ws, base: eventIndex.size, received: 0, acked: false };
    const timer = setTimeout(() => {
      ws.terminate();
      reject(new Error(`no connection_ack within ${ACK_TIMEOUT_MS} ms`));
    }, ACK_TIMEOUT_MS);
    ws.on("open", () => ws.send(JSON.stringify({ type: "connection_init", payload: { authorization: `Bearer ${token}` } })));
    ws.on("message", (data) => {
      const at = now();
      let msg;
      try {
        msg = JSON.parse(data);
      } catch {
        return problem("badPayloads", `not JSON: ${String(data)}`);
      }
      switch (msg.type) {
        case "next":
          return onNext(conn, msg.payload, at);
        case "connection_ack":
          conn.acked = true;
          clearTimeout(timer);
          ws.send(subscribe);
          return resolve(conn);
        case "ping":
          return ws.send(JSON.stringify({ type: "pong" }));
        case "pong":
          return undefined;
        case "error":
          return problem("errors", JSON.stringify(msg.payload));
        case "complete":
          return problem("completes", "the gateway completed a subscription");
        default:
          return problem("badPayloads", `unexpected message ${JSON.stringify(msg)}`);
      }
    });
    ws.on("error", (err) => {
      clearTimeout(timer);
      reject(err);
    });
    ws.on("close", (code, reason) => {
      clearTimeout(timer);
      if (!conn.acked) reject(new Error(`closed before connection_ack: ${code} ${reason}`));
      else if (!closing) problem("closes", `closed by the gateway: ${code} ${reason}`);
    });
  });
}

const commands = {
  /** Opens `count` more subscribers, `concurrency` handshakes at a time. */
  async connect({ url, tokens, count, concurrency, query, variables }) {
    const subscribe = JSON.stringify({ id: "1", type: "subscribe", payload: { query, variables } });
    const started = now();
    const failures = [];
    let next = 0;
    const opener = async () => {
      while (next < count) {
        const i = connections.length + next++;
        try {
          connections.push(await openOne(url, tokens[i % tokens.length], subscribe));
        } catch (err) {
          failures.push(err.message || String(err.code ?? err));
        }
      }
    };
    await Promise.all(Array.from({ length: Math.min(concurrency, count) }, opener));
    return { ms: now() - started, open: connections.length, failures: failures.length, failureSamples: [...new Set(failures)].slice(0, 5) };
  },

  /** Resolves once each of `ids` reached `expected` deliveries, or at the timeout; the counts either way. */
  async wait({ ids, expected, timeoutMs }) {
    const deadline = now() + timeoutMs;
    const count = (id) => receipts[eventIndex.get(id)]?.length ?? 0;
    while (!ids.every((id) => count(id) >= expected) && now() < deadline) await new Promise((r) => setTimeout(r, 2));
    const counts = ids.map(count);
    return { complete: counts.every((c) => c >= expected), counts };
  },

  /** Latencies of every delivery of the given events, from their publish times (ms since the epoch). */
  stats({ published }) {
    const ids = Object.keys(published);
    let n = 0;
    for (const id of ids) n += receipts[eventIndex.get(id)]?.length ?? 0;
    const latencies = new Float64Array(n);
    let i = 0;
    let first = Infinity;
    let last = -Infinity;
    for (const id of ids)
      for (const at of receipts[eventIndex.get(id)] ?? []) {
        latencies[i++] = at - published[id];
        first = Math.min(first, at);
        last = Math.max(last, at);
      }
    latencies.sort();
    const pct = (p) => (n ? latencies[Math.max(0, Math.ceil((p / 100) * n) - 1)] : NaN);
    return { deliveries: n, p50: pct(50), p99: pct(99), max: n ? latencies[n - 1] : NaN, firstReceipt: first, lastReceipt: last };
  },

  problems: () => ({ ...problems, open: connections.filter((c) => c.ws.readyState === WebSocket.OPEN).length }),

  /** Closes every socket (1000) and waits for the closes; stragglers are terminated after 10 s. */
  async close() {
    closing = true;
    await Promise.all(
      connections.map(
        ({ ws }) =>
          new Promise((resolve) => {
            if (ws.readyState === WebSocket.CLOSED) return resolve();
            const timer = setTimeout(() => ws.terminate(), 10_000);
            ws.once("close", () => {
              clearTimeout(timer);
              resolve();
            });
            ws.close(1000, "bench done");
          }),
      ),
    );
    return { closed: connections.length };
  },
};

parentPort.on("message", async ({ id, cmd, args }) => {
  try {
    parentPort.postMessage({ id, result: await commands[cmd](args) });
  } catch (err) {
    parentPort.postMessage({ id, error: err && err.stack ? err.stack : String(err) });
  }
});
