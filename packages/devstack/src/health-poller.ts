// Polls a URL in its own process, so a busy caller cannot delay the polls it measures.
// argv: url, interval ms. Prints one JSON line per poll: { at, ms, status }. Stops when stdin ends.
const [url, interval = "20"] = process.argv.slice(2);
let running = true;
process.stdin.on("end", () => (running = false)).resume();

async function poll(): Promise<void> {
  while (running) {
    const started = performance.now();
    let status: number;
    try {
      status = (await fetch(url, { signal: AbortSignal.timeout(5_000) })).status;
    } catch {
      status = -1;
    }
    process.stdout.write(JSON.stringify({ at: Date.now(), ms: performance.now() - started, status }) + "\n");
    await new Promise((r) => setTimeout(r, Number(interval)));
  }
}
void poll();
export {};
