import { EventEmitter } from "node:events";
import { Backoff, Supervisor, type Clock, type SupervisedChild, type SupervisorEvent } from "./supervisor";

/** A clock whose time moves only when the test says so. */
class FakeClock implements Clock {
  time = 0;
  private timers = new Map<number, { at: number; run: () => void }>();
  private ids = 0;
  now = () => this.time;
  setTimeout = (run: () => void, ms: number) => {
    const id = ++this.ids;
    this.timers.set(id, { at: this.time + ms, run });
    return id;
  };
  clearTimeout = (id: unknown) => void this.timers.delete(id as number);
  advance(ms: number) {
    const until = this.time + ms;
    for (;;) {
      const due = [...this.timers.entries()].filter(([, t]) => t.at <= until).sort((a, b) => a[1].at - b[1].at)[0];
      if (!due) break;
      this.timers.delete(due[0]);
      this.time = due[1].at;
      due[1].run();
    }
    this.time = until;
  }
  get pendingTimers() {
    return this.timers.size;
  }
}

/** A child that exits when told to, or when killed. */
class FakeChild extends EventEmitter {
  exitCode: number | null = null;
  signalCode: NodeJS.Signals | null = null;
  signals: string[] = [];
  constructor(readonly pid: number) {
    super();
  }
  kill(signal: NodeJS.Signals = "SIGTERM") {
    this.signals.push(signal);
    return true;
  }
  exit(code: number | null, signal: NodeJS.Signals | null = null) {
    this.exitCode = code;
    this.signalCode = signal;
    this.emit("exit", code, signal);
  }
}

function supervised() {
  const clock = new FakeClock();
  const children: FakeChild[] = [];
  const events: SupervisorEvent[] = [];
  const supervisor = new Supervisor({
    name: "progress",
    spawn: () => {
      const child = new FakeChild(1000 + children.length);
      children.push(child);
      return child as unknown as SupervisedChild;
    },
    backoff: { initialMs: 500, maxMs: 30_000, stableMs: 60_000 },
    clock,
    onEvent: (e) => events.push(e),
  });
  return { clock, children, events, supervisor };
}

describe("Backoff", () => {
  it("doubles from 0.5 s to at most 30 s while runs stay short, and starts over after a stable run", () => {
    const backoff = new Backoff({ initialMs: 500, maxMs: 30_000, stableMs: 60_000 });
    const waits = Array.from({ length: 9 }, () => backoff.next(1_000));
    expect(waits).toEqual([500, 1_000, 2_000, 4_000, 8_000, 16_000, 30_000, 30_000, 30_000]);
    expect(backoff.next(59_999)).toBe(30_000);
    expect(backoff.next(60_000)).toBe(500);
    expect(backoff.next(10)).toBe(1_000);
  });
});

describe("Supervisor", () => {
  it("restarts a child that died after the backoff, each time a little later, and reports each restart", () => {
    const { clock, children, events, supervisor } = supervised();
    supervisor.start();
    children[0].exit(null, "SIGKILL");
    expect(supervisor.child).toBeUndefined();
    clock.advance(499);
    expect(children).toHaveLength(1);
    clock.advance(1);
    expect(children).toHaveLength(2);
    expect(supervisor.child).toBe(children[1]);

    clock.advance(100);
    children[1].exit(1);
    clock.advance(999);
    expect(children).toHaveLength(2);
    clock.advance(1);
    expect(children).toHaveLength(3);
    expect(supervisor.restarts).toBe(2);
    expect(events).toEqual([
      { type: "started", name: "progress", pid: 1000, restarts: 0 },
      { type: "exited", name: "progress", code: null, signal: "SIGKILL", uptimeMs: 0, restartInMs: 500 },
      { type: "started", name: "progress", pid: 1001, restarts: 1 },
      { type: "exited", name: "progress", code: 1, signal: null, uptimeMs: 100, restartInMs: 1_000 },
      { type: "started", name: "progress", pid: 1002, restarts: 2 },
    ]);
  });

  it("waits 0.5 s again once a run stayed up for the stable time", () => {
    const { clock, children, events, supervisor } = supervised();
    supervisor.start();
    for (let i = 0; i < 3; i++) {
      children[i].exit(1);
      clock.advance(30_000);
    }
    clock.advance(60_000);
    children[3].exit(1);
    const waits = events.flatMap((e) => (e.type === "exited" ? [e.restartInMs] : []));
    expect(waits).toEqual([500, 1_000, 2_000, 500]);
  });

  it("stop() sends the signal, does not restart, and cancels a pending restart", async () => {
    const { clock, children, supervisor } = supervised();
    supervisor.start();
    const stopped = supervisor.stop("SIGTERM");
    expect(children[0].signals).toEqual(["SIGTERM"]);
    children[0].exit(0);
    await stopped;
    clock.advance(60_000);
    expect(children).toHaveLength(1);

    const other = supervised();
    other.supervisor.start();
    other.children[0].exit(1);
    await other.supervisor.stop();
    expect(other.clock.pendingTimers).toBe(0);
    other.clock.advance(60_000);
    expect(other.children).toHaveLength(1);
  });

  it("stop() kills a child that ignores the signal", async () => {
    const { clock, children, supervisor } = supervised();
    supervisor.start();
    const stopped = supervisor.stop("SIGTERM", 10_000);
    clock.advance(10_000);
    expect(children[0].signals).toEqual(["SIGTERM", "SIGKILL"]);
    children[0].exit(null, "SIGKILL");
    await stopped;
  });
});
