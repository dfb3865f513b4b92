import { spawn, type ChildProcess } from "node:child_process";
import fs from "node:fs";
import path from "node:path";

export interface ManagedProcess {
  name: string;
  child: ChildProcess;
}

/** Starts a Node process with its output appended to a log file. */
export function startProcess(name: string, script: string, env: Record<string, string>, logDir: string): ManagedProcess {
  fs.mkdirSync(logDir, { recursive: true });
  const log = fs.openSync(path.join(logDir, `${name}.log`), "a");
  try {
    const child = spawn(process.execPath, [script], {
      env: { ...process.env, ...env },
      stdio: ["ignore", log, log],
    });
    return { name, child };
  } finally {
    fs.closeSync(log); // the child has its own copy; a supervisor restarting it must not leak one per run
  }
}

/** Polls url until it answers 2xx; fails early if `child` exits first. */
export async function waitForHttp(url: string, timeoutMs: number, child?: Pick<ChildProcess, "exitCode">): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child && child.exitCode !== null) throw new Error(`process exited with code ${child.exitCode} before ${url} answered`);
    try {
      const res = await fetch(url);
      if (res.ok) return;
    } catch {
      /* not up yet */
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`${url} did not answer within ${timeoutMs} ms`);
}

/** Peak resident memory (VmHWM) of each process, in MiB; Linux only. */
export function peakMemoryMiB(pids: number[]): number {
  let kib = 0;
  for (const pid of pids) {
    try {
      const status = fs.readFileSync(`/proc/${pid}/status`, "utf8");
      kib += Number(/VmHWM:\s+(\d+)/.exec(status)?.[1] ?? 0);
    } catch {
      /* process gone */
    }
  }
  return Math.round(kib / 1024);
}

export function stopAll(processes: ManagedProcess[], signal: NodeJS.Signals = "SIGTERM"): Promise<void> {
  return Promise.all(
    processes.map(
      ({ child }) =>
        new Promise<void>((resolve) => {
          if (child.exitCode !== null || child.signalCode !== null) return resolve();
          child.once("exit", () => resolve());
          child.kill(signal);
          setTimeout(() => child.kill("SIGKILL"), 10_000).unref();
        }),
    ),
  ).then(() => undefined);
}
