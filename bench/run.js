"use strict";
// Benchmark entry: `node bench/run.js [name...] [--option value ...]`. No name runs every benchmark.
// Options are numbers; each can also come from the environment as BENCH_<OPTION> (flags win).
require("reflect-metadata"); // type-graphql (loaded by the subgraphs) needs it before anything else

const BENCHMARKS = {
  events: require("./events"),
  live: require("./live"),
  partner: require("./partner"),
  "event-loop": require("./event-loop"),
  idempotency: require("./idempotency"),
  fuzz: require("./fuzz"),
};

/** A mistake in the command line: reported without a stack trace. */
class UsageError extends Error {}
const USAGE = `usage: node bench/run.js [${Object.keys(BENCHMARKS).join("] [")}] [--option value ...]   (see bench/README.md)`;

function parseArgs(argv) {
  const names = [];
  const flags = {};
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (!arg.startsWith("--")) {
      names.push(arg);
      continue;
    }
    const [key, inline] = arg.slice(2).split("=", 2);
    const value = inline ?? argv[++i];
    if (value === undefined) throw new UsageError(`--${key} needs a value`);
    flags[key] = value;
  }
  return { names, flags };
}

/** The benchmark's defaults, overridden by BENCH_* variables, then by flags; unknown flags are errors, not silently ignored. */
function optionsFor(bench, flags) {
  const options = { ...bench.defaults };
  for (const key of Object.keys(flags))
    if (!(key in options)) throw new UsageError(`${bench.name}: unknown option --${key} (known: ${Object.keys(options).join(", ")})`);
  for (const key of Object.keys(options)) {
    const raw = flags[key] ?? process.env[`BENCH_${key.toUpperCase()}`];
    if (raw === undefined) continue;
    const value = Number(raw);
    if (!Number.isInteger(value) || value < 1)
      throw new UsageError(`${bench.name}: --${key} must be a positive integer, got ${JSON.stringify(raw)}`);
    options[key] = value;
  }
  return options;
}

async function main() {
  const { names, flags } = parseArgs(process.argv.slice(2));
  const selected = names.length ? names : Object.keys(BENCHMARKS);
  for (const name of selected)
    if (!BENCHMARKS[name]) throw new UsageError(`unknown benchmark "${name}"; known: ${Object.keys(BENCHMARKS).join(", ")}`);
  for (const name of selected) {
    const bench = BENCHMARKS[name];
    await bench.run(optionsFor(bench, flags));
  }
}

main().then(
  () => {
    // Everything was stopped; if a handle still keeps node alive, that is a leak worth failing on.
    setTimeout(() => {
      const open = process.getActiveResourcesInfo().filter((r) => r !== "TTYWrap");
      console.error(`bench: finished, but the process did not exit (still open: ${open.join(", ") || "unknown"})`);
      process.exit(1);
    }, 10_000).unref();
  },
  (err) => {
    if (err instanceof UsageError) console.error(`bench: ${err.message}\n${USAGE}`);
    else console.error(`bench failed: ${err && err.stack ? err.stack : err}`);
    process.exit(1);
  },
);
