import { createHash } from "node:crypto";
import path from "node:path";
import type { QueryPlan, QueryPlanCache } from "@apollo/query-planner";
import { HeaderMap } from "@apollo/server";
import { InMemoryLRUCache, type KeyValueCache } from "@apollo/utils.keyvaluecache";
import { GraphQLError, type DocumentNode } from "graphql";
import { Piscina } from "piscina";
import type { ErrorCode } from "@learnloop/kit/internal";
import type { Logger } from "pino";
import type { CheckResult, PlanResult, PlanTask, WorkerData } from "./worker";

export interface OffThreadOptions extends WorkerData {
  /** Worker threads; each holds its own copy of the supergraph. */
  threads: number;
  /**
   * A task that runs longer is abandoned (its thread is replaced) and the operation refused
   * (QUERY_TOO_COMPLEX); one that waits longer for a thread is refused as SERVER_BUSY.
   */
  timeoutMs: number;
  /** How long a task may wait for a thread before it is SERVER_BUSY; timeoutMs unless given. */
  maxWaitMs?: number;
  /** Tasks waiting for a thread; more are refused (SERVER_BUSY) until the queue drains. */
  maxQueue: number;
  /** How much lower the threads' CPU priority is than the event loop's (Unix nice, 0-19). */
  nice: number;
  logger: Logger;
}

// Jest runs the gateway from its TypeScript sources; a worker thread needs the compiled file,
// which `npm test` builds first.
const WORKER = __filename.endsWith(".ts")
  ? path.resolve(__dirname, "..", "..", "dist", "off-thread", "worker.js")
  : path.join(__dirname, "worker.js");

/** Apollo Server's key for a text: its SHA-256, in hex. */
export const queryHashOf = (source: string) => createHash("sha256").update(source).digest("hex");

export const refusal = (code: ErrorCode, message: string, status: number, headers: [string, string][] = []) =>
  new GraphQLError(message, { extensions: { code, http: { status, headers: new HeaderMap(headers) } } });

const approximateSize = (value: unknown) => JSON.stringify(value).length;

/**
 * Parsing, validating and planning grow with the document, and Apollo Server and @apollo/gateway
 * do them on the event loop: one hostile but small document can hold it for hundreds of
 * milliseconds. Here they run in worker threads, for each text the gateway has not seen, and the
 * results go where Apollo looks first: checked documents in its document store, plans in the
 * gateway's plan store (`queryPlannerConfig.cache`), keyed as each keys them.
 */
export class OffThreadGraphQL {
  /** Apollo Server's `documentStore`: it skips parsing and validation for what it finds here. */
  readonly documentStore: KeyValueCache<DocumentNode>;
  /** @apollo/gateway's `queryPlannerConfig.cache`. */
  readonly planStore: QueryPlanCache = new InMemoryLRUCache<QueryPlan>({ maxSize: 30 * 2 ** 20, sizeCalculation: approximateSize });
  // Sizes are JSON lengths; a parsed document takes about 2.5 times that in the heap.
  private readonly documents = new InMemoryLRUCache<DocumentNode>({ maxSize: 12 * 2 ** 20, sizeCalculation: approximateSize });
  private readonly pool: Piscina;
  private readonly inFlight = new Map<string, Promise<unknown>>();
  /** Tasks handed to the pool (at most one per thread, so a task's time limit counts only its run). */
  private running = 0;
  private readonly waiting: (() => void)[] = [];

  constructor(private readonly options: OffThreadOptions) {
    const { supergraphSdl, maxTokens, introspection } = options;
    this.pool = new Piscina({
      filename: WORKER,
      workerData: { supergraphSdl, maxTokens, introspection } satisfies WorkerData,
      minThreads: options.threads,
      maxThreads: options.threads,
      // Checking a new document yields the CPU to serving: the event loop (and /health) come first.
      niceIncrement: options.nice,
      idleTimeout: 60_000,
    });
    // Apollo prefixes its keys with a hash of the schema, which is fixed here: the text's hash is the key.
    const documents = this.documents;
    const hashOf = (key: string) => key.slice(key.lastIndexOf(":") + 1);
    this.documentStore = {
      get: (key) => documents.get(hashOf(key)),
      set: (key, value, options) => documents.set(hashOf(key), value, options),
      delete: (key) => documents.delete(hashOf(key)),
    };
  }

