// Polls a URL in its own process, so a busy test process cannot delay the polls it measures.
// argv: url, interval ms. Prints one JSON line per poll: { at, ms, status }. Stops on stdin end.
const [url, interval = "20"] = process.argv.slice(2);
let running = true;
process.stdin.on("end", () => (running = false)).resume();
(async () => {
  while (running) {
    const started = performance.now();
    let status = 0;
    try {
      status = (await fetch(url, { signal: AbortSignal.timeout(5_000) })).status;
    } catch {
      status = -1;
    }
    process.stdout.write(JSON.stringify({ at: Date.now(), ms: performance.now() - started, status }) + "\n");
    await new Promise((r) => setTimeout(r, Number(interval)));
  }
})();
