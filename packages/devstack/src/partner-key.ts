import { keysMain } from "@learnloop/gateway";

/**
 * `npm run partner-key -- create|list|revoke ...`: the gateway's key command, pointed at the
 * embedded PostgreSQL of a running `npm start` unless DATABASE_URL says otherwise.
 */
const embedded = `postgres://postgres@127.0.0.1:${process.env.EMBEDDED_PG_PORT ?? 54329}/postgres`;
void keysMain(
  process.argv.slice(2),
  process.env.DATABASE_URL ?? embedded,
  process.env.DATABASE_URL ? "" : " (is `npm start` running? Or set DATABASE_URL)",
);
