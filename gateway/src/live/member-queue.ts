import { GraphQLError, type ExecutionResult } from "graphql";

/**
 * One subscriber's outgoing events: an async iterable graphql-ws pulls from as fast as the socket
 * takes them. It holds at most `limit` results; when a slow client lets it fill up, the oldest are
 * dropped and the client is told how many before the next result (code EVENTS_DROPPED).
 */
export class MemberQueue implements AsyncIterableIterator<ExecutionResult> {
  private readonly items: ExecutionResult[] = [];
  private waiting?: (r: IteratorResult<ExecutionResult>) => void;
  private dropped = 0;
  private done = false;
  /** Events dropped over this subscription's life, for metrics. */
  totalDropped = 0;

  constructor(
    private readonly limit: number,
    private readonly onClose: () => void,
    private readonly requestId: string,
  ) {}

  push(result: ExecutionResult): void {
    if (this.done) return;
    if (this.waiting) {
      const resolve = this.waiting;
      this.waiting = undefined;
      return resolve({ value: result, done: false });
    }
    this.items.push(result);
    if (this.items.length > this.limit) {
      this.items.shift();
      this.dropped++;
      this.totalDropped++;
    }
  }

  /** Results that never reached this queue (the hub shed them); the client is told like for its own drops. */
  markDropped(n: number): void {
    if (this.done) return;
    this.dropped += n;
    this.totalDropped += n;
    if (this.waiting) {
      const resolve = this.waiting;
      this.waiting = undefined;
      const dropped = this.dropped;
      this.dropped = 0;
      resolve({ value: droppedNotice(dropped, this.limit, this.requestId), done: false });
    }
  }

  get closed(): boolean {
    return this.done;
  }

  get size(): number {
    return this.items.length;
  }

  next(): Promise<IteratorResult<ExecutionResult>> {
    if (this.dropped) {
      const dropped = this.dropped;
      this.dropped = 0;
      return Promise.resolve({ value: droppedNotice(dropped, this.limit, this.requestId), done: false });
    }
    const item = this.items.shift();
    if (item) return Promise.resolve({ value: item, done: false });
    if (this.done) return Promise.resolve({ value: undefined, done: true });
    return new Promise((resolve) => (this.waiting = resolve));
  }

  /** The client went away or the server is closing the subscription. */
  return(): Promise<IteratorResult<ExecutionResult>> {
    this.close();
    return Promise.resolve({ value: undefined, done: true });
  }

  close(): void {
    if (this.done) return;
    this.done = true;
    this.items.length = 0;
    this.waiting?.({ value: undefined, done: true });
    this.waiting = undefined;
    this.onClose();
  }

  [Symbol.asyncIterator](): this {
    return this;
  }
}

const droppedNotice = (dropped: number, limit: number, requestId: string): ExecutionResult => ({
  errors: [
    new GraphQLError(`${dropped} event(s) were dropped because this client read too slowly (at most ${limit} wait); refetch to catch up.`, {
      extensions: { code: "EVENTS_DROPPED", dropped, requestId },
    }),
  ],
});
