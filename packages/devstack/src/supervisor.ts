import type { ChildProcess } from "node:child_process";

export interface BackoffOptions {
  /** The wait before the first restart. */
  initialMs: number;
  /** The longest wait; doubling stops here. */
  maxMs: number;
  /** A run that lasted this long was healthy: the next wait starts again from initialMs. */
  stableMs: number;
}

export const DEFAULT_BACKOFF: BackoffOptions = { initialMs: 500, maxMs: 30_000, stableMs: 60_000 };

/** Restart waits: initialMs, doubling up to maxMs, back to initialMs after a run of stableMs. */
export class Backoff {
  private nextMs: number;
  constructor(private readonly options: BackoffOptions = DEFAULT_BACKOFF) {
    this.nextMs = options.initialMs;
  }

  /** The wait before the next start, given how long the run that just ended stayed up. */
  next(uptimeMs: number): number {
    if (uptimeMs >= this.options.stableMs) this.nextMs = this.options.initialMs;
    const wait = this.nextMs;
    this.nextMs = Math.min(this.nextMs * 2, this.options.maxMs);
    return wait;
  }
}

export interface Clock {
  now(): number;
  setTimeout(run: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

const realClock: Clock = {
  now: () => Date.now(),
  setTimeout: (run, ms) => setTimeout(run, ms),
  clearTimeout: (handle) => clearTimeout(handle as NodeJS.Timeout),
};

/** What the supervisor needs of a child process. */
export type SupervisedChild = Pick<ChildProcess, "pid" | "exitCode" | "signalCode" | "kill" | "once">;

export type SupervisorEvent =
  | { type: "started"; name: string; pid: number | undefined; restarts: number }
  | { type: "exited"; name: string; code: number | null; signal: NodeJS.Signals | null; uptimeMs: number; restartInMs: number };

export interface SupervisorOptions {
  name: string;
  /** Starts one run of the process. */
  spawn: () => SupervisedChild;
  backoff?: BackoffOptions;
  clock?: Clock;
  onEvent?: (event: SupervisorEvent) => void;
}

/**
 * Keeps one process running: when it exits on its own it is started again after a backoff, so one
 * crashed service does not take the rest of a local stack down with it.
 */
export class Supervisor {
  readonly name: string;
  restarts = 0;
  private current: SupervisedChild | undefined;
  private startedAt = 0;
  private pending: unknown;
  private stopping = false;
  private readonly backoff: Backoff;
  private readonly clock: Clock;

  constructor(private readonly options: SupervisorOptions) {
    this.name = options.name;
    this.backoff = new Backoff(options.backoff ?? DEFAULT_BACKOFF);
    this.clock = options.clock ?? realClock;
  }

  /** The running child; undefined while a restart is pending. */
  get child(): SupervisedChild | undefined {
    return this.current;
  }

  start(): SupervisedChild {
    const child = this.options.spawn();
    this.current = child;
    this.startedAt = this.clock.now();
    this.options.onEvent?.({ type: "started", name: this.name, pid: child.pid, restarts: this.restarts });
    child.once("exit", (code: number | null, signal: NodeJS.Signals | null) => this.exited(child, code, signal));
    return child;
  }

  private exited(child: SupervisedChild, code: number | null, signal: NodeJS.Signals | null): void {
    if (child !== this.current) return;
    this.current = undefined;
    if (this.stopping) return;
    const uptimeMs = this.clock.now() - this.startedAt;
    const restartInMs = this.backoff.next(uptimeMs);
    this.options.onEvent?.({ type: "exited", name: this.name, code, signal, uptimeMs, restartInMs });
    this.pending = this.clock.setTimeout(() => {
      this.pending = undefined;
      if (this.stopping) return;
      this.restarts++;
      this.start();
    }, restartInMs);
  }

  /** Stops supervising and the child: `signal`, then SIGKILL after killAfterMs. */
  stop(signal: NodeJS.Signals = "SIGTERM", killAfterMs = 10_000): Promise<void> {
    this.stopping = true;
    if (this.pending !== undefined) this.clock.clearTimeout(this.pending);
    this.pending = undefined;
    const child = this.current;
    if (!child || child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
    return new Promise<void>((resolve) => {
      const force = this.clock.setTimeout(() => child.kill("SIGKILL"), killAfterMs);
      child.once("exit", () => {
        this.clock.clearTimeout(force);
        resolve();
      });
      child.kill(signal);
    });
  }
}
