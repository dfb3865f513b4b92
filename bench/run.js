"use strict";
// Benchmark entry: `node bench/run.js [name...] [--option value ...]`, `--help` for the list. No name
// runs every benchmark. Options are numbers; each can also come from BENCH_<OPTION> (flags win).
require("reflect-metadata"); // type-graphql (loaded by the subgraphs) needs it before anything else
const { parseArgs } = require("node:util");

const BENCHMARKS = {
  events: require("./events"),
  live: require("./live"),
  partner: require("./partner"),
  "event-loop": require("./event-loop"),
  idempotency: require("./idempotency"),
  tracing: require("./tracing"),
  fuzz: require("./fuzz"),
  "web-vitals": require("./web-vitals"),
  "plan-checks": require("./plan-checks"),
  analytics: require("./analytics"),
  "analytics-scale": require("./analytics-scale"),
  "stack-idle": require("./stack-idle"),
};

/** A mistake in the command line: reported without a stack trace. */
class UsageError extends Error {}

const pad = (text, width) => text + " ".repeat(Math.max(1, width - text.length));
/** Every benchmark with its options and their defaults, from the benchmarks' own definitions. */
function usage() {
  const lines = [
    "usage: npm run bench -- [name ...] [--option value ...]      (no name: every benchmark; see bench/README.md)",
    "Options are positive integers; each can also come from the environment as BENCH_<OPTION> (a flag wins),",
    "and BENCH_LOG_LEVEL sets the stack's log level (default silent). Benchmarks need PostgreSQL on",
    "127.0.0.1:5432 (user postgres, trust auth) or TEST_DATABASE_URL; events also gcc and librdkafka-dev.",
  ];
  for (const bench of Object.values(BENCHMARKS)) {
    lines.push("", `${bench.name}: ${bench.summary}`);
    for (const [key, value] of Object.entries(bench.defaults)) lines.push(`  ${pad(`--${key} ${value}`, 22)}${bench.help[key]}`);
  }
  return lines.join("\n");
}

/** Names and flags; every option any benchmark has is known here, and optionsFor checks it against the named ones. */
function parseCommandLine(args) {
  const options = { help: { type: "boolean", short: "h" } };
  for (const bench of Object.values(BENCHMARKS)) for (const key of Object.keys(bench.defaults)) options[key] = { type: "string" };
  try {
    const { values, positionals } = parseArgs({ args, options, allowPositionals: true, strict: true });
    const { help, ...flags } = values;
    return { help: Boolean(help), names: positionals, flags };
  } catch (err) {
    if (err && typeof err.code === "string" && err.code.startsWith("ERR_PARSE_ARGS_")) throw new UsageError(err.message);
    throw err;
  }
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
  const { help, names, flags } = parseCommandLine(process.argv.slice(2));
  if (help) {
    console.log(usage());
    return;
  }
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
    if (err instanceof UsageError) console.error(`bench: ${err.message}\n(npm run bench -- --help lists the benchmarks and their options)`);
    else console.error(`bench failed: ${err && err.stack ? err.stack : err}`);
    process.exit(1);
  },
);
