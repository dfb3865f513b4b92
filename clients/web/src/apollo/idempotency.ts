import { ServerError } from "@apollo/client/errors";
import { ApolloLink } from "@apollo/client/link";
import { OperationTypeNode, type GraphQLFormattedError } from "graphql";
import { Observable, type Subscription } from "rxjs";

declare module "@apollo/client" {
  interface DefaultContext {
    /** The mutation's Idempotency-Key: one per mutation call, the same for each of its retries. */
    idempotencyKey?: string;
  }
}

/** Answers after which only the same mutation with the same key may be sent again (docs/adr/0012). */
const RETRY_CODES = new Set(["MUTATION_OUTCOME_UNKNOWN", "IDEMPOTENCY_KEY_IN_USE"]);
const RETRY_STATUSES = new Set([409, 502, 503, 504]);

const retryableResult = (errors: readonly GraphQLFormattedError[] | undefined) =>
  errors?.some((e) => RETRY_CODES.has(String(e.extensions?.code))) ?? false;
/** fetch rejects with a TypeError when the connection failed: the request may have arrived. */
const retryableError = (err: unknown) => err instanceof TypeError || (ServerError.is(err) && RETRY_STATUSES.has(err.statusCode));

export interface IdempotencyOptions {
  /** Retries after an unknown outcome, each with the same key. */
  retries?: number;
  /** Wait before retry n (1-based). */
  delayMs?: (attempt: number) => number;
  newKey?: () => string;
}

/**
 * Gives each mutation a fresh Idempotency-Key (kept in its operation context, so every retry of
 * that mutation sends the same one) and retries it, with that key, when the gateway says the
 * outcome is unknown or another attempt is still running: the gateway applies it at most once.
 */
export class IdempotencyLink extends ApolloLink {
  private readonly retries: number;
  private readonly delayMs: (attempt: number) => number;
  private readonly newKey: () => string;

  constructor(options: IdempotencyOptions = {}) {
    super();
    this.retries = options.retries ?? 3;
    this.delayMs = options.delayMs ?? ((n) => 500 * 2 ** (n - 1) * (0.75 + Math.random() / 2));
    this.newKey = options.newKey ?? (() => crypto.randomUUID());
  }

  override request(operation: ApolloLink.Operation, forward: ApolloLink.ForwardFunction): Observable<ApolloLink.Result> {
    if (operation.operationType !== OperationTypeNode.MUTATION) return forward(operation);
    const key = operation.getContext().idempotencyKey ?? this.newKey();
    operation.setContext((prev) => ({ idempotencyKey: key, headers: { ...prev.headers, "Idempotency-Key": key } }));
    return new Observable<ApolloLink.Result>((observer) => {
      let attempt = 0;
      let current: Subscription | undefined;
      let timer: ReturnType<typeof setTimeout> | undefined;
      const again = () => {
        if (attempt >= this.retries) return false;
        attempt += 1;
        current?.unsubscribe();
        timer = setTimeout(send, this.delayMs(attempt));
        return true;
      };
      const send = () => {
        const mine = attempt;
        current = forward(operation).subscribe({
          next: (result) => {
            if (mine === attempt && !(retryableResult(result.errors) && again())) observer.next(result);
          },
          error: (err) => {
            if (mine === attempt && !(retryableError(err) && again())) observer.error(err);
          },
          complete: () => {
            if (mine === attempt) observer.complete();
          },
        });
      };
      send();
      return () => {
        clearTimeout(timer);
        current?.unsubscribe();
      };
    });
  }
}
