import { CombinedGraphQLErrors } from "@apollo/client/errors";
import { ApolloLink } from "@apollo/client/link";
import { print } from "@apollo/client/utilities";
import type { DocumentNode, GraphQLFormattedError } from "graphql";
import type { Client } from "graphql-ws";
import { Observable } from "rxjs";
import type { PersistedMode } from "../config";

const notFound = (errors: readonly GraphQLFormattedError[] | undefined) =>
  errors?.some((e) => e.extensions?.code === "PERSISTED_QUERY_NOT_FOUND" || e.message === "PersistedQueryNotFound") ?? false;

function asError(err: unknown): Error {
  if (err instanceof Error) return err;
  if (Array.isArray(err)) return new CombinedGraphQLErrors({ errors: err as GraphQLFormattedError[] });
  const close = err as { code?: number; reason?: string };
  if (close && typeof close.code === "number") return new Error(`Socket closed with event ${close.code} ${close.reason ?? ""}`.trim());
  return new Error(String(err));
}

/**
 * Subscriptions over graphql-ws with persisted queries: the subscribe message carries `query: ""`
 * and `extensions.persistedQuery`; the gateway resolves the text from the web manifest or its APQ
 * cache. In apq mode, PERSISTED_QUERY_NOT_FOUND resubscribes once with the text and the hash; in
 * locked mode the text is never sent.
 */
export class PersistedWsLink extends ApolloLink {
  constructor(
    private readonly client: Client,
    private readonly mode: PersistedMode,
    private readonly hash: (document: DocumentNode) => Promise<string>,
  ) {
    super();
  }

  override request(operation: ApolloLink.Operation): Observable<ApolloLink.Result> {
    const { query, variables, operationName, extensions } = operation;
    // A mutation sent this way carries its key as the gateway reads it over graphql-ws.
    const idempotencyKey = operation.getContext().idempotencyKey;
    return new Observable<ApolloLink.Result>((observer) => {
      let dispose: (() => void) | undefined;
      let closed = false;
      let retried = false;
      const subscribe = (sha256Hash: string, withText: boolean) => {
        const payload = {
          query: withText ? print(query) : "",
          operationName,
          variables,
          extensions: { ...extensions, ...(idempotencyKey ? { idempotencyKey } : {}), persistedQuery: { version: 1, sha256Hash } },
        };
        // Asking again with the text, once, in apq mode only.
        const retry = (errors: readonly GraphQLFormattedError[] | undefined) => {
          if (this.mode !== "apq" || retried || withText || !notFound(errors)) return false;
          retried = true;
          dispose?.();
          subscribe(sha256Hash, true);
          return true;
        };
        dispose = this.client.subscribe<Record<string, unknown>, Record<string, unknown>>(payload, {
          next: (result) => {
            if (!retry(result.errors)) observer.next(result);
          },
          error: (err) => {
            if (!retry(Array.isArray(err) ? (err as GraphQLFormattedError[]) : undefined)) observer.error(asError(err));
          },
          complete: () => {
            if (!(retried && !withText)) observer.complete();
          },
        });
      };
      this.hash(query).then(
        (sha256Hash) => closed || subscribe(sha256Hash, false),
        (err) => observer.error(err),
      );
      return () => {
        closed = true;
        dispose?.();
      };
    });
  }
}