  /** Resolves once every thread has loaded its supergraph; see the worker's `warm`. */
  async warmUp(): Promise<void> {
    const joined = new SharedArrayBuffer(4);
    const count = this.options.threads;
    await Promise.all(Array.from({ length: count }, () => this.pool.run({ joined, count }, { name: "warm" })));
  }

  /** A parsed and validated document for this text, or the errors Apollo Server would give. */
  async check(source: string): Promise<CheckResult> {
    const hash = queryHashOf(source);
    const known = await this.documents.get(hash);
    if (known) return { ok: true, document: known };
    const result = await this.once(`check:${hash}`, () => this.run<CheckResult>("check", source));
    if (result.ok) await this.documents.set(hash, result.document);
    return result;
  }

  /** Makes sure the gateway's plan store holds this operation's plan. */
  async prepare(source: string, queryHash: string, operationName?: string | null): Promise<void> {
    // The key @apollo/gateway's executor looks plans up by.
    const key = operationName ? createHash("sha256").update(queryHash).update(operationName).digest("hex") : queryHash;
    if (await this.planStore.get(key)) return;
    await this.plan(key, { source, operationName: operationName ?? undefined });
  }

  /** A plan for this operation, planned off the event loop and kept in the plan store. */
  plan(key: string, task: PlanTask): Promise<QueryPlan> {
    return this.once(`plan:${key}`, async () => {
      const result = await this.run<PlanResult>("plan", task);
      if (!result.ok) throw refusal("GRAPHQL_VALIDATION_FAILED", result.invalid, 400);
      await this.planStore.set(key, result.plan);
      return result.plan;
    });
  }

  /** Identical texts arriving together share one task. */
  private once<T>(key: string, task: () => Promise<T>): Promise<T> {
    let pending = this.inFlight.get(key) as Promise<T> | undefined;
    if (!pending) {
      pending = task();
      this.inFlight.set(key, pending);
      pending.finally(() => this.inFlight.delete(key)).catch(() => undefined);
    }
    return pending;
  }

  private async run<T>(name: "check" | "plan", task: unknown): Promise<T> {
    await this.acquire();
    try {
      return (await this.pool.run(task, { name, signal: AbortSignal.timeout(this.options.timeoutMs) })) as T;
    } catch (err) {
      const { name: errorName } = err as Error;
      if (errorName === "AbortError" || errorName === "TimeoutError")
        throw refusal("QUERY_TOO_COMPLEX", `The operation took over ${this.options.timeoutMs} ms to ${name}; simplify it.`, 400);
      // The planner refuses some valid operations itself (its own selection-count limits).
      this.options.logger.warn({ err, task: name }, "a worker refused an operation");
      throw refusal("QUERY_TOO_COMPLEX", `The gateway could not ${name} this operation; simplify it.`, 400);
    } finally {
      this.release();
    }
  }

  /** A thread for one task: at once, or after waiting in a bounded queue for at most maxWaitMs. */
  private async acquire(): Promise<void> {
    if (this.running < this.options.threads) {
      this.running++;
      return;
    }
    const busy = () =>
      refusal("SERVER_BUSY", "The gateway has too many new operations to check; retry in a second.", 429, [["retry-after", "1"]]);
    if (this.waiting.length >= this.options.maxQueue) throw busy();
    await new Promise<void>((resolve, reject) => {
      const grant = () => {
        clearTimeout(timer);
        resolve(); // the releasing task hands its place over: `running` stays as it is
      };
      const timer = setTimeout(() => {
        this.waiting.splice(this.waiting.indexOf(grant), 1);
        reject(busy());
      }, this.options.maxWaitMs ?? this.options.timeoutMs);
      this.waiting.push(grant);
    });
  }

  private release(): void {
    const next = this.waiting.shift();
    if (next) next();
    else this.running--;
  }

  close(): Promise<void> {
    return this.pool.destroy();
  }
}
