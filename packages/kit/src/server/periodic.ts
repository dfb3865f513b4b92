import type { Logger } from "pino";
import { runInBackground } from "../db/database";
import { sleep } from "../events/lease";

/** Work a subgraph runs beside serving requests; stopped before its events and database. */
export interface BackgroundTask {
  name: string;
  stop(): Promise<void>;
}

/**
 * Runs `work` every `intervalMs` until stopped; a failed run is logged and the next one still
 * comes. Runs never overlap, and stop() waits for the one in progress.
 */
export function startPeriodic(name: string, intervalMs: number, work: () => Promise<void>, logger: Logger): BackgroundTask {
  const abort = new AbortController();
  const loop = runInBackground(async () => {
    while (!abort.signal.aborted) {
      await sleep(intervalMs, abort.signal);
      if (abort.signal.aborted) break;
      await work().catch((err) => logger.warn({ err, task: name }, "background task failed; will run again"));
    }
  });
  return {
    name,
    async stop() {
      abort.abort();
      await loop;
    },
  };
}
