import { parseArgs } from "node:util";
import { createLogger } from "@learnloop/kit/internal";
import { ApiKeyStore, type ApiKeyRecord } from "./api-key-store";
import { KNOWN_SCOPES } from "./scopes";

const USAGE = `Partner API keys (stored hashed in the gateway's PostgreSQL schema; DATABASE_URL).

  create --name NAME --scopes ${KNOWN_SCOPES.join(",")} [--rate PER_MINUTE] [--expires-in 90d | --expires-at ISO-8601]
         prints the key on stdout, once: it cannot be shown again
  list   one line per key: id, name, scopes, rate, state
  revoke ID
`;

const DURATION = /^(\d+)([smhd])$/;
const UNIT_MS = { s: 1_000, m: 60_000, h: 3_600_000, d: 86_400_000 } as const;

export class UsageError extends Error {}

function expiryFrom(values: { "expires-in"?: string; "expires-at"?: string }, now: Date): Date | undefined {
  if (values["expires-in"] && values["expires-at"]) throw new UsageError("give --expires-in or --expires-at, not both");
  if (values["expires-in"]) {
    const m = DURATION.exec(values["expires-in"]);
    if (!m) throw new UsageError("--expires-in takes a number and a unit: 30d, 12h, 90m, 45s");
    return new Date(now.getTime() + Number(m[1]) * UNIT_MS[m[2] as keyof typeof UNIT_MS]);
  }
  if (values["expires-at"]) {
    const at = new Date(values["expires-at"]);
    if (Number.isNaN(at.getTime())) throw new UsageError("--expires-at takes an ISO-8601 time, e.g. 2027-01-31T00:00:00Z");
    if (at <= now) throw new UsageError("--expires-at is in the past");
    return at;
  }
  return undefined;
}

const state = (k: ApiKeyRecord, now: Date) =>
  k.revokedAt
    ? `revoked ${k.revokedAt.toISOString()}`
    : k.expiresAt && k.expiresAt <= now
      ? `expired ${k.expiresAt.toISOString()}`
      : "active";

/** Runs one command; returns what to print on stdout. Usage mistakes throw UsageError. */
export async function runKeysCommand(argv: string[], databaseUrl: string | undefined, now = new Date()): Promise<string> {
  const [command, ...rest] = argv;
  if (!command || command === "help" || command === "--help") return USAGE;
  const { values, positionals } = parseArgs({
    args: rest,
    allowPositionals: true,
    options: {
      name: { type: "string" },
      scopes: { type: "string" },
      rate: { type: "string", default: "60" },
      "expires-in": { type: "string" },
      "expires-at": { type: "string" },
    },
  });
  if (!["create", "list", "revoke"].includes(command)) throw new UsageError(`unknown command "${command}"\n\n${USAGE}`);
  let create: { name: string; scopes: string[]; ratePerMinute: number; expiresAt?: Date } | undefined;
  if (command === "create") {
    const name = values.name?.trim();
    if (!name || name.length > 120) throw new UsageError("--name is required (at most 120 characters)");
    const scopes = [
      ...new Set(
        (values.scopes ?? "")
          .split(",")
          .map((s) => s.trim())
          .filter(Boolean),
      ),
    ].sort();
    if (!scopes.length) throw new UsageError(`--scopes is required: one or more of ${KNOWN_SCOPES.join(", ")}`);
    const unknown = scopes.filter((s) => !KNOWN_SCOPES.includes(s));
    if (unknown.length) throw new UsageError(`unknown scope ${unknown.join(", ")}; known: ${KNOWN_SCOPES.join(", ")}`);
    const ratePerMinute = Number(values.rate);
    if (!Number.isInteger(ratePerMinute) || ratePerMinute < 1 || ratePerMinute > 100_000)
      throw new UsageError("--rate is requests per minute, a whole number from 1 to 100000");
    create = { name, scopes, ratePerMinute, expiresAt: expiryFrom(values, now) };
  }
  if (command === "revoke" && positionals.length !== 1) throw new UsageError("revoke takes one key id (see `list`)");
  if (!databaseUrl) throw new UsageError("set DATABASE_URL to the gateway's PostgreSQL");

  const store = await ApiKeyStore.open({ url: databaseUrl, logger: createLogger("partner-keys", "warn"), poolSize: 1 });
  try {
    if (create) return `${(await store.create(create)).key}\n`;
    if (command === "revoke") {
      if (!(await store.revoke(positionals[0]))) throw new UsageError(`no active key ${positionals[0]}`);
      return `revoked ${positionals[0]}\n`;
    }
    const rows = (await store.list()).map((k) =>
      [
        k.id,
        JSON.stringify(k.name),
        k.scopes.join(","),
        `${k.ratePerMinute}/min`,
        state(k, now),
        `last used ${k.lastUsedAt?.toISOString() ?? "never"}`,
      ].join("  "),
    );
    return rows.length ? `${rows.join("\n")}\n` : "no keys\n";
  } finally {
    await store.close();
  }
}

/** The command line: stdout gets only what is asked for (a new key alone), so it can be captured. */
export async function keysMain(argv: string[], databaseUrl: string | undefined, failureHint = ""): Promise<void> {
  try {
    process.stdout.write(await runKeysCommand(argv, databaseUrl));
    if (argv[0] === "create") process.stderr.write("Keep this key secret: it is shown once and stored only as a hash.\n");
  } catch (err) {
    process.stderr.write(err instanceof UsageError ? `${err.message}\n` : `failed: ${(err as Error).message}${failureHint}\n`);
    process.exitCode = err instanceof UsageError ? 2 : 1;
  }
}

if (require.main === module) void keysMain(process.argv.slice(2), process.env.DATABASE_URL);
