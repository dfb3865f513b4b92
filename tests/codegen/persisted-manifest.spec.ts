import fs from "node:fs";
import path from "node:path";
import { webcrypto } from "node:crypto";
import { REPO_ROOT } from "@learnloop/devstack";
import type { DocumentNode } from "graphql";
import type { Client, Sink, SubscribePayload } from "graphql-ws";
import { createApolloClient, createLink } from "../../clients/web/src/apollo/client";
import * as Operations from "../../clients/web/src/generated/graphql";

/**
 * The web manifest's ids are what the browser sends: each operation goes through the web app's own
 * link chain (Apollo Client 4's transform and printer, PersistedQueryLink, the graphql-ws link)
 * with fetch and the WebSocket client replaced by recorders.
 */
interface ManifestOperation {
  id: string;
  name: string;
  type: "query" | "mutation" | "subscription";
  body: string;
}
const manifest = JSON.parse(fs.readFileSync(path.join(REPO_ROOT, "schema", "persisted", "web.json"), "utf8")) as {
  operations: ManifestOperation[];
};

interface Sent {
  via: "http" | "ws";
  operationName?: string;
  query?: string;
  hash?: string;
}

const NOT_FOUND = { message: "PersistedQueryNotFound", extensions: { code: "PERSISTED_QUERY_NOT_FOUND" } };
// Apollo Client does not check variables; any will do to send each operation once.
const VARIABLES = { id: "x", input: { lessonId: "x", characterId: "x", rating: "GOOD" } };

function recorders(sent: Sent[]) {
  const fetch = async (_url: string, init: { body: string }) => {
    const body = JSON.parse(init.body);
    sent.push({ via: "http", operationName: body.operationName, query: body.query, hash: body.extensions?.persistedQuery?.sha256Hash });
    const answer = body.query ? { errors: [{ message: "recorded" }] } : { errors: [NOT_FOUND] };
    return new Response(JSON.stringify(answer), { headers: { "content-type": "application/json" } });
  };
  const ws = {
    subscribe(payload: SubscribePayload, sink: Sink) {
      sent.push({
        via: "ws",
        operationName: payload.operationName ?? undefined,
        query: payload.query,
        hash: (payload.extensions as any)?.persistedQuery?.sha256Hash,
      });
      if (payload.query) sink.complete();
      else sink.error([NOT_FOUND]);
      return () => undefined;
    },
  } as unknown as Client;
  return { fetch, ws };
}

async function sendAll(persisted: "apq" | "locked"): Promise<Sent[]> {
  const sent: Sent[] = [];
  const { fetch, ws } = recorders(sent);
  const realFetch = globalThis.fetch;
  globalThis.fetch = fetch as unknown as typeof globalThis.fetch;
  try {
    const client = createApolloClient(createLink({ httpUrl: "http://gateway.test/graphql", persisted }, async () => "token", ws));
    for (const op of manifest.operations) {
      const document = (Operations as unknown as Record<string, DocumentNode>)[`${op.name}Document`];
      if (op.type === "query")
        await client.query({ query: document, variables: VARIABLES, fetchPolicy: "no-cache" }).catch(() => undefined);
      else if (op.type === "mutation") await client.mutate({ mutation: document, variables: VARIABLES }).catch(() => undefined);
      else
        await new Promise<void>((resolve) =>
          client.subscribe({ query: document, variables: VARIABLES }).subscribe({ error: () => resolve(), complete: () => resolve() }),
        );
    }
  } finally {
    globalThis.fetch = realFetch;
  }
  return sent;
}

beforeAll(() => {
  // The browser hashes with WebCrypto; make sure this run does too (not the manifest fallback).
  if (!globalThis.crypto?.subtle) Object.defineProperty(globalThis, "crypto", { value: webcrypto, configurable: true });
});

it("covers every web operation, the subscriptions included", () => {
  expect(manifest.operations.map((o) => o.type)).toEqual(expect.arrayContaining(["query", "mutation", "subscription"]));
  for (const op of manifest.operations) expect(Operations).toHaveProperty(`${op.name}Document`);
});

it("apq: the hash computed in the client is the manifest id, and the text sent after PERSISTED_QUERY_NOT_FOUND is the manifest body", async () => {
  const sent = await sendAll("apq");
  for (const op of manifest.operations) {
    const mine = sent.filter((s) => s.operationName === op.name);
    expect({ name: op.name, via: mine[0]?.via }).toEqual({ name: op.name, via: op.type === "subscription" ? "ws" : "http" });
    // First the hash alone, then (told it is unknown) the text with the same hash.
    expect(mine.map((s) => [s.hash, s.query ?? ""])).toEqual([
      [op.id, ""],
      [op.id, op.body],
    ]);
  }
});

it("locked: only manifest ids are sent, never text, and nothing is retried", async () => {
  const sent = await sendAll("locked");
  expect(sent).toHaveLength(manifest.operations.length);
  for (const op of manifest.operations) expect(sent.filter((s) => s.operationName === op.name).map((s) => s.hash)).toEqual([op.id]);
  for (const s of sent) expect(s.query ?? "").toBe("");
});
