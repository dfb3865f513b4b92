import { spawn } from "node:child_process";
import path from "node:path";

export interface Poll {
  /** When the answer came (epoch ms). */
  at: number;
  /** Round trip of the poll. */
  ms: number;
  /** HTTP status, or -1 when the poll failed or timed out. */
  status: number;
}

/**
 * Polls `url` every `intervalMs` from a process of its own (dist/health-poller.js), so what the
 * caller does cannot delay the polls; `started` settles with the first answer, and `stop()`
 * returns every poll made.
 */
export function pollHealth(url: string, intervalMs = 20): { started: Promise<void>; stop(): Promise<Poll[]> } {
  const script = path.join(__dirname.replace(`${path.sep}src`, `${path.sep}dist`), "health-poller.js");
  const child = spawn(process.execPath, [script, url, String(intervalMs)], { stdio: ["pipe", "pipe", "inherit"] });
  let out = "";
  // Node takes tens of milliseconds to start: work sent before the first poll would go unmeasured.
  const started = new Promise<void>((resolve, reject) => {
    child.stdout!.once("data", () => resolve());
    child.once("exit", (code) => reject(new Error(`the health poller exited (${code}) before its first poll`)));
  });
  started.catch(() => undefined); // a caller that never awaits it still gets stop()'s answer
  child.stdout!.on("data", (chunk) => (out += chunk));
  return {
    started,
    stop: () =>
      new Promise<Poll[]>((resolve) => {
        child.once("exit", () =>
          resolve(
            out
              .trim()
              .split("\n")
              .filter(Boolean)
              .map((line) => JSON.parse(line) as Poll),
          ),
        );
        child.stdin!.end();
      }),
  };
}
