import type { ClientEventInput } from "../generated/graphql";

/** Sends one batch; rejects when it was not stored. `keepalive` when the page is going away. */
export type SendBatch = (events: ClientEventInput[], options: { keepalive: boolean }) => Promise<void>;

export interface BatcherOptions {
  /** Events that trigger a send at once. */
  maxBatch?: number;
  /** The longest an event waits before it is sent. */
  intervalMs?: number;
  /** Whether a failed send may be tried again with the next batch (a dropped connection), rather than dropped. */
  isTransient?: (error: unknown) => boolean;
  /** Told of each batch dropped (in development, the console): never an exception into the UI. */
  onDrop?: (error: unknown, events: number) => void;
}

/** track takes 1 to 50 events a call (analytics' CLIENT_EVENT_LIMITS.perCall). */
export const TRACK_MAX_PER_CALL = 50;
/** Events kept for a retry at most: a client offline for long loses the oldest, not memory. */
export const MAX_QUEUED = 200;

/**
 * Client events queued and sent in batches: at `maxBatch` events, `intervalMs` after the first one
 * waiting, or at once with `flush` (when the page hides). A refused batch (PLAN_REQUIRED,
 * RATE_LIMITED, BAD_USER_INPUT) is dropped, a transient failure goes back on the queue; nothing throws.
 */
export class EventBatcher {
  private queue: ClientEventInput[] = [];
  private timer: ReturnType<typeof setTimeout> | undefined;
  private readonly maxBatch: number;
  private readonly intervalMs: number;
  private readonly isTransient: (error: unknown) => boolean;
  private readonly onDrop: (error: unknown, events: number) => void;

  constructor(
    private readonly send: SendBatch,
    options: BatcherOptions = {},
  ) {
    this.maxBatch = Math.min(options.maxBatch ?? 20, TRACK_MAX_PER_CALL);
    this.intervalMs = options.intervalMs ?? 30_000;
    this.isTransient = options.isTransient ?? (() => false);
    this.onDrop = options.onDrop ?? (() => undefined);
  }

  /** Events waiting to be sent. */
  get pending(): number {
    return this.queue.length;
  }

  add(event: ClientEventInput): void {
    this.queue.push(event);
    this.trim();
    if (this.queue.length >= this.maxBatch) void this.flush();
    else this.timer ??= setTimeout(() => void this.flush(), this.intervalMs);
  }

  /** Sends everything queued, in calls of at most 50; resolves once each call has settled. */
  async flush(keepalive = false): Promise<void> {
    clearTimeout(this.timer);
    this.timer = undefined;
    const sends: Promise<ClientEventInput[]>[] = [];
    while (this.queue.length > 0) sends.push(this.sendOne(this.queue.splice(0, TRACK_MAX_PER_CALL), keepalive));
    // What failed transiently goes back in front of what was queued meanwhile, in its own order.
    const retry = (await Promise.all(sends)).flat();
    if (retry.length === 0) return;
    this.queue.unshift(...retry);
    this.trim();
    this.timer ??= setTimeout(() => void this.flush(), this.intervalMs);
  }

  /** Stops the timer; what is queued stays unsent unless flushed first. */
  stop(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
  }

  /** The oldest events go first when too many wait. */
  private trim(): void {
    if (this.queue.length > MAX_QUEUED) this.queue.splice(0, this.queue.length - MAX_QUEUED);
  }

  /** Sends one call; answers its events when they are to be tried again, else none. */
  private async sendOne(batch: ClientEventInput[], keepalive: boolean): Promise<ClientEventInput[]> {
    try {
      await this.send(batch, { keepalive });
    } catch (error) {
      if (this.isTransient(error)) return batch;
      this.onDrop(error, batch.length);
    }
    return [];
  }
}
