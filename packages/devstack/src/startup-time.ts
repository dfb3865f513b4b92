/** Epoch ms, set by the `npm start` script before its `tsc -b`, so that the build counts too. */
const STARTED_AT = Number(process.env.LEARNLOOP_START_MS);
/** Older than this, the variable was left over in the shell, not set by this `npm start`. */
const STALE_MS = 3_600_000;

const seconds = (ms: number) => (ms / 1000).toFixed(1);

/** How long `npm start` took to its first answer: the build (when the script says when it began) and this process. */
export function startupTime(now = Date.now()): string {
  const processStart = performance.timeOrigin;
  const build = processStart - STARTED_AT;
  if (!(build >= 0 && build < STALE_MS)) return `First answer after ${seconds(now - processStart)} s`;
  return `First answer ${seconds(now - STARTED_AT)} s after \`npm start\` (build ${seconds(build)} s, start ${seconds(now - processStart)} s)`;
}
